import type { Statement } from 'better-sqlite3'
import type { Db } from '../../platform/db/database'
import type { Container, Protocol, ProtocolStatus, ProtocolSummary, ProtocolType, StatusChange } from '../../../shared/domain'
import { parseScan } from '../../../shared/scan'
import { newId } from '../../../shared/ids'

/**
 * Protocols whose earlier number (series, year, seq) was replaced by a renumber: the search and
 * the bulk/export selection both find a protocol by the number on its first label through it.
 */
export const ALIASED_PROTOCOL_IDS = `SELECT entity_id FROM number_aliases WHERE entity = 'protocol' AND series = ? AND year = ? AND seq = ?`

interface ProtocolRow {
  rowid: number
  id: string
  type: ProtocolType
  year: number | null
  seq: number | null
  number: string | null
  external_id: string | null
  status: ProtocolStatus
  veterinarian_id: string
  veterinarian_name: string
  animal_name: string
  species: string
  breed: string
  sex: Protocol['animal']['sex']
  age: string
  owner: string
  sample_type: string
  fixative: string
  containers_json: string
  rejection_reason: string | null
  received_at: string | null
  received_by: string | null
  demo: number
  created_at: string
  updated_at: string
}

type SummaryRow = Pick<
  ProtocolRow,
  'id' | 'type' | 'number' | 'external_id' | 'status' | 'veterinarian_name' | 'received_at' | 'created_at' | 'demo' | 'animal_name' | 'species' | 'owner'
>

const SUMMARY_COLUMNS = `p.id, p.type, p.number, p.external_id, p.status, v.name AS veterinarian_name, p.received_at,
  p.created_at, p.demo, p.animal_name, p.species, p.owner`

const toSummary = (row: SummaryRow): ProtocolSummary => ({
  id: row.id,
  type: row.type,
  number: row.number,
  externalId: row.external_id,
  status: row.status,
  veterinarianName: row.veterinarian_name,
  receivedAt: row.received_at,
  createdAt: row.created_at,
  demo: row.demo === 1,
  animalName: row.animal_name,
  species: row.species,
  owner: row.owner
})

const toProtocol = (row: ProtocolRow): Protocol => ({
  id: row.id,
  type: row.type,
  year: row.year,
  seq: row.seq,
  number: row.number,
  externalId: row.external_id,
  status: row.status,
  veterinarianId: row.veterinarian_id,
  veterinarianName: row.veterinarian_name,
  animal: { name: row.animal_name, species: row.species, breed: row.breed, sex: row.sex, age: row.age, owner: row.owner },
  sample: { sampleType: row.sample_type, fixative: row.fixative, containers: JSON.parse(row.containers_json) as Container[] },
  rejectionReason: row.rejection_reason,
  receivedAt: row.received_at,
  receivedBy: row.received_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  demo: row.demo === 1
})

type ReceptionFields = Omit<Protocol, 'veterinarianName' | 'createdAt' | 'updatedAt' | 'demo' | 'externalId'>

/** The named parameters both insert and update bind, from the domain shape. */
const toRow = (protocol: ReceptionFields) => ({
  id: protocol.id,
  type: protocol.type,
  year: protocol.year,
  seq: protocol.seq,
  number: protocol.number,
  status: protocol.status,
  veterinarianId: protocol.veterinarianId,
  animalName: protocol.animal.name,
  species: protocol.animal.species,
  breed: protocol.animal.breed,
  sex: protocol.animal.sex,
  age: protocol.animal.age,
  owner: protocol.animal.owner,
  sampleType: protocol.sample.sampleType,
  fixative: protocol.sample.fixative,
  containersJson: JSON.stringify(protocol.sample.containers),
  rejectionReason: protocol.rejectionReason,
  receivedAt: protocol.receivedAt,
  receivedBy: protocol.receivedBy
})

/**
 * Turns what a clerk typed into an FTS5 query: every word must match as a prefix. Words are
 * quoted so FTS syntax characters typed by a person (`-`, `*`, `"`, `:`) are only ever text.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12)
  if (words.length === 0) return null
  return words.map((word) => `"${word}"*`).join(' ')
}

/** The status/type filters of a protocol search as SQL over `protocols p`; pushes their params. */
export function protocolFilterSql(options: Pick<SearchOptions, 'status' | 'type'>, params: unknown[]): string {
  const clauses = ['p.deleted_at IS NULL']
  if (options.status) {
    clauses.push('p.status = ?')
    params.push(options.status)
  }
  if (options.type) {
    clauses.push('p.type = ?')
    params.push(options.type)
  }
  return clauses.join(' AND ')
}

export interface SearchOptions {
  text: string
  status?: ProtocolStatus | undefined
  type?: ProtocolType | undefined
  offset: number
  limit: number
}

/** Counting every FTS match of a one-letter query costs more than the page; past this we say "1,000+". */
const COUNT_CAP = 1_000

export type NewProtocol = Omit<Protocol, 'veterinarianName' | 'updatedAt'>

export function createProtocolsRepository(db: Db) {
  const insertRow = db.prepare(
    `INSERT INTO protocols (id, type, year, seq, number, external_id, status, veterinarian_id, animal_name, species, breed,
       sex, age, owner, sample_type, fixative, containers_json, rejection_reason, received_at, received_by, demo,
       created_at, updated_at)
     VALUES (@id, @type, @year, @seq, @number, @externalId, @status, @veterinarianId, @animalName, @species, @breed,
       @sex, @age, @owner, @sampleType, @fixative, @containersJson, @rejectionReason, @receivedAt, @receivedBy, @demo,
       @createdAt, @createdAt)`
  )
  const insertFts = db.prepare(
    `INSERT INTO protocols_fts (rowid, number, animal, owner, veterinarian, external_id)
     SELECT p.rowid, coalesce(p.number, ''), p.animal_name || ' ' || p.species || ' ' || p.breed, p.owner, v.name,
            coalesce(p.external_id, '')
     FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id WHERE p.id = ?`
  )
  const deleteFts = db.prepare(`DELETE FROM protocols_fts WHERE rowid = (SELECT rowid FROM protocols WHERE id = ?)`)
  const byId = db.prepare<[string], ProtocolRow>(
    `SELECT p.rowid, p.*, v.name AS veterinarian_name FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.id = ?`
  )
  // A renumbered protocol is still found by the number on its first label (number_aliases).
  const byNumberOrAlias = db.prepare<[ProtocolType, number, number, ProtocolType, number, number], SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.type = ? AND p.year = ? AND p.seq = ? AND p.deleted_at IS NULL
     UNION ALL
     SELECT ${SUMMARY_COLUMNS} FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.id IN (${ALIASED_PROTOCOL_IDS}) AND p.deleted_at IS NULL`
  )
  const byNumber = { all: (type: ProtocolType, year: number, seq: number) => byNumberOrAlias.all(type, year, seq, type, year, seq) }
  const insertHistory = db.prepare(
    `INSERT INTO protocol_status_history (id, protocol_id, at, actor, from_status, to_status, note)
     VALUES (?, ?, ?, ?, ?, ?, ?)`
  )
  const historyOf = db.prepare<[string], { at: string; actor: string; from_status: ProtocolStatus | null; to_status: ProtocolStatus; note: string }>(
    `SELECT at, actor, from_status, to_status, note FROM protocol_status_history WHERE protocol_id = ? ORDER BY at, rowid`
  )
  // count(*) without WHERE is answered from the smallest index; the few deleted rows come from a partial index.
  const summaryById = db.prepare<[string], SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.id = ? AND p.deleted_at IS NULL`
  )
  const byExternalId = db.prepare<[string], SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.external_id = ? AND p.deleted_at IS NULL`
  )
  const updateReceptionRow = db.prepare(
    `UPDATE protocols SET type = @type, year = @year, seq = @seq, number = @number, status = @status,
       veterinarian_id = @veterinarianId, animal_name = @animalName, species = @species, breed = @breed, sex = @sex,
       age = @age, owner = @owner, sample_type = @sampleType, fixative = @fixative, containers_json = @containersJson,
       rejection_reason = @rejectionReason, received_at = @receivedAt, received_by = @receivedBy, updated_at = @updatedAt
     WHERE id = @id`
  )
  // "Received or, not received yet, created since": as two index ranges (received_at; the
  // veterinarian's created_at) rather than coalesce(received_at, created_at), which no index
  // serves and which read every protocol of the veterinarian (35-60 ms at 200,000 protocols) each
  // time a receive form opened, while the receive itself waited behind it.
  const duplicateMatch = `veterinarian_id = @veterinarianId AND lower(animal_name) = lower(@animalName) AND lower(owner) = lower(@owner)
       AND id <> @excludeId AND deleted_at IS NULL AND status NOT IN ('rejected', 'voided')`
  const possibleDuplicates = db.prepare<[{ veterinarianId: string; animalName: string; owner: string; since: string; excludeId: string }], SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.rowid IN (
       SELECT rowid FROM protocols INDEXED BY protocols_received_at WHERE received_at >= @since AND ${duplicateMatch}
       UNION ALL
       SELECT rowid FROM protocols INDEXED BY protocols_veterinarian WHERE received_at IS NULL AND created_at >= @since AND ${duplicateMatch}
     )
     ORDER BY p.rowid DESC LIMIT 5`
  )
  // Both run after every reception. With the statistics `PRAGMA optimize` leaves on a large
  // table, SQLite preferred walking the status index (or every veterinarian's protocols and a
  // sort) over the received_at range: hundreds of milliseconds at 200,000 protocols. `+status`
  // and CROSS JOIN keep the plan on received_at whatever the statistics say.
  const decidedSince = db.prepare<[string], { status: ProtocolStatus; n: number }>(
    `SELECT status, count(*) AS n FROM protocols WHERE received_at >= ? AND +status IN ('received', 'rejected') GROUP BY +status`
  )
  // The seeded demo history is not "today's" work; what a clerk received (demo or not) is.
  const recentDecided = db.prepare<[number], SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM protocols p CROSS JOIN veterinarians v ON v.id = p.veterinarian_id
     WHERE p.received_at IS NOT NULL AND (p.demo = 0 OR p.received_by <> 'demo') ORDER BY p.received_at DESC LIMIT ?`
  )
  const countAll = db.prepare<[], { n: number }>(
    `SELECT (SELECT count(*) FROM protocols) - (SELECT count(*) FROM protocols WHERE deleted_at IS NOT NULL) AS n`
  )

  const filters = protocolFilterSql

  // Statements are cached by their SQL text: the filter combinations are few and fixed.
  const statements = new Map<string, Statement<unknown[]>>()
  const prepared = (sql: string) => {
    let statement = statements.get(sql)
    if (!statement) {
      statement = db.prepare<unknown[]>(sql)
      statements.set(sql, statement)
    }
    return statement
  }

  return {
    /** Inserts the row and indexes it for search. */
    insert(protocol: NewProtocol): void {
      insertRow.run({ ...toRow(protocol), externalId: protocol.externalId, demo: protocol.demo ? 1 : 0, createdAt: protocol.createdAt })
      insertFts.run(protocol.id)
    },

    /** Re-derives the search tokens after any change to the indexed fields. */
    reindex(id: string): void {
      deleteFts.run(id)
      insertFts.run(id)
    },

    recordStatus(protocolId: string, change: StatusChange): void {
      insertHistory.run(newId(), protocolId, change.at, change.actor, change.from, change.to, change.note)
    },

    get(id: string): Protocol | null {
      const row = byId.get(id)
      return row ? toProtocol(row) : null
    },

    history(id: string): StatusChange[] {
      return historyOf.all(id).map((row) => ({ at: row.at, actor: row.actor, from: row.from_status, to: row.to_status, note: row.note }))
    },

    findByExternalId(externalId: string): ProtocolSummary[] {
      return byExternalId.all(externalId).map(toSummary)
    },

    findById(id: string): ProtocolSummary[] {
      return summaryById.all(id).map(toSummary)
    },

    findByNumber(type: ProtocolType, year: number, seq: number): ProtocolSummary[] {
      return byNumber.all(type, year, seq).map(toSummary)
    },

    /** Writes the fields a reception decides; the caller reindexes, audits and records the status. */
    updateReception(protocol: ReceptionFields & { updatedAt: string }): void {
      updateReceptionRow.run({ ...toRow(protocol), updatedAt: protocol.updatedAt })
    },

    /** Same animal, owner and veterinarian since `sinceIso`: a soft warning, never a block. */
    possibleDuplicates(veterinarianId: string, animalName: string, owner: string, sinceIso: string, excludeId: string): ProtocolSummary[] {
      return possibleDuplicates.all({ veterinarianId, animalName, owner, since: sinceIso, excludeId }).map(toSummary)
    },

    decidedSince(sinceIso: string): { received: number; rejected: number } {
      const counts = { received: 0, rejected: 0 }
      for (const row of decidedSince.all(sinceIso)) counts[row.status as 'received' | 'rejected'] = row.n
      return counts
    },

    recentDecided(limit: number): ProtocolSummary[] {
      return recentDecided.all(limit).map(toSummary)
    },

    count(): number {
      return countAll.get()?.n ?? 0
    },

    search(options: SearchOptions): { rows: ProtocolSummary[]; total: number; totalIsExact: boolean } {
      // Anything the lab printed opens its protocol: a number, a label's or submission's QR.
      const scan = parseScan(options.text)
      const scanned =
        scan.kind === 'number'
          ? // Two-digit years on labels are this century's: the lab's numbering began after 2000.
            byNumber.all(scan.type, 2000 + scan.yy, scan.seq)
          : scan.kind === 'id'
            ? summaryById.all(scan.id)
            : scan.kind === 'external'
              ? byExternalId.all(scan.externalId)
              : []
      if (scanned.length > 0) return { rows: scanned.map(toSummary), total: scanned.length, totalIsExact: true }
      const fts = toFtsQuery(options.text)
      const params: unknown[] = []
      if (fts === null) {
        const where = filters(options, params)
        const rows = prepared(
          `SELECT ${SUMMARY_COLUMNS} FROM protocols p JOIN veterinarians v ON v.id = p.veterinarian_id
           WHERE ${where} ORDER BY p.rowid DESC LIMIT ? OFFSET ?`
        ).all(...params, options.limit, options.offset) as SummaryRow[]
        const total =
          params.length === 0
            ? (countAll.get()?.n ?? 0)
            : (prepared(`SELECT count(*) AS n FROM protocols p WHERE ${where}`).get(...params) as { n: number }).n
        return { rows: rows.map(toSummary), total, totalIsExact: true }
      }
      const where = filters(options, params)
      const rows = prepared(
        `SELECT ${SUMMARY_COLUMNS} FROM protocols_fts f
           JOIN protocols p ON p.rowid = f.rowid
           JOIN veterinarians v ON v.id = p.veterinarian_id
         WHERE protocols_fts MATCH ? AND ${where}
         ORDER BY f.rowid DESC LIMIT ? OFFSET ?`
      ).all(fts, ...params, options.limit, options.offset) as SummaryRow[]
      // A short first page is every match: counting them again would only repeat the search.
      if (options.offset === 0 && rows.length < options.limit) return { rows: rows.map(toSummary), total: rows.length, totalIsExact: true }
      const counted = (
        prepared(
          `SELECT count(*) AS n FROM (SELECT 1 FROM protocols_fts f JOIN protocols p ON p.rowid = f.rowid
             WHERE protocols_fts MATCH ? AND ${where} LIMIT ${COUNT_CAP + 1})`
        ).get(fts, ...params) as { n: number }
      ).n
      return { rows: rows.map(toSummary), total: Math.min(counted, COUNT_CAP), totalIsExact: counted <= COUNT_CAP }
    }
  }
}
export type ProtocolsRepository = ReturnType<typeof createProtocolsRepository>
