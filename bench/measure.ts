/**
 * The one way `npm run bench` measures: untimed warm-up runs first (so the JIT, SQLite's page
 * cache and font tables are as hot as in a long-lived app), then timed runs, summarised with one
 * percentile rule. Every area uses it, so `_p95_` or `_median_` in two keys means the same thing.
 */

export interface Timing {
  /** Milliseconds per operation, one entry per timed run, in run order. */
  readonly samples: readonly number[]
  readonly mean: number
  /** Nearest-rank 50th percentile. */
  readonly median: number
  /** Nearest-rank 95th percentile. */
  readonly p95: number
  readonly max: number
}

/**
 * Nearest-rank percentile: the smallest sample that at least `p` % of the samples are at or
 * below. Always one of the samples, never an interpolation, so a p95 is a time that happened.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples')
  if (!(p > 0 && p <= 100)) throw new Error(`percentile ${p} is outside (0, 100]`)
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!
}

export function summarize(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new Error('no samples to summarize')
  const bad = samples.find((sample) => !Number.isFinite(sample) || sample < 0)
  if (bad !== undefined) throw new Error(`a sample is not a duration: ${bad}`)
  return {
    samples,
    mean: samples.reduce((sum, sample) => sum + sample, 0) / samples.length,
    median: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples)
  }
}

export interface MeasureOptions<Prepared> {
  /** Runs made and thrown away before timing starts. */
  warmUp: number
  /** Timed runs: one sample each. */
  iterations: number
  /**
   * Operations one run performs, for work too quick to time one at a time (a label in a few
   * microseconds): a sample is then the run's time divided by this.
   */
  operationsPerRun?: number
  /** Untimed work before each run (warm-up runs included); its result is handed to the run. */
  setUp?: (iteration: number) => Prepared | Promise<Prepared>
}

/**
 * Times `run` over `iterations` after `warmUp` untimed runs. A run that throws ends the
 * measurement: a wrong answer is not a fast one.
 */
export async function measure<Prepared = undefined>(
  options: MeasureOptions<Prepared>,
  run: (prepared: Prepared, iteration: number) => unknown
): Promise<Timing> {
  const operations = options.operationsPerRun ?? 1
  return measureReported(options, async (iteration) => {
    const prepared = (options.setUp ? await options.setUp(iteration) : undefined) as Prepared
    const started = performance.now()
    const pending = run(prepared, iteration)
    if (pending instanceof Promise) await pending
    return (performance.now() - started) / operations
  })
}

/**
 * Like `measure`, for durations the run observes itself (a latency stamped in another process):
 * each run returns its own sample in milliseconds.
 */
export async function measureReported(
  options: Pick<MeasureOptions<unknown>, 'warmUp' | 'iterations'>,
  run: (iteration: number) => number | Promise<number>
): Promise<Timing> {
  if (!(Number.isInteger(options.iterations) && options.iterations > 0)) throw new Error('measure needs at least one timed run')
  for (let i = 0; i < options.warmUp; i++) await run(i)
  const samples: number[] = []
  for (let i = 0; i < options.iterations; i++) samples.push(await run(options.warmUp + i))
  return summarize(samples)
}

/** A workload too long to repeat (seconds of work): one timed run, no warm-up; milliseconds. */
export async function measureOnce(run: () => unknown): Promise<number> {
  return (await measure({ warmUp: 0, iterations: 1 }, run)).mean
}

/** Operations per second from a timing of single operations. */
export const perSecond = (timing: Timing): number => 1000 / timing.mean
