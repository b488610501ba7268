import { afterEach, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, openSync, writeSync, closeSync, statSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createBenchHost, DATABASE_FILE, type BenchHost } from '../../../src/main/host'
import type { ReceiveInput } from '../../../src/shared/reception'
import { requests, type EventPayload } from '../../../src/shared/contract'
import { seededRandom } from '../../../src/shared/seeded-random'
import { BACKUPS_DAILY } from '../../../src/main/features/backups/backups-module'
import { snapshotName } from '../../../src/main/features/backups/snapshot-files'
import { DAMAGE_RECORD_FILE } from '../../../src/main/features/backups/damage-record'
import { es } from '../../../src/renderer/src/i18n/es'
import { en } from '../../../src/renderer/src/i18n/en'
import { makeTempDir } from '../../support/temp-dir'
import { callerOf } from '../../support/call'
import { mountSmallDisk, type SmallDisk } from '../../support/small-disk'
import { TEST_START } from '../../support/test-clock'
import { typedRange } from '../../support/bench-host'

const DAY_MS = 24 * 60 * 60 * 1000

/** A real bench on a real data folder, with a clock the test moves (never the machine's date). */
function bench(dataDir: string) {
  const state: { host: BenchHost | null; now: Date } = { host: null, now: TEST_START }
  const open = () => {
    state.host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: '0', demoProtocols: 20, clock: () => state.now, log: () => {} })
    return state.host
  }
  const call = callerOf(() => state.host!)
  const refusal = async (promise: Promise<unknown>) => promise.then(() => null, (error: { code?: string }) => error.code ?? String(error))
  return {
    state,
    open,
    call,
    refusal,
    get host() {
      return state.host!
    },
    advanceDays(days: number) {
      state.now = new Date(state.now.getTime() + days * DAY_MS)
    },
    protocolCount: () => state.host!.db.prepare('SELECT count(*) FROM protocols').pluck().get() as number,
    async close() {
      await state.host?.close()
      state.host = null
    }
  }
}

/**
 * Types an HP range for this year on a bench that was trying the app: a bench with demo data takes
 * no typed range, so its demo data goes first and a clerk and a veterinarian of its own come in.
 */
async function typeARangeLeavingDemo(b: ReturnType<typeof bench>, start: number, end: number): Promise<void> {
  await b.call('demo.remove', {})
  await b.call('clerks.save', { name: 'Ana (demo)' })
  await b.call('veterinarians.create', { name: 'Dra. Ruiz', clinic: '', email: '', phone: '', licence: '' })
  await b.call('numbers.addLocalRange', typedRange({ type: 'HP', year: TEST_START.getFullYear(), start, end }))
}

const walkIn = (veterinarianId: string): ReceiveInput => ({
  type: 'HP',
  veterinarianId,
  animal: { name: 'Luna', species: 'Perro', breed: 'Mestizo', sex: 'female', age: '7 años', owner: 'Núñez' },
  sample: { sampleType: 'Nódulo cutáneo', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] }
})

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

function countIn(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT count(*) FROM protocols').pluck().get() as number
  } finally {
    db.close()
  }
}

function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n')
  } finally {
    db.close()
  }
}

/** Overwrites `bytes` in the middle of the file with seeded noise, as a failing disk sector would. */
/**
 * Overwrites `bytes` with noise from the page that holds the number blocks (the table's root page):
 * where in the file that lies depends on the schema's history, not on the file's size.
 */
function damageNumberBlocks(file: string, bytes: number): void {
  const source = new Database(file, { readonly: true, fileMustExist: true })
  const root = source.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'number_blocks'`).pluck().get() as number
  const pageSize = source.pragma('page_size', { simple: true }) as number
  source.close()
  const random = seededRandom(15)
  const noise = Buffer.from(Array.from({ length: bytes }, () => Math.floor(random() * 256)))
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, noise, 0, bytes, (root - 1) * pageSize)
  } finally {
    closeSync(fd)
  }
}

describe('local backups', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined
  let current: ReturnType<typeof bench> | undefined
  const disks: SmallDisk[] = []
  afterEach(async () => {
    await current?.close()
    current = undefined
    for (const disk of disks.splice(0)) disk.unmount()
    dir?.cleanup()
    dir = undefined
  })

  const start = () => {
    dir = makeTempDir('rb-backups-')
    current = bench(join(dir.path, 'data'))
    current.open()
    return current
  }
  const receive = async (b: ReturnType<typeof bench>) => {
    await b.call('session.setClerk', { name: 'Ana (demo)' })
    const vet = b.host.db.prepare('SELECT id FROM veterinarians ORDER BY name LIMIT 1').pluck().get() as string
    return b.call('reception.receive', walkIn(vet))
  }

  it('a snapshot is written with VACUUM INTO, verified, and listed as the last good backup', async () => {
    const b = start()
    await receive(b)
    const unsent = b.host.db.prepare('SELECT count(*) FROM outbox WHERE acked_at IS NULL').pluck().get() as number
    const snapshot = await b.call('backups.snapshotNow', {})
    const folder = join(dir!.path, 'data', 'backups')
    expect(snapshot).toMatchObject({ name: snapshotName(TEST_START), verified: true, createdAt: TEST_START.toISOString(), unsyncedChanges: unsent })
    expect(unsent).toBeGreaterThan(0)
    const file = join(folder, snapshot.name)
    expect(statSync(file).size).toBe(snapshot.bytes)
    expect(integrityOf(file)).toBe('ok')
    expect(countIn(file)).toBe(b.protocolCount())
    // No temporary file is left behind.
    expect(readdirSync(folder).sort()).toEqual([snapshot.name, `${snapshot.name}.json`])
    const status = await b.call('backups.status', {})
    expect(status).toMatchObject({ folder, keepDays: 14, lastGood: snapshot, lastFailure: null, health: { state: 'ok' }, unsyncedChanges: unsent })
    expect(status.snapshots).toEqual([snapshot])
    // What the handlers answer is what the contract promises the renderer.
    expect(() => requests['backups.status'].output.parse(status)).not.toThrow()
    expect(() => requests['backups.snapshotNow'].output.parse(snapshot)).not.toThrow()
  })

  it('the bench keeps answering while a snapshot is taken: its checks and copy run off the main thread', async () => {
    const b = start()
    await receive(b)
    const order: string[] = []
    const snapshot = b.call('backups.snapshotNow', {}).then((taken) => (order.push('snapshot'), taken))
    // Asked after the snapshot: a snapshot taken on the main thread would answer first.
    const received = receive(b).then((result) => (order.push('receive'), result))
    const [taken, result] = await Promise.all([snapshot, received])
    expect(order).toEqual(['receive', 'snapshot'])
    expect(taken.verified).toBe(true)
    expect(result.protocol.number).not.toBeNull()
  })

  it('the daily job keeps N days of snapshots, by the bench clock', async () => {
    const b = start()
    await b.call('backups.configure', { keepDays: 2 })
    const taken: string[] = []
    for (let day = 0; day < 5; day++) {
      if (day > 0) b.advanceDays(1)
      const id = b.host.db.transaction(() => b.host.queue.enqueue(BACKUPS_DAILY, {}).job.id)()
      await b.host.queue.drained()
      expect(b.host.queue.get(id)?.state).toBe('succeeded')
      taken.push(snapshotName(b.state.now))
    }
    const status = await b.call('backups.status', {})
    // Day 4 keeps the snapshots of days 2, 3 and 4 (not older than two days); days 0 and 1 went.
    expect(status.snapshots.map((snapshot) => snapshot.name)).toEqual([taken[4], taken[3], taken[2]])
    expect(status.lastGood?.name).toBe(taken[4])
    expect(readdirSync(status.folder).filter((name) => name.endsWith('.sqlite')).sort()).toEqual([taken[2], taken[3], taken[4]])
  })

  it('restoring a snapshot brings its data back and keeps the replaced file aside', async () => {
    const b = start()
    await receive(b)
    const atSnapshot = b.protocolCount()
    const snapshot = await b.call('backups.snapshotNow', {})
    b.advanceDays(0.1)
    const afterSnapshot = await receive(b)
    expect(b.protocolCount()).toBe(atSnapshot + 1)
    const events: EventPayload<'backups.changed'>[] = []
    b.host.subscribe((event, payload) => event === 'backups.changed' && events.push(payload as EventPayload<'backups.changed'>))

    expect(await b.refusal(b.call('backups.restore', { name: snapshot.name, confirm: false as true }))).toBe('invalid_input')
    expect(await b.refusal(b.call('backups.restore', { name: 'reception-bench-20260101-000000.sqlite', confirm: true }))).toBe('not_found')
    expect(b.protocolCount()).toBe(atSnapshot + 1)

    const restored = await b.call('backups.restore', { name: snapshot.name, confirm: true })
    expect(restored).toMatchObject({ restored: { name: snapshot.name }, pullFromServerNext: false, numberingCarried: true })
    expect(() => requests['backups.restore'].output.parse(restored)).not.toThrow()
    expect(b.protocolCount()).toBe(atSnapshot)
    expect(restored.keptAside).toMatch(/kept-aside\/reception-bench-.*-before-restore\.sqlite$/)
    expect(countIn(restored.keptAside)).toBe(atSnapshot + 1)
    expect(events.at(-1)?.health).toEqual({ state: 'ok' })
    // The restored bench works: it receives again, and never under a number it had handed out.
    const next = await receive(b)
    expect(b.protocolCount()).toBe(atSnapshot + 1)
    expect(next.protocol.seq).toBe(afterSnapshot.protocol.seq! + 1)
  })

  it('a database with 8 KiB overwritten is found at start; writes are refused in Spanish and English; the latest good snapshot brings it back', async () => {
    const b = start()
    await receive(b)
    const good = await b.call('backups.snapshotNow', {})
    const atSnapshot = b.protocolCount()
    const afterSnapshot = await receive(b)
    const vet = b.host.db.prepare('SELECT id FROM veterinarians ORDER BY name LIMIT 1').pluck().get() as string
    await b.close()
    const dataDir = join(dir!.path, 'data')
    const file = join(dataDir, DATABASE_FILE)
    expect(statSync(file).size).toBeGreaterThan(64 * 1024)
    damageNumberBlocks(file, 8 * 1024)
    const damagedHash = sha256(file)

    b.advanceDays(0.1)
    b.open()
    const status = await b.call('backups.status', {})
    expect(status.health).toMatchObject({ state: 'damaged', foundBy: 'start', detectedAt: b.state.now.toISOString() })
    expect(status.lastGood?.name).toBe(good.name)
    expect(status.unsyncedChanges).toBeNull()
    expect(() => requests['backups.status'].output.parse(status)).not.toThrow()
    const damage = status.health.state === 'damaged' ? status.health : null
    expect(damage?.detail).not.toBe('')
    expect(damage?.keptAside).toMatch(/kept-aside\/reception-bench-.*-damaged\.sqlite$/)
    expect(sha256(damage!.keptAside!)).toBe(damagedHash)

    // Every write is refused with the code the renderer translates; nothing touches the file.
    expect(await b.refusal(b.call('session.setClerk', { name: 'Ana (demo)' }))).toBe('database_damaged')
    expect(await b.refusal(b.call('reception.receive', walkIn(vet)))).toBe('database_damaged')
    expect(await b.refusal(b.call('settings.update', { benchName: 'B' }))).toBe('database_damaged')
    expect(await b.refusal(b.call('backups.snapshotNow', {}))).toBe('database_damaged')
    expect(es.errors.database_damaged).toMatch(/base de datos.*dañada/i)
    expect(en.errors.database_damaged).toMatch(/database.*damaged/i)
    expect(() => b.host.db).toThrow(/damaged/)

    // A restart does not make it forget (the record outlives the process).
    await b.close()
    b.open()
    expect((await b.call('backups.status', {})).health.state).toBe('damaged')
    expect(sha256(file)).toBe(damagedHash)

    const restored = await b.call('backups.restore', { name: good.name, confirm: true })
    expect(restored).toMatchObject({ pullFromServerNext: true, keptAside: damage!.keptAside })
    expect(() => requests['backups.restore'].output.parse(restored)).not.toThrow()
    expect((await b.call('backups.status', {})).health).toEqual({ state: 'ok' })
    expect(existsSync(join(dataDir, DAMAGE_RECORD_FILE))).toBe(false)
    expect(b.protocolCount()).toBe(atSnapshot)
    expect(sha256(damage!.keptAside!)).toBe(damagedHash)
    expect(sha256(file)).not.toBe(damagedHash)
    // Whether these 8 KiB spared the number blocks depends on the file's layout; either way no
    // number given after the snapshot is given again (the next two tests take each way for sure).
    await typeARangeLeavingDemo(b, 5000, 5100)
    const beforeReceiving = b.protocolCount()
    const next = await receive(b)
    expect(b.protocolCount()).toBe(beforeReceiving + 1)
    expect(next.protocol.seq).toBe(restored.numberingCarried ? afterSnapshot.protocol.seq! + 1 : 5000)
  })

  it('a damaged file whose number blocks cannot be read: every restored block is closed, no number is given twice', async () => {
    const b = start()
    const good = await b.call('backups.snapshotNow', {})
    const afterSnapshot = await receive(b)
    const rootpage = b.host.db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'number_blocks'`).pluck().get() as number
    const pageSize = b.host.db.pragma('page_size', { simple: true }) as number
    await b.close()
    const file = join(dir!.path, 'data', DATABASE_FILE)
    const fd = openSync(file, 'r+')
    try {
      writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (rootpage - 1) * pageSize)
    } finally {
      closeSync(fd)
    }
    b.open()
    expect((await b.call('backups.status', {})).health.state).toBe('damaged')
    const restored = await b.call('backups.restore', { name: good.name, confirm: true })
    expect(restored.numberingCarried).toBe(false)
    expect(await b.refusal(receive(b))).toBe('numbers_exhausted')
    // A new range (or a server lease after pulling) and the bench receives again, past the old numbers.
    await typeARangeLeavingDemo(b, 5000, 5100)
    const next = await receive(b)
    expect(next.protocol.seq).toBe(5000)
    expect(next.protocol.seq).toBeGreaterThan(afterSnapshot.protocol.seq!)
  })

  it('damage found by the daily full check blocks writes at once, and stays blocked after a restart', async () => {
    const b = start()
    const good = await b.call('backups.snapshotNow', {})
    const afterSnapshot = await receive(b)
    // An index that no longer matches its rows: quick_check passes, integrity_check does not.
    const db = b.host.db
    db.exec('CREATE TABLE damage_probe (a, b); CREATE INDEX damage_probe_a ON damage_probe (a); INSERT INTO damage_probe VALUES (1, 2), (3, 4);')
    db.unsafeMode(true)
    db.pragma('writable_schema = ON')
    db.exec(`UPDATE sqlite_schema SET sql = 'CREATE INDEX damage_probe_a ON damage_probe (b)' WHERE name = 'damage_probe_a'`)
    db.pragma('writable_schema = OFF')
    db.pragma(`schema_version = ${(db.pragma('schema_version', { simple: true }) as number) + 1}`)
    db.unsafeMode(false)
    expect(db.prepare('PRAGMA quick_check').pluck().all()).toEqual(['ok'])

    const blocked = new Promise<EventPayload<'backups.changed'>>((resolve) => {
      b.host.subscribe((event, payload) => {
        const status = payload as EventPayload<'backups.changed'>
        if (event === 'backups.changed' && status.health.state === 'damaged') resolve(status)
      })
    })
    b.host.db.transaction(() => b.host.queue.enqueue(BACKUPS_DAILY, {}).job.id)()
    const status = await blocked
    expect(status.health).toMatchObject({ state: 'damaged', foundBy: 'daily' })
    expect(status.health.state === 'damaged' && status.health.detail).toMatch(/missing from index damage_probe_a/)
    expect(status.lastGood?.name).toBe(good.name)
    expect(await b.refusal(b.call('session.setClerk', { name: 'Ana (demo)' }))).toBe('database_damaged')
    await b.close()
    b.open()
    expect((await b.call('backups.status', {})).health).toMatchObject({ state: 'damaged', foundBy: 'daily' })

    // Here the damaged file still gives up its number blocks: the restored bench goes on after them.
    const restored = await b.call('backups.restore', { name: good.name, confirm: true })
    expect(restored).toMatchObject({ pullFromServerNext: true, numberingCarried: true })
    const next = await receive(b)
    expect(next.protocol.seq).toBe(afterSnapshot.protocol.seq! + 1)
  })

  it('a full backup disk: a clear reason, no partial file, the database untouched', async (context) => {
    const b = start()
    const disk = mountSmallDisk(join(dir!.path, 'usb'), 64)
    if (typeof disk === 'string') return context.skip(disk)
    disks.push(disk)
    await b.call('backups.configure', { folder: disk.path })
    const before = b.protocolCount()
    expect(await b.refusal(b.call('backups.snapshotNow', {}))).toBe('disk_full')
    expect(readdirSync(disk.path)).toEqual([])
    const status = await b.call('backups.status', {})
    expect(status.lastFailure).toMatchObject({ reason: 'disk_full', at: TEST_START.toISOString() })
    expect(status.lastGood).toBeNull()
    expect(b.protocolCount()).toBe(before)
    expect(es.errors.disk_full).toMatch(/disco.*lleno/i)
  })

  it('a read-only or missing backup folder: a clear reason, nothing written', async (context) => {
    const b = start()
    await b.call('backups.configure', { folder: join(dir!.path, 'unplugged-usb') })
    expect(await b.refusal(b.call('backups.snapshotNow', {}))).toBe('folder_missing')
    // Not made on the local disk in place of the absent drive.
    expect(existsSync(join(dir!.path, 'unplugged-usb'))).toBe(false)
    expect((await b.call('backups.status', {})).lastFailure?.reason).toBe('folder_missing')

    const disk = mountSmallDisk(join(dir!.path, 'share'), 1024, { readOnly: true })
    if (typeof disk === 'string') return context.skip(disk)
    disks.push(disk)
    await b.call('backups.configure', { folder: disk.path })
    expect(await b.refusal(b.call('backups.snapshotNow', {}))).toBe('folder_read_only')
    expect((await b.call('backups.status', {})).lastFailure?.reason).toBe('folder_read_only')
    expect(es.errors.folder_read_only).toMatch(/solo lectura/i)
  })

  it('a full data disk: the receive is refused with a clear reason and nothing is lost', async (context) => {
    dir = makeTempDir('rb-backups-full-')
    const disk = mountSmallDisk(join(dir.path, 'data'), 4096)
    if (typeof disk === 'string') return context.skip(disk)
    disks.push(disk)
    current = bench(disk.path)
    const b = current
    b.open()
    await receive(b)
    const before = b.protocolCount()
    // Fill what is left of the disk.
    const filler = join(disk.path, 'filler')
    const chunk = Buffer.alloc(64 * 1024, 1)
    const fd = openSync(filler, 'w')
    try {
      for (;;) writeSync(fd, chunk)
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC')
    } finally {
      closeSync(fd)
    }
    let refused: string | null = null
    // A few receives: the WAL may still have room for the first.
    for (let i = 0; i < 50 && refused === null; i++) refused = await b.refusal(receive(b))
    expect(refused).toBe('disk_full')
    const committed = b.protocolCount()
    expect(committed).toBeGreaterThanOrEqual(before)
    rmSync(filler)
    await receive(b)
    expect(b.protocolCount()).toBe(committed + 1)
    await b.close()
    expect(integrityOf(join(disk.path, DATABASE_FILE))).toBe('ok')
  })
})
