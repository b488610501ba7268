import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import { clockStartingAt } from '../../../src/shared/bench-clock'
import { createDiskSpace, DISK_RESERVE_BYTES, DiskSpaceError } from '../../../src/main/platform/disk-space'
import { judgeDisk } from '../../../src/main/features/health/health-rules'
import { storageProblemOf } from '../../../src/main/platform/db/storage-errors'
import { decodeJobError } from '../../../src/shared/error-codes'
import { es } from '../../../src/renderer/src/i18n/es'
import { en } from '../../../src/renderer/src/i18n/en'
import { makeTempDir } from '../../support/temp-dir'
import { callerOf } from '../../support/call'
import { mountSmallDisk, type SmallDisk } from '../../support/small-disk'

const START = new Date(2026, 5, 11, 10, 0)
const MB = 1024 * 1024

describe('free space before a write', () => {
  it('refuses a write that would leave less than the reserve, as ENOSPC (said as disk_full)', () => {
    const disk = createDiskSpace(() => ({ bavail: 10, bsize: MB }))
    expect(disk.free('/anywhere')).toBe(10 * MB)
    let refused: unknown
    try {
      disk.ensure('/anywhere', 0)
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(DiskSpaceError)
    expect(storageProblemOf(refused)).toBe('disk_full')
    expect(decodeJobError(`DiskSpaceError: ${(refused as Error).message}`)?.code).toBe('disk_full')
    expect(() => createDiskSpace(() => ({ bavail: BigInt(DISK_RESERVE_BYTES / 4096 + 1), bsize: 4096n })).ensure('/x', 0)).not.toThrow()
    // A system that cannot say lets the write try (it is still guarded by ENOSPC handling).
    expect(() =>
      createDiskSpace(() => {
        throw new Error('ENOSYS')
      }).ensure('/x', 1e12)
    ).not.toThrow()
  })

  it('warns under the configured threshold, red under the critical floor', () => {
    expect(judgeDisk(900 * MB, '', 1024 * MB)).toMatchObject({ level: 'amber', reason: 'disk_low', facts: { freeMb: 900, warnMb: 1024 } })
    expect(judgeDisk(900 * MB, '', 512 * MB)).toMatchObject({ level: 'green' })
    expect(judgeDisk(400 * MB, '', 1024 * MB)).toMatchObject({ level: 'red', reason: 'disk_critical' })
    // A threshold set under the critical floor moves the red line down with it.
    expect(judgeDisk(100 * MB, '', 50 * MB)).toMatchObject({ level: 'green' })
    expect(judgeDisk(40 * MB, '', 50 * MB)).toMatchObject({ level: 'red', reason: 'disk_critical' })
    expect(es.health.reason.disk_low).toContain('{{warnMb}}')
    expect(en.health.reason.disk_low).toContain('{{warnMb}}')
  })
})

describe('exports on a real small disk (tmpfs)', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  let host: BenchHost | undefined
  let disk: SmallDisk | undefined
  afterEach(async () => {
    await host?.close()
    disk?.unmount()
    dir?.cleanup()
    host = undefined
    disk = undefined
    dir = undefined
  })

  const open = (statfs?: () => { bavail: number; bsize: number }) => {
    host = createBenchHost({ dataDir: dir!.path, shell: 'browser-harness', appVersion: '0', demoProtocols: 40, clock: clockStartingAt(START), log: () => {}, ...(statfs ? { statfs } : {}) })
    return callerOf(host)
  }

  it('refuses an export up front when the folder has less than the reserve free: nothing queued, nothing written', async (context) => {
    dir = makeTempDir()
    const mounted = mountSmallDisk(join(dir.path, 'exports'), 2048)
    if (typeof mounted === 'string') return context.skip(mounted)
    disk = mounted
    const call = open()
    await expect(call('exports.start', { source: 'protocols', format: 'csv', params: {}, language: 'es' })).rejects.toMatchObject({ code: 'disk_full' })
    expect(readdirSync(disk.path)).toEqual([])
    expect(host!.db.prepare(`SELECT count(*) FROM jobs WHERE kind = 'export.write'`).pluck().get()).toBe(0)
    expect(es.errors.disk_full).toMatch(/disco/i)
  })

  it('a disk that fills during the export: the export fails as disk_full, its part file is gone, the data is intact, and it works once there is room', async (context) => {
    dir = makeTempDir()
    const mounted = mountSmallDisk(join(dir.path, 'exports'), 256)
    if (typeof mounted === 'string') return context.skip(mounted)
    disk = mounted
    // The system says there is plenty of room (as a disk another program is filling would, a moment earlier).
    const call = open(() => ({ bavail: 1 << 20, bsize: 4096 }))
    const filler = join(disk.path, 'filler')
    // Fill the tmpfs to its last block.
    try {
      writeFileSync(filler, Buffer.alloc(256 * 1024))
    } catch {
      // ENOSPC: it holds as much as fits.
    }
    const protocolsBefore = host!.db.prepare(`SELECT count(*) FROM protocols`).pluck().get()
    const started = await call('exports.start', { source: 'protocols', format: 'csv', params: {}, language: 'es' })
    await host!.queue.drained()
    const failed = await call('exports.get', { id: started.id })
    expect(failed.state).toBe('failed')
    const job = await call('jobs.get', { id: started.jobId! })
    expect(job.state).toBe('failed')
    expect(job.error?.code).toBe('disk_full')
    expect(readdirSync(disk.path)).toEqual(['filler'])
    expect(host!.db.prepare(`SELECT count(*) FROM protocols`).pluck().get()).toBe(protocolsBefore)

    rmSync(filler)
    const again = await call('exports.start', { source: 'protocols', format: 'csv', params: {}, language: 'es' })
    await host!.queue.drained()
    expect((await call('exports.get', { id: again.id })).state).toBe('done')
    expect(readdirSync(disk.path)).toEqual([again.path.split('/').pop()])
  })
})
