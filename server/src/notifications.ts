/**
 * Notifications arrive as ordinary pushed rows; here they meet the mail queue. Attachment
 * content travels once, in the push that creates the notification, and stays in the queue:
 * rows (and so every pull) carry only name, type and size.
 */
import type { Fields } from '../../src/shared/sync-protocol'
import type { Sql } from './storage/types'

export interface MailAttachment {
  filename: string
  contentType: string
  contentBase64: string
}

export interface MailMessage {
  to: string[]
  cc: string[]
  replyTo: string | null
  subject: string
  text: string
  html: string | null
  attachments: MailAttachment[]
}

/** Splits attachment content off the fields; `attachments` is undefined when the op had none. */
export function detachAttachments(fields: Fields): { fields: Fields; attachments: MailAttachment[] | undefined } {
  if (!Array.isArray(fields.attachments)) return { fields, attachments: undefined }
  const attachments = fields.attachments as MailAttachment[]
  const described = attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: Buffer.byteLength(a.contentBase64, 'base64')
  }))
  return { fields: { ...fields, attachments: described }, attachments }
}

export function missingForMail(fields: Fields): string[] {
  return ['to', 'subject', 'text'].filter((field) => fields[field] === undefined || fields[field] === null)
}

export function mailMessage(fields: Fields, attachments: MailAttachment[]): MailMessage {
  return {
    to: fields.to as string[],
    cc: (fields.cc as string[] | undefined) ?? [],
    replyTo: (fields.replyTo as string | undefined) ?? null,
    subject: fields.subject as string,
    text: fields.text as string,
    html: (fields.html as string | undefined) ?? null,
    attachments
  }
}

/** Server-maintained fields a notification starts with. */
export const QUEUED_DELIVERY: Fields = { deliveryStatus: 'queued', attempts: 0, lastError: null, sentAt: null, messageId: null }

export async function enqueueMail(sql: Sql, notificationId: string, message: MailMessage, now: number): Promise<void> {
  await sql.run(
    `INSERT INTO mail_queue (notification_id, status, attempts, next_attempt_at, last_error, message)
     VALUES (?, 'queued', 0, ?, NULL, ?) ON CONFLICT (notification_id) DO NOTHING`,
    [notificationId, now, JSON.stringify(message)]
  )
}

export async function cancelMail(sql: Sql, notificationId: string): Promise<void> {
  await sql.run("UPDATE mail_queue SET status = 'cancelled' WHERE notification_id = ? AND status IN ('queued', 'retrying')", [
    notificationId
  ])
}
