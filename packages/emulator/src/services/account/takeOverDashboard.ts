/**
 * The dashboard's takeover section, spliced into dashboardPage: a `changePasswordIfTakeOver`
 * switch per namespace and every player's takeover settings with a Delete button. It reuses
 * the page's helpers (`$`, `el`, `button`, `fill`, `time`, `call`) and polls on its own.
 * Stable `data-testid`s: `change-password-<namespace>` (a checkbox),
 * `delete-takeover-<namespace>-<type>-<userId>`, the pager's `takeovers-newest` and
 * `takeovers-older`; rows carry `data-takeover-user-id`. It shows one page (50) of the
 * settings, like the page's other lists.
 */
export const takeOverSectionHtml = `<h2>Takeover</h2>
<table><thead><tr><th>namespace</th><th>new password on takeover (old device locked out)</th><th>settings</th></tr></thead>
<tbody id="takeover-namespaces" data-testid="takeover-namespaces"></tbody></table>
<p><button id="takeovers-newest" data-testid="takeovers-newest" type="button">Newest</button><button id="takeovers-older" data-testid="takeovers-older" type="button">Older</button> (50 per page)</p>
<table><thead><tr><th>namespace</th><th>type</th><th>user identifier</th><th>user</th><th>created</th><th></th></tr></thead>
<tbody id="takeovers" data-testid="takeovers"></tbody></table>`

export const takeOverScript = `
pages.takeovers = [undefined]
let takeOverBusy = false
async function refreshTakeOvers() {
  if (takeOverBusy) return
  takeOverBusy = true
  try {
    const data = await get('/takeovers' + query('takeovers'))
    pages.takeovers.next = data.nextCursor
    fill($('takeover-namespaces'), data.namespaces.map((ns) => {
      const box = el('input', { type: 'checkbox', 'data-testid': 'change-password-' + ns.name })
      box.checked = ns.changePasswordIfTakeOver
      box.onchange = async () => {
        await call('PATCH', '/namespaces/' + encodeURIComponent(ns.name), { changePasswordIfTakeOver: box.checked })
        await refreshTakeOvers()
      }
      return el('tr', { 'data-namespace': ns.name }, el('td', {}, ns.name), el('td', {}, box), el('td', {}, ns.takeOvers))
    }))
    fill($('takeovers'), data.items.map((t) =>
      el('tr', { 'data-takeover-user-id': t.userId, 'data-namespace': t.namespaceName },
        el('td', {}, t.namespaceName), el('td', {}, t.type), el('td', { class: 'mono' }, t.userIdentifier),
        el('td', { class: 'mono' }, t.userId), el('td', {}, time(t.createdAt)),
        el('td', {}, button('Delete', 'delete-takeover-' + t.namespaceName + '-' + t.type + '-' + t.userId, async () => {
          await call('DELETE', '/takeovers/' + encodeURIComponent(t.namespaceName) + '/' + encodeURIComponent(t.userId) + '/' + t.type)
          await refreshTakeOvers()
        })))))
    $('takeovers-older').disabled = !pages.takeovers.next
    $('takeovers-newest').disabled = !pages.takeovers[0]
  } catch (e) {
    $('status').textContent = 'takeover: ' + e
  } finally {
    takeOverBusy = false
  }
}
$('takeovers-older').onclick = () => {
  if (pages.takeovers.next) { pages.takeovers.unshift(pages.takeovers.next); refreshTakeOvers() }
}
$('takeovers-newest').onclick = () => { pages.takeovers = [undefined]; refreshTakeOvers() }
refreshTakeOvers()
setInterval(refreshTakeOvers, 1000)
`
