import { Observable, Subject } from 'rxjs'

/**
 * A hot event stream that replays the events of the login itself to every subscriber. A session
 * emits `loggedIn` / `restoredFromCache` / `storageDegraded` inside `profile.login()`, before the
 * game could subscribe; replaying them (a handful, bounded) means a game that subscribes after
 * `await profile.login()` still learns how the session started. Later events are live only.
 */
export class EventStream<T> {
  readonly #subject = new Subject<T>()
  readonly #replay: T[] = []
  #buffering = true
  readonly observable: Observable<T>

  constructor() {
    this.observable = new Observable<T>((subscriber) => {
      for (const event of this.#replay) subscriber.next(event)
      return this.#subject.subscribe(subscriber)
    })
  }

  /** Ends the login phase: later events are not replayed. */
  goLive(): void {
    this.#buffering = false
  }

  emit(event: T): void {
    if (this.#buffering) this.#replay.push(event)
    this.#subject.next(event)
  }

  complete(): void {
    this.#subject.complete()
  }
}
