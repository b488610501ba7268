/**
 * The settings feature owns the bench's configuration (printer, documents, numbering thresholds,
 * clerks; electron-store in Electron, the database elsewhere) and the clerk-facing preferences
 * (language), and answers `app.info`.
 */
import { latestVersion } from '../../platform/db/database'
import type { HostModule, Platform } from '../../platform/module'
import { createPreferencesService } from './preferences-service'
import { createSettingsService, metaSettingsStore, toPublicSettings, type SettingsService, type SettingsStore } from './settings-service'
import type { Language } from '../../../shared/languages'

export interface SettingsDeps extends Pick<Platform, 'meta' | 'emit' | 'appVersion' | 'dataDir' | 'shell'> {
  /** Where settings live; the database unless the shell brings its own (electron-store). */
  store?: SettingsStore | undefined
  protocolCount: () => number
  demoData: () => boolean
}

export function createSettingsModule(deps: SettingsDeps): HostModule & { readonly settings: SettingsService; readonly language: () => Language } {
  const { meta, emit } = deps
  const preferences = createPreferencesService(meta, (next) => emit('preferences.changed', next))
  const settings = createSettingsService(deps.store ?? metaSettingsStore(meta), (next) => emit('settings.changed', toPublicSettings(next)))
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
        protocolCount: deps.protocolCount(),
        demoData: deps.demoData(),
        shell: deps.shell
      }),
      'preferences.get': () => preferences.get(),
      'preferences.update': (patch) => preferences.update(patch),
      'settings.get': () => toPublicSettings(settings.get()),
      'settings.update': (patch) => toPublicSettings(settings.update(patch)),
      'settings.setAdminPin': ({ pin, currentPin }) => toPublicSettings(settings.setAdminPin(pin, currentPin))
    }
  }
}
