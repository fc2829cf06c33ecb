import { FAULT_APIS, FAULT_STATUSES } from '../faults/faultSpec.ts'
import { takeOverScript, takeOverSectionHtml } from '../services/account/takeOverDashboard.ts'

/**
 * The token dashboard: a page whose script polls the admin API every second, one page of each
 * list (50 rows) and the counts, never a whole table. It sends the admin token the server
 * injected into it (only same-origin scripts can read the page). It builds
 * the DOM with textContent only (user ids are data, never markup). Stable `data-testid`s:
 * `revoke-<tokenId>`, `delete-<tokenId>`, `revoke-user-<userId>`, `delete-account-<userId>`,
 * `forget-user-<userId>`, `lift-<faultId>`, and the fault form's `fault-api`, `fault-effect`,
 * `fault-times`, `fault-add`; rows carry `data-token-id` / `data-user-id` / `data-fault-id`, and
 * the accounts section's rows `data-kind` (`account` or `server`, see playerRoutes).
 */
const script = `
const PAGE = 50
// A GS2-Account account (a device account) or a user only a trusted server named (a game
// server's username player, signed in with auth login / federation).
const KIND_LABELS = { account: 'GS2-Account', server: 'server login' }
const headers = (json) => Object.assign({ 'x-gs2ez-admin-token': ADMIN_TOKEN }, json ? { 'content-type': 'application/json' } : {})
const get = (path) => fetch('/__emulator' + path, { headers: headers(false) }).then((r) => {
  if (!r.ok) throw new Error('GET ' + path + ' -> ' + r.status)
  return r.json()
})
const pages = { tokens: [undefined], accounts: [undefined] }
const query = (list) => '?limit=' + PAGE + (pages[list][0] ? '&cursor=' + encodeURIComponent(pages[list][0]) : '')
const $ = (id) => document.getElementById(id)
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onclick') e.onclick = v
    else e.setAttribute(k, v)
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')))
  return e
}
const time = (ms) => (ms == null ? '' : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''))
const call = async (method, path, body) => {
  const res = await fetch('/__emulator' + path, {
    method,
    headers: headers(Boolean(body)),
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!res.ok) $('status').textContent = method + ' ' + path + ' -> ' + res.status
  await refresh()
}
const button = (label, testid, onclick) => el('button', { 'data-testid': testid, type: 'button', onclick }, label)
const fill = (tbody, rows) => tbody.replaceChildren(...rows)
let busy = false
async function refresh() {
  if (busy) return
  busy = true
  try {
    const [state, tokens, accounts, faults] = await Promise.all([
      get('/state'),
      get('/tokens' + query('tokens')),
      get('/players' + query('accounts')),
      get('/faults'),
    ])
    pages.tokens.next = tokens.nextCursor
    pages.accounts.next = accounts.nextCursor
    fill($('faults'), faults.items.map((f) =>
      el('tr', { 'data-fault-id': f.faultId },
        el('td', { class: 'mono' }, f.api ?? ((f.method ?? '*') + ' ' + f.path)),
        el('td', {}, f.drop ? 'drop' : f.status ?? ''), el('td', {}, f.delayMs ?? ''),
        el('td', {}, f.remaining ?? ''), el('td', {}, time(f.expiresAt)), el('td', {}, f.hits),
        el('td', {}, button('Lift', 'lift-' + f.faultId, () => call('DELETE', '/faults/' + encodeURIComponent(f.faultId)))))))
    $('owner').textContent = state.region + ' / ' + state.ownerId
    fill($('namespaces'), state.accountNamespaces.map((ns) =>
      el('tr', { 'data-namespace': ns.name }, el('td', {}, ns.name), el('td', {}, ns.accounts))))
    fill($('accounts'), accounts.items.map((a) =>
      el('tr', { 'data-user-id': a.userId, 'data-kind': a.kind, 'data-namespace': a.namespaceName ?? '' },
        el('td', {}, KIND_LABELS[a.kind] + (a.kind === 'account' && a.serverSeenAt != null ? ' + server' : '')),
        el('td', {}, a.namespaceName ?? ''), el('td', { class: 'mono' }, a.userId),
        el('td', {}, a.banned ? 'banned' : ''),
        el('td', {}, time(Math.max(a.lastAuthenticatedAt ?? 0, a.serverSeenAt ?? 0) || null)),
        el('td', {},
          button('Revoke tokens', 'revoke-user-' + a.userId, () => call('POST', '/tokens/revoke', { userId: a.userId })),
          a.kind === 'account'
            ? button('Delete account', 'delete-account-' + a.userId, () =>
                call('DELETE', '/accounts/' + encodeURIComponent(a.namespaceName) + '/' + encodeURIComponent(a.userId)))
            : button('Forget', 'forget-user-' + a.userId, () => call('DELETE', '/players/' + encodeURIComponent(a.userId)))))))
    fill($('tokens'), tokens.items.map((t) =>
      el('tr', { 'data-token-id': t.tokenId, 'data-user-id': t.userId },
        el('td', { class: 'mono' }, t.userId), el('td', {}, time(t.issuedAt)), el('td', {}, time(t.expire)),
        el('td', {}, t.timeOffset), el('td', { class: 'mono' }, t.federationFromUserId ?? ''),
        el('td', {},
          button('Revoke', 'revoke-' + t.tokenId, () => call('POST', '/tokens/revoke', { tokenId: t.tokenId })),
          button('Delete', 'delete-' + t.tokenId, () => call('DELETE', '/tokens/' + encodeURIComponent(t.tokenId)))))))
    $('count').textContent = String(state.accessTokens)
    $('account-count').textContent = String(state.accounts)
    $('server-user-count').textContent = String(state.serverUsers)
    for (const list of ['tokens', 'accounts']) {
      $(list + '-older').disabled = !pages[list].next
      $(list + '-newest').disabled = !pages[list][0]
    }
    $('updated').textContent = new Date().toLocaleTimeString()
  } catch (e) {
    $('status').textContent = 'emulator unreachable: ' + e
  } finally {
    busy = false
  }
}
$('fault-add').onclick = () => {
  const effect = $('fault-effect').value
  const spec = { api: $('fault-api').value, times: Number($('fault-times').value) || undefined }
  if (effect === 'drop') spec.drop = true
  else if (effect === 'slow') spec.delayMs = 5000
  else spec.status = Number(effect)
  call('POST', '/faults', spec)
}
for (const list of ['tokens', 'accounts']) {
  $(list + '-older').onclick = () => { if (pages[list].next) { pages[list].unshift(pages[list].next); refresh() } }
  $(list + '-newest').onclick = () => { pages[list] = [undefined]; refresh() }
}
refresh()
setInterval(refresh, 1000)
`

const option = (value: string, label = value, selected = false) =>
  `<option value="${value}"${selected ? ' selected' : ''}>${label}</option>`

const faultForm = `<p>
<select id="fault-api" data-testid="fault-api">${Object.keys(FAULT_APIS)
  .map((api) => option(api, api, api === 'auth.loginBySignature'))
  .join('')}</select>
<select id="fault-effect" data-testid="fault-effect">${[
  ...FAULT_STATUSES.map((s) => option(String(s), `answer ${s}`, s === 503)),
  option('slow', 'answer after 5 s'),
  option('drop', 'drop the connection'),
].join('')}</select>
for <input id="fault-times" data-testid="fault-times" type="number" min="1" value="1" style="width: 4rem"> calls
(empty: until lifted)
<button id="fault-add" data-testid="fault-add" type="button">Inject</button>
</p>`

const pager = (list: string) =>
  `<p><button id="${list}-newest" data-testid="${list}-newest" type="button">Newest</button>` +
  `<button id="${list}-older" data-testid="${list}-older" type="button">Older</button> (${50} per page)</p>`

/** `</script>` and friends cannot end the script early: `<` is escaped inside the literal. */
const scriptLiteral = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c')

export const dashboardPage = (adminToken: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gs2ez emulator: tokens</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #222 }
table { border-collapse: collapse; margin-bottom: 1.5rem; min-width: 40rem }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left }
.mono { font-family: ui-monospace, monospace; font-size: 12px }
button { margin-right: .3rem }
#status { color: #b00 }
</style>
</head>
<body>
<h1>gs2ez emulator</h1>
<p><span id="owner"></span> · updated <span id="updated">never</span> <span id="status"></span></p>
<h2>Account namespaces</h2>
<table><thead><tr><th>namespace</th><th>accounts</th></tr></thead><tbody id="namespaces"></tbody></table>
<h2>Accounts (<span id="account-count" data-testid="account-count">0</span> GS2-Account,
<span id="server-user-count" data-testid="server-user-count">0</span> server login only)</h2>
<p>Every player the emulator knows: GS2-Account accounts, and users a trusted server signed in
(auth login, federation, time offset tokens) without one, such as a game server's username players.</p>
${pager('accounts')}
<table><thead><tr><th>kind</th><th>namespace</th><th>user</th><th>ban</th><th>last sign-in</th><th></th></tr></thead>
<tbody id="accounts"></tbody></table>
<h2>Active access tokens (<span id="count" data-testid="token-count">0</span>)</h2>
${pager('tokens')}
<table><thead><tr><th>user</th><th>issued</th><th>expires</th><th>time offset</th><th>federated from</th><th></th></tr></thead>
<tbody id="tokens" data-testid="tokens"></tbody></table>
<h2>Faults</h2>
${faultForm}
<table><thead><tr><th>api or route</th><th>answer</th><th>delay ms</th><th>calls left</th><th>until</th><th>hits</th><th></th></tr></thead>
<tbody id="faults"></tbody></table>
${takeOverSectionHtml}
<script>const ADMIN_TOKEN = ${scriptLiteral(adminToken)}
${script}${takeOverScript}</script>
</body>
</html>
`
