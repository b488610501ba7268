import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../support/temp-dir'

const root = resolve(import.meta.dirname, '../../..')
const run = promisify(execFile)

async function gate(input: string, allowlist: string, outDir: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['scripts/electronegativity.mjs', '--input', input, '--allowlist', allowlist, '--out-dir', outDir], { cwd: root })
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('npm run security (electronegativity gate)', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(() => dir?.cleanup())

  it('fails on an unexplained high finding and passes once a reviewed entry explains it', async () => {
    dir = makeTempDir('rb-security-')
    const app = join(dir.path, 'app')
    const outDir = join(dir.path, 'out')
    mkdirSync(app)
    writeFileSync(join(app, 'main.js'), `const { BrowserWindow } = require('electron')\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } })\n`)
    const allowlist = join(dir.path, 'allow.json')
    writeFileSync(allowlist, '[]')

    const failing = await gate(app, allowlist, outDir)
    expect(failing.code).toBe(1)
    const report = JSON.parse(readFileSync(join(outDir, 'electronegativity.json'), 'utf8')) as { findings: { check: string; severity: string; file: string }[] }
    const severe = report.findings.filter((finding) => finding.severity === 'HIGH' || finding.severity === 'MEDIUM')
    expect(severe.map((finding) => finding.check)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']))
    expect(readFileSync(join(outDir, 'electronegativity.csv'), 'utf8').split('\n')[0]).toBe('check,severity,confidence,file,line,column,allowed')

    expect(severe.find((finding) => finding.check === 'SANDBOX_JS_CHECK')?.file).toBe(relative(root, join(app, 'main.js')))
    writeFileSync(allowlist, JSON.stringify(severe.map((finding) => ({ check: finding.check, file: finding.file, reason: 'fixture: a deliberately unsafe window to prove the gate' }))))
    const passing = await gate(app, allowlist, outDir)
    expect(passing.code).toBe(0)
    expect(passing.stdout).toContain('no unexplained high or medium findings')
  })

  it('refuses an allow-list entry without a real reason', async () => {
    dir = makeTempDir('rb-security-')
    const allowlist = join(dir.path, 'allow.json')
    writeFileSync(allowlist, JSON.stringify([{ check: 'NODE_INTEGRATION_JS_CHECK', file: 'src/main/index.ts', reason: 'ok' }]))
    const result = await gate('src/preload', allowlist, join(dir.path, 'out'))
    expect(result.code).not.toBe(0)
  })
})
