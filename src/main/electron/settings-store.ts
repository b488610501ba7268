import Store from 'electron-store'
import type { LogFn } from '../platform/module'
import type { SettingsStore } from '../features/settings/settings-service'
import { openSettingsFile, settingsFileOptions, settingsStoreOver, type SettingsFileOptions } from '../features/settings/settings-file'

/**
 * Settings in electron-store (a JSON file in the user-data folder): same schema, migrations and
 * recovery as the conf twin the tests run (settings/conf-settings-store.ts).
 */
export function createElectronSettingsStore(options: SettingsFileOptions & { log: LogFn }): SettingsStore {
  const file = openSettingsFile(options.cwd, () => new Store<Record<string, unknown>>(settingsFileOptions(options)), options.log)
  return settingsStoreOver(file)
}
