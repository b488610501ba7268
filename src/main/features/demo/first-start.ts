/**
 * The demo feature owns the clearly marked demo data (veterinarians, price list, protocols in
 * every state) a bench may be seeded with, and what a brand-new database gets on its first start.
 */
import type { Platform } from '../../platform/module'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import type { SettingsService } from '../settings/settings-service'
import { seedDemoData } from './demo-seed'

export interface FirstStartDeps extends Pick<Platform, 'db' | 'meta' | 'clock' | 'log'> {
  settings: SettingsService
  numbers: NumberBlocksRepository
}

export const DEMO_DATA_KEY = 'demo_data'

export const hasDemoData = (meta: Platform['meta']): boolean => meta.get(DEMO_DATA_KEY) === 'true'

/** Seeds demo data into a brand-new database when asked to (`demoProtocols` > 0); later starts do nothing. */
export function prepareFirstStart(deps: FirstStartDeps, demoProtocols: number): void {
  const { meta, clock } = deps
  if (meta.get('created_at') !== null) return
  meta.set('created_at', clock().toISOString())
  if (demoProtocols <= 0) return
  seedDemoData(deps.db, { protocols: demoProtocols, now: clock() })
  meta.set(DEMO_DATA_KEY, 'true')
  // A demo bench can receive at once: two clerks and a local numbering range well below the demo numbers.
  deps.settings.update({ clerks: [{ name: 'Ana (demo)' }, { name: 'Luis (demo)' }] })
  for (const type of ['HP', 'CT'] as const) {
    deps.numbers.add({ type, year: clock().getFullYear(), rangeStart: 1, rangeEnd: 899, source: 'local' }, clock().toISOString())
  }
  deps.log('info', `seeded ${demoProtocols} demo protocols`)
}
