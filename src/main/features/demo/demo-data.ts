/**
 * Demo data: a bench may try the app with clearly marked demo data (veterinarians, a price list,
 * protocols in every state, two clerks) instead of starting empty. While it does ("demo mode"),
 * every row it writes is demo, numbered from demo blocks, and nothing reaches a server: pairing
 * is refused until the demo data is removed, and removing it empties the outbox (everything in it
 * was written in demo mode, by a bench that was never paired). Removing the demo data deletes
 * every demo row, and every row that refers to one, in ONE transaction: this is the one place
 * that knows every table a demo row can reach.
 */
import { HandledError } from '../../platform/dispatch'
import type { Platform } from '../../platform/module'
import { NumberSeries } from '../../../shared/numbering'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import { DEMO_BLOCK } from '../numbering/numbering-rules'
import type { SettingsService } from '../settings/settings-service'
import { seedDemoData } from './demo-seed'

/** Set while the bench tries the app with demo data (demo.start until demo.remove). */
export const DEMO_MODE_KEY = 'demo_mode'
/** Set while demo rows are present (also on benches that had demo data before demo mode existed). */
export const DEMO_DATA_KEY = 'demo_data'
/** The clerks the demo brought, removed with it (clerks the bench added while trying stay). */
const DEMO_CLERKS_KEY = 'demo_clerks'

export const DEMO_CLERKS = ['Ana (demo)', 'Luis (demo)'] as const

export interface DemoDataDeps extends Pick<Platform, 'db' | 'meta' | 'clock' | 'log'> {
  settings: SettingsService
  numbers: NumberBlocksRepository
  /** Whether the bench is paired (demo data may only start on a bench that is not). */
  paired: () => boolean
  protocolCount: () => number
}

export interface DemoRemoval {
  protocols: number
  veterinarians: number
  services: number
  workOrders: number
  reports: number
  clerks: number
}

/**
 * The rows to remove: demo protocols (except one a real work order bills: removing it would break
 * that order), what hangs off them, demo work orders, and batches made of demo protocols only.
 */
const GATHER = `
  INSERT OR IGNORE INTO demo_removal SELECT id FROM protocols WHERE demo = 1 AND id NOT IN (
    SELECT l.protocol_id FROM work_order_lines l JOIN work_orders o ON o.id = l.work_order_id WHERE o.demo = 0 AND l.protocol_id IS NOT NULL);
  INSERT OR IGNORE INTO demo_removal SELECT id FROM reports WHERE protocol_id IN (SELECT id FROM demo_removal);
  INSERT OR IGNORE INTO demo_removal SELECT id FROM work_orders WHERE demo = 1;
  INSERT OR IGNORE INTO demo_removal SELECT id FROM notifications WHERE protocol_id IN (SELECT id FROM demo_removal);
  INSERT OR IGNORE INTO demo_removal SELECT b.id FROM bulk_batches b WHERE NOT EXISTS (
    SELECT 1 FROM bulk_items i WHERE i.batch_id = b.id AND i.protocol_id NOT IN (SELECT id FROM demo_removal));
`

/**
 * Everything that refers to a gathered row, then the rows. Foreign keys are checked at commit
 * (defer_foreign_keys), so chains inside the set (a report and its amendment, an order and its
 * correction, a batch and its undo) go in any order; a real row left pointing at a removed one
 * fails the commit and nothing is removed.
 */
const REMOVAL = [
  `DELETE FROM jobs WHERE state <> 'running' AND (
     json_extract(payload_json, '$.protocolId') IN (SELECT id FROM demo_removal)
     OR json_extract(payload_json, '$.reportId') IN (SELECT id FROM demo_removal)
     OR json_extract(payload_json, '$.batchId') IN (SELECT id FROM demo_removal))`,
  `DELETE FROM outbox WHERE entity_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM audit_log WHERE entity_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM sync_conflicts WHERE entity_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM artifact_refs WHERE owner IN (SELECT 'work_order:' || id FROM demo_removal UNION ALL SELECT 'report:' || id FROM demo_removal)`,
  `DELETE FROM notifications WHERE id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM bulk_items WHERE batch_id IN (SELECT id FROM demo_removal) OR protocol_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM bulk_batches WHERE id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM report_pdfs WHERE report_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM report_cassettes WHERE report_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM reports WHERE id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM work_order_lines WHERE work_order_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM work_orders WHERE id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM protocol_labels WHERE protocol_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM protocol_status_history WHERE protocol_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM number_aliases WHERE entity_id IN (SELECT id FROM demo_removal)`,
  `DELETE FROM protocols_fts WHERE rowid IN (SELECT rowid FROM protocols WHERE id IN (SELECT id FROM demo_removal))`,
  `DELETE FROM protocols WHERE id IN (SELECT id FROM demo_removal)`,
  // Summaries are recomputed from the rows that remain when a period is next read.
  `DELETE FROM statistics_summaries`
]

export function createDemoData(deps: DemoDataDeps) {
  const { db, meta } = deps
  const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0

  const active = (): boolean => meta.get(DEMO_MODE_KEY) === 'true'
  const present = (): boolean => active() || meta.get(DEMO_DATA_KEY) === 'true'

  return {
    /** The bench is trying the app: what it writes is demo and stays here. */
    active,
    /** Demo rows are (or may be) present: the sidebar says so and the Settings page offers their removal. */
    present,

    /** Seeds demo data on an empty, unpaired bench and turns demo mode on; one transaction. */
    start(protocols: number): void {
      if (present()) throw new HandledError('demo_not_allowed', 'this bench already holds demo data')
      if (deps.paired() || deps.protocolCount() > 0) {
        throw new HandledError('demo_not_allowed', 'demo data is only loaded into an empty bench that is not paired')
      }
      const now = deps.clock()
      const at = now.toISOString()
      db.transaction(() => {
        seedDemoData(db, { protocols, now })
        // Demo receptions and work orders are numbered from demo blocks, which nothing else uses.
        for (const type of NumberSeries.options) {
          deps.numbers.add({ type, year: now.getFullYear(), rangeStart: DEMO_BLOCK.start, rangeEnd: DEMO_BLOCK.end, source: 'demo' }, at)
        }
        meta.set(DEMO_DATA_KEY, 'true')
        meta.set(DEMO_MODE_KEY, 'true')
        const existing = new Set(deps.settings.get().clerks.map((clerk) => clerk.name))
        const added = DEMO_CLERKS.filter((name) => !existing.has(name))
        meta.set(DEMO_CLERKS_KEY, JSON.stringify(added))
        // Settings may live outside the database (electron-store): written last, so a failure above leaves them alone.
        deps.settings.update({ clerks: [...deps.settings.get().clerks, ...added.map((name) => ({ name }))] })
      })()
      deps.log('info', `seeded ${protocols} demo protocols`)
    },

    /**
     * Removes every demo row and what refers to it in one transaction: protocols (with their
     * labels, history, notifications, aliases), veterinarians no real row refers to, the demo
     * price list, work orders, reports, statistics, demo number blocks, jobs and outbox rows; then
     * the demo clerks. Demo mode ends.
     */
    remove(): DemoRemoval {
      const demoClerks = JSON.parse(meta.get(DEMO_CLERKS_KEY) ?? '[]') as string[]
      const wasDemoMode = active()
      const removal = db.transaction((): DemoRemoval => {
        db.pragma('defer_foreign_keys = ON')
        db.exec(`DROP TABLE IF EXISTS temp.demo_removal`)
        db.exec(`CREATE TEMP TABLE demo_removal (id TEXT PRIMARY KEY) WITHOUT ROWID`)
        db.exec(GATHER)
        const counts = {
          protocols: count(`SELECT count(*) FROM protocols WHERE id IN (SELECT id FROM demo_removal)`),
          workOrders: count(`SELECT count(*) FROM work_orders WHERE id IN (SELECT id FROM demo_removal)`),
          reports: count(`SELECT count(*) FROM reports WHERE id IN (SELECT id FROM demo_removal)`)
        }
        for (const statement of REMOVAL) db.exec(statement)
        // A bench in demo mode was never paired: all its outbox was written trying the app (the
        // demo veterinarians and notifications too) and none of it may reach the server it pairs with next.
        if (wasDemoMode) db.exec(`DELETE FROM outbox`)
        // A veterinarian or service a real row still uses stays: removing it would break that row.
        const veterinarians = db
          .prepare(
            `DELETE FROM veterinarians WHERE demo = 1
               AND id NOT IN (SELECT veterinarian_id FROM protocols) AND id NOT IN (SELECT veterinarian_id FROM work_orders)`
          )
          .run().changes
        const services = db
          .prepare(`DELETE FROM services WHERE demo = 1 AND id NOT IN (SELECT service_id FROM work_order_lines WHERE service_id IS NOT NULL)`)
          .run().changes
        deps.numbers.removeDemoBlocks()
        db.exec(`DROP TABLE temp.demo_removal`)
        db.prepare(`DELETE FROM meta WHERE key IN (?, ?, ?)`).run(DEMO_DATA_KEY, DEMO_MODE_KEY, DEMO_CLERKS_KEY)
        const clerks = deps.settings.get().clerks
        const kept = clerks.filter((clerk) => !demoClerks.includes(clerk.name))
        // Last, so a failure to write settings rolls the database back with it.
        if (kept.length !== clerks.length) deps.settings.update({ clerks: kept })
        return { ...counts, veterinarians, services, clerks: clerks.length - kept.length }
      })()
      deps.log('info', `removed demo data: ${JSON.stringify(removal)}`)
      return removal
    }
  }
}
export type DemoData = ReturnType<typeof createDemoData>
