/** The wake events of @gs2ez/ez's EzEnvironment (structurally the same type). */
export type FakeWakeEvent = 'visibilitychange' | 'pageshow' | 'focus' | 'online' | 'resume'

/** A fake browser environment: a page lifecycle the test drives by hand: `fire('visibilitychange')` after a simulated sleep. */
export class FakeEnvironment {
  readonly listeners = new Map<FakeWakeEvent, Set<() => void>>()
  visible = true
  online = true

  addEventListener(type: FakeWakeEvent, listener: () => void): () => void {
    let set = this.listeners.get(type)
    if (set === undefined) {
      set = new Set()
      this.listeners.set(type, set)
    }
    set.add(listener)
    return () => set.delete(listener)
  }

  isVisible(): boolean {
    return this.visible
  }

  isOnline(): boolean {
    return this.online
  }

  get listenerCount(): number {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }

  fire(type: FakeWakeEvent): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener()
  }
}
