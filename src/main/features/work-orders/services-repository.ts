import type { Db } from '../../platform/db/database'
import type { Service } from '../../../shared/domain'
import type { PriceListSource } from '../../../shared/work-orders'

interface ServiceRow {
  id: string
  code: string
  description: string
  unit_price_cents: number
  tax_rate_percent: number
  active: number
}

/**
 * The lab's price list (service catalogue). Rows come from the server's pull (or demo data); the
 * bench never writes one of its own, and the server refuses a bench's push of one.
 */
export function createServicesRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO services (id, code, description, unit_price_cents, tax_rate_percent, active, demo, updated_at)
     VALUES (@id, @code, @description, @unitPriceCents, @taxRatePercent, @active, @demo, @at)`
  )
  const all = db.prepare<[], ServiceRow>(
    `SELECT id, code, description, unit_price_cents, tax_rate_percent, active FROM services WHERE deleted_at IS NULL ORDER BY code`
  )
  const kinds = db.prepare<[], { lab: number; demo: number }>(
    `SELECT COUNT(*) FILTER (WHERE demo = 0) AS lab, COUNT(*) FILTER (WHERE demo = 1) AS demo FROM services WHERE deleted_at IS NULL`
  )
  return {
    insert(service: Service, at: string, demo = false): void {
      insert.run({ ...service, active: service.active ? 1 : 0, demo: demo ? 1 : 0, at })
    },
    /** Where the list came from: the lab's server (pulled rows), demo data, or nowhere yet. */
    source(): PriceListSource {
      const { lab, demo } = kinds.get()!
      return lab > 0 ? 'lab' : demo > 0 ? 'demo' : 'none'
    },
    list(): Service[] {
      return all.all().map((row) => ({
        id: row.id,
        code: row.code,
        description: row.description,
        unitPriceCents: row.unit_price_cents,
        taxRatePercent: row.tax_rate_percent,
        active: row.active === 1
      }))
    }
  }
}
export type ServicesRepository = ReturnType<typeof createServicesRepository>
