import type { Platform } from '../../platform/module'
import type { DemoData } from './demo-data'

/**
 * What a brand-new database gets on its first start: nothing (a real install starts empty and
 * opens the first-run setup), or demo data when the shell was asked for it (`--demo`, tests,
 * benchmarks: `demoProtocols` > 0). Later starts do nothing.
 */
export function prepareFirstStart(deps: Pick<Platform, 'meta' | 'clock'>, demo: Pick<DemoData, 'start'>, demoProtocols: number): void {
  const { meta, clock } = deps
  if (meta.get('created_at') !== null) return
  meta.set('created_at', clock().toISOString())
  if (demoProtocols > 0) demo.start(demoProtocols)
}
