import Conf from 'conf'
import type { LogFn } from '../../platform/module'
import type { SettingsStore } from './settings-service'
import { openSettingsFile, settingsFileOptions, settingsStoreOver, type SettingsFileOptions } from './settings-file'

/**
 * The Node twin of the Electron settings store: the same file, schema and migrations through
 * conf (the library electron-store wraps), so tests and the harness prove what Electron does.
 */
export function createConfSettingsStore(options: SettingsFileOptions & { log?: LogFn }): SettingsStore & { readonly path: string } {
  const log: LogFn = options.log ?? (() => {})
  const file = openSettingsFile(options.cwd, () => new Conf<Record<string, unknown>>(settingsFileOptions(options)), log)
  return { ...settingsStoreOver(file), path: file.path }
}
