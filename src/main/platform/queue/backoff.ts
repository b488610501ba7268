export interface BackoffPolicy {
  baseMs: number
  capMs: number
}

/**
 * Delay before retry number `failures` (1 after the first failed attempt):
 * min(cap, base * 2^(failures-1) * (0.5 + random/2)). The jitter keeps a burst of jobs that
 * failed together (printer off, server down) from coming back together.
 */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, failures - 1)
  // 2^exponent overflows to Infinity long after it passes any sane cap; min() handles that.
  const raw = policy.baseMs * 2 ** exponent * (0.5 + random() / 2)
  return Math.round(Math.min(policy.capMs, raw))
}
