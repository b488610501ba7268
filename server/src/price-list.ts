/**
 * The lab's price list, set on the server (`npm run server -- price-list FILE`). Benches only
 * pull it: a bench's push of a service is refused (ownership.ts, `lab_only`). The file names the
 * whole list: a service it lists is created or changed, a live service it no longer lists is made
 * inactive (work-order lines already copied its price, and a line still names it), nothing is
 * deleted. The file is checked whole before anything is written; one bad line changes nothing.
 */
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { Readable } from 'node:stream'
import { z } from 'zod'
import { Service } from '../../src/shared/domain'
import { newId } from '../../src/shared/ids'
import type { Fields } from '../../src/shared/sync-protocol'
import { ChangeSet } from './change-set'
import { mergeFields, type FieldMeta } from './conflict-rules'
import type { Storage } from './storage/types'

export const PriceListEntry = Service.omit({ id: true, active: true }).extend({ active: z.boolean().default(true) })
export type PriceListEntry = z.infer<typeof PriceListEntry>

/** A price list that cannot be taken, with every problem found (line by line). */
export class PriceListError extends Error {
  constructor(readonly problems: string[]) {
    super(`the price list was not changed:\n  ${problems.join('\n  ')}`)
    this.name = 'PriceListError'
  }
}

const COLUMN_NAMES: Record<'code' | 'description' | 'price' | 'tax' | 'active', readonly string[]> = {
  code: ['code', 'codigo', 'código'],
  description: ['description', 'descripcion', 'descripción', 'concepto'],
  price: ['price', 'precio', 'unit_price', 'importe'],
  tax: ['tax', 'tax_rate_percent', 'iva', 'impuesto'],
  active: ['active', 'activo']
}

const YES = new Set(['1', 'true', 'yes', 'si', 'sí', 'x'])
const NO = new Set(['0', 'false', 'no', ''])

/**
 * Euros as a spreadsheet writes them (`35`, `35,5`, `35.50`) to integer cents, without a float
 * ever holding the amount. Null for anything else (thousands separators, signs, 3 decimals).
 */
export function centsFromText(text: string): number | null {
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** A tax rate as typed (`21`, `10,5`). */
function percentFromText(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim())
  return match ? Number(`${match[1]}.${match[2] ?? '0'}`) : null
}

function checkedEntries(candidates: { where: string; value: unknown }[], problems: string[]): PriceListEntry[] {
  const entries: PriceListEntry[] = []
  const seen = new Map<string, string>()
  for (const { where, value } of candidates) {
    const parsed = PriceListEntry.safeParse(value)
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ')}`)
      continue
    }
    const key = parsed.data.code.toUpperCase()
    const first = seen.get(key)
    if (first) problems.push(`${where}: code ${parsed.data.code} is already on ${first}`)
    else seen.set(key, where)
    entries.push(parsed.data)
  }
  if (candidates.length === 0 && problems.length === 0) problems.push('the list is empty (a price list with no service would make every service inactive)')
  if (problems.length > 0) throw new PriceListError(problems)
  return entries
}

/** Rows of a CSV (header first): code, description, price in euros, tax rate %, optional active. */
export function priceListFromRows(rows: readonly (readonly string[])[]): PriceListEntry[] {
  const [header = [], ...body] = rows
  const names = header.map((cell) => cell.trim().toLowerCase())
  const columns = Object.fromEntries(
    Object.entries(COLUMN_NAMES).map(([key, aliases]) => [key, names.findIndex((name) => aliases.includes(name))])
  ) as Record<keyof typeof COLUMN_NAMES, number>
  const missing = (['code', 'description', 'price', 'tax'] as const).filter((key) => columns[key] < 0)
  if (missing.length > 0) {
    throw new PriceListError([`line 1: the header needs the columns ${missing.join(', ')} (found: ${names.join(', ') || 'nothing'})`])
  }
  const problems: string[] = []
  const candidates: { where: string; value: unknown }[] = []
  body.forEach((row, index) => {
    const where = `line ${index + 2}`
    if (row.every((cell) => cell.trim() === '')) return
    const cell = (key: keyof typeof COLUMN_NAMES) => (columns[key] < 0 ? undefined : (row[columns[key]] ?? '').trim())
    const price = centsFromText(cell('price')!)
    const tax = percentFromText(cell('tax')!)
    const active = cell('active')?.toLowerCase()
    if (price === null) problems.push(`${where}: price "${cell('price')}" is not an amount in euros like 35,00`)
    if (tax === null) problems.push(`${where}: tax rate "${cell('tax')}" is not a percentage like 21`)
    if (active !== undefined && !YES.has(active) && !NO.has(active)) problems.push(`${where}: active "${active}" is not yes or no`)
    if (price === null || tax === null) return
    candidates.push({
      where,
      value: { code: cell('code'), description: cell('description'), unitPriceCents: price, taxRatePercent: tax, active: active === undefined || YES.has(active) }
    })
  })
  return checkedEntries(candidates, problems)
}

/** A JSON array of `{ code, description, unitPriceCents, taxRatePercent, active? }`. */
export function priceListFromJson(text: string): PriceListEntry[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new PriceListError([`not JSON: ${(error as Error).message}`])
  }
  if (!Array.isArray(value)) throw new PriceListError(['the JSON must be an array of services'])
  return checkedEntries(value.map((entry, index) => ({ where: `entry ${index + 1}`, value: entry })), [])
}

/** Reads a `.json` or `.csv` file (`,` or `;` between columns, as a spreadsheet in either locale saves it). */
export async function readPriceListFile(path: string): Promise<PriceListEntry[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
  if (extname(path).toLowerCase() === '.json') return priceListFromJson(text)
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = firstLine.includes(';') ? ';' : ','
  const { default: ExcelJS } = await import('exceljs')
  const sheet = await new ExcelJS.Workbook().csv.read(Readable.from([text]), {
    parserOptions: { delimiter },
    // Keep every cell as typed: the amounts are read here, without a float or a date guess.
    map: (value: unknown) => value
  })
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : []
    rows.push(values.map((cell) => (cell === null || cell === undefined ? '' : String(cell))))
  })
  return priceListFromRows(rows)
}

export interface PriceListChange {
  created: string[]
  changed: string[]
  deactivated: string[]
  unchanged: number
}

interface ServiceRecord {
  id: string
  fields: Fields
  meta: FieldMeta
  version: number
  owner: string | null
}

/**
 * Makes the server's price list the given one, in one transaction, as the lab writes it: every
 * change gets a server version, so every bench's next pull brings it.
 */
export async function setPriceList(storage: Storage, entries: readonly PriceListEntry[]): Promise<PriceListChange> {
  return storage.write(async (sql) => {
    const changes = await ChangeSet.begin(sql)
    const rows = await sql.all<{ id: string; fields: string; field_meta: string; version: number; owner_device: string | null }>(
      "SELECT id, fields, field_meta, version, owner_device FROM records WHERE entity = 'service' AND deleted_at IS NULL ORDER BY version"
    )
    const live = new Map<string, ServiceRecord>()
    for (const row of rows) {
      const record = { id: row.id, fields: JSON.parse(row.fields) as Fields, meta: JSON.parse(row.field_meta) as FieldMeta, version: row.version, owner: row.owner_device }
      live.set(String(record.fields.code).toUpperCase(), record)
    }
    const outcome: PriceListChange = { created: [], changed: [], deactivated: [], unchanged: 0 }
    const write = async (record: ServiceRecord | undefined, incoming: Fields): Promise<boolean> => {
      const merged = mergeFields({
        entity: 'service',
        current: record?.fields ?? {},
        meta: record?.meta ?? {},
        incoming,
        writer: 'lab',
        baseVersion: record?.version ?? 0,
        version: changes.peekVersion()
      })
      if (record && !merged.changed) return false
      const previous = record ? { ...record, deletedAt: null } : null
      await changes.save('service', record?.id ?? newId(), previous, { fields: merged.fields, meta: merged.meta, deletedAt: null, owner: record?.owner ?? null })
      return true
    }
    const listed = new Set<string>()
    for (const entry of entries) {
      const key = entry.code.toUpperCase()
      listed.add(key)
      const record = live.get(key)
      if (!(await write(record, { ...entry }))) outcome.unchanged += 1
      else (record ? outcome.changed : outcome.created).push(entry.code)
    }
    for (const [key, record] of live) {
      if (listed.has(key) || record.fields.active === false) continue
      await write(record, { active: false })
      outcome.deactivated.push(String(record.fields.code))
    }
    await changes.finish()
    return outcome
  })
}

/** The server's live price list, by code. */
export async function readPriceList(storage: Storage): Promise<(PriceListEntry & { id: string; version: number })[]> {
  const rows = await storage.read((sql) =>
    sql.all<{ id: string; fields: string; version: number }>("SELECT id, fields, version FROM records WHERE entity = 'service' AND deleted_at IS NULL")
  )
  return rows
    .map((row) => ({ ...(JSON.parse(row.fields) as PriceListEntry), id: row.id, version: row.version }))
    .sort((a, b) => a.code.localeCompare(b.code))
}
