/** Same shape as `Clock` in @gs2ez/core: epoch milliseconds. */
export interface Clock {
  now(): number
}
