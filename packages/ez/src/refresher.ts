import type { CrossTabMessage } from './crossTabMessage.ts'
import type { StoredToken } from './storage/sessionRecords.ts'
import type { TokenStore } from './storage/tokenStore.ts'

/**
 * How a session gets past its current token. GameSession always calls one refresher: the local
 * one runs the authentication and commits; the cross-tab one adds the lease, the wait for
 * another tab and the broadcast around the same commit (`TokenStore.commit`).
 */
export interface Refresher {
  /**
   * Moves the token past `fromGeneration`: runs `authenticate` (or, across tabs, adopts the
   * token another tab stored) and returns the record that won the commit.
   */
  refresh(fromGeneration: number, authenticate: () => Promise<StoredToken>): Promise<StoredToken>
  /** Messages from OTHER tabs; a tab never hears its own. */
  subscribe(listener: (message: CrossTabMessage) => void): () => void
  announce(message: CrossTabMessage): void
  close(): void
}

/** The generation a fresh token gets: at least one past what it replaces. */
export const nextGeneration = (token: StoredToken, fromGeneration: number): StoredToken => ({
  ...token,
  generation: Math.max(token.generation, fromGeneration + 1),
})

/**
 * Runs the authentication and commits the token. A storage failure does not fail the refresh:
 * the token is good in memory and the next commit tries the store again.
 */
export const commitFresh = async (
  tokens: TokenStore | undefined,
  fromGeneration: number,
  authenticate: () => Promise<StoredToken>,
): Promise<StoredToken> => {
  const fresh = nextGeneration(await authenticate(), fromGeneration)
  if (tokens === undefined) return fresh
  return tokens.commit(fresh).catch(() => fresh)
}

const noop = () => {}

/** The refresher of a session on its own (`crossTab: false`, or no shared storage). */
export const createLocalRefresher = (tokens: TokenStore | undefined): Refresher => ({
  refresh: (fromGeneration, authenticate) => commitFresh(tokens, fromGeneration, authenticate),
  subscribe: () => noop,
  announce: noop,
  close: noop,
})
