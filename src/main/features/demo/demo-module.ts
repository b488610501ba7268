/**
 * The demo feature owns the clearly marked demo data a bench may try the app with (demo-seed.ts,
 * demo-data.ts: starting demo mode, and removing every demo row in one transaction) and the
 * first-run setup's state: whether a new bench still has to be set up, and its completion with
 * the bench's name. The setup's other steps (language, printer, pairing) are the requests of the
 * features that own them.
 */
import type { HostModule, Platform } from '../../platform/module'
import type { FirstRunStatus } from '../../../shared/setup'
import type { SettingsService } from '../settings/settings-service'
import type { DemoData } from './demo-data'

const SETUP_COMPLETED_KEY = 'setup_completed_at'

export interface DemoModuleDeps extends Pick<Platform, 'meta' | 'clock' | 'emit'> {
  demo: DemoData
  settings: SettingsService
}

export function createDemoModule(deps: DemoModuleDeps): HostModule {
  const { meta, demo } = deps
  const status = (): FirstRunStatus => ({
    needed: meta.get(SETUP_COMPLETED_KEY) === null && !demo.present(),
    demoMode: demo.active(),
    demoData: demo.present()
  })
  const announce = (): FirstRunStatus => {
    const current = status()
    deps.emit('firstRun.changed', current)
    return current
  }
  return {
    name: 'demo',
    handlers: {
      'firstRun.status': () => status(),
      'firstRun.complete': ({ benchName }) => {
        deps.settings.update({ benchName })
        meta.set(SETUP_COMPLETED_KEY, deps.clock().toISOString())
        return announce()
      },
      'demo.start': ({ protocols }) => {
        demo.start(protocols)
        deps.emit('protocols.changed', { ids: [] })
        return announce()
      },
      'demo.remove': () => {
        const removed = demo.remove()
        deps.emit('protocols.changed', { ids: [] })
        return { removed, status: announce() }
      }
    }
  }
}
