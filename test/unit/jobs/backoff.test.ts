import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../src/main/platform/queue/backoff'

const policy = { baseMs: 1000, capMs: 60_000 }

describe('backoffDelay', () => {
  it('doubles per failure between half and the full exponential step', () => {
    for (let failures = 1; failures <= 5; failures++) {
      const step = policy.baseMs * 2 ** (failures - 1)
      expect(backoffDelay(policy, failures, () => 0)).toBe(step / 2)
      expect(backoffDelay(policy, failures, () => 0.5)).toBe(step * 0.75)
      expect(backoffDelay(policy, failures, () => 1)).toBe(step)
    }
  })

  it('never exceeds the cap, even for absurd failure counts', () => {
    expect(backoffDelay(policy, 7, () => 1)).toBe(60_000)
    expect(backoffDelay(policy, 7, () => 0)).toBe(32_000)
    expect(backoffDelay(policy, 5000, () => 0.3)).toBe(60_000)
  })

  it('uses the injected random source for jitter', () => {
    const draws = [0.1, 0.9]
    const delays = draws.map((r) => backoffDelay(policy, 3, () => r))
    expect(delays).toEqual([4000 * 0.55, 4000 * 0.95])
    expect(delays[0]).not.toBe(delays[1])
  })

  it('treats zero or negative failure counts as the first retry', () => {
    expect(backoffDelay(policy, 0, () => 1)).toBe(1000)
    expect(backoffDelay(policy, -3, () => 1)).toBe(1000)
  })
})
