import { z } from 'zod'
import { badRequest } from '../server/emulatorError.ts'

/** `?limit=&cursor=` of an admin listing; absent or the literal `null` means the default. */
export interface PageQuery {
  readonly limit: number
  /** The position after which the page starts; undefined: the first page. */
  readonly after: readonly [number, string] | undefined
}

const CursorSchema = z.tuple([z.number(), z.string().max(512)])

const present = (value: string | undefined): value is string =>
  value !== undefined && value !== '' && value !== 'null'

/** A filter left out, empty or the literal `null` (what real clients send for unset). */
export const absent = (value: string | undefined): boolean => !present(value)

/** The admin listings' page sizes: 100k tokens must not cost the dashboard 17 MB a second. */
export const ADMIN_PAGE = { limit: 100, max: 1000 } as const

/** Reads limit (1..max) and cursor (one `nextCursor` of an earlier page); 400 naming either. */
export const pageQuery = (
  query: (name: string) => string | undefined,
  defaults: { limit: number; max: number },
): PageQuery => {
  const rawLimit = query('limit')
  let limit = defaults.limit
  if (present(rawLimit)) {
    limit = Number(rawLimit)
    if (!/^\d{1,7}$/.test(rawLimit) || limit < 1 || limit > defaults.max) {
      throw badRequest(
        'limit',
        'emulator.limit.invalid',
        `limit: a whole number from 1 to ${defaults.max}`,
      )
    }
  }
  const rawCursor = query('cursor')
  if (!present(rawCursor)) return { limit, after: undefined }
  let after: readonly [number, string]
  try {
    if (rawCursor.length > 1024) throw new Error('too long')
    after = CursorSchema.parse(JSON.parse(Buffer.from(rawCursor, 'base64url').toString('utf8')))
  } catch {
    throw badRequest('cursor', 'emulator.cursor.invalid', 'cursor: not a nextCursor of this list')
  }
  return { limit, after }
}

const encode = (position: readonly [number, string]): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url')

/** `a` comes before `b` in a newest-first list: larger number first, then larger string. */
const before = (a: readonly [number, string], b: readonly [number, string]): boolean =>
  a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])

/**
 * One page of `items`, newest first by `position` (a number, then a unique string), with the
 * cursor of the next page (null on the last). Positions are values, not offsets, so a page
 * stays right while items come and go between calls. The page is picked with a bounded heap
 * (O(n log limit)), so the dashboard's poll of 100k tokens sorts 51 of them, not all.
 */
export const pageOf = <T>(
  items: Iterable<T>,
  position: (item: T) => readonly [number, string],
  page: PageQuery,
): { items: T[]; nextCursor: string | null } => {
  type Entry = { item: T; at: readonly [number, string] }
  // A heap of the `limit + 1` newest so far, its root the oldest of them (one extra tells
  // whether a next page exists).
  const size = page.limit + 1
  const heap: Entry[] = []
  const older = (i: number, j: number) => before((heap[j] as Entry).at, (heap[i] as Entry).at)
  const swap = (i: number, j: number) => {
    const t = heap[i] as Entry
    heap[i] = heap[j] as Entry
    heap[j] = t
  }
  const down = (start: number) => {
    let i = start
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && older(l, m)) m = l
      if (r < heap.length && older(r, m)) m = r
      if (m === i) return
      swap(i, m)
      i = m
    }
  }
  for (const item of items) {
    const at = position(item)
    if (page.after !== undefined && !before(page.after, at)) continue
    if (heap.length < size) {
      heap.push({ item, at })
      for (let i = heap.length - 1; i > 0 && older(i, (i - 1) >> 1); i = (i - 1) >> 1)
        swap(i, (i - 1) >> 1)
    } else if (before(at, (heap[0] as Entry).at)) {
      heap[0] = { item, at }
      down(0)
    }
  }
  const sorted = heap.sort((x, y) => (before(x.at, y.at) ? -1 : before(y.at, x.at) ? 1 : 0))
  const shown = sorted.slice(0, page.limit)
  const last = shown[shown.length - 1]
  return {
    items: shown.map((c) => c.item),
    nextCursor: sorted.length > page.limit && last ? encode(last.at) : null,
  }
}
