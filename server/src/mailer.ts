/**
 * Sends queued notifications through SMTP (nodemailer) and writes each outcome back onto the
 * notification row as a server change, so benches learn delivery state from their next pull.
 * Every server process may run one: each pass claims its messages in the shared queue first.
 * At least once: a crash between the SMTP acceptance and the recorded outcome sends again
 * (once the claim lapses); the Message-ID is derived from the notification id so receiving systems can fold duplicates.
 */
import nodemailer from 'nodemailer'
import type { Fields, NotificationDeliveryStatus } from '../../src/shared/sync-protocol'
import { ChangeSet } from './change-set'
import { mergeFields } from './conflict-rules'
import type { MailMessage } from './notifications'
import type { Storage } from './storage/types'

export interface MailerOptions {
  storage: Storage
  smtpUrl: string
  from: string
  /** Delay before each retry; attempts stop after retryDelaysMs.length + 1 tries. */
  retryDelaysMs: readonly number[]
  pollMs: number
  /** How long a pass owns the messages it took; longer than sending 20 messages ever takes. */
  claimMs?: number
  now: () => number
  log: (line: string) => void
}

export const DEFAULT_CLAIM_MS = 5 * 60_000

export const DEFAULT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000]

interface Outcome {
  status: NotificationDeliveryStatus
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  sentAt: string | null
  messageId: string | null
}

interface DueMail {
  notification_id: string
  attempts: number
  message: string
}

/** 5xx SMTP replies are permanent; everything else (4xx, network) is worth another try. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode
  return typeof code === 'number' && code >= 500
}

/**
 * Takes up to 20 due messages for this process until `now + claimMs`. The claim conditions
 * stand on the UPDATE itself, not only in the subquery: PostgreSQL re-checks them on a row
 * another process claimed meanwhile, so two processes never take the same message.
 */
async function claimDue(storage: Storage, now: number, claimMs: number): Promise<DueMail[]> {
  const claimable = `status IN ('queued', 'retrying') AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)`
  return storage.statement((sql) =>
    sql.all<DueMail>(
      `UPDATE mail_queue SET claimed_until = ?
       WHERE ${claimable}
         AND notification_id IN (SELECT notification_id FROM mail_queue WHERE ${claimable} ORDER BY next_attempt_at LIMIT 20)
       RETURNING notification_id, attempts, message`,
      [now + claimMs, now, now, now, now]
    )
  )
}

async function recordOutcome(storage: Storage, notificationId: string, outcome: Outcome): Promise<void> {
  await storage.write(async (sql) => {
    const changes = await ChangeSet.begin(sql)
    await sql.run('UPDATE mail_queue SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = NULL WHERE notification_id = ?', [
      outcome.status,
      outcome.attempts,
      outcome.nextAttemptAt,
      outcome.lastError,
      notificationId
    ])
    const current = await changes.read('notification', notificationId)
    if (current && current.deletedAt === null) {
      const delivery: Fields = {
        deliveryStatus: outcome.status,
        attempts: outcome.attempts,
        lastError: outcome.lastError,
        sentAt: outcome.sentAt,
        messageId: outcome.messageId
      }
      const merged = mergeFields({
        entity: 'notification',
        current: current.fields,
        meta: current.meta,
        incoming: delivery,
        writer: 'server',
        baseVersion: current.version,
        version: changes.peekVersion()
      })
      if (merged.changed) await changes.save('notification', notificationId, current, { ...merged, deletedAt: null, owner: current.owner })
    }
    await changes.finish()
  })
}

export interface Mailer {
  /** Look at the queue soon (after a push queued mail). */
  kick(): void
  /** One pass over the due mail; resolves with the number of messages tried. */
  runOnce(): Promise<number>
  stop(): Promise<void>
}

export function createMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let stopped = false

  async function send(due: DueMail): Promise<void> {
    const message = JSON.parse(due.message) as MailMessage
    const attempts = due.attempts + 1
    const now = options.now()
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: message.to,
        cc: message.cc,
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: `<${due.notification_id}@reception-bench>`,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, 'base64')
        }))
      })
      const sentAt = new Date(options.now()).toISOString()
      await recordOutcome(options.storage, due.notification_id, {
        status: 'sent',
        attempts,
        nextAttemptAt: now,
        lastError: null,
        sentAt,
        messageId: String(info.messageId)
      })
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error)
      const delay = options.retryDelaysMs[attempts - 1]
      const giveUp = isPermanent(error) || delay === undefined
      options.log(`mail ${due.notification_id}: attempt ${attempts} failed: ${lastError}${giveUp ? ' (giving up)' : ''}`)
      await recordOutcome(options.storage, due.notification_id, {
        status: giveUp ? 'failed' : 'retrying',
        attempts,
        nextAttemptAt: now + (delay ?? 0),
        lastError,
        sentAt: null,
        messageId: null
      })
    }
  }

  async function pass(): Promise<number> {
    const due = await claimDue(options.storage, options.now(), options.claimMs ?? DEFAULT_CLAIM_MS)
    for (const mail of due) {
      if (stopped) break
      await send(mail)
    }
    return due.length
  }

  function schedule(delayMs: number): void {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      void runOnce()
        .catch((error: unknown) => options.log(`mailer: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => schedule(options.pollMs))
    }, delayMs)
    timer.unref()
  }

  // A kick during a pass asks for one more pass, so mail queued meanwhile does not wait a poll.
  let again = false
  function runOnce(): Promise<number> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      let tried = 0
      do {
        again = false
        tried += await pass()
      } while (again && !stopped)
      return tried
    })().finally(() => (running = undefined))
    return running
  }

  schedule(0)
  return {
    kick: () => schedule(0),
    runOnce,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => undefined)
      transport.close()
    }
  }
}
