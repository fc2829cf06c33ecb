/**
 * A benchmark measures our figure and a baseline in the same run, so the ratio between them
 * holds on any machine even when the absolute numbers do not.
 */
export interface Figure {
  /** What was measured, e.g. `Profile login entry, gzip`. */
  readonly name: string
  readonly value: number
  readonly unit: string
  /** The comparator measured in the same run. */
  readonly baseline: { readonly name: string; readonly value: number }
  /** Which way is better, so the report can say whether the target is met. */
  readonly better: 'lower' | 'higher'
  /** The ratio value / baseline the issue asks for, e.g. `<= 0.3`. */
  readonly target?: { readonly op: '<=' | '>=' | '=='; readonly ratio: number }
  readonly note?: string
}

export interface Benchmark {
  /** Section title in bench/RESULTS.md. */
  readonly title: string
  /** How it was measured, one or two sentences for the report. */
  readonly method: string
  run(): Promise<readonly Figure[]>
}

export const defineBenchmark = (benchmark: Benchmark): Benchmark => benchmark
