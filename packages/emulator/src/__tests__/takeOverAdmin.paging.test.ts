import { afterEach, describe, expect, it } from 'vitest'
import type { Harness } from './helpers/emulatorHarness.ts'
import { expectGs2Error, manualClock, startHarness } from './helpers/emulatorHarness.ts'

// `/__emulator/takeovers` pages exactly like `/__emulator/accounts`: same parameters, same
// limits, same errors.

let h: Harness
afterEach(async () => {
  await h?.close()
})

interface TakeOverPage {
  namespaces: { name: string; changePasswordIfTakeOver: boolean; takeOvers: number }[]
  items: { namespaceName: string; userId: string; type: number; userIdentifier: string }[]
  nextCursor: string | null
}

/** One player with `types.length` settings, each created one second after the previous. */
const settings = async (clock: ReturnType<typeof manualClock>, types: number[]) => {
  const player = await h.signIn()
  for (const type of types) {
    clock.advance(1000)
    const created = await h.call('POST', '/account/default/account/me/takeover', {
      accessToken: player.token,
      body: { type, userIdentifier: `p${type}@example.com`, password: 'transfer' },
    })
    expect(created.status).toBe(200)
  }
  return player
}

describe('admin: takeover listing', () => {
  it('pages newest first with limit and cursor, and keeps the namespace switches on each page', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    await settings(clock, [0, 1, 2, 3, 4])
    const seen: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`
      const page = await h.admin<TakeOverPage>('GET', `/takeovers${query}`)
      expect(page.status).toBe(200)
      expect(page.json.items.length).toBeLessThanOrEqual(2)
      expect(page.json.namespaces).toContainEqual({
        name: 'default',
        changePasswordIfTakeOver: false,
        takeOvers: 5,
      })
      seen.push(...page.json.items.map((t) => t.type))
      cursor = page.json.nextCursor
      pages++
    } while (cursor !== null)
    expect(pages).toBe(3)
    expect(seen).toEqual([4, 3, 2, 1, 0])

    // Default page (100) holds all; `null` as real clients send it means the default.
    const whole = await h.admin<TakeOverPage>('GET', '/takeovers?limit=null&cursor=null')
    expect(whole.json.items.map((t) => t.type)).toEqual([4, 3, 2, 1, 0])
    expect(whole.json.nextCursor).toBeNull()
    const other = await h.admin<TakeOverPage>('GET', '/takeovers?namespaceName=elsewhere')
    expect(other.json).toEqual({ namespaces: [], items: [], nextCursor: null })
  })

  it('a setting deleted between two pages neither repeats nor hides another', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    const player = await settings(clock, [0, 1, 2, 3])
    const first = await h.admin<TakeOverPage>('GET', '/takeovers?limit=2')
    expect(first.json.items.map((t) => t.type)).toEqual([3, 2])
    expect((await h.admin('DELETE', `/takeovers/default/${player.userId}/3`)).status).toBe(200)
    const second = await h.admin<TakeOverPage>(
      'GET',
      `/takeovers?limit=2&cursor=${first.json.nextCursor}`,
    )
    expect(second.json.items.map((t) => t.type)).toEqual([1, 0])
    expect(second.json.nextCursor).toBeNull()
  })

  it('refuses bad page parameters with the same 400s as /accounts', async () => {
    h = await startHarness()
    const foreign = Buffer.from(JSON.stringify({ at: 1 })).toString('base64url')
    const cases: [string, string][] = [
      ['limit=0', 'emulator.limit.invalid'],
      ['limit=1001', 'emulator.limit.invalid'],
      ['limit=-1', 'emulator.limit.invalid'],
      ['limit=1.5', 'emulator.limit.invalid'],
      ['limit=ten', 'emulator.limit.invalid'],
      ['limit=99999999999', 'emulator.limit.invalid'],
      ['cursor=%%%', 'emulator.cursor.invalid'],
      ['cursor=notbase64json', 'emulator.cursor.invalid'],
      [`cursor=${foreign}`, 'emulator.cursor.invalid'],
      [`cursor=${'A'.repeat(2000)}`, 'emulator.cursor.invalid'],
    ]
    for (const [query, code] of cases) {
      const takeOvers = await h.admin('GET', `/takeovers?${query}`)
      const accounts = await h.admin('GET', `/accounts?${query}`)
      const component = code === 'emulator.limit.invalid' ? 'limit' : 'cursor'
      expectGs2Error(takeOvers, 400, { code, component })
      expectGs2Error(accounts, 400, { code, component })
      expect(takeOvers.json, query).toEqual(accounts.json)
    }
    expect((await h.admin('GET', '/takeovers?limit=1000')).status).toBe(200)
    expect((await h.admin('GET', '/takeovers?limit=1')).status).toBe(200)
  })

  it('answers 40 concurrent listings, good and bad, each as it would alone', async () => {
    const clock = manualClock()
    h = await startHarness({ clock })
    await settings(clock, [0, 1, 2])
    const first = await h.admin<TakeOverPage>('GET', '/takeovers?limit=2')
    const queries = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0
        ? '?limit=2'
        : i % 4 === 1
          ? `?limit=2&cursor=${first.json.nextCursor}`
          : i % 4 === 2
            ? '?limit=0'
            : '?cursor=bogus',
    )
    const replies = await Promise.all(
      queries.map((q) => h.admin<TakeOverPage>('GET', `/takeovers${q}`)),
    )
    for (const [i, reply] of replies.entries()) {
      if (i % 4 === 0) expect(reply.json).toEqual(first.json)
      else if (i % 4 === 1) {
        expect(reply.status).toBe(200)
        expect(reply.json.items.map((t) => t.type)).toEqual([0])
        expect(reply.json.nextCursor).toBeNull()
      } else {
        expectGs2Error(reply, 400, {
          code: i % 4 === 2 ? 'emulator.limit.invalid' : 'emulator.cursor.invalid',
        })
      }
    }
  })
})
