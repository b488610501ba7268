import type { Db } from '../../platform/db/database'
import type { NotificationKind, NotificationState, NotificationView } from '../../../shared/notifications'
import type { Language } from '../../../shared/languages'

export interface NotificationRecord {
  id: string
  kind: NotificationKind
  protocolId: string | null
  workOrderId: string | null
  reportId: string | null
  recipient: string
  language: Language
  subject: string
  bodyText: string
  state: NotificationState
  createdAt: string
}

interface Row {
  id: string
  kind: NotificationKind
  protocol_id: string | null
  work_order_id: string | null
  report_id: string | null
  recipient: string
  language: Language
  subject: string
  state: NotificationState
  last_error: string | null
  created_at: string
  updated_at: string
}

const toView = (row: Row): NotificationView => ({
  id: row.id,
  kind: row.kind,
  protocolId: row.protocol_id,
  workOrderId: row.work_order_id,
  reportId: row.report_id,
  recipient: row.recipient,
  language: row.language,
  subject: row.subject,
  state: row.state,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at
})

export function createNotificationsRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO notifications (id, kind, protocol_id, work_order_id, report_id, recipient, language, subject, body_text, state, last_error, created_at, updated_at)
     VALUES (@id, @kind, @protocolId, @workOrderId, @reportId, @recipient, @language, @subject, @bodyText, @state, NULL, @createdAt, @createdAt)`
  )
  const forProtocol = db.prepare<[string], Row>(`SELECT * FROM notifications WHERE protocol_id = ? ORDER BY created_at, id`)
  const forWorkOrder = db.prepare<[string], Row>(`SELECT * FROM notifications WHERE work_order_id = ? ORDER BY created_at, id`)
  const one = db.prepare<[string], Row>(`SELECT * FROM notifications WHERE id = ?`)
  const failed = db.prepare<[number], Row>(`SELECT * FROM notifications WHERE state = 'failed' ORDER BY updated_at DESC, id DESC LIMIT ?`)
  // The same kind about the same protocol, report or work order, written after this one.
  const newer = db.prepare<[Pick<Row, 'id' | 'kind' | 'protocol_id' | 'work_order_id' | 'report_id' | 'created_at'>], { id: string }>(
    `SELECT id FROM notifications WHERE kind = @kind AND protocol_id IS @protocol_id AND work_order_id IS @work_order_id
       AND report_id IS @report_id AND (created_at > @created_at OR (created_at = @created_at AND rowid > (SELECT rowid FROM notifications WHERE id = @id)))
     LIMIT 1`
  )
  const veterinarianOf = db.prepare<[string], { vet: string | null }>(
    `SELECT coalesce((SELECT veterinarian_id FROM protocols WHERE id = n.protocol_id), (SELECT veterinarian_id FROM work_orders WHERE id = n.work_order_id)) AS vet
     FROM notifications n WHERE n.id = ?`
  )
  const setState = db.prepare(`UPDATE notifications SET state = ?, last_error = ?, updated_at = ? WHERE id = ?`)
  return {
    insert(record: NotificationRecord): void {
      insert.run(record)
    },
    listFor(protocolId: string): NotificationView[] {
      return forProtocol.all(protocolId).map(toView)
    },
    listForWorkOrder(workOrderId: string): NotificationView[] {
      return forWorkOrder.all(workOrderId).map(toView)
    },
    get(id: string): NotificationView | null {
      const row = one.get(id)
      return row ? toView(row) : null
    },
    /** Every failed message, the latest first (the administration page's list). */
    listFailed(limit: number): NotificationView[] {
      return failed.all(limit).map(toView)
    },
    /** The veterinarian the message is for: its protocol's or its work order's. */
    veterinarianOf(id: string): string | null {
      return veterinarianOf.get(id)?.vet ?? null
    },
    /** Whether a later message of the same kind about the same thing exists (it was sent again already). */
    hasNewer(id: string): boolean {
      const row = one.get(id)
      if (!row) return false
      const { kind, protocol_id, work_order_id, report_id, created_at } = row
      return newer.get({ id, kind, protocol_id, work_order_id, report_id, created_at }) !== undefined
    },
    /** Delivery as the server reported it; returns false for a notification this bench never wrote. */
    setState(id: string, state: NotificationState, lastError: string | null, at: string): boolean {
      return setState.run(state, lastError, at, id).changes > 0
    }
  }
}
export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>
