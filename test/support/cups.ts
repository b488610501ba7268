/**
 * A real CUPS scheduler for tests. When one is already running it is used as it is; otherwise,
 * as root with Debian's cupsd installed, a private cupsd runs in the foreground from its own
 * config dir, listening only on a domain socket in that dir, and is stopped and removed at the
 * end. Where neither is possible `startCups` says why, so the suite can skip with that reason.
 *
 * Raw queues: `lpadmin` without `-m` makes a queue with no PPD and no filters (`-m raw` is gone
 * in CUPS 2.4), which passes job bytes to the device untouched. A `socket://` device pointing at
 * the printer sink gets them byte for byte (a `file:` device was seen to swallow raw jobs).
 */
import { execFile, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const CUPSD = '/usr/sbin/cupsd'
const C_LOCALE = { ...process.env, LC_ALL: 'C', LANG: 'C' }

export interface CupsServer {
  /** What `lp -h` / `lpstat -h` take to reach this scheduler; undefined = the system default. */
  readonly server: string | undefined
  /** Adds an enabled raw queue printing to `deviceUri`. */
  addRawQueue(name: string, deviceUri: string): Promise<void>
  removeQueue(name: string): Promise<void>
  /** Removes the queues it added and stops the scheduler if it started one. */
  stop(): Promise<void>
}

export type CupsStart = { available: true; cups: CupsServer } | { available: false; reason: string }

const hostArgs = (server: string | undefined) => (server ? ['-h', server] : [])

async function schedulerRunning(server: string | undefined): Promise<boolean> {
  try {
    const { stdout } = await run('lpstat', [...hostArgs(server), '-r'], { env: C_LOCALE, timeout: 5000 })
    return stdout.includes('scheduler is running')
  } catch {
    return false
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

function controller(server: string | undefined, stopScheduler: () => Promise<void>): CupsServer {
  const queues = new Set<string>()
  const lpadmin = (args: string[]) => run('lpadmin', [...hostArgs(server), ...args], { env: C_LOCALE, timeout: 10_000 })
  return {
    server,
    async addRawQueue(name, deviceUri) {
      // -E after -p enables the queue and accepts jobs (before -p it would mean encryption).
      await lpadmin(['-p', name, '-E', '-v', deviceUri, '-o', 'cupsSNMPSupplies=false'])
      queues.add(name)
    },
    async removeQueue(name) {
      await lpadmin(['-x', name])
      queues.delete(name)
    },
    async stop() {
      for (const name of [...queues]) await lpadmin(['-x', name]).catch(() => undefined)
      queues.clear()
      await stopScheduler()
    }
  }
}

async function startPrivateCupsd(): Promise<CupsStart> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cups-'))
  // The socket backend runs as user lp and must reach the spool under this dir.
  await chmod(dir, 0o755)
  for (const sub of ['state', 'cache', 'spool', 'log', 'ppd']) await mkdir(join(dir, sub), { mode: 0o755 })
  // cupsd refuses to start unless its TempDir already exists.
  await mkdir(join(dir, 'spool', 'tmp'))
  await chmod(join(dir, 'spool', 'tmp'), 0o1777)
  const socket = join(dir, 'cups.sock')
  await writeFile(
    join(dir, 'cups-files.conf'),
    [
      `ServerRoot ${dir}`,
      `StateDir ${join(dir, 'state')}`,
      `CacheDir ${join(dir, 'cache')}`,
      `RequestRoot ${join(dir, 'spool')}`,
      `TempDir ${join(dir, 'spool', 'tmp')}`,
      `ErrorLog ${join(dir, 'log', 'error_log')}`,
      `AccessLog ${join(dir, 'log', 'access_log')}`,
      `PageLog ${join(dir, 'log', 'page_log')}`,
      'SystemGroup root',
      'User lp',
      'Group lp',
      ''
    ].join('\n')
  )
  await writeFile(
    join(dir, 'cupsd.conf'),
    [
      `Listen ${socket}`,
      'LogLevel warn',
      'Browsing No',
      'WebInterface No',
      'DefaultAuthType None',
      '<Location />',
      '  Order allow,deny',
      '  Allow all',
      '</Location>',
      // Only this test process can reach the socket; no admin authentication needed.
      '<Policy default>',
      '  <Limit All>',
      '    Order deny,allow',
      '  </Limit>',
      '</Policy>',
      ''
    ].join('\n')
  )
  const child: ChildProcess = spawn(CUPSD, ['-f', '-c', join(dir, 'cupsd.conf'), '-s', join(dir, 'cups-files.conf')], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stopScheduler = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(killer)
    }
    await rm(dir, { recursive: true, force: true })
  }
  if (!(await waitUntil(async () => child.exitCode === null && existsSync(socket) && schedulerRunning(socket), 10_000))) {
    await stopScheduler()
    return { available: false, reason: `private cupsd did not start (exit ${String(child.exitCode)}): ${stderr.trim() || 'no output'}` }
  }
  return { available: true, cups: controller(socket, stopScheduler) }
}

export async function startCups(): Promise<CupsStart> {
  if (await schedulerRunning(undefined)) return { available: true, cups: controller(undefined, async () => undefined) }
  if (!existsSync(CUPSD)) return { available: false, reason: `no CUPS scheduler running and ${CUPSD} is not installed` }
  if (process.getuid?.() !== 0) return { available: false, reason: 'no CUPS scheduler running and starting one needs root' }
  const lpstat = await run('lpstat', ['-r'], { env: C_LOCALE, timeout: 5000 }).catch((error: NodeJS.ErrnoException) => error)
  if (lpstat instanceof Error && lpstat.code === 'ENOENT') return { available: false, reason: 'cups-client (lp, lpstat) is not installed' }
  return startPrivateCupsd()
}
