/**
 * The browser harness as the process `npm run web` starts, driven over a real WebSocket: what a
 * client sends can close its own connection but never the process; the Host header is checked;
 * one data folder is held by one process, and a folder that cannot be written is said plainly.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { EVENT_CHANNEL } from '../../../src/shared/channels'
import { DATABASE_FILE, LOCK_FILE, openDataFolder } from '../../../src/main/platform/data-folder'
import { makeTempDir } from '../../support/temp-dir'

const ROOT = resolve(import.meta.dirname, '../../..')

interface Started {
  child: ChildProcess
  url: URL
  token: string
  output(): string
}

interface Finished {
  code: number | null
  stdout: string
  stderr: string
}

function harnessArgs(dataDir: string): string[] {
  return ['--import', 'tsx', 'src/harness/cli.ts', '--json', '--port', '0', '--data-dir', dataDir, '--demo-protocols', '0']
}

/** A harness that starts: resolves once it printed its JSON line. */
function startHarnessProcess(dataDir: string, lang = 'es_ES.UTF-8'): Promise<Started> {
  const child = spawn(process.execPath, harnessArgs(dataDir), { cwd: ROOT, env: { ...process.env, LANG: lang, LC_ALL: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolveStart, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const line = /^\{"url".*\}$/m.exec(output)?.[0]
      if (!line) return
      const url = new URL((JSON.parse(line) as { url: string }).url)
      resolveStart({ child, url, token: url.hash.replace('#bridge=', ''), output: () => output })
    })
    child.once('exit', (code) => reject(new Error(`harness exited (${code}) before starting:\n${output}`)))
  })
}

/** A harness expected to refuse to start: its exit code and what it printed. */
function runHarnessToExit(dataDir: string, lang = 'es_ES.UTF-8'): Promise<Finished> {
  const child = spawn(process.execPath, harnessArgs(dataDir), { cwd: ROOT, env: { ...process.env, LANG: lang, LC_ALL: '' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

function connect(harness: Started): Promise<WebSocket> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(`ws://${harness.url.host}/bridge?token=${harness.token}`, { headers: { origin: harness.url.origin } })
    ws.once('open', () => done(ws))
    ws.once('error', reject)
  })
}

/** The next answer to a request; events the host pushes meanwhile (the jobs of its start) are skipped. */
function nextMessage(ws: WebSocket): Promise<{ id?: number | null; result?: { ok: boolean; error?: { code: string } } }> {
  return new Promise((done) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number | null; channel?: string }
      if (message.channel === EVENT_CHANNEL) return
      ws.off('message', onMessage)
      done(message)
    }
    ws.on('message', onMessage)
  })
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((done) => ws.once('close', (code) => done(code)))
}

/** A client text frame (masked, as RFC 6455 requires of clients) carrying exactly these bytes. */
function rawTextFrame(payload: Buffer): Buffer {
  const mask = randomBytes(4)
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked])
}

async function call(ws: WebSocket, id: number, channel: string, input: unknown) {
  const answer = nextMessage(ws)
  ws.send(JSON.stringify({ id, channel, input }))
  return answer
}

function httpStatus(harness: Started, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((done, reject) => {
    const req = request({ host: '127.0.0.1', port: harness.url.port, path: '/', headers: { host, ...headers } }, (res) => {
      res.resume()
      done(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

function upgradeStatus(harness: Started, host: string): Promise<number> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(`ws://${harness.url.host}/bridge?token=${harness.token}`, { headers: { origin: harness.url.origin, host } })
    ws.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0))
    ws.once('open', () => {
      ws.close()
      done(101)
    })
    ws.once('error', reject)
  })
}

describe('the harness process under hostile clients', () => {
  const dir = makeTempDir('rb-harness-proc-')
  let harness: Started

  beforeAll(async () => {
    harness = await startHarnessProcess(join(dir.path, 'data'))
  }, 90_000)
  afterAll(async () => {
    await stop(harness.child)
    dir.cleanup()
  })

  const alive = async () => {
    expect(harness.child.exitCode).toBeNull()
    const ws = await connect(harness)
    const answer = await call(ws, 99, 'bench:app.info', {})
    ws.close()
    return answer.result?.ok
  }

  it('answers a message that is not JSON, not a request, or binary with an error, and goes on', async () => {
    const ws = await connect(harness)
    let answer = nextMessage(ws)
    ws.send('this is not JSON')
    expect(await answer).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } })
    answer = nextMessage(ws)
    ws.send(JSON.stringify({ id: 7, chanel: 'bench:app.info' }))
    expect(await answer).toMatchObject({ id: 7, result: { ok: false, error: { code: 'invalid_input' } } })
    answer = nextMessage(ws)
    ws.send(Buffer.from([1, 2, 3]), { binary: true })
    expect(await answer).toMatchObject({ id: null, result: { ok: false, error: { code: 'invalid_input' } } })
    expect((await call(ws, 8, 'bench:app.info', {})).result).toMatchObject({ ok: true })
    ws.close()
  })

  it('closes only the connection that sends an oversized frame or invalid UTF-8; the process lives on', async () => {
    const big = await connect(harness)
    const bigClosed = closed(big)
    big.on('error', () => undefined)
    big.send('x'.repeat(5 * 1024 * 1024))
    expect(await bigClosed).toBe(1009)
    expect(await alive()).toBe(true)

    const bad = await connect(harness)
    const badClosed = closed(bad)
    bad.on('error', () => undefined)
    ;(bad as unknown as { _socket: { write(bytes: Buffer): void } })._socket.write(rawTextFrame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])))
    expect(await badClosed).toBe(1007)
    expect(await alive()).toBe(true)
  })

  it("answers only this machine's names in the Host header", async () => {
    expect(await httpStatus(harness, harness.url.host)).not.toBe(421)
    expect(await httpStatus(harness, `localhost:${harness.url.port}`)).not.toBe(421)
    expect(await httpStatus(harness, `evil.example:${harness.url.port}`)).toBe(421)
    expect(await httpStatus(harness, `127.0.0.1:1`)).toBe(421)
    expect(await upgradeStatus(harness, `evil.example:${harness.url.port}`)).toBe(403)
    expect(await upgradeStatus(harness, harness.url.host)).toBe(101)
    expect(await alive()).toBe(true)
  })

  it('holds its data folder: a second harness is refused with a clear message, the first carries on', async () => {
    const lock = JSON.parse(readFileSync(join(dir.path, 'data', LOCK_FILE), 'utf8')) as { pid: number; program: string }
    expect(lock).toMatchObject({ pid: harness.child.pid, program: 'browser harness' })
    const second = await runHarnessToExit(join(dir.path, 'data'))
    expect(second.code).toBe(1)
    expect(second.stderr).toContain('ya está abierta por otro Reception Bench (browser harness, proceso')
    expect(second.stderr).toContain(String(harness.child.pid))
    expect(second.stderr).not.toMatch(/\n\s+at /)
    const english = await runHarnessToExit(join(dir.path, 'data'), 'en_GB.UTF-8')
    expect(english.stderr).toContain('is already open in another Reception Bench')
    expect(await alive()).toBe(true)
  }, 120_000)
})

describe('the data folder at start', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  let immutable: string | undefined
  afterEach(() => {
    if (immutable) execFileSync('chattr', ['-i', immutable])
    immutable = undefined
    dir?.cleanup()
    dir = undefined
  })

  /** A folder this process cannot write: read-only for a user; immutable for root, whom modes do not stop. */
  function readOnlyFolder(path: string): string | null {
    mkdirSync(path)
    if (process.getuid?.() !== 0) {
      chmodSync(path, 0o555)
      return null
    }
    try {
      execFileSync('chattr', ['+i', path], { stdio: 'ignore' })
      immutable = path
      return null
    } catch {
      return 'skipped: running as root on a file system without chattr +i, so no folder here refuses writes'
    }
  }

  it('a folder that cannot be written: a clear message, no stack trace, nothing written', async (context) => {
    dir = makeTempDir('rb-harness-ro-')
    const folder = join(dir.path, 'data')
    const skip = readOnlyFolder(folder)
    if (skip) return context.skip(skip)
    const result = await runHarnessToExit(folder)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`No se puede escribir en la carpeta de datos ${folder}`)
    expect(result.stderr).not.toMatch(/EROFS|EACCES|EPERM|\n\s+at /)
    expect(existsSync(join(folder, 'logs'))).toBe(false)
  }, 90_000)

  it('a data folder path that is a file: a clear message in English too', async () => {
    dir = makeTempDir('rb-harness-file-')
    const file = join(dir.path, 'data')
    writeFileSync(file, 'not a folder')
    const result = await runHarnessToExit(file, 'en_US.UTF-8')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`The data folder ${file} is not a folder`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  }, 90_000)

  it('a bench that cannot open after the URL was printed: exits 1 with nobody connected, the folder given up', async () => {
    dir = makeTempDir('rb-harness-unopenable-')
    const folder = join(dir.path, 'data')
    // A folder where the database file should be: the folder opens, SQLite cannot.
    mkdirSync(join(folder, DATABASE_FILE), { recursive: true })
    const result = await runHarnessToExit(folder)
    expect(result.code).toBe(1)
    // It listened first (the page could have loaded), then said why it stopped.
    expect(result.stdout).toMatch(/^\{"url":"http:\/\/127\.0\.0\.1:\d+\/#bridge=/m)
    expect(result.stderr).toContain('the bench could not be opened')
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
  }, 90_000)

  it('takes over the lock of a process that is gone, and gives the folder up when stopped', async () => {
    dir = makeTempDir('rb-harness-stale-')
    const folder = join(dir.path, 'data')
    mkdirSync(folder)
    // A pid far above pid_max: no process has it.
    writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ pid: 2 ** 30, host: (await import('node:os')).hostname(), program: 'browser harness', since: '' }))
    const started = await startHarnessProcess(folder)
    expect(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8'))).toMatchObject({ pid: started.child.pid })
    await stop(started.child)
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
  }, 90_000)

  it('refuses a folder the Electron app holds: the lock is one for both', async () => {
    dir = makeTempDir('rb-harness-electron-')
    const folder = join(dir.path, 'data')
    const held = openDataFolder(folder, { program: 'Electron app' })
    try {
      const result = await runHarnessToExit(folder)
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('(Electron app, proceso')
    } finally {
      held.release()
    }
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false)
  }, 90_000)
})
