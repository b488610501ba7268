import type { Budgets } from '../../../../bench/runner'

/** Budgets for the runner's test: one fake area per way a bench can end. */
export const BUDGETS = {
  fine: { fine_p95_ms: { below: 10, unit: 'ms' }, fine_per_s: { above: 100, unit: '/s' } },
  over: { over_p95_ms: { below: 10, unit: 'ms' }, over_per_s: { above: 100, unit: '/s' } },
  omits: { omits_reported_ms: { below: 10, unit: 'ms' }, omits_forgotten_ms: { below: 10, unit: 'ms' } },
  throws: { throws_p95_ms: { below: 10, unit: 'ms' } },
  extra: { extra_p95_ms: { below: 10, unit: 'ms' } },
  skips: { skips_p95_ms: { below: 10, unit: 'ms' } }
} satisfies Budgets
