/** Best score per GS2 user id: a new account starts from zero, like a new player would. */
export class BestScores {
  constructor(
    private readonly storage: () => Pick<Storage, 'getItem' | 'setItem'> | undefined = () =>
      globalThis.localStorage,
  ) {}

  get(userId: string | undefined): number {
    if (!userId) return 0
    const stored = Number(this.#read(this.#key(userId)))
    return Number.isFinite(stored) ? stored : 0
  }

  /** Records `score` if it beats the best; returns whether it did. */
  submit(userId: string | undefined, score: number): boolean {
    if (!userId || score <= this.get(userId)) return false
    try {
      this.storage()?.setItem(this.#key(userId), String(score))
    } catch {
      // Private mode or a full quota: the best score is a nicety, never worth a crash.
    }
    return true
  }

  #key(userId: string): string {
    return `gs2ez-demo:best:${userId}`
  }

  #read(key: string): string | null {
    try {
      return this.storage()?.getItem(key) ?? null
    } catch {
      return null
    }
  }
}
