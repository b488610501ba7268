/**
 * The start's quick_check is skipped only for a file exactly as this bench closed it: a clean
 * close vouches for the file, any other write (even one that puts the modification time back)
 * or a start without a clean close before it makes the check run again.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBenchHost, DATABASE_FILE, type BenchHost } from '../../../src/main/host'
import { CLEAN_CLOSE_FILE } from '../../../src/main/features/backups/clean-close-record'
import { makeTempDir } from '../../support/temp-dir'
import { TEST_START } from '../../support/test-clock'

const SKIPPED = 'database file untouched since the last clean close: start check not needed'

describe('the start check after a clean close', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  let host: BenchHost | undefined
  let lines: string[] = []
  afterEach(async () => {
    await host?.close()
    host = undefined
    dir?.cleanup()
    dir = undefined
    lines = []
  })

  const open = () => {
    lines = []
    host = createBenchHost({
      dataDir: join(dir!.path, 'data'),
      shell: 'browser-harness',
      appVersion: '0',
      demoProtocols: 20,
      clock: () => TEST_START,
      log: (_level, message) => void lines.push(message)
    })
    return host
  }
  const close = async () => {
    await host!.close()
    host = undefined
  }
  const recordFile = () => join(dir!.path, 'data', CLEAN_CLOSE_FILE)

  it('trusts a file untouched since the clean close, and vouches again only at the next clean close', async () => {
    dir = makeTempDir('rb-clean-close-')
    open()
    expect(existsSync(recordFile())).toBe(false)
    await close()
    expect(existsSync(recordFile())).toBe(true)

    open()
    expect(lines).toContain(SKIPPED)
    // Open and being written: a crash now must not leave a record behind.
    expect(existsSync(recordFile())).toBe(false)
    await host!.dispatch('settings.update', { benchName: 'Recepción Norte' })
    // A crash: this host is never closed and a new one starts on the folder.
    const crashed = host!
    host = undefined
    open()
    expect(lines).not.toContain(SKIPPED)
    await close()
    await crashed.close().catch(() => undefined)
  })

  it('checks a file written by anyone else, even with its modification time put back, and finds the damage', async () => {
    dir = makeTempDir('rb-clean-close-')
    open()
    await close()
    const file = join(dir.path, 'data', DATABASE_FILE)
    const before = statSync(file, { bigint: true })
    // 8 KiB of noise over the pages after the first: the file keeps its size and, put back, its mtime.
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(8 * 1024, 0xa5), 0, 8 * 1024, 8 * 1024)
    closeSync(fd)
    // To the nanosecond (utimes from Node rounds): only the change time can tell now.
    const seconds = before.mtimeNs / 1_000_000_000n
    const fraction = String(before.mtimeNs % 1_000_000_000n).padStart(9, '0')
    execFileSync('touch', ['-m', '-d', `@${seconds}.${fraction}`, file])
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(before.mtimeNs)
    expect(statSync(file, { bigint: true }).size).toBe(before.size)

    open()
    expect(lines).not.toContain(SKIPPED)
    const status = await host!.dispatch('backups.status', {})
    expect(status).toMatchObject({ ok: true, value: { health: { state: 'damaged', foundBy: 'start' } } })
  })
})
