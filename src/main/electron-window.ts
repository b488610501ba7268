import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'
import { join } from 'node:path'

/** The checklist in code: every option a security review looks for, stated, not defaulted. */
export function benchWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Reception Bench',
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
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
      spellcheck: false
    }
  }
}

export function createBenchWindow(outDir: string, rendererEntry: string): BrowserWindow {
  const window = new BrowserWindow(benchWindowOptions(join(outDir, 'preload/index.cjs')))
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererEntry)
  return window
}
