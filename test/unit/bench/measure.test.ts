import { describe, expect, it } from 'vitest'
import { measure, measureReported, percentile, perSecond, summarize } from '../../../bench/measure'

describe('the bench percentile rule (nearest rank)', () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i)

  it('is always one of the samples: the smallest with at least p % at or below it', () => {
    expect(percentile(oneToTwenty, 95)).toBe(19)
    expect(percentile(oneToTwenty, 50)).toBe(10)
    expect(percentile(oneToTwenty, 100)).toBe(20)
    expect(percentile(oneToTwenty, 1)).toBe(1)
    expect(percentile([1, 2, 3, 4, 100], 95)).toBe(100)
    expect(percentile([7], 95)).toBe(7)
  })

  it('refuses no samples or a percentile out of range instead of answering NaN', () => {
    expect(() => percentile([], 95)).toThrow('no samples')
    expect(() => percentile([1], 0)).toThrow('outside')
    expect(() => percentile([1], 101)).toThrow('outside')
  })

  it('summarizes mean, median, p95 and max, and refuses a sample that is not a duration', () => {
    expect(summarize([4, 1, 3, 2])).toMatchObject({ mean: 2.5, median: 2, p95: 4, max: 4 })
    expect(() => summarize([1, Number.NaN])).toThrow('not a duration')
    expect(() => summarize([])).toThrow('no samples')
  })
})

describe('measure', () => {
  it('runs the warm-up untimed, then one sample per timed run, set-up handed to each run', async () => {
    const seen: Array<[string, number]> = []
    const timing = await measure(
      {
        warmUp: 2,
        iterations: 3,
        setUp: (iteration) => {
          seen.push(['setUp', iteration])
          return iteration * 10
        }
      },
      (prepared, iteration) => {
        seen.push(['run', prepared + iteration])
      }
    )
    expect(timing.samples).toHaveLength(3)
    expect(seen).toEqual([
      ['setUp', 0], ['run', 0],
      ['setUp', 1], ['run', 11],
      ['setUp', 2], ['run', 22],
      ['setUp', 3], ['run', 33],
      ['setUp', 4], ['run', 44]
    ])
  })

  it('waits for an async run and divides by the operations one run performs', async () => {
    const whole = await measure({ warmUp: 0, iterations: 1 }, () => new Promise((resolve) => setTimeout(resolve, 30)))
    const perOperation = await measure({ warmUp: 0, iterations: 1, operationsPerRun: 1000 }, () => new Promise((resolve) => setTimeout(resolve, 30)))
    // A timer never fires early, so the run took at least its 30 ms whatever the machine's load.
    expect(whole.mean).toBeGreaterThanOrEqual(29)
    expect(perOperation.mean).toBeGreaterThanOrEqual(0.029)
    expect(perSecond(perOperation)).toBeCloseTo(1000 / perOperation.mean)
  })

  it('stops at the first run that throws: a wrong answer is not a fast one', async () => {
    let runs = 0
    await expect(
      measure({ warmUp: 1, iterations: 5 }, () => {
        runs++
        if (runs === 3) throw new Error('answered an error')
      })
    ).rejects.toThrow('answered an error')
    expect(runs).toBe(3)
  })

  it('takes the samples a run reports itself, after its warm-up', async () => {
    const timing = await measureReported({ warmUp: 2, iterations: 4 }, (iteration) => iteration)
    expect(timing.samples).toEqual([2, 3, 4, 5])
    expect(timing.p95).toBe(5)
    await expect(measureReported({ warmUp: 0, iterations: 0 }, () => 1)).rejects.toThrow('at least one timed run')
  })
})
