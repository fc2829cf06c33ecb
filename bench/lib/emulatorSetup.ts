// Setup calls against a running emulator for the benchmarks (fetch is fine outside the timed part).

export interface Player {
  userId: string
  password: string
}

const post = async <T>(url: string, init: RequestInit): Promise<T> => {
  const res = await fetch(url, init)
  const text = await res.text()
  if (res.status !== 200) throw new Error(`${init.method} ${url}: ${res.status} ${text}`)
  return JSON.parse(text) as T
}

export const projectToken = async (
  url: string,
  clientId = 'gs2ez-demo-app',
  clientSecret = 'gs2ez-demo-app-secret',
) =>
  (
    await post<{ access_token: string }>(`${url}/identifier/projectToken/login`, {
      method: 'POST',
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
    })
  ).access_token

export const createPlayers = async (
  url: string,
  token: string,
  count: number,
): Promise<Player[]> => {
  const out: Player[] = []
  while (out.length < count) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - out.length) }, () =>
        post<{ item: Player }>(`${url}/account/default/account`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    )
    out.push(...batch.map((r) => ({ userId: r.item.userId, password: r.item.password })))
  }
  return out
}

/** Signed bodies for loginBySignature, `perPlayer` per player (each authentication signs anew). */
export const signedBodies = async (
  url: string,
  token: string,
  players: Player[],
  perPlayer: number,
): Promise<string[]> => {
  const out: string[] = []
  for (let round = 0; round < perPlayer; round++) {
    for (let i = 0; i < players.length; i += 50) {
      const batch = await Promise.all(
        players.slice(i, i + 50).map((p) =>
          post<{ body: string; signature: string }>(`${url}/account/default/account/${p.userId}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${token}` },
            body: JSON.stringify({ password: p.password, keyId: null }),
          }),
        ),
      )
      out.push(
        ...batch.map((r) =>
          JSON.stringify({ contextStack: null, keyId: null, body: r.body, signature: r.signature }),
        ),
      )
    }
  }
  return out
}
