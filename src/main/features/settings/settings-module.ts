/**
 * The settings feature owns the bench's configuration (printer, documents, numbering thresholds,
 * clerks; electron-store in Electron, the database elsewhere) and the clerk-facing preferences
 * (language), and answers `app.info`. Every change to settings, printer, clerks, PINs and
 * letterhead is audited (settings-audit.ts), secrets as "changed" only.
 */
import { latestVersion } from '../../platform/db/database'
import type { HostModule, Platform } from '../../platform/module'
import { createPreferencesService } from './preferences-service'
import { createSettingsService, metaSettingsStore, toPublicSettings, type SettingsJournal, type SettingsService, type SettingsStore } from './settings-service'
import { settingsAuditChanges } from './settings-audit'
import type { Language } from '../../../shared/languages'
import type { BenchSettings } from '../../../shared/bench-settings'

export interface SettingsDeps extends Pick<Platform, 'db' | 'audit' | 'clock' | 'meta' | 'emit' | 'appVersion' | 'dataDir' | 'shell' | 'slowOperations'> {
  /** Who the audit log names for a change: the clerk on duty, or "bench". */
  actor: () => string
  /** Where settings live; the database unless the shell brings its own (electron-store). */
  store?: SettingsStore | undefined
  protocolCount: () => number
  demoData: () => boolean
}

export function createSettingsModule(deps: SettingsDeps): HostModule & { readonly settings: SettingsService; readonly language: () => Language } {
  const { meta, emit } = deps
  const preferences = createPreferencesService(meta, (next) => emit('preferences.changed', next))
  // The time limits live in settings but are read on every request and statement: copied on change.
  const applyLimits = (next: BenchSettings) => deps.slowOperations.setLimits({ requestMs: next.slowRequestMs, queryMs: next.slowQueryMs })
  const journal: SettingsJournal = {
    transaction: (write) => deps.db.transaction(write)(),
    record(before, after) {
      const at = deps.clock().toISOString()
      const actor = deps.actor()
      for (const change of settingsAuditChanges(before, after)) deps.audit.append({ at, actor, ...change })
    }
  }
  const settings = createSettingsService(
    deps.store ?? metaSettingsStore(meta),
    (next) => {
      applyLimits(next)
      emit('settings.changed', toPublicSettings(next))
    },
    journal
  )
  applyLimits(settings.get())
  return {
    name: 'settings',
    settings,
    language: () => preferences.get().language,
    handlers: {
      'app.info': () => ({
        version: deps.appVersion,
        benchName: settings.get().benchName,
        dataDir: deps.dataDir,
        schemaVersion: latestVersion(),
        demoData: deps.demoData(),
        shell: deps.shell
      }),
      'app.protocolCount': () => ({ count: deps.protocolCount() }),
      'preferences.get': () => preferences.get(),
      'preferences.update': (patch) => preferences.update(patch),
      'settings.get': () => toPublicSettings(settings.get()),
      'settings.update': (patch) => toPublicSettings(settings.update(patch)),
      'settings.setAdminPin': ({ pin, currentPin }) => toPublicSettings(settings.setAdminPin(pin, currentPin))
    }
  }
}
