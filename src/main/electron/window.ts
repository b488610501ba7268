import { BrowserWindow } from 'electron'
import { join } from 'node:path'

/**
 * The checklist in code: every option a security review looks for is stated, not defaulted, and
 * written inline in the constructor call so a static scanner (electronegativity) sees it too.
 */
export function createBenchWindow(outDir: string, rendererEntry: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Reception Bench',
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(outDir, 'preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A middle click would otherwise ask for a new window without going through window.open.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererEntry)
  return window
}
