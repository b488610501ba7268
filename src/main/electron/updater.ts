import type { LogFn } from '../platform/module'
import type { UpdateEngine } from '../features/updates/update-controller'
import type { UpdateEvent } from '../features/updates/update-policy'

/**
 * electron-updater on the generic provider, as the UpdateEngine the controller drives. Loaded
 * lazily: only a packaged app updates itself, and the module reaches for Electron when loaded.
 * Downloads run in the background (autoDownload); an update not installed by a restart from the
 * banner installs when the app quits (autoInstallOnAppQuit). Never restarts on its own.
 */
export async function createElectronUpdateEngine(log: LogFn): Promise<UpdateEngine> {
  const { autoUpdater } = (await import('electron-updater')).default
  autoUpdater.autoDownload = true
  autoUpdater.autoInstallOnAppQuit = true
  autoUpdater.allowDowngrade = false
  autoUpdater.allowPrerelease = false
  autoUpdater.logger = {
    info: (message?: unknown) => log('info', `updater: ${String(message)}`),
    warn: (message?: unknown) => log('warn', `updater: ${String(message)}`),
    error: (message?: unknown) => log('error', `updater: ${String(message)}`),
    debug: () => {}
  }
  const listeners: ((event: UpdateEvent) => void)[] = []
  const emit = (event: UpdateEvent) => listeners.forEach((listener) => listener(event))
  autoUpdater.on('update-not-available', () => emit({ type: 'up-to-date', at: Date.now() }))
  autoUpdater.on('update-available', (info) => emit({ type: 'available', version: info.version }))
  autoUpdater.on('download-progress', (progress) => emit({ type: 'progress', percent: progress.percent }))
  autoUpdater.on('update-downloaded', (info) => emit({ type: 'downloaded', version: info.version }))
  autoUpdater.on('error', (error) => emit({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
  let feed: string | null = null
  return {
    async check(feedUrl) {
      if (feedUrl !== feed) {
        autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl })
        feed = feedUrl
      }
      // Failures also arrive as an 'error' event, which is the one reported.
      await autoUpdater.checkForUpdates().catch(() => undefined)
    },
    quitAndInstall: () => autoUpdater.quitAndInstall(false, true),
    onEvent: (listener) => {
      listeners.push(listener)
    }
  }
}
