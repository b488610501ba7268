import { test as base } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { makeTempDir } from '../support/temp-dir'

export interface BenchApp {
  url: string
  dataDir: string
}

/** Starts `npm run web`'s process on a fresh data folder and a free port; stops it after the test. */
export async function startHarnessProcess(dataDir: string, demoProtocols = 400): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/harness/cli.ts', '--json', '--port', '0', '--data-dir', dataDir, '--demo-protocols', String(demoProtocols)], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}`)))
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { url: string }).url)
    })
  })
  return { url, process: child }
}

export const test = base.extend<{ bench: BenchApp }>({
  // Playwright requires the object pattern even when a fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  bench: async ({}, use) => {
    const dir = makeTempDir('bench-e2e-')
    const { url, process: child } = await startHarnessProcess(dir.path)
    await use({ url, dataDir: dir.path })
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    dir.cleanup()
  }
})

export { expect } from '@playwright/test'
