import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { makeTempDir } from '../../support/temp-dir'
import { localDateTime } from '../../../src/main/features/exports/csv-format'
import { toSheetDate } from '../../../src/main/features/exports/xlsx-writer'
import { parseCsv, waitForExport, xlsxRows } from './export-fixture'

const TRICKY = { name: 'Ñoño "el grande"; y Lúa', owner: '=HYPERLINK("http://x")', species: 'Gato' }

describe('exports: protocols to CSV and XLSX as a job (real host, real files)', () => {
  let bench: TestHost | null = null
  const dirs: { cleanup(): void }[] = []
  afterEach(async () => {
    await bench?.close()
    bench = null
    for (const dir of dirs.splice(0)) dir.cleanup()
  })

  /** What the export should hold for a filter, straight from SQL, newest first. */
  const expected = (where: string, ...params: unknown[]) =>
    bench!.host.db
      .prepare(
        `SELECT p.number, p.animal_name AS animal, p.owner, v.name AS vet, p.received_at AS receivedAt, p.status
         FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id WHERE ${where} ORDER BY p.rowid DESC`
      )
      .all(...params) as { number: string | null; animal: string; owner: string; vet: string; receivedAt: string | null; status: string }[]

  const receiveTricky = async () => {
    const veterinarianId = bench!.host.db.prepare(`SELECT id FROM veterinarians LIMIT 1`).pluck().get() as string
    await bench!.call('reception.receive', { type: 'HP', veterinarianId, animal: TRICKY, sample: { sampleType: 'Biopsia', containers: [{}, {}] } })
  }

  it('writes a filtered search as CSV (UTF-8 with BOM, ; for Spanish) into <dataDir>/exports when no dialog exists, row for row', async () => {
    bench = await startTestHost({ demoProtocols: 300 })
    await receiveTricky()
    const started = await bench.call('exports.start', { source: 'protocols', format: 'csv', params: { text: '', status: 'received' }, language: 'es' })
    expect(started.chosenByUser).toBe(false)
    expect(started.path.startsWith(join(bench.dataDir, 'exports'))).toBe(true)
    const done = await waitForExport(bench.host, started.id)
    expect(done).toMatchObject({ state: 'done', path: started.path })
    const bytes = readFileSync(done.path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1), ';')
    expect(header?.slice(0, 3)).toEqual(['Número', 'Tipo', 'Estado'])
    const want = expected(`p.status = 'received' AND p.deleted_at IS NULL`)
    expect(done.rows).toBe(want.length)
    expect(rows).toHaveLength(want.length)
    rows.forEach((row, i) => {
      const w = want[i]!
      expect([row[0], row[2], row[4], row[9], row[10], row[14]]).toEqual([
        w.number,
        'Recibido',
        w.animal,
        // A cell Excel would run as a formula is written as text.
        /^[=+\-@]/.test(w.owner) ? `'${w.owner}` : w.owner,
        w.vet,
        w.receivedAt ? localDateTime(new Date(w.receivedAt)) : ''
      ])
    })
    expect(rows[0]![4]).toBe(TRICKY.name)
    expect(rows[0]![13]).toBe('2')
    expect(existsSync(`${done.path}.part`)).toBe(false)
  })

  it('writes XLSX in English to the path the save dialog gave; a cancelled dialog starts nothing', async () => {
    const target = makeTempDir('bench-export-target-')
    dirs.push(target)
    let answer: string | null = join(target.path, 'mine.xlsx')
    const offered: string[] = []
    bench = await startTestHost({
      demoProtocols: 120,
      ports: {
        chooseSavePath: async (name) => {
          offered.push(name)
          return answer
        }
      }
    })
    await receiveTricky()
    await bench.call('settings.update', { benchName: 'Recepción Norte' })
    const started = await bench.call('exports.start', { source: 'protocols', format: 'xlsx', params: { text: 'ñoño' }, language: 'en' })
    // The file says which bench made it: in its name, and as the workbook's author.
    expect(offered[0]).toMatch(/^protocols-Recepcion-Norte-\d{8}-\d{6}\.xlsx$/)
    const done = await waitForExport(bench.host, started.id)
    expect(done).toMatchObject({ state: 'done', path: join(target.path, 'mine.xlsx'), chosenByUser: true, rows: 1 })
    const rows: unknown[][] = []
    for await (const row of xlsxRows(done.path)) rows.push(row)
    expect(rows[0]?.slice(0, 3)).toEqual(['Number', 'Type', 'Status'])
    const properties = strFromU8(unzipSync(readFileSync(done.path), { filter: (file) => file.name === 'docProps/core.xml' })['docProps/core.xml']!)
    expect(properties).toContain('<dc:creator>Recepción Norte</dc:creator>')
    expect(rows).toHaveLength(2)
    const want = expected(`p.animal_name = ?`, TRICKY.name)[0]!
    expect(rows[1]?.[0]).toBe(want.number)
    expect(rows[1]?.[2]).toBe('Received')
    expect(rows[1]?.[4]).toBe(TRICKY.name)
    // XLSX keeps the owner as a string cell: no formula injection, no quote prefix.
    expect(rows[1]?.[9]).toBe(TRICKY.owner)
    expect(rows[1]?.[13]).toBe(2)
    expect((rows[1]?.[14] as Date).getTime()).toBe(toSheetDate(new Date(want.receivedAt!)).getTime())

    answer = null
    await expect(bench.call('exports.start', { source: 'protocols', format: 'csv', params: {}, language: 'es' })).rejects.toMatchObject({ code: 'cancelled' })
    expect(await bench.call('exports.list', {})).toHaveLength(1)
    await expect(bench.call('exports.start', { source: 'nope', format: 'csv', params: {} })).rejects.toMatchObject({ code: 'not_found' })
    await expect(bench.call('exports.start', { source: 'protocols', format: 'csv', params: { status: 'lost' } })).rejects.toMatchObject({ code: 'invalid_input' })
  })
})
