/**
 * What every start of the app loads before the clerk can scan, from a fresh production build
 * (`electron-vite build`, as packaged):
 *
 * renderer_initial_js_gz_kb: the renderer's first screen, its entry script and every chunk that
 * imports statically, gzipped (pages behind `lazy()` load on first visit and are not counted).
 * preload_kb: the preload bundle as the sandbox loads it (it names the channels from the
 * generated list, without zod).
 */
import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { initialJsGzipBytes } from '../workloads/bundle-size'

const KB = 1024

export async function run(): Promise<Record<string, number>> {
  // Always a fresh build: a stale out/ would report the sizes of older code.
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  const renderer = initialJsGzipBytes('out/renderer')
  if (renderer.files.length === 0) throw new Error('out/renderer/index.html names no module script')
  return {
    renderer_initial_js_gz_kb: renderer.bytes / KB,
    preload_kb: statSync('out/preload/index.cjs').size / KB
  }
}
