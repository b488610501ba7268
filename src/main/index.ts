import { app, crashReporter, dialog, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createBenchHost, DATABASE_FILE, type BenchHost } from './host'
import { hardenElectron } from './electron/security'
import { bindIpc } from './electron/ipc'
import { createBenchWindow } from './electron/window'
import { createElectronPorts } from './electron/ports'
import { createElectronSecretCipher } from './electron/secrets'
import { createElectronSettingsStore } from './electron/settings-store'
import { createElectronUpdateEngine } from './electron/updater'
import { createElectronWorkerSpawner } from './electron/worker'
import { createElectronPdfDriver } from './electron/pdf-printer'
import { createRotatingLog } from './platform/logging/rotating-log'
import { DataFolderError, dataFolderMessage, languageForLocale, openDataFolder, type DataFolder } from './platform/data-folder'
import { readLegacySettings } from './features/settings/legacy-settings'
import { createUpdateController } from './features/updates/update-controller'
import { feedUrlFor } from './features/updates/update-policy'
import { BenchSettings } from '../shared/bench-settings'
import { clockStartingAt, parseClockStart } from '../shared/bench-clock'
import type { ShellPorts } from './platform/shell-ports'

/**
 * Electron entry: adapters only. Everything the bench does lives in createBenchHost, which the
 * browser harness and the tests run without Electron.
 */
const outDir = join(import.meta.dirname, '..')
const devServerUrl = process.env['ELECTRON_RENDERER_URL']
const rendererEntry = devServerUrl ?? pathToFileURL(join(outDir, 'renderer/index.html')).href

/**
 * The data folder, writable and held by this process (the lock the browser harness takes too), or
 * null after telling the clerk why not, in the system's language (no setting can be read yet).
 */
function takeDataFolder(dataDir: string): DataFolder | null {
  try {
    return openDataFolder(dataDir, { program: 'Electron app', databaseFile: DATABASE_FILE })
  } catch (error) {
    if (!(error instanceof DataFolderError)) throw error
    const language = languageForLocale(Intl.DateTimeFormat().resolvedOptions().locale)
    dialog.showErrorBox('Reception Bench', dataFolderMessage(error, language))
    return null
  }
}

// One running instance per data folder: two writers would fight over the queue and the numbers.
const userData = app.getPath('userData')
const dataDir = join(userData, 'data')
const firstInstance = app.requestSingleInstanceLock()
const folder = firstInstance ? takeDataFolder(dataDir) : null
if (!firstInstance) {
  // The running instance comes to the front ('second-instance' below).
  app.quit()
} else if (!folder) {
  app.exit(1)
} else {
  // Crash dumps stay on the bench (no upload); the diagnostics export lists them.
  const crashDumpsDir = join(userData, 'crash-dumps')
  app.setPath('crashDumps', crashDumpsDir)
  crashReporter.start({ uploadToServer: false, compress: true })
  const logFiles = createRotatingLog({ dir: join(userData, 'logs'), echo: !app.isPackaged })
  const log = logFiles.log
  log('info', `Reception Bench ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'}, ${process.platform} ${process.arch})`)
  process.on('uncaughtException', (error) => log('error', 'uncaught exception in main', error))
  process.on('unhandledRejection', (reason) => log('error', 'unhandled rejection in main', reason))
  app.on('render-process-gone', (_event, _contents, details) => log('error', `renderer gone: ${details.reason} (exit ${details.exitCode})`))
  app.on('child-process-gone', (_event, details) => log('error', `${details.type} process gone: ${details.reason} (exit ${details.exitCode})`))

  // A broken updater must not keep the bench from opening: it then runs without updates.
  const updateEngineOrNull = () =>
    createElectronUpdateEngine(log).catch((error: unknown) => {
      log('error', 'updater unavailable', error)
      return null
    })

  hardenElectron(rendererEntry)
  let host: BenchHost | null = null
  let window: BrowserWindow | null = null

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  void app.whenReady().then(async () => {
    const settingsStore = createElectronSettingsStore({
      cwd: userData,
      appVersion: app.getVersion(),
      log,
      readLegacy: () => readLegacySettings(join(dataDir, DATABASE_FILE))
    })
    // Only a packaged app updates itself; the feed is the paired central server's /updates/.
    const updater = createUpdateController({
      engine: app.isPackaged ? await updateEngineOrNull() : null,
      currentVersion: app.getVersion(),
      feedUrl: () => feedUrlFor(BenchSettings.safeParse(settingsStore.read() ?? {}).data?.syncServerUrl),
      log
    })
    const secrets = createElectronSecretCipher()
    const ports: ShellPorts = {
      ...createElectronPorts(() => (window && !window.isDestroyed() ? window : null)),
      ...(secrets ? { secrets } : {}),
      updater,
      logFiles,
      crashDumpsDir
    }
    // A development build can start its clock on a chosen date (the Electron end-to-end suite does); a packaged one never.
    const clockStart = app.isPackaged ? undefined : process.env['BENCH_CLOCK_START']
    host = createBenchHost({
      dataDir,
      shell: 'electron',
      appVersion: app.getVersion(),
      ...(clockStart ? { clock: clockStartingAt(parseClockStart(clockStart)) } : {}),
      // electron-vite builds src/workers/entry.ts to out/main/worker.js (see electron.vite.config.ts).
      spawnWorker: createElectronWorkerSpawner({ entry: join(import.meta.dirname, 'worker.js') }),
      printing: { createPdfDriver: (config) => createElectronPdfDriver(config) },
      log,
      settingsStore,
      ports
    })
    bindIpc(host, () => (window && !window.isDestroyed() ? window.webContents : null), rendererEntry)
    window = createBenchWindow(outDir, rendererEntry)
  })

  app.on('window-all-closed', () => app.quit())
  app.on('will-quit', (event) => {
    if (host) {
      event.preventDefault()
      const closing = host
      host = null
      void closing
        .close()
        .catch((error: unknown) => log('error', 'closing the bench failed', error))
        .finally(() => {
          log('info', 'Reception Bench stopped')
          logFiles.close()
          folder.release()
          app.quit()
        })
    }
  })
}
