type Listener<T> = (value: T) => void

/**
 * The smallest observable the UI needs: a current value plus change listeners. The SDK
 * speaks rxjs; the game and HUD only ever need "what is it now, and tell me when it changes",
 * so they do not have to depend on rxjs themselves.
 */
export class ObservableValue<T> {
  #value: T
  readonly #listeners = new Set<Listener<T>>()

  constructor(initial: T) {
    this.#value = initial
  }

  get value(): T {
    return this.#value
  }

  set(value: T): void {
    this.#value = value
    for (const listener of [...this.#listeners]) listener(value)
  }

  update(change: (current: T) => T): void {
    this.set(change(this.#value))
  }

  /** Calls `listener` now and on every change; returns the unsubscribe. */
  subscribe(listener: Listener<T>): () => void {
    this.#listeners.add(listener)
    listener(this.#value)
    return () => {
      this.#listeners.delete(listener)
    }
  }
}
