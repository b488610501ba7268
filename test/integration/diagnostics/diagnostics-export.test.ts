import Database from 'better-sqlite3'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync, strFromU8 } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { createRotatingLog, type RotatingLog } from '../../../src/main/platform/logging/rotating-log'
import type { ShellPorts } from '../../../src/main/platform/shell-ports'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { makeTempDir } from '../../support/temp-dir'

describe('diagnostics export', () => {
  let bench: TestHost | undefined
  let log: RotatingLog | undefined
  let dir: ReturnType<typeof makeTempDir> | undefined
  afterEach(async () => {
    await bench?.close()
    log?.close()
    dir?.cleanup()
    bench = undefined
    log = undefined
    dir = undefined
  })

  async function start(ports: ShellPorts = {}) {
    dir = makeTempDir('rb-diag-')
    log = createRotatingLog({ dir: join(dir.path, 'logs') })
    bench = await startTestHost({ log: log.log, ports: { logFiles: log, crashDumpsDir: join(dir.path, 'Crashpad'), ...ports } })
    await bench.call('clerks.save', { name: 'Marta', pin: '4321' })
    await bench.call('settings.update', { reportSignaturePng: null })
    await bench.call('sync.setServerUrl', { serverUrl: 'https://lab.example', adminPin: '8642' })
    return bench
  }

  it('zips logs, versions, settings without secrets, job stats and the integrity report; no patient data by default', async () => {
    const host = await start()
    log!.log('info', 'a line only the log file has')
    const result = await host.call('diagnostics.export', {})
    expect(result.path.startsWith(join(host.dataDir, 'exports'))).toBe(true)
    expect(result.includesPatientData).toBe(false)
    const zipped = readFileSync(result.path)
    expect(zipped.length).toBe(result.bytes)
    const files = unzipSync(new Uint8Array(zipped))
    expect(Object.keys(files).sort()).toEqual(result.entries)
    expect(result.entries).toEqual(expect.arrayContaining(['README.txt', 'app.json', 'settings.json', 'jobs.json', 'database.json', 'updates.json', 'logs/bench.log']))
    expect(result.entries.some((name) => name.endsWith('.sqlite'))).toBe(false)

    const text = (name: string) => strFromU8(files[name]!)
    const app = JSON.parse(text('app.json')) as { appVersion: string; versions: Record<string, string>; platform: string }
    expect(app.versions['node']).toBe(process.versions.node)
    expect(app.platform).toBe(process.platform)

    const settings = JSON.parse(text('settings.json')) as { clerks: { name: string; hasPin: boolean }[]; syncServerUrl: string; hasAdminPin: boolean }
    expect(settings.clerks).toContainEqual({ name: 'Marta', hasPin: true })
    expect(settings.syncServerUrl).toBe('https://lab.example')
    expect(settings.hasAdminPin).toBe(true)
    // No PIN hash (clerk or admin) anywhere in the archive.
    const everything = Object.values(files).map((bytes) => strFromU8(bytes)).join('\n')
    expect(everything).not.toMatch(/scrypt:/)

    const database = JSON.parse(text('database.json')) as { ok: boolean; integrityCheck: string[]; schemaVersion: number; tables: Record<string, number> }
    expect(database.ok).toBe(true)
    expect(database.integrityCheck).toEqual(['ok'])
    expect(database.schemaVersion).toBeGreaterThan(0)
    expect(database.tables['protocols']).toBe(20)

    const jobs = JSON.parse(text('jobs.json')) as { counts: Record<string, number> }
    expect(Object.keys(jobs.counts)).toEqual(expect.arrayContaining(['queued', 'failed']))
    expect(text('logs/bench.log')).toContain('a line only the log file has')
    // Demo animals and owners are patient data: none of them left the bench.
    const animals = host.host.db.prepare(`SELECT DISTINCT animal_name AS name FROM protocols WHERE length(animal_name) > 3`).all() as { name: string }[]
    expect(animals.length).toBeGreaterThan(0)
    for (const animal of animals) expect(everything).not.toContain(animal.name)
  })

  it('adds a consistent database copy only when the user includes patient data', async () => {
    const host = await start()
    const result = await host.call('diagnostics.export', { includePatientData: true })
    expect(result.includesPatientData).toBe(true)
    const files = unzipSync(new Uint8Array(readFileSync(result.path)))
    const copyPath = join(dir!.path, 'copy.sqlite')
    writeFileSync(copyPath, files['database/reception-bench.sqlite']!)
    const copy = new Database(copyPath, { readonly: true })
    try {
      expect((copy.prepare('SELECT COUNT(*) AS n FROM protocols').get() as { n: number }).n).toBe(20)
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      copy.close()
    }
  })

  it('saves where the shell dialog says, and a cancelled dialog saves nothing', async () => {
    const target = () => join(dir!.path, 'chosen.zip')
    let answer: 'save' | 'cancel' = 'save'
    const suggested: string[] = []
    const revealed: string[] = []
    const host = await start({
      chooseSavePath: async (name) => {
        suggested.push(name)
        return answer === 'save' ? target() : null
      },
      revealFile: (path) => revealed.push(path)
    })
    const saved = await host.call('diagnostics.export', {})
    expect(saved.path).toBe(target())
    expect(suggested[0]).toMatch(/^reception-bench-diagnostics-.*\.zip$/)
    expect(await host.call('diagnostics.reveal', { what: 'export' })).toEqual({ revealed: true })
    expect(revealed).toEqual([target()])
    answer = 'cancel'
    await expect(host.call('diagnostics.export', {})).rejects.toMatchObject({ code: 'cancelled' })
    const info = await host.call('diagnostics.info', {})
    expect(info.lastExport).toBe(target())
    expect(info.logDir).toBe(log!.dir)
    expect(info.logFiles.map((file) => file.name)).toContain('bench.log')
  })

  it('without an updater (harness) tracks the busy flag and refuses a restart', async () => {
    const host = await start()
    const status = await host.call('updates.status', {})
    expect(status.phase).toBe('unsupported')
    expect((await host.call('updates.setBusy', { busy: true })).busy).toBe(true)
    await expect(host.call('updates.restart', {})).rejects.toMatchObject({ code: 'conflict' })
    expect((await host.call('updates.setBusy', { busy: false })).busy).toBe(false)
    expect((await host.call('updates.check', {})).phase).toBe('unsupported')
  })
})
