/**
 * The BUILT Electron main process and preload, loaded under Node with a stand-in `electron`
 * (no Electron binary can run here): the real host behind the real IPC binding, the real
 * security handlers, the real settings file, updater wiring, logs and diagnostics.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL, REQUEST_NAMES, requestChannel, type Result } from '../../../src/shared/contract'
import { openDatabase } from '../../../src/main/platform/db/database'
import { createMetaRepository } from '../../../src/main/platform/db/meta-repository'
import { createSettingsService, metaSettingsStore } from '../../../src/main/features/settings/settings-service'
import { autoUpdater, FakeWebContents, recorded, app as standInApp } from './support/electron-stand-in'
import { callerOf } from '../../support/call'
import { makeSignedRelease, releaseKeys } from '../../support/signed-release'
import { updateChannelFile } from '../../../src/main/features/updates/release-check'
import { dataFolderMessage } from '../../../src/main/platform/data-folder'
import { startTestServer, type TestServer } from '../../server/support'

vi.mock('electron', async () => await import('./support/electron-stand-in'))
vi.mock('electron-updater', async () => ({ default: { autoUpdater: (await import('./support/electron-stand-in')).autoUpdater } }))
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf')
  // electron-store is conf with Electron's defaults (projectName, cwd = userData); cwd is always given here.
  return { default: class ElectronStore extends Conf<Record<string, unknown>> { constructor(options: ConstructorParameters<typeof Conf<Record<string, unknown>>>[0]) { super({ projectName: 'reception-bench', ...options }) } } }
})

const root = resolve(import.meta.dirname, '../../..')
const work = join(root, '.tmp', `shell-build-${process.pid}-${Date.now()}`)
const outDir = join(work, 'out')
const userData = join(work, 'user-data')
const rendererEntry = pathToFileURL(join(outDir, 'renderer/index.html')).href
/** The release key this private build carries (RB_UPDATE_PUBLIC_KEY at build), so the test can sign releases it accepts. */
const keys = releaseKeys()

/** A private build: never the shared out/ another engineer may be rebuilding. */
async function buildApp(): Promise<void> {
  await promisify(execFile)(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, RB_UPDATE_PUBLIC_KEY: keys.publicKeyPem }
  })
}

/** A database an earlier version left behind, with its settings still in the meta table. */
function legacyBench(): void {
  const db = openDatabase(join(userData, 'data', 'reception-bench.sqlite'))
  createSettingsService(metaSettingsStore(createMetaRepository(db)), () => {}).update({ benchName: 'Recepción heredada', clerks: [{ name: 'Ana (demo)' }] })
  db.close()
}

const window = () => {
  const found = recorded.windows.find((candidate) => candidate.loadedUrl === rendererEntry)
  if (!found) throw new Error('the bench window was not created')
  return found
}

async function invoke(name: string, input: unknown, sender: { sender: unknown; senderFrame: unknown } = { sender: window().webContents, senderFrame: window().webContents.mainFrame }): Promise<Result<unknown>> {
  const handler = recorded.ipcHandlers.get(`bench:${name}`)
  if (!handler) throw new Error(`no ipc handler for ${name}`)
  return (await handler(sender, input)) as Result<unknown>
}

/** A request through the bench window's IPC channel, unwrapped like every test call. */
const value = callerOf({ dispatch: (name, input) => invoke(name, input) })

describe('built main process under a stand-in electron', () => {
  beforeAll(async () => {
    mkdirSync(userData, { recursive: true })
    await buildApp()
    legacyBench()
    standInApp.setPath('userData', userData)
    await import(pathToFileURL(join(outDir, 'main/index.js')).href)
    await vi.waitFor(() => window(), { timeout: 30_000, interval: 50 })
  }, 180_000)

  afterAll(async () => {
    if (recorded.windows.length > 0) {
      const quitsBefore = recorded.quitCalls
      standInApp.emit('will-quit', { preventDefault: () => {} })
      await vi.waitFor(() => expect(recorded.quitCalls).toBeGreaterThan(quitsBefore), { timeout: 30_000, interval: 50 })
    }
    rmSync(work, { recursive: true, force: true })
  }, 60_000)

  it('opens one window whose options satisfy the security checklist', () => {
    const options = window().options as { webPreferences: Record<string, unknown> }
    expect(options.webPreferences).toMatchObject({
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
      disableBlinkFeatures: 'Auxclick'
    })
    expect(options.webPreferences['preload']).toBe(join(outDir, 'preload/index.cjs'))
    expect(existsSync(options.webPreferences['preload'] as string)).toBe(true)
    expect(options.webPreferences).not.toHaveProperty('enableRemoteModule')
  })

  it('binds every contract request, and answers only the bench window\'s own main frame', async () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort())
    const info = await value('app.info', {})
    expect(info).toMatchObject({ shell: 'electron', dataDir: join(userData, 'data') })
    const stranger = new FakeWebContents()
    stranger.mainFrame.url = rendererEntry
    for (const sender of [
      { sender: stranger, senderFrame: stranger.mainFrame },
      { sender: window().webContents, senderFrame: { url: rendererEntry } },
      { sender: window().webContents, senderFrame: null }
    ]) {
      expect(await invoke('app.info', {}, sender)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    }
    // Events reach the window on the one event channel.
    await value('preferences.update', { language: 'en' })
    expect(window().webContents.sent).toContainEqual([EVENT_CHANNEL, 'preferences.changed', { language: 'en' }])
  })

  it('refuses navigation, new windows and webviews, and opens only allow-listed schemes outside', () => {
    const contents = new FakeWebContents()
    standInApp.emit('web-contents-created', {}, contents)
    const navigate = (event: string, url: string) => {
      let prevented = false
      contents.emit(event, { preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(navigate('will-navigate', `${rendererEntry}#/protocols`)).toBe(false)
    expect(navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true)
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true)
    const open = contents.windowOpenHandler!
    for (const url of ['https://lab.example/help', 'mailto:vet@example.org', 'http://lab.example', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) {
      expect(open({ url })).toEqual({ action: 'deny' })
    }
    expect(recorded.openedExternally).toEqual(['https://lab.example/help', 'mailto:vet@example.org'])
  })

  it('denies every permission, cancels remote requests and sends a strict CSP', () => {
    let granted: boolean | null = null
    recorded.session.permissionRequest!(null, 'media', (answer: boolean) => (granted = answer))
    expect(granted).toBe(false)
    expect(recorded.session.permissionCheck!(null, 'notifications')).toBe(false)
    const cancelled = (url: string) => {
      let answer: { cancel: boolean } | null = null
      recorded.session.beforeRequest!({ url }, (response: { cancel: boolean }) => (answer = response))
      return answer!.cancel
    }
    expect(cancelled('https://cdn.example/lib.js')).toBe(true)
    expect(cancelled('wss://evil.example/socket')).toBe(true)
    expect(cancelled(rendererEntry)).toBe(false)
    expect(cancelled('data:application/pdf;base64,AA==')).toBe(false)
    let headers: Record<string, string[]> = {}
    recorded.session.headersReceived!({ responseHeaders: {} }, (response: { responseHeaders: Record<string, string[]> }) => (headers = response.responseHeaders))
    const csp = headers['Content-Security-Policy']![0]!
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/)
  })

  it('holds its data folder with the lock file the browser harness shares, and started without an error box', () => {
    const lock = JSON.parse(readFileSync(join(userData, 'data', 'bench.lock'), 'utf8')) as { pid: number; program: string }
    expect(lock).toMatchObject({ pid: process.pid, program: 'Electron app' })
    expect(recorded.errorBoxes).toEqual([])
    expect(recorded.exitCodes).toEqual([])
  })

  it('a second start on the held data folder, or on one that cannot be made, tells the clerk in an error box and exits', async () => {
    const startAgain = async (name: string) => {
      // The same built entry evaluated once more, as a second process would run it.
      copyFileSync(join(outDir, 'main/index.js'), join(outDir, `main/${name}.js`))
      await import(pathToFileURL(join(outDir, `main/${name}.js`)).href)
    }
    const windowsBefore = recorded.windows.length
    const language = Intl.DateTimeFormat().resolvedOptions().locale.startsWith('en') ? 'en' : 'es'
    try {
      await startAgain('index-second')
      expect(recorded.exitCodes).toEqual([1])
      expect(recorded.errorBoxes).toHaveLength(1)
      expect(recorded.errorBoxes[0]![1]).toBe(
        dataFolderMessage({ problem: 'in_use', dir: join(userData, 'data'), owner: { pid: process.pid, host: hostname(), program: 'Electron app', since: '' } }, language)
      )

      const blocked = join(work, 'user-data-is-a-file')
      writeFileSync(blocked, 'not a folder')
      standInApp.setPath('userData', blocked)
      await startAgain('index-third')
      expect(recorded.exitCodes).toEqual([1, 1])
      expect(recorded.errorBoxes[1]![1]).toBe(dataFolderMessage({ problem: 'not_a_folder', dir: join(blocked, 'data'), owner: null }, language))
      expect(recorded.windows).toHaveLength(windowsBefore)
    } finally {
      standInApp.setPath('userData', userData)
      recorded.exitCodes.length = 0
      recorded.errorBoxes.length = 0
    }
  })

  it('keeps crash dumps and a rotating log in the user-data folder', () => {
    expect(recorded.crashReporter).toEqual([expect.objectContaining({ uploadToServer: false })])
    expect(recorded.paths.get('crashDumps')).toBe(join(userData, 'crash-dumps'))
    expect(readFileSync(join(userData, 'logs', 'bench.log'), 'utf8')).toMatch(/INFO {2}Reception Bench 0\.1\.0 starting/)
  })

  it('moved the settings the database kept into the settings file once, and writes there', async () => {
    const settings = await value('settings.get', {})
    expect(settings.benchName).toBe('Recepción heredada')
    await value('settings.update', { benchName: 'Puesto 3' })
    const file = JSON.parse(readFileSync(join(userData, 'bench-settings.json'), 'utf8')) as { benchName: string; __internal__: { migrations: { version: string } } }
    expect(file.benchName).toBe('Puesto 3')
    expect(file.__internal__.migrations.version).toBe('0.1.0')
    expect(await invoke('settings.update', { benchName: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('updates from the paired server only, checks the release signature before downloading and before installing, and restarts only when nobody is receiving', async () => {
    expect(autoUpdater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true, allowDowngrade: false })
    const idle = await value('updates.check', {})
    expect(idle).toMatchObject({ phase: 'idle', feedUrl: null })
    expect(autoUpdater.checks).toBe(0)

    // The real sync server serves a release signed with the key this build carries.
    const release = await makeSignedRelease(join(work, 'updates'), keys, { metadataName: updateChannelFile(process.platform, process.arch) })
    const metadataSig = join(release.dir, `${release.metadataName}.sig`)
    const server: TestServer = await startTestServer('sqlite', { updatesDir: release.dir })
    try {
      await value('sync.setServerUrl', { serverUrl: server.url, adminPin: '2468' })
      const downloaded = (file: string) => (updater: typeof autoUpdater) => {
        updater.emit('download-progress', { percent: 60 })
        updater.emit('update-downloaded', { version: release.version, downloadedFile: file })
      }
      const status = () => value('updates.status', {})
      autoUpdater.nextCheck = (updater) => updater.emit('update-available', { version: release.version })

      // An installer altered after signing is downloaded, refused, and never installs, not even on quit.
      const cache = join(work, 'updater-cache')
      mkdirSync(cache, { recursive: true })
      const tampered = Buffer.from(readFileSync(release.installerPath))
      tampered[10] = tampered[10]! ^ 0xff
      writeFileSync(join(cache, release.installerName), tampered)
      autoUpdater.nextDownload = downloaded(join(cache, release.installerName))
      await value('updates.check', {})
      await vi.waitFor(async () => expect(await status()).toMatchObject({ phase: 'error', offerRestart: false }), { timeout: 10_000, interval: 50 })
      expect((await status()).lastError).toContain('is not a file the signed metadata lists')
      expect(autoUpdater.feeds).toEqual([{ provider: 'generic', url: `${server.url}/updates/` }])
      expect(autoUpdater.autoInstallOnAppQuit).toBe(false)
      expect(await invoke('updates.restart', {})).toMatchObject({ ok: false })
      expect(autoUpdater.installs).toEqual([])

      // Metadata without its signature: refused before anything is downloaded.
      const signature = readFileSync(metadataSig)
      rmSync(metadataSig)
      const downloadsBefore = autoUpdater.downloads
      await value('updates.check', {})
      await vi.waitFor(async () => expect((await status()).lastError).toContain('update metadata has no signature'), { timeout: 10_000, interval: 50 })
      expect(autoUpdater.downloads).toBe(downloadsBefore)
      writeFileSync(metadataSig, signature)

      // The release as signed: downloaded, verified, offered, installed from the banner.
      writeFileSync(join(cache, release.installerName), readFileSync(release.installerPath))
      await value('updates.check', {})
      await vi.waitFor(async () => expect(await status()).toMatchObject({ phase: 'downloaded', offerRestart: true }), { timeout: 10_000, interval: 50 })
      expect(autoUpdater.autoInstallOnAppQuit).toBe(true)
      expect(window().webContents.sent.some(([channel, name]) => channel === EVENT_CHANNEL && name === 'updates.changed')).toBe(true)

      expect(await value('updates.setBusy', { busy: true })).toMatchObject({ offerRestart: false, busy: true })
      expect(await invoke('updates.restart', {})).toMatchObject({ ok: false, error: { code: 'conflict' } })
      expect(autoUpdater.installs).toEqual([])
      await value('updates.setBusy', { busy: false })
      await value('updates.restart', {})
      expect(autoUpdater.installs).toEqual([[false, true]])
    } finally {
      await server.stop()
    }
  })

  it('exports diagnostics through the save dialog and reveals the file', async () => {
    const target = join(work, 'diagnostics.zip')
    recorded.saveDialogAnswer = { canceled: false, filePath: target }
    const exported = await value('diagnostics.export', {})
    expect(exported.path).toBe(target)
    expect(existsSync(target)).toBe(true)
    expect(exported.entries).toContain('logs/bench.log')
    await value('diagnostics.reveal', { what: 'export' })
    expect(recorded.revealed).toEqual([target])
    recorded.saveDialogAnswer = { canceled: true, filePath: '' }
    expect(await invoke('diagnostics.export', {})).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    const info = await value('diagnostics.info', {})
    expect(info).toMatchObject({ logDir: join(userData, 'logs'), crashDumpsDir: join(userData, 'crash-dumps') })
  })

  it('the built preload needs nothing but electron and exposes exactly the contract: one function per request and `on`', async () => {
    const exposed = new Map<string, Record<string, unknown>>()
    const invoked: unknown[][] = []
    const subscriptions: [string, (...args: unknown[]) => void][] = []
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, input: unknown) => {
          invoked.push([channel, input])
          return { ok: true, value: null }
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => subscriptions.push([channel, listener]),
        removeListener: (channel: string, listener: unknown) => {
          const index = subscriptions.findIndex(([name, candidate]) => name === channel && candidate === listener)
          if (index >= 0) subscriptions.splice(index, 1)
        }
      }
    }
    // Like Electron's sandboxed preload: a fresh global with web APIs, and a require that knows only 'electron'.
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron
      throw new Error(`a sandboxed preload cannot require ${id}`)
    }
    const code = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8')
    const wrapped = runInNewContext(`(function (require, module, exports) {${code}\n})`, { console, URL, TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask }) as (
      require: (id: string) => unknown,
      module: { exports: unknown },
      exports: unknown
    ) => void
    const module = { exports: {} }
    wrapped(sandboxRequire, module, module.exports)

    expect([...exposed.keys()]).toEqual(['bench'])
    const api = exposed.get('bench')!
    expect(Object.keys(api).sort()).toEqual([...REQUEST_NAMES, 'on'].sort())
    expect(Object.isFrozen(api)).toBe(true)
    for (const name of REQUEST_NAMES) expect(typeof api[name]).toBe('function')

    await (api['updates.setBusy'] as (input: unknown) => Promise<unknown>)({ busy: true })
    expect(invoked).toEqual([['bench:updates.setBusy', { busy: true }]])

    const on = api['on'] as (event: string, listener: (payload: unknown) => void) => () => void
    const heard: unknown[] = []
    const off = on('updates.changed', (payload) => heard.push(payload))
    expect(subscriptions.map(([channel]) => channel)).toEqual([EVENT_CHANNEL])
    subscriptions[0]![1]({}, 'jobs.changed', { other: true })
    subscriptions[0]![1]({}, 'updates.changed', { phase: 'idle' })
    expect(heard).toEqual([{ phase: 'idle' }])
    off()
    expect(subscriptions).toEqual([])
    expect(() => on('not.an.event', () => {})).toThrow(/unknown event/)
  })
})
