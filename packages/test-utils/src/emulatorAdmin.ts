/** What the admin client needs of a running emulator (its handle, structurally). */
export interface EmulatorHandle {
  readonly url: string
  /** Sent as `x-gs2ez-admin-token` when the emulator has one. */
  readonly adminToken?: string | undefined
}

export interface AdminResponse {
  readonly status: number
  readonly text: string
  readonly json: unknown
}

export interface LoggedRequest {
  readonly method: string
  readonly path: string
  readonly status: number
}

/**
 * The emulator's test-only admin API (`/__emulator/...`) with its admin token and JSON bodies:
 * faults, the request log, tokens, reset. One client for every package's tests.
 */
export const emulatorAdmin = (emulator: EmulatorHandle) => {
  const headers = (): Record<string, string> => ({
    'content-type': 'application/json',
    ...(emulator.adminToken === undefined ? {} : { 'x-gs2ez-admin-token': emulator.adminToken }),
  })
  const request = async (method: string, path: string, body?: unknown): Promise<AdminResponse> => {
    const response = await fetch(`${emulator.url}/__emulator${path}`, {
      method,
      headers: headers(),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return { status: response.status, text, json: text === '' ? undefined : JSON.parse(text) }
  }
  return {
    request,
    /** The JSON answer, or an error naming the route when the status is not 2xx. */
    async json(method: string, path: string, body?: unknown): Promise<unknown> {
      const answer = await request(method, path, body)
      if (answer.status < 200 || answer.status > 299) {
        throw new Error(`admin ${method} ${path}: ${answer.status} ${answer.text}`)
      }
      return answer.json
    },
    /** GS2 API requests the emulator served (its own log), oldest first, admin routes left out. */
    async requests(): Promise<LoggedRequest[]> {
      const answer = await request('GET', '/requests')
      const { items } = answer.json as { items: LoggedRequest[] }
      return items.filter((entry) => !entry.path.startsWith('/__emulator'))
    },
  }
}
