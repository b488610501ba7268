/**
 * A stand-in for the `electron` module, for loading the BUILT main process under Node (no
 * Electron binary here). It records what the app asks of Electron (windows, handlers, paths)
 * so tests can call the very handlers the app registered. Workers run as real Node children.
 */
import { fork } from 'node:child_process'
import { EventEmitter } from 'node:events'

type Listener = (...args: unknown[]) => unknown

export interface FakeFrame {
  url: string
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  readonly mainFrame: FakeFrame = { url: '' }
  readonly sent: unknown[][] = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  destroyed = false
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler
  }
  send(...args: unknown[]) {
    this.sent.push(args)
  }
  isDestroyed() {
    return this.destroyed
  }
}

export const recorded = {
  windows: [] as FakeBrowserWindow[],
  ipcHandlers: new Map<string, Listener>(),
  appListeners: new Map<string, Listener[]>(),
  paths: new Map<string, string>(),
  crashReporter: [] as unknown[],
  openedExternally: [] as string[],
  revealed: [] as string[],
  quitCalls: 0,
  exitCodes: [] as number[],
  errorBoxes: [] as [string, string][],
  saveDialogAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
  session: {
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    beforeRequest: null as Listener | null,
    headersReceived: null as Listener | null
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  constructor(readonly options: Record<string, unknown>) {
    super()
    recorded.windows.push(this)
  }
  async loadURL(url: string) {
    this.loadedUrl = url
    this.webContents.mainFrame.url = url
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false
  }
  isDestroyed() {
    return false
  }
  destroy() {}
}

const appEvents = new EventEmitter()

export const app = {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  quit: () => {
    recorded.quitCalls++
  },
  exit: (code = 0) => {
    recorded.exitCodes.push(code)
  },
  getVersion: () => '0.1.0',
  getPath: (name: string) => {
    const path = recorded.paths.get(name)
    if (!path) throw new Error(`stand-in: no path ${name}`)
    return path
  },
  setPath: (name: string, path: string) => {
    recorded.paths.set(name, path)
  },
  whenReady: () => Promise.resolve(),
  on: (event: string, listener: Listener) => {
    recorded.appListeners.set(event, [...(recorded.appListeners.get(event) ?? []), listener])
    appEvents.on(event, listener)
    return app
  },
  emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args)
}

export const crashReporter = { start: (options: unknown) => recorded.crashReporter.push(options) }

export const ipcMain = {
  handle: (channel: string, handler: Listener) => {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`stand-in: second handler for ${channel}`)
    recorded.ipcHandlers.set(channel, handler)
  },
  removeHandler: (channel: string) => recorded.ipcHandlers.delete(channel)
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: Listener) => (recorded.session.permissionRequest = handler),
    setPermissionCheckHandler: (handler: Listener) => (recorded.session.permissionCheck = handler),
    webRequest: {
      onBeforeRequest: (handler: Listener) => (recorded.session.beforeRequest = handler),
      onHeadersReceived: (handler: Listener) => (recorded.session.headersReceived = handler)
    }
  }
}

export const shell = {
  openExternal: async (url: string) => {
    recorded.openedExternally.push(url)
  },
  showItemInFolder: (path: string) => recorded.revealed.push(path)
}

export const dialog = {
  showSaveDialog: async () => recorded.saveDialogAnswer,
  showErrorBox: (title: string, content: string) => recorded.errorBoxes.push([title, content])
}

export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: () => Buffer.alloc(0),
  decryptString: () => ''
}

/** Electron's net.fetch: the real fetch of Node, which reaches the real server on loopback. */
export const net = { fetch: (url: string, init?: RequestInit) => fetch(url, init) }

export const webContents = { getAllWebContents: () => recorded.windows.map((window) => window.webContents) }

/** utilityProcess.fork as a Node child with the same message channel the worker entry understands. */
export const utilityProcess = {
  fork: (entry: string, args: string[], options: { env?: NodeJS.ProcessEnv }) => {
    const child = fork(entry, args, { env: options.env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
    child.on('error', () => {})
    return Object.assign(new EventEmitter(), {
      get pid() {
        return child.pid
      },
      postMessage: (message: unknown) => child.connected && child.send(message as never),
      kill: () => child.kill(),
      on(this: EventEmitter, event: string, listener: Listener) {
        if (event === 'message' || event === 'exit') child.on(event, listener)
        else EventEmitter.prototype.on.call(this, event, listener)
        return this
      }
    })
  }
}

export const BrowserWindow = FakeBrowserWindow

/** electron-updater's autoUpdater, as far as electron-updater.ts uses it. */
export class FakeAutoUpdater extends EventEmitter {
  autoDownload = false
  autoInstallOnAppQuit = false
  allowDowngrade = true
  allowPrerelease = true
  logger: unknown = null
  feeds: unknown[] = []
  checks = 0
  installs: unknown[][] = []
  downloads = 0
  nextCheck: (updater: FakeAutoUpdater) => void = (updater) => updater.emit('update-not-available', {})
  /** What the next download does (progress, 'update-downloaded' with the file it left). */
  nextDownload: (updater: FakeAutoUpdater) => void = () => {}
  setFeedURL(options: unknown) {
    this.feeds.push(options)
  }
  async checkForUpdates() {
    this.checks++
    this.nextCheck(this)
    return null
  }
  async downloadUpdate() {
    this.downloads++
    this.nextDownload(this)
    return []
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args)
  }
}
export const autoUpdater = new FakeAutoUpdater()
