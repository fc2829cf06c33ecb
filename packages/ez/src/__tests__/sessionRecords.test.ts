import { describe, expect, it } from 'vitest'
import { ClockOffsetSchema, DeviceAccountTombstoneSchema } from '../storage/sessionRecords.ts'

// The record schemas use the fewest zod kinds that express them (the login bundle pays for
// each kind): these pin what they accept.
describe('session record schemas', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5', null])(
    'a clock offset of %s reads as malformed',
    (value) => {
      expect(ClockOffsetSchema.safeParse(value).success).toBe(false)
    },
  )

  it.each([0, -1_500, 86_400_000])('a clock offset of %s is kept', (value) => {
    expect(ClockOffsetSchema.safeParse(value)).toEqual({ success: true, data: value })
  })

  it.each(['notFound', 'movedToAnotherDevice'] as const)('a %s tombstone is kept', (reason) => {
    const tombstone = { userId: 'u', at: 1_700_000_000_000, reason }
    expect(DeviceAccountTombstoneSchema.safeParse(tombstone)).toEqual({
      success: true,
      data: tombstone,
    })
  })

  it.each([
    ['an unknown reason', { userId: 'u', at: 1, reason: 'lost' }],
    ['a non-finite time', { userId: 'u', at: Number.POSITIVE_INFINITY, reason: 'notFound' }],
    ['no reason', { userId: 'u', at: 1 }],
  ])('a tombstone with %s reads as malformed', (_what, value) => {
    expect(DeviceAccountTombstoneSchema.safeParse(value).success).toBe(false)
  })
})
