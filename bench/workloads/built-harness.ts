/**
 * The browser harness as the lab runs the app: bundled into plain JavaScript (like the packaged
 * main process), started with `node`, not through tsx, whose on-the-fly compiling would be timed
 * and counted in the memory figures. Built into .bench/build/host/ by rolldown (the bundler
 * electron-vite uses); npm packages stay outside the bundle and load from node_modules as in the app,
 * except the ones the app's main process bundles too (MAIN_BUNDLED_PACKAGES).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { build } from 'rolldown'
import { MAIN_BUNDLED_PACKAGES } from '../../electron.vite.config'

export const ROOT = resolve(import.meta.dirname, '../..')
const OUT_DIR = join(ROOT, '.bench', 'build', 'host')
export const BUILT_CLI = join(OUT_DIR, 'cli.mjs')
export const BUILT_WORKER = join(OUT_DIR, 'worker.mjs')

const bundledPackage = (id: string) => MAIN_BUNDLED_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`))
const isPackage = (id: string) =>
  !bundledPackage(id) && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id)

/** Bundles the harness and the worker entry from the current sources (a few seconds). */
export async function buildHarness(): Promise<void> {
  await build({
    cwd: ROOT,
    input: { cli: join(ROOT, 'src/harness/cli.ts'), worker: join(ROOT, 'src/workers/entry.ts') },
    platform: 'node',
    external: isPackage,
    // The packaged app builds its release key in (electron.vite.config.ts); the bench has none.
    transform: { define: { __RB_UPDATE_PUBLIC_KEY__: '""' } },
    logLevel: 'silent',
    output: { dir: OUT_DIR, format: 'esm', entryFileNames: '[name].mjs', chunkFileNames: 'assets/[name]-[hash].mjs', cleanDir: true }
  })
}

export interface HarnessProcess {
  child: ChildProcess
  /** The page to open, with its bridge token. */
  url: string
  /** performance.now() in this process when the harness process was spawned. */
  spawnedAt: number
  stop(): Promise<void>
}

/** Starts the built harness on a data folder (port 0: any free one) and waits for its URL. */
export function startHarnessProcess(dataDir: string, extraArgs: readonly string[] = []): Promise<HarnessProcess> {
  return startServingProcess([BUILT_CLI, '--data-dir', dataDir, '--port', '0', '--worker-entry', BUILT_WORKER, '--json', ...extraArgs])
}

/** Starts `node` with `args` and waits for the JSON line that names its URL, as the harness prints it. */
export async function startServingProcess(args: readonly string[]): Promise<HarnessProcess> {
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const exited = once(child, 'exit')
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolveUrl, reject) => {
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return
      const parsed = JSON.parse(line) as { url?: string }
      if (parsed.url) resolveUrl(parsed.url)
    })
    void exited.then(([code]) => reject(new Error(`the process exited (${String(code)}) before its URL: ${stderr}`)))
  })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    await exited
  }
  return { child, url, spawnedAt, stop }
}
