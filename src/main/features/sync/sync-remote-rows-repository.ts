import type { Db } from '../../platform/db/database'
import type { Protocol, Service, Veterinarian } from '../../../shared/domain'
import type { ProtocolsRepository } from '../protocols/protocols-repository'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'

import type { NumberGivenUp } from './number-given-up'

/**
 * Writes server rows into the bench's own tables (protocols, veterinarians, services): the
 * server's full row replaces the local one, and a deleted server row soft-deletes it. Search
 * tokens follow through the protocols repository.
 */
export function createSyncRemoteRowsRepository(db: Db, protocols: ProtocolsRepository, numbers: Pick<NumberBlocksRepository, 'addAlias'>) {
  const protocolUpdate = db.prepare(
    `UPDATE protocols SET external_id = @externalId, demo = @demo, created_at = @createdAt, updated_at = @updatedAt,
       deleted_at = NULL WHERE id = @id`
  )
  const protocolDeleted = db.prepare(`UPDATE protocols SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`)
  const protocolStatus = db.prepare<[string], { status: Protocol['status'] }>(`SELECT status FROM protocols WHERE id = ?`)
  const numberHolder = db.prepare<[string, number, number, string], { id: string }>(
    `SELECT id FROM protocols WHERE type = ? AND year = ? AND seq = ? AND id <> ?`
  )
  const giveUpNumber = db.prepare(`UPDATE protocols SET seq = NULL, number = NULL, number_refused = 'number_taken' WHERE id = ?`)
  const protocolsOfVet = db.prepare<[string], { id: string }>(`SELECT id FROM protocols WHERE veterinarian_id = ?`)

  // A protocol can arrive before its veterinarian (the vet changed later, so it comes later in the
  // pull): a placeholder named as the protocol says keeps the reference valid until it arrives.
  const vetPlaceholder = db.prepare(
    `INSERT INTO veterinarians (id, name, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`
  )
  const vetName = db.prepare<[string], { name: string }>(`SELECT name FROM veterinarians WHERE id = ?`)
  const vetUpsert = db.prepare(
    `INSERT INTO veterinarians (id, name, clinic, email, phone, licence, demo, created_at, updated_at, deleted_at)
     VALUES (@id, @name, @clinic, @email, @phone, @licence, @demo, @at, @at, @deletedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, clinic = excluded.clinic, email = excluded.email,
       phone = excluded.phone, licence = excluded.licence, demo = excluded.demo, updated_at = excluded.updated_at,
       deleted_at = excluded.deleted_at`
  )
  const vetDeleted = db.prepare(`UPDATE veterinarians SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`)

  const serviceUpsert = db.prepare(
    `INSERT INTO services (id, code, description, unit_price_cents, tax_rate_percent, active, demo, updated_at, deleted_at)
     VALUES (@id, @code, @description, @unitPriceCents, @taxRatePercent, @active, 0, @at, @deletedAt)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, description = excluded.description,
       unit_price_cents = excluded.unit_price_cents, tax_rate_percent = excluded.tax_rate_percent,
       active = excluded.active, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`
  )
  const serviceDeleted = db.prepare(`UPDATE services SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`)

  return {
    /**
     * The server row replaces the local one. The server accepted its number, so a local protocol
     * still holding that number (numbered here from a range another bench had registered first)
     * gives it up rather than the server row being dropped: it keeps the old number as an alias
     * (its tube's label still finds it) and waits, refused as `number_taken`, for "Renumerar".
     */
    upsertProtocol(protocol: Protocol, at: string): NumberGivenUp | null {
      vetPlaceholder.run(protocol.veterinarianId, protocol.veterinarianName || '?', at, at)
      let givenUp: NumberGivenUp | null = null
      const holder = protocol.year !== null && protocol.seq !== null ? numberHolder.get(protocol.type, protocol.year, protocol.seq, protocol.id) : undefined
      if (holder) {
        const before = protocols.get(holder.id)!
        numbers.addAlias({ entity: 'protocol', entityId: before.id, series: before.type, year: before.year!, seq: before.seq!, number: before.number!, at })
        giveUpNumber.run(before.id)
        protocols.reindex(before.id)
        givenUp = { entity: 'protocol', id: before.id, number: before.number!, takenBy: protocol.id, before, after: protocols.get(before.id)! }
      }
      const before = protocolStatus.get(protocol.id)
      if (before) protocols.updateReception({ ...protocol, updatedAt: protocol.updatedAt })
      else protocols.insert(protocol)
      protocolUpdate.run({ ...protocol, demo: protocol.demo ? 1 : 0 })
      protocols.reindex(protocol.id)
      if (before?.status !== protocol.status) {
        protocols.recordStatus(protocol.id, { at: protocol.updatedAt, actor: 'sync', from: before?.status ?? null, to: protocol.status, note: '' })
      }
      return givenUp
    },
    deleteProtocol(id: string, at: string): void {
      protocolDeleted.run(at, id)
    },
    upsertVeterinarian(vet: Veterinarian, at: string, deletedAt: string | null): void {
      const renamed = (vetName.get(vet.id)?.name ?? vet.name) !== vet.name
      vetUpsert.run({ ...vet, demo: vet.demo ? 1 : 0, at, deletedAt })
      if (renamed) for (const { id } of protocolsOfVet.all(vet.id)) protocols.reindex(id)
    },
    deleteVeterinarian(id: string, at: string): void {
      vetDeleted.run(at, id)
    },
    upsertService(service: Service, at: string, deletedAt: string | null): void {
      serviceUpsert.run({ ...service, active: service.active ? 1 : 0, at, deletedAt })
    },
    deleteService(id: string, at: string): void {
      serviceDeleted.run(at, id)
    }
  }
}
export type SyncRemoteRowsRepository = ReturnType<typeof createSyncRemoteRowsRepository>
