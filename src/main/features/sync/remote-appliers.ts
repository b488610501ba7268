/**
 * How a server row becomes a local row, per entity. The bench brings its own for protocols,
 * veterinarians, services and notifications; work orders and reports bring theirs from outside
 * (createSyncModule's `appliers`), so this module never needs to know their tables.
 */
import { Protocol, Service, Veterinarian } from '../../../shared/domain'
import { NotificationDeliveryStatus, type SyncEntity, type SyncRow } from '../../../shared/sync-protocol'
import type { NotificationsService } from '../notifications/notifications-service'
import type { SyncRemoteRowsRepository } from './sync-remote-rows-repository'
import type { NumberGivenUp } from './number-given-up'

export type { NumberGivenUp }

/** Thrown by an applier for a row it cannot take; the row is set aside as a conflict for review. */
export class RowNotApplicable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RowNotApplicable'
  }
}

export interface RemoteRowApplier {
  /**
   * Makes the local row match the server row, inside the sync transaction (synchronous, database
   * writes only). `row.fields` is the full current row; `row.deletedAt` set means soft-delete it.
   * Throw to refuse a row (it becomes a conflict; the rest of the page still applies). Answers
   * the local rows that gave their number up to it, if any.
   */
  apply(row: SyncRow, at: string): readonly NumberGivenUp[] | void
  /** The server no longer has the row (a replacement sync did not find it): soft-delete it. */
  remove(id: string, at: string): void
  /**
   * After a pull or snapshot, in its own transaction: rows that waited for rows arriving later in
   * the same pull (a pull brings each row at its latest version, not in the order they were made).
   */
  settle?(at: string): readonly NumberGivenUp[] | void
}

export type RemoteRowAppliers = Partial<Record<SyncEntity, RemoteRowApplier>>

function parsed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } } }, row: SyncRow): T {
  const result = schema.safeParse({ ...row.fields, id: row.id })
  if (!result.success) throw new RowNotApplicable(`${row.entity} ${row.id} from the server is not a valid row: ${result.error.message}`)
  return result.data
}

export function builtinAppliers(remote: SyncRemoteRowsRepository, notifications: Pick<NotificationsService, 'applyDelivery'>): RemoteRowAppliers {
  return {
    protocol: {
      apply(row, at) {
        if (row.deletedAt) return remote.deleteProtocol(row.id, row.deletedAt)
        const givenUp = remote.upsertProtocol(parsed(Protocol, row), at)
        return givenUp ? [givenUp] : []
      },
      remove: (id, at) => remote.deleteProtocol(id, at)
    },
    veterinarian: {
      apply: (row, at) => remote.upsertVeterinarian(parsed(Veterinarian, row), at, row.deletedAt),
      remove: (id, at) => remote.deleteVeterinarian(id, at)
    },
    service: {
      apply: (row, at) => remote.upsertService(parsed(Service, row), at, row.deletedAt),
      remove: (id, at) => remote.deleteService(id, at)
    },
    notification: {
      // Only delivery comes back: the message itself was written here (or at another bench, whose
      // notifications this bench does not keep).
      apply(row, at) {
        const status = row.deletedAt ? ({ success: true, data: 'cancelled' } as const) : NotificationDeliveryStatus.safeParse(row.fields.deliveryStatus)
        if (!status.success) return
        const lastError = typeof row.fields.lastError === 'string' ? row.fields.lastError : null
        const when = typeof row.fields.sentAt === 'string' ? row.fields.sentAt : at
        notifications.applyDelivery(row.id, status.data, lastError, when)
      },
      remove: () => undefined
    }
  }
}
