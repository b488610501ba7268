import type { LogFn } from '../platform/module'
import type { UpdateEngine } from '../features/updates/update-controller'
import type { UpdateEvent } from '../features/updates/update-policy'
import { checkDownloadedRelease, checkReleaseMetadata, updateChannelFile, type FeedFetch } from '../features/updates/release-check'
import type { SignedMetadata } from '../features/updates/release-signature'
import { RELEASE_PUBLIC_KEY } from '../features/updates/release-key'

/** What the engine needs of Electron besides electron-updater: fetching the feed's `.sig` files. */
export interface UpdateEngineOptions {
  fetchFile?: FeedFetch
  publicKey?: string
  platform?: NodeJS.Platform
  arch?: string
}

async function electronFetch(): Promise<FeedFetch> {
  // Electron's network stack, so a proxy the bench is configured with applies as it does for electron-updater.
  const { net } = await import('electron')
  return async (url) => {
    const response = await net.fetch(url, { headers: { 'cache-control': 'no-cache' } })
    if (response.status === 404) return null
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`)
    return Buffer.from(await response.arrayBuffer())
  }
}

/**
 * electron-updater on the generic provider, as the UpdateEngine the controller drives. Loaded
 * lazily: only a packaged app updates itself, and the module reaches for Electron when loaded.
 *
 * Nothing is installed that the release key did not sign: the metadata is checked before the
 * download starts (autoDownload off), the installer after it is downloaded, and only then may it
 * install, from the restart banner or when the app quits. On Windows electron-updater also checks
 * the installer's Authenticode publisher (electron-builder.yml `win.signtoolOptions.publisherName`).
 * Never restarts on its own.
 */
export async function createElectronUpdateEngine(log: LogFn, options: UpdateEngineOptions = {}): Promise<UpdateEngine> {
  const { autoUpdater } = (await import('electron-updater')).default
  const fetchFile = options.fetchFile ?? (await electronFetch())
  const publicKey = options.publicKey ?? RELEASE_PUBLIC_KEY
  const channelFile = updateChannelFile(options.platform ?? process.platform, options.arch ?? process.arch)
  autoUpdater.autoDownload = false
  // Kept on so electron-updater installs its quit handler; switched off below until a download is verified.
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
  let feed: string | null = null
  let signed: SignedMetadata | null = null
  let verifiedVersion: string | null = null

  const refuse = (message: string) => {
    log('error', `update refused: ${message}`)
    emit({ type: 'failed', message: `update refused: ${message}` })
  }

  autoUpdater.on('update-not-available', () => emit({ type: 'up-to-date', at: Date.now() }))
  autoUpdater.on('update-available', (info) => {
    const at = feed
    if (!at) return
    void (async () => {
      const verdict = await checkReleaseMetadata({ feedUrl: at, channelFile, version: info.version, fetchFile, publicKey })
      if (!verdict.ok) return refuse(verdict.message)
      signed = verdict.metadata
      emit({ type: 'available', version: info.version })
      // Failures also arrive as an 'error' event, which is the one reported.
      await autoUpdater.downloadUpdate().catch(() => undefined)
    })().catch((error: unknown) => refuse(error instanceof Error ? error.message : String(error)))
  })
  autoUpdater.on('download-progress', (progress) => emit({ type: 'progress', percent: progress.percent }))
  autoUpdater.on('update-downloaded', (info) => {
    verifiedVersion = null
    // electron-updater adds its install-on-quit handler right after this event; it reads the flag at quit time.
    process.nextTick(() => {
      if (verifiedVersion !== info.version) autoUpdater.autoInstallOnAppQuit = false
    })
    const at = feed
    const metadata = signed
    if (!at || !metadata) return refuse(`version ${info.version} was downloaded without checked metadata`)
    void (async () => {
      const verdict = await checkDownloadedRelease({ feedUrl: at, downloadedFile: info.downloadedFile, version: info.version, metadata, fetchFile, publicKey })
      if (!verdict.ok) return refuse(verdict.message)
      verifiedVersion = info.version
      autoUpdater.autoInstallOnAppQuit = true
      emit({ type: 'downloaded', version: info.version })
    })().catch((error: unknown) => refuse(error instanceof Error ? error.message : String(error)))
  })
  autoUpdater.on('error', (error) => emit({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
  return {
    async check(feedUrl) {
      if (feedUrl !== feed) {
        autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl })
        feed = feedUrl
        signed = null
      }
      // Failures also arrive as an 'error' event, which is the one reported.
      await autoUpdater.checkForUpdates().catch(() => undefined)
    },
    quitAndInstall: () => {
      if (verifiedVersion === null) return refuse('no verified update to install')
      autoUpdater.quitAndInstall(false, true)
    },
    onEvent: (listener) => {
      listeners.push(listener)
    }
  }
}
