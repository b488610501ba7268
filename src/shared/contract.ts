/**
 * The whole IPC surface between the renderer and the main process, in one place.
 *
 * Every request channel has an input schema (validated in main before anything is touched) and
 * an output schema (checked in tests). Every event main pushes has a payload schema. Preload
 * exposes exactly these names and nothing else; the browser harness bridges the same names.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'
import { appEvents, appRequests } from './app'
import { protocolEvents, protocolRequests } from './protocols'
import { veterinarianRequests } from './veterinarians'
import { sessionEvents, sessionRequests } from './session'
import { receptionRequests } from './reception'
import { printingRequests } from './printing'
import { jobEvents, jobRequests } from './jobs'
import { notificationRequests } from './notifications'
import { workOrderEvents, workOrderRequests } from './work-orders'
import { artifactEvents, artifactRequests } from './artifacts'
import { reportEvents, reportRequests } from './reports'
import { syncEvents, syncRequests } from './sync-status'
import { bulkEvents, bulkRequests } from './bulk'
import { exportEvents, exportRequests } from './exports'
import { statisticsEvents, statisticsRequests } from './statistics'
import { diagnosticsEvents, diagnosticsRequests } from './diagnostics'
import { setupEvents, setupRequests } from './setup'
import { backupsEvents, backupsRequests } from './backups'

export const requests = {
  ...appRequests,
  ...protocolRequests,
  ...veterinarianRequests,
  ...sessionRequests,
  ...receptionRequests,
  ...printingRequests,
  ...jobRequests,
  ...notificationRequests,
  ...workOrderRequests,
  ...artifactRequests,
  ...reportRequests,
  ...syncRequests,
  ...bulkRequests,
  ...exportRequests,
  ...statisticsRequests,
  ...diagnosticsRequests,
  ...setupRequests,
  ...backupsRequests
} as const satisfies Record<string, RequestDef>

export const events = {
  ...appEvents,
  ...protocolEvents,
  ...sessionEvents,
  ...jobEvents,
  ...workOrderEvents,
  ...artifactEvents,
  ...reportEvents,
  ...syncEvents,
  ...bulkEvents,
  ...exportEvents,
  ...statisticsEvents,
  ...diagnosticsEvents,
  ...setupEvents,
  ...backupsEvents
} as const satisfies Record<string, z.ZodType>

export type Requests = typeof requests
export type RequestName = keyof Requests
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>
export type ParsedInput<K extends RequestName> = z.output<Requests[K]['input']>
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.output<Events[K]>

export const REQUEST_NAMES = Object.keys(requests) as RequestName[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/** Error codes the renderer knows how to translate (`errors.<code>` in the message catalogues). */
export const ErrorCode = z.enum([
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
  /** A server address on the network that is not https:// (plain HTTP only for this machine). */
  'insecure_server_url',
  /** Pairing, the server address and a new admin PIN need the admin PIN. */
  'wrong_admin_pin',
  'invalid_admin_pin',
  'cancelled',
  /** The database failed an integrity check: nothing is written until a good snapshot is restored. */
  'database_damaged',
  /** The disk is full: the change was rolled back, nothing half-written. */
  'disk_full',
  /** The data or backup folder cannot be written (read-only, no permission): nothing was changed. */
  'folder_read_only',
  /** The backup folder is not there (a USB disk unplugged, a share not mounted). */
  'folder_missing',
  /** A snapshot that no longer passes its integrity check is never restored. */
  'snapshot_damaged',
  'internal'
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const FieldIssue = z.object({ path: z.string(), code: z.string(), message: z.string() })
export type FieldIssue = z.infer<typeof FieldIssue>

export const ContractError = z.object({
  code: ErrorCode,
  /** English detail for logs; the renderer shows its own translation of `code`. */
  message: z.string(),
  issues: z.array(FieldIssue).optional()
})
export type ContractError = z.infer<typeof ContractError>

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError }

/** The object preload puts on `window.bench`: one function per request, and typed event subscription. */
export type BenchApi = {
  readonly [K in RequestName]: (input: RequestInput<K>) => Promise<Result<RequestOutput<K>>>
} & {
  readonly on: <K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void) => () => void
}

/** IPC channel names on the wire; a fixed prefix lets main drop anything that is not ours. */
export const IPC_PREFIX = 'bench:'
export const EVENT_CHANNEL = 'bench-event'
export const requestChannel = (name: RequestName): string => `${IPC_PREFIX}${name}`
