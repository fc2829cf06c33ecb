/**
 * At most one run of `task` at a time: callers that arrive while it runs get the same promise.
 * Nothing is held across user code: the slot is a promise, freed when it settles.
 */
export class SingleFlight<T> {
  #current: Promise<T> | undefined

  get running(): boolean {
    return this.#current !== undefined
  }

  get current(): Promise<T> | undefined {
    return this.#current
  }

  run(task: () => Promise<T>): Promise<T> {
    if (this.#current !== undefined) return this.#current
    const promise = task().finally(() => {
      if (this.#current === promise) this.#current = undefined
    })
    this.#current = promise
    return promise
  }
}
