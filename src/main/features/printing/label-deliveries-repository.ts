import type { Db } from '../../platform/db/database'
import { PrinterConfigSchema, type PrinterConfig } from '../../../shared/printer-config'
import type { SendReceipt } from './printer-driver'

export type LabelDelivery =
  | { jobId: number; state: 'sending'; printer: PrinterConfig; startedAt: string }
  | { jobId: number; state: 'sent'; printer: PrinterConfig; receipt: SendReceipt; startedAt: string; sentAt: string }

interface Row {
  job_id: number
  state: 'sending' | 'sent'
  printer_json: string
  spool_job_id: string | null
  started_at: string
  sent_at: string | null
}

/** Where each label job's bytes are: on their way (`sending`) or with the printer (`sent`). See migration 012. */
export function createLabelDeliveriesRepository(db: Db) {
  const byJob = db.prepare<[number], Row>(`SELECT job_id, state, printer_json, spool_job_id, started_at, sent_at FROM label_deliveries WHERE job_id = ?`)
  const insertSending = db.prepare(
    `INSERT INTO label_deliveries (job_id, protocol_id, state, printer_json, started_at) VALUES (?, ?, 'sending', ?, ?)`
  )
  const markSent = db.prepare(`UPDATE label_deliveries SET state = 'sent', spool_job_id = ?, sent_at = ? WHERE job_id = ? AND state = 'sending'`)
  const remove = db.prepare(`DELETE FROM label_deliveries WHERE job_id = ?`)
  return {
    get(jobId: number): LabelDelivery | null {
      const row = byJob.get(jobId)
      if (!row) return null
      const printer = PrinterConfigSchema.parse(JSON.parse(row.printer_json))
      if (row.state === 'sending') return { jobId, state: 'sending', printer, startedAt: row.started_at }
      return {
        jobId,
        state: 'sent',
        printer,
        receipt: row.spool_job_id === null ? {} : { spoolJobId: row.spool_job_id },
        startedAt: row.started_at,
        sentAt: row.sent_at ?? row.started_at
      }
    },
    /** Written before the first byte leaves. */
    sending(jobId: number, protocolId: string, printer: PrinterConfig, at: string): void {
      insertSending.run(jobId, protocolId, JSON.stringify(printer), at)
    },
    sent(jobId: number, receipt: SendReceipt, at: string): void {
      markSent.run(receipt.spoolJobId ?? null, at, jobId)
    },
    /** A send that failed before any byte could print, or a label that is out: nothing to follow. */
    forget(jobId: number): void {
      remove.run(jobId)
    }
  }
}
export type LabelDeliveriesRepository = ReturnType<typeof createLabelDeliveriesRepository>
