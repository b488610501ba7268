/**
 * The catalogue of everything that can go wrong where a clerk sees it, as codes: the one source
 * every error the main process, a job or the lab server produces is drawn from. The renderer
 * says each code in the clerk's language (`errors.<code>`, `rules.<rule>`), with its parameters;
 * the English technical text travels beside it for the log and the diagnostics ZIP, and the
 * screen shows it only behind a "detalles" toggle.
 *
 * A test checks that every code listed here has a Spanish and an English text, so a code added
 * here without its words fails the build instead of showing a raw identifier to a clerk.
 */
import { z } from 'zod'
import { FieldConflictReason, OpRejectionCode, SyncErrorCode } from './sync-protocol'
import { MAIL_ERROR_CODES, UPDATE_ERROR_CODES } from './detail-codes'

/** Why a request was refused (the contract's `error.code`). */
export const REQUEST_ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'forbidden_sender',
  'not_found',
  'conflict',
  'no_clerk',
  'wrong_pin',
  'numbers_exhausted',
  'no_printer',
  'database_from_future',
  'unavailable',
  /** Issued work orders and finalized reports are never changed; a new version is made instead. */
  'immutable',
  'not_paired',
  'server_unreachable',
  'pairing_failed',
  /** A server address on the network that is not https:// (plain HTTP only for this machine). */
  'insecure_server_url',
  /** Pairing, the server address and a new admin PIN need the admin PIN. */
  'wrong_admin_pin',
  'invalid_admin_pin',
  'cancelled',
  'internal',
  /** Neither a server block nor a typed range to number from: pair the bench, or type a range. */
  'no_number_source',
  /** A typed range outside what the server takes: this year or the next, 1..MAX_SEQ, at most MAX_RANGE_NUMBERS. */
  'range_out_of_bounds',
  /** The bench is trying the app with demo data: it cannot pair or take a typed range until the demo data is removed. */
  'demo_mode',
  /** Demo data only starts on an empty bench that is not paired. */
  'demo_not_allowed',
  /** A renumber needs a number the server confirmed (a leased block or a claimed range) and none is left. */
  'renumber_no_block',
  /** A work order whose number the server refused is corrected only once it is renumbered (its versions share the number). */
  'renumber_first',
  /** The disk (or the database file) has no room left; nothing was written. */
  'disk_full',
  /** The database failed an integrity check: nothing is written until a good snapshot is restored. */
  'database_damaged',
  /** The data or backup folder cannot be written (read-only, no permission): nothing was changed. */
  'folder_read_only',
  /** The backup folder is not there (a USB disk unplugged, a share not mounted). */
  'folder_missing',
  /** A snapshot that no longer passes its integrity check is never restored. */
  'snapshot_damaged',
  'already_decided',
  'range_overlaps',
  'no_number_no_label',
  'container_out_of_range',
  'printer_test_failed',
  'bulk_too_many',
  'bulk_empty',
  'bulk_running',
  'bulk_not_running',
  'bulk_undone',
  'bulk_not_undoable',
  'bulk_nothing_to_retry',
  'status_not_allowed',
  'changed_meanwhile',
  'sync_running',
  'report_finalizing',
  'report_is_final',
  'report_has_final',
  /** The protocol was reported at another bench (or its report from there is on its way): amend that one. */
  'report_elsewhere',
  /** A work order or report made at another bench: read-only here. */
  'document_read_only',
  'report_not_final',
  'report_open_version',
  'report_not_newest',
  'report_no_pdf',
  'protocol_not_reportable',
  'stored_pdf_corrupt',
  'work_order_empty',
  'line_not_billable',
  'line_service_unknown',
  'protocol_not_billable',
  'protocol_billed_elsewhere',
  'correction_target_not_issued',
  'document_not_stored',
  'print_dialog_unavailable',
  'file_manager_unavailable',
  'update_busy',
  'no_update_ready',
  'notification_not_resendable',
  'work_order_not_draft',
  'other_veterinarian',
  'already_on_order',
  'no_service_for_type',
  'line_gone',
  /** A later message of the same kind about the same thing exists: that one is the one to send again. */
  'notification_already_resent'
] as const

/**
 * Why a job has not done its work (yet): a `jobs.*` view carries `error.code`. The `printer_*`
 * codes of a queued label job mean "waiting for the printer", of a failed one "not printed".
 */
export const JOB_ERROR_CODES = [
  /** Anything without a code of its own; the detail says what, in the log. */
  'job_failed',
  'job_timeout',
  'job_cancelled',
  /** The app closed or another process took the job over; it runs again by itself. */
  'job_interrupted',
  'worker_crashed',
  'no_printer',
  'printer_unreachable',
  'printer_rejected',
  'printer_paper_out',
  'printer_head_open',
  'printer_paused',
  'printer_ribbon_out',
  'printer_offline',
  'printer_busy',
  'printer_unknown_state',
  'printer_job_cancelled',
  /** The bench stopped while the label's bytes were on their way: it may or may not have come out. */
  'label_uncertain',
  'protocol_not_found',
  'no_number_no_label',
  /** A container's label asked for after the protocol was corrected to fewer containers. */
  'container_out_of_range',
  'report_not_found',
  'report_not_finalizing',
  'report_invalid_document',
  'report_render_failed',
  'export_not_found',
  'export_source_missing',
  'disk_full',
  'file_write_failed',
  'bulk_batch_not_found',
  'sync_failed'
] as const

/** What a label printer says about itself (`printers.status`, the label job's waiting reason). */
export const PRINTER_STATE_CODES = ['ok', 'paper_out', 'head_open', 'paused', 'ribbon_out', 'offline', 'unreachable', 'busy', 'unknown'] as const

/**
 * Why a sync round failed (the Sync page's last error): the lab server's own refusals and what
 * the bench's client adds (`network`, `timeout`, any non-JSON answer as `bad_response`, an HTTP
 * status without a protocol code as `http_error`).
 */
export const SYNC_ERROR_CODES = [
  ...SyncErrorCode.options,
  'network',
  'timeout',
  'bad_response',
  'http_error',
  'cancelled',
  'not_paired',
  'secret_missing',
  'secret_unreadable'
] as const

/** Why a change did not go through as the bench sent it (the Sync page's conflicts to review). */
export const SYNC_CONFLICT_CODES = [...OpRejectionCode.options, ...FieldConflictReason.options, 'range_taken', 'apply_failed', 'unknown_entity'] as const

/**
 * The rules a field can break (zod's issue codes; sizes split by what was measured). Every
 * validation error is shown as "<field>: <rule>", e.g. "Propietario: máximo 160 caracteres".
 */
export const VALIDATION_RULE_CODES = [
  'required',
  'too_long',
  'too_short',
  'too_many',
  'too_few',
  'too_big',
  'too_small',
  'invalid_email',
  'invalid_url',
  'invalid_uuid',
  'invalid_format',
  'invalid_type',
  'invalid_value',
  'not_integer',
  'unrecognized_keys',
  'invalid'
] as const

export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number]
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number]
export type PrinterStateCode = (typeof PRINTER_STATE_CODES)[number]
export type SyncErrorCodeName = (typeof SYNC_ERROR_CODES)[number]
export type SyncConflictCode = (typeof SYNC_CONFLICT_CODES)[number]
export type ValidationRuleCode = (typeof VALIDATION_RULE_CODES)[number]

/**
 * Every code with an `errors.<code>` text (request, job, sync and conflict codes share one
 * namespace, and so do the codes read from a mail server's or the updater's text, detail-codes.ts).
 */
export const ALL_ERROR_CODES: readonly string[] = [
  ...new Set<string>([...REQUEST_ERROR_CODES, ...JOB_ERROR_CODES, ...SYNC_ERROR_CODES, ...SYNC_CONFLICT_CODES, ...MAIL_ERROR_CODES, ...UPDATE_ERROR_CODES])
]

/** Values a message may interpolate: numbers, names, states. */
export const ErrorParams = z.record(z.string(), z.union([z.string(), z.number()]))
export type ErrorParams = z.infer<typeof ErrorParams>

/** A job's error as the renderer gets it; the technical text is the view's `lastError`. */
export const JobErrorInfo = z.object({ code: z.string(), params: ErrorParams })
export type JobErrorInfo = z.infer<typeof JobErrorInfo>

const JOB_ERROR_CODE_SET: ReadonlySet<string> = new Set(JOB_ERROR_CODES)

export function isJobErrorCode(code: unknown): code is JobErrorCode {
  return typeof code === 'string' && JOB_ERROR_CODE_SET.has(code)
}

/** The printer state code a printer job waits on or failed with (`paper_out` -> `printer_paper_out`). */
export function printerJobCode(state: PrinterStateCode): JobErrorCode {
  switch (state) {
    case 'ok':
    case 'busy':
      return 'printer_busy'
    case 'unknown':
      return 'printer_unknown_state'
    default:
      return `printer_${state}`
  }
}

/**
 * How a coded job error is kept in the job's `last_error` column: one JSON line holding the code,
 * its parameters and the technical text. Uncoded errors keep their plain text, as before.
 */
export function encodeJobError(code: JobErrorCode, params: ErrorParams, detail: string): string {
  return JSON.stringify({ code, params, detail })
}

/** Errors the queue and the worker pool raise themselves, recognised by the class name they carry. */
const CODES_BY_ERROR_NAME: Readonly<Record<string, JobErrorCode>> = {
  JobTimeoutError: 'job_timeout',
  TaskTimeoutError: 'job_timeout',
  JobCancelledError: 'job_cancelled',
  ShutdownError: 'job_interrupted',
  PoolStoppedError: 'job_interrupted',
  WorkerCrashedError: 'worker_crashed',
  /** Refused before writing: not enough free space (src/main/platform/disk-space.ts). */
  DiskSpaceError: 'disk_full',
  SyncError: 'sync_failed'
}

/** The code and technical text of a stored job error (`null` when there is none). */
export function decodeJobError(stored: string | null): (JobErrorInfo & { detail: string }) | null {
  if (stored === null) return null
  if (stored.startsWith('{"code":')) {
    try {
      const parsed = JSON.parse(stored) as { code?: unknown; params?: unknown; detail?: unknown }
      const params = ErrorParams.safeParse(parsed.params ?? {})
      if (isJobErrorCode(parsed.code)) {
        return { code: parsed.code, params: params.success ? params.data : {}, detail: typeof parsed.detail === 'string' ? parsed.detail : '' }
      }
    } catch {
      // Not ours after all: shown as an uncoded failure below.
    }
  }
  const name = /^([A-Za-z]+Error): /.exec(stored)?.[1]
  const byName = name ? CODES_BY_ERROR_NAME[name] : undefined
  if (byName) return { code: byName, params: {}, detail: stored }
  if (stored === 'interrupted' || stored.includes('lease expired')) return { code: 'job_interrupted', params: {}, detail: stored }
  return { code: 'job_failed', params: {}, detail: stored }
}

/**
 * The rule a zod issue names, with what the message needs. Sizes are told by what they measure:
 * a string's length, an array's items, a number's value.
 */
export function ruleOfIssue(issue: { code: string; origin?: unknown; maximum?: unknown; minimum?: unknown; format?: unknown; expected?: unknown; message?: string }): {
  rule: ValidationRuleCode
  params: ErrorParams
} {
  const limit = (value: unknown): number | string => (typeof value === 'number' || typeof value === 'string' ? value : typeof value === 'bigint' ? Number(value) : '')
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string') return { rule: 'too_long', params: { maximum: limit(issue.maximum) } }
      if (issue.origin === 'array' || issue.origin === 'set') return { rule: 'too_many', params: { maximum: limit(issue.maximum) } }
      return { rule: 'too_big', params: { maximum: limit(issue.maximum) } }
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { rule: 'required', params: {} } : { rule: 'too_short', params: { minimum: limit(issue.minimum) } }
      if (issue.origin === 'array' || issue.origin === 'set') return { rule: 'too_few', params: { minimum: limit(issue.minimum) } }
      return { rule: 'too_small', params: { minimum: limit(issue.minimum) } }
    case 'invalid_format':
      if (issue.format === 'email') return { rule: 'invalid_email', params: {} }
      if (issue.format === 'url') return { rule: 'invalid_url', params: {} }
      if (issue.format === 'uuid') return { rule: 'invalid_uuid', params: {} }
      return { rule: 'invalid_format', params: {} }
    case 'invalid_type':
      if (issue.expected === 'int') return { rule: 'not_integer', params: {} }
      return issue.message?.endsWith('received undefined') ? { rule: 'required', params: {} } : { rule: 'invalid_type', params: {} }
    case 'invalid_value':
    case 'invalid_union':
      return { rule: 'invalid_value', params: {} }
    case 'not_multiple_of':
      return { rule: 'not_integer', params: {} }
    case 'unrecognized_keys':
      return { rule: 'unrecognized_keys', params: {} }
    default:
      return { rule: 'invalid', params: {} }
  }
}

/**
 * A sync failure as the clerk is told it: the server's code or the client's, an HTTP status
 * without a protocol code (`http_503`) as `http_error` with its status.
 */
export function syncErrorInfo(error: { code: string }): JobErrorInfo {
  const http = /^http_(\d{3})$/.exec(error.code)
  if (http) return { code: 'http_error', params: { status: Number(http[1]) } }
  return { code: (SYNC_ERROR_CODES as readonly string[]).includes(error.code) ? error.code : 'sync_failed', params: {} }
}

/** A conflict's code as the clerk is told it; one the catalogue does not know is a change that did not apply. */
export function syncConflictInfo(code: string): JobErrorInfo {
  return { code: (SYNC_CONFLICT_CODES as readonly string[]).includes(code) ? code : 'apply_failed', params: {} }
}
