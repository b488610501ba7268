import { app, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { createBenchHost, type BenchHost } from './host'
import { hardenElectron } from './electron-security'
import { bindIpc } from './electron-ipc'
import { createBenchWindow } from './electron-window'
import { pathToFileURL } from 'node:url'
import { createElectronWorkerSpawner } from './jobs/electron-worker'
import { createElectronPdfDriver } from './printing/drivers/electron-pdf'

/**
 * Electron entry: adapters only. Everything the bench does lives in createBenchHost, which the
 * browser harness and the tests run without Electron.
 */
const outDir = join(import.meta.dirname, '..')
const devServerUrl = process.env['ELECTRON_RENDERER_URL']
const rendererEntry = devServerUrl ?? pathToFileURL(join(outDir, 'renderer/index.html')).href

// One running instance per data folder: two writers would fight over the queue and the numbers.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  hardenElectron(rendererEntry)
  let host: BenchHost | null = null
  let window: BrowserWindow | null = null

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })

  void app.whenReady().then(() => {
    host = createBenchHost({
      dataDir: join(app.getPath('userData'), 'data'),
      shell: 'electron',
      appVersion: app.getVersion(),
      // electron-vite builds src/workers/entry.ts to out/main/worker.js (see electron.vite.config.ts).
      spawnWorker: createElectronWorkerSpawner({ entry: join(import.meta.dirname, 'worker.js') }),
      printing: { createPdfDriver: (config) => createElectronPdfDriver(config) }
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
      void closing.close().finally(() => app.quit())
    }
  })
}
