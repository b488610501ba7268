import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { MIGRATIONS } from '../../../src/main/platform/db/migrations'
import { createProtocolsRepository, toFtsQuery } from '../../../src/main/features/protocols/protocols-repository'
import { seedDemoData } from '../../../src/main/features/demo/demo-seed'
import { makeTempDir } from '../../support/temp-dir'

describe('protocol search (FTS5)', () => {
  const dir = makeTempDir()
  let db: Db
  let repo: ReturnType<typeof createProtocolsRepository>
  beforeAll(() => {
    db = openDatabase(join(dir.path, 'search.sqlite'))
    seedDemoData(db, { protocols: 600, now: new Date('2026-06-15T10:00:00Z') })
    repo = createProtocolsRepository(db)
  })
  afterAll(() => {
    db.close()
    dir.cleanup()
  })

  const all = () => repo.search({ text: '', offset: 0, limit: 500 }).rows

  it('finds a protocol by its number as printed on the label, and by a partial sequence', () => {
    const target = all().find((row) => row.number !== null)!
    const exact = repo.search({ text: target.number!, offset: 0, limit: 10 })
    expect(exact.rows.map((row) => row.id)).toEqual([target.id])
    const lower = repo.search({ text: target.number!.toLowerCase().replace(' ', ''), offset: 0, limit: 10 })
    expect(lower.rows[0]?.id).toBe(target.id)
    const seq = target.number!.split('/')[1]!
    expect(repo.search({ text: seq, offset: 0, limit: 50 }).rows.map((row) => row.id)).toContain(target.id)
  })

  it('matches owner and veterinarian names without accents and by prefix', () => {
    const withAccent = all().find((row) => row.owner.includes('Peña'))!
    const found = repo.search({ text: 'sanchez pena', offset: 0, limit: 500 })
    expect(found.rows.length).toBeGreaterThan(0)
    expect(found.rows.every((row) => row.owner === 'Sánchez Peña')).toBe(true)
    expect(found.rows.map((row) => row.id)).toContain(withAccent.id)
    const vet = repo.search({ text: 'ibañ', offset: 0, limit: 500 })
    expect(vet.rows.some((row) => row.veterinarianName.includes('Ibáñez') || row.owner.includes('Ibáñez'))).toBe(true)
  })

  it('combines text with status and type filters', () => {
    const page = repo.search({ text: 'luna', status: 'rejected', type: 'HP', offset: 0, limit: 500 })
    expect(page.rows.length).toBeGreaterThan(0)
    for (const row of page.rows) {
      expect(row.status).toBe('rejected')
      expect(row.type).toBe('HP')
      expect(row.animalName).toBe('Luna')
    }
  })

  it('pages through the whole table newest first with an exact total', () => {
    const first = repo.search({ text: '', offset: 0, limit: 100 })
    const second = repo.search({ text: '', offset: 100, limit: 100 })
    expect(first.total).toBe(600)
    expect(first.totalIsExact).toBe(true)
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(200)
    expect(first.rows[0]!.createdAt >= second.rows[0]!.createdAt).toBe(true)
  })

  it('treats FTS syntax typed by a clerk as plain text', () => {
    expect(toFtsQuery('luna" OR *')).toBe('"luna"* "OR"*')
    expect(toFtsQuery('  --- ')).toBeNull()
    expect(() => repo.search({ text: 'NEAR(" AND', offset: 0, limit: 10 })).not.toThrow()
  })

  it('keeps the index in step when a protocol changes', () => {
    const target = all()[0]!
    db.prepare(`UPDATE protocols SET owner = 'Zubizarreta Oñate' WHERE id = ?`).run(target.id)
    repo.reindex(target.id)
    expect(repo.search({ text: 'onate', offset: 0, limit: 10 }).rows.map((row) => row.id)).toEqual([target.id])
    expect(repo.search({ text: target.owner, offset: 0, limit: 500 }).rows.map((row) => row.id)).not.toContain(target.id)
  })

  it('counts a capped total only when the first page is full', () => {
    const many = repo.search({ text: 'l', offset: 0, limit: 10 })
    expect(many.rows).toHaveLength(10)
    expect(many.total).toBeGreaterThan(10)
    const onlyOne = repo.search({ text: 'onate', offset: 0, limit: 10 })
    expect(onlyOne).toMatchObject({ total: 1, totalIsExact: true })
  })
})

describe('upgrading to the ten prefix lengths of the search index', () => {
  it('keeps every protocol findable by the same words and prefixes as before', () => {
    const dir = makeTempDir()
    try {
      const file = join(dir.path, 'before-prefixes.sqlite')
      const old = openDatabase(file, { migrations: MIGRATIONS.filter((migration) => migration.version < 14) })
      seedDemoData(old, { protocols: 300, now: new Date('2026-06-15T10:00:00Z') })
      const typed = ['l', 'lu', 'pena', 'sanchez pe', 'garc', 'toby g', 'ibañ', '9', 'SUB-1', 'fernández', 'martinez r']
      const found = (db: Db) => typed.map((text) => createProtocolsRepository(db).search({ text, offset: 0, limit: 500 }).rows.map((row) => row.id))
      const before = found(old)
      old.close()
      const upgraded = openDatabase(file)
      try {
        expect(upgraded.prepare(`SELECT sql FROM sqlite_master WHERE name = 'protocols_fts'`).pluck().get()).toContain(`prefix = '1 2 3 4 5 6 7 8 9 10'`)
        expect(Object.fromEntries(typed.map((text, i) => [text, before[i]!.length > 0]))).toEqual(Object.fromEntries(typed.map((text) => [text, true])))
        expect(found(upgraded)).toEqual(before)
      } finally {
        upgraded.close()
      }
    } finally {
      dir.cleanup()
    }
  })
})

describe('a seeded history over several years (the bench data folders)', () => {
  it('numbers each protocol in the year it was received, each year starting again at the first number', () => {
    const dir = makeTempDir()
    const db = openDatabase(join(dir.path, 'history.sqlite'))
    try {
      seedDemoData(db, { protocols: 3000, years: 3, now: new Date('2026-03-02T10:00:00Z'), withHistory: false, firstSeq: 1 })
      const perYear = db
        .prepare(
          `SELECT year, type, count(*) AS n, min(seq) AS first, max(seq) AS last,
                  sum(substr(received_at, 1, 4) <> CAST(year AS TEXT)) AS wrongYear
           FROM protocols WHERE seq IS NOT NULL GROUP BY year, type ORDER BY year, type`
        )
        .all() as { year: number; type: string; n: number; first: number; last: number; wrongYear: number }[]
      expect(new Set(perYear.map((row) => row.year))).toEqual(new Set([2023, 2024, 2025, 2026]))
      for (const row of perYear) expect(row).toMatchObject({ first: 1, last: row.n, wrongYear: 0 })
      // The last two months of three years: the current year holds the fewest.
      const hp = (year: number) => perYear.find((row) => row.type === 'HP' && row.year === year)!.n
      expect(hp(2026)).toBeLessThan(hp(2025) / 4)
    } finally {
      db.close()
      dir.cleanup()
    }
  })
})
