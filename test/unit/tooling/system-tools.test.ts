import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../support/temp-dir'

/**
 * `npm test`'s first step, run as a process on a simulated machine: PATH holds only the fake
 * tools a case puts there, and SYSTEM_TOOLS_EXTRA_DIRS='' hides this machine's /usr/sbin and
 * /usr/lib/postgresql. A fake apt-get on PATH records what it was asked and, for the install
 * cases, "installs" by moving the held-back tools onto PATH.
 */
const SCRIPT = fileURLToPath(new URL('../../../scripts/system-tools.mjs', import.meta.url))

// What the suite needs, by package: the contract the script's list must keep.
const PACKAGES: Record<string, string[]> = {
  chromium: ['chromium'],
  cups: ['cupsd'],
  'cups-client': ['lp', 'lpstat', 'lpadmin', 'cupsenable'],
  'poppler-utils': ['pdftoppm', 'pdftotext', 'pdfinfo'],
  xvfb: ['Xvfb', 'xvfb-run'],
  xauth: ['xauth'],
  postgresql: ['initdb', 'pg_ctl', 'createdb']
}
const ALL_TOOLS = Object.values(PACKAGES).flat()

const isRoot = process.getuid?.() === 0
const NOBODY = 65534

interface Machine {
  bin: string
  /** Tools apt-get would bring (held back from PATH). */
  repository: string
  aptLog: string
}

const dirs: { cleanup(): void }[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.cleanup()
})

function executable(path: string, body = '#!/bin/sh\nexit 0\n'): void {
  writeFileSync(path, body)
  chmodSync(path, 0o755)
}

/** A machine whose PATH has exactly `present`; the other tools wait in the fake repository. */
function machine(present: string[], apt: 'none' | 'installs' | 'fails' = 'installs'): Machine {
  const dir = makeTempDir('rb-system-tools-')
  dirs.push(dir)
  // Readable by nobody too, for the non-root cases run from a root test process.
  chmodSync(dir.path, 0o777)
  const bin = join(dir.path, 'bin')
  const repository = join(dir.path, 'repository')
  const aptLog = join(dir.path, 'apt.log')
  for (const sub of [bin, repository]) {
    mkdirSync(sub)
    chmodSync(sub, 0o777)
  }
  for (const tool of ALL_TOOLS) executable(join(present.includes(tool) ? bin : repository, tool))
  if (apt !== 'none') {
    executable(
      join(bin, 'apt-get'),
      [
        '#!/bin/sh',
        `echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> '${aptLog}'`,
        apt === 'fails' ? 'exit 100' : `if [ "$1" = install ]; then /bin/mv '${repository}'/* '${bin}'/ 2>/dev/null; fi`,
        'exit 0',
        ''
      ].join('\n')
    )
  }
  return { bin, repository, aptLog }
}

function runCheck(box: Machine, as: 'root' | 'nobody') {
  const result = spawnSync(process.execPath, [SCRIPT], {
    env: { PATH: box.bin, SYSTEM_TOOLS_EXTRA_DIRS: '', HOME: '/tmp' },
    encoding: 'utf8',
    timeout: 30_000,
    ...(as === 'nobody' && isRoot ? { uid: NOBODY, gid: NOBODY } : {})
  })
  const aptCalls = existsSync(box.aptLog) ? readFileSync(box.aptLog, 'utf8').trim().split('\n') : []
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, aptCalls }
}

const allBut = (...missing: string[]) => ALL_TOOLS.filter((tool) => !missing.includes(tool))

describe('system tools check (first step of npm test)', () => {
  it('passes quietly when every tool is on the machine', () => {
    const box = machine(ALL_TOOLS)
    const run = runCheck(box, 'nobody')
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/all present/)
    expect(run.aptCalls).toEqual([])
  })

  it('as a non-root user stops with one line naming the missing tools, their packages and the command', () => {
    // chromium, one poppler tool and all of PostgreSQL missing; cupsd etc. present.
    const box = machine(allBut('chromium', 'pdfinfo', 'initdb', 'pg_ctl', 'createdb'))
    const run = runCheck(box, 'nobody')
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('Missing system tools for the tests: chromium, pdfinfo, initdb, pg_ctl, createdb')
    expect(lines[0]).toContain('(packages: chromium poppler-utils postgresql)')
    expect(lines[0]).toContain('sudo apt-get update && sudo apt-get install -y chromium poppler-utils postgresql')
    expect(lines[0]).not.toMatch(/cups|xvfb|xauth/)
    // A non-root user's run never tries to install.
    expect(run.aptCalls).toEqual([])
  })

  it('on a fresh machine names every package the suite needs', () => {
    const box = machine([])
    const run = runCheck(box, 'nobody')
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain(`sudo apt-get install -y ${Object.keys(PACKAGES).join(' ')}`)
  })

  describe.skipIf(!isRoot)(isRoot ? 'as root' : 'as root (skipped: installing needs a root test process)', () => {
    it('installs the missing packages with apt-get, non-interactively, then passes', () => {
      const box = machine(allBut('lp', 'lpstat', 'pdftotext', 'Xvfb'))
      const run = runCheck(box, 'root')
      expect(run.status, run.stderr).toBe(0)
      expect(run.aptCalls).toEqual(['DEBIAN_FRONTEND=noninteractive update -q', 'DEBIAN_FRONTEND=noninteractive install -y -q cups-client poppler-utils xvfb'])
      expect(run.stdout).toContain('installed cups-client poppler-utils xvfb')
    })

    it('fails with the one line when apt-get fails', () => {
      const box = machine(allBut('cupsd'), 'fails')
      const run = runCheck(box, 'root')
      expect(run.status).toBe(1)
      expect(run.aptCalls).toEqual(['DEBIAN_FRONTEND=noninteractive update -q'])
      const lastLine = run.stderr.trim().split('\n').at(-1)
      expect(lastLine).toContain('Missing system tools for the tests: cupsd (packages: cups). Installing them failed')
    })

    it('fails when apt-get succeeds but a tool is still missing', () => {
      const box = machine(allBut('pdfinfo'))
      // The repository lacks pdfinfo: apt-get "installs" nothing that brings it.
      renameSync(join(box.repository, 'pdfinfo'), join(box.repository, '..', 'lost-pdfinfo'))
      const run = runCheck(box, 'root')
      expect(run.status).toBe(1)
      expect(run.stderr).toContain('Missing system tools for the tests: pdfinfo (packages: poppler-utils)')
    })

    it('without apt-get says to use the system package manager', () => {
      const box = machine(allBut('chromium'), 'none')
      const run = runCheck(box, 'root')
      expect(run.status).toBe(1)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(run.stderr).toContain('No apt-get here')
      expect(run.stderr).toContain('(packages: chromium)')
    })
  })
})
