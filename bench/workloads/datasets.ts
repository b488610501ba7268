/**
 * Large data folders the bench measures against (200,000 and 1,000,000 protocols). Seeding a
 * million protocols takes minutes, so each folder is built once and kept under .bench/data/,
 * named by a hash of everything that decides its bytes: the migrations, the demo seed, the
 * protocol repository's insert and FTS statements, the seeded PRNG, the dataset's own
 * parameters and this file's FORMAT. Change any of them and the next run builds a fresh folder (and drops the stale
 * one); otherwise a rerun starts in seconds. An area never works on the cached folder itself:
 * it takes a copy (`copyDataFolder`), since starting the app writes to its database.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createBenchHost, DATABASE_FILE } from '../../src/main/host'
import { seedDemoData } from '../../src/main/features/demo/demo-seed'

const ROOT = resolve(import.meta.dirname, '../..')
const CACHE_DIR = join(ROOT, '.bench', 'data')

/** Sources whose change changes the seeded database. */
const SOURCES = [
  'src/main/platform/db/migrations',
  'src/main/features/demo/demo-seed.ts',
  'src/main/features/demo/first-start.ts',
  'src/main/features/protocols/protocols-repository.ts',
  'src/main/features/veterinarians/veterinarians-repository.ts',
  'src/shared/seeded-random.ts'
]

/** Bump when this file changes how a folder is built (it is not hashed itself, so comments are free). */
const FORMAT = 3

export interface Dataset {
  /** Folder name prefix under .bench/data/. */
  name: string
  protocols: number
  /** Years of history the protocols spread over, ending at SEEDED_AT: each year's numbers stay under MAX_SEQ. */
  years: number
}

/** A fixed day, so the seeded numbers (and the numbers searched for) are the same every year. */
export const SEEDED_AT = new Date('2026-03-02T10:00:00Z')

/**
 * Two labs' histories: 200,000 protocols over 5 years and a decade of 1,000,000. SEEDED_AT's own
 * year holds its first two months only, so a bench started on it this year or later still has
 * free numbers to receive with.
 */
export const PROTOCOLS_200K: Dataset = { name: 'protocols-200k', protocols: 200_000, years: 5 }
export const PROTOCOLS_1M: Dataset = { name: 'protocols-1m', protocols: 1_000_000, years: 10 }

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path)
  if (!path.endsWith('.ts')) return readdirSync(full).sort().map((file) => join(full, file))
  return [full]
}

/** The hash naming a dataset's folder. */
export function datasetKey(dataset: Dataset): string {
  const hash = createHash('sha256').update(JSON.stringify({ ...dataset, format: FORMAT, seededAt: SEEDED_AT.toISOString() }))
  for (const file of SOURCES.flatMap(sourceFiles)) hash.update(file.slice(ROOT.length)).update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

/**
 * The cached data folder of `dataset`, built first when missing: a bench with two clerks and
 * the dataset's protocols from the demo seed (no per-row status history, like the foundation
 * area's 200k), its WAL checkpointed into the one database file.
 */
export async function cachedDataFolder(dataset: Dataset, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<string> {
  const folder = join(CACHE_DIR, `${dataset.name}-${datasetKey(dataset)}`)
  if (existsSync(join(folder, DATABASE_FILE))) return folder
  mkdirSync(CACHE_DIR, { recursive: true })
  for (const stale of readdirSync(CACHE_DIR).filter((entry) => entry.startsWith(`${dataset.name}-`))) rmSync(join(CACHE_DIR, stale), { recursive: true, force: true })
  const building = `${folder}.building`
  rmSync(building, { recursive: true, force: true })
  const started = performance.now()
  log(`  building the ${dataset.protocols.toLocaleString('en')}-protocol data folder once (kept in ${folder.slice(ROOT.length + 1)})…`)
  const host = createBenchHost({ dataDir: building, shell: 'browser-harness', appVersion: 'bench', demoProtocols: 0, clock: () => SEEDED_AT, workerCount: 1, log: () => undefined })
  try {
    seedDemoData(host.db, { protocols: dataset.protocols, years: dataset.years, now: SEEDED_AT, withHistory: false, firstSeq: 1 })
    // A lab's own history, not demo rows: a demo row would take its number from the demo block
    // when received, and the bench would count as one trying the app.
    const withDemoColumn = host.db
      .prepare(`SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'demo')`)
      .pluck()
      .all() as string[]
    for (const table of withDemoColumn) host.db.prepare(`UPDATE ${table} SET demo = 0`).run()
    // The bench went through its first-run setup long ago: it opens on Reception.
    const setUp = await host.dispatch('firstRun.complete', { benchName: 'Recepción 1' })
    if (!setUp.ok) throw new Error(`firstRun.complete answered ${setUp.error.code}`)
    for (const name of ['Ana (demo)', 'Luis (demo)']) {
      const saved = await host.dispatch('clerks.save', { name })
      if (!saved.ok) throw new Error(`clerks.save answered ${saved.error.code}`)
    }
    host.db.pragma('optimize')
  } finally {
    // Closing checkpoints the WAL into the database file, so a copy is that one file.
    await host.close()
  }
  renameSync(building, folder)
  log(`  built in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  return folder
}

/** A private copy of a cached data folder (the database file only), removed by the caller. */
export function copyDataFolder(folder: string, prefix = 'rb-bench-data-'): string {
  const copy = mkdtempSync(join(tmpdir(), prefix))
  copyFileSync(join(folder, DATABASE_FILE), join(copy, DATABASE_FILE))
  writeFileSync(join(copy, 'copied-from'), `${folder}\n`)
  return copy
}
