import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import { csvDelimiter, localDateTime } from '../../../src/main/features/exports/csv-format'
import { toSheetDate } from '../../../src/main/features/exports/xlsx-writer'
import type { ExportFormat, ExportView } from '../../../src/shared/exports'
import { parseCsv, seededFolder, waitForExport, xlsxRows } from './export-fixture'

const run = promisify(execFile)

interface Expected {
  number: string | null
  type: string
  animal: string
  species: string
  owner: string
  vet: string
  containers: number
  receivedAt: string | null
  createdAt: string
}

describe('exports of 100,000 protocols', () => {
  let big: ReturnType<typeof seededFolder>
  let small: ReturnType<typeof seededFolder>
  let host: BenchHost
  let expected: Expected[]
  beforeAll(() => {
    big = seededFolder(100_000)
    small = seededFolder(20_000)
    host = createBenchHost({ dataDir: big.path, shell: 'browser-harness', appVersion: '0', demoProtocols: 0, log: () => {} })
    expected = host.db
      .prepare(
        `SELECT p.number, p.type, p.animal_name AS animal, p.species, p.owner, v.name AS vet,
           json_array_length(p.containers_json) AS containers, p.received_at AS receivedAt, p.created_at AS createdAt
         FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id ORDER BY p.rowid DESC`
      )
      .all() as Expected[]
  }, 120_000)
  afterAll(async () => {
    await host.close()
    big.cleanup()
    small.cleanup()
  })

  const exportAll = async (format: ExportFormat): Promise<ExportView> => {
    const result = await host.dispatch('exports.start', { source: 'protocols', format, params: {}, language: 'es' })
    if (!result.ok) throw new Error(result.error.message)
    return waitForExport(host, (result.value as ExportView).id)
  }

  it('CSV holds every row, in order, read back field by field', async () => {
    const done = await exportAll('csv')
    expect(done).toMatchObject({ state: 'done', rows: 100_000, totalRows: 100_000 })
    const [header, ...rows] = parseCsv(readFileSync(done.path, 'utf8').replace(/^\uFEFF/, ''), csvDelimiter('es'))
    expect(header).toHaveLength(18)
    expect(rows).toHaveLength(expected.length)
    rows.forEach((row, i) => {
      const want = expected[i]!
      expect([row[0], row[1], row[4], row[5], row[9], row[10], row[13], row[14], row[17]]).toEqual([
        want.number ?? '',
        want.type,
        want.animal,
        want.species,
        want.owner,
        want.vet,
        String(want.containers),
        want.receivedAt ? localDateTime(new Date(want.receivedAt)) : '',
        localDateTime(new Date(want.createdAt))
      ])
    })
  }, 120_000)

  it('XLSX (streamed) holds every row, in order, read back with exceljs', async () => {
    const done = await exportAll('xlsx')
    expect(done).toMatchObject({ state: 'done', rows: 100_000 })
    let i = -1
    for await (const row of xlsxRows(done.path)) {
      if (i >= 0) {
        const want = expected[i]!
        expect([row[0], row[1], row[4], row[5], row[9], row[10], row[13]]).toEqual([
          want.number ?? undefined,
          want.type,
          want.animal,
          want.species,
          want.owner,
          want.vet,
          want.containers
        ])
        expect((row[14] as Date | undefined)?.getTime()).toBe(want.receivedAt ? toSheetDate(new Date(want.receivedAt)).getTime() : undefined)
        expect((row[17] as Date).getTime()).toBe(toSheetDate(new Date(want.createdAt)).getTime())
      }
      i++
    }
    expect(i).toBe(expected.length)
  }, 120_000)

  it('memory does not grow with the row count: 20,000 and 100,000 rows peak alike', async () => {
    const measure = async (dir: string, format: ExportFormat) => {
      const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'export-memory-process.ts'), dir, format])
      return JSON.parse(stdout.trim().split('\n').pop()!) as { rows: number; state: string; rssGrowth: number; liveGrowth: number }
    }
    const MB = 1024 * 1024
    for (const format of ['csv', 'xlsx'] as const) {
      const few = await measure(small.path, format)
      const many = await measure(big.path, format)
      expect([few.rows, many.rows, many.state]).toEqual([20_000, 100_000, 'done'])
      // Reachable memory: the same few MB (a chunk, the zip's window) however many rows.
      expect(many.liveGrowth - few.liveGrowth).toBeLessThan(8 * MB)
      // Resident size also holds SQLite's page cache, capped at 32 MB whatever the file size.
      expect(many.rssGrowth - few.rssGrowth).toBeLessThan(48 * MB)
    }
  }, 240_000)
})
