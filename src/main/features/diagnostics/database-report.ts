import type { Db } from '../../platform/db/database'

export interface DatabaseReport {
  schemaVersion: number
  integrityCheck: string[]
  quickCheck: string[]
  ok: boolean
  journalMode: string
  pageSize: number
  pageCount: number
  freelistCount: number
  tables: Record<string, number>
}

/**
 * The database's health without its content: SQLite's own checks, sizes and row counts per
 * table. Counts say how much there is, never what (no patient data).
 */
export function databaseReport(db: Db): DatabaseReport {
  const integrityCheck = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]
  const quickCheck = db.pragma('quick_check', { simple: false }) as { quick_check: string }[]
  const tableNames = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all()
    .map((row) => row.name)
  const tables: Record<string, number> = {}
  for (const name of tableNames) {
    tables[name] = (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n
  }
  const integrity = integrityCheck.map((row) => row.integrity_check)
  const quick = quickCheck.map((row) => row.quick_check)
  return {
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    integrityCheck: integrity,
    quickCheck: quick,
    ok: integrity.length === 1 && integrity[0] === 'ok' && quick.length === 1 && quick[0] === 'ok',
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    pageSize: db.pragma('page_size', { simple: true }) as number,
    pageCount: db.pragma('page_count', { simple: true }) as number,
    freelistCount: db.pragma('freelist_count', { simple: true }) as number,
    tables
  }
}
