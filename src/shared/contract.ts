/**
 * The whole IPC surface between the renderer and the main process, in one place.
 *
 * Every request channel has an input schema (validated in main before anything is touched) and
 * an output schema (checked in tests). Every event main pushes has a payload schema. Preload
 * exposes exactly these names and nothing else; the browser harness bridges the same names.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'
import { ErrorParams, REQUEST_ERROR_CODES, VALIDATION_RULE_CODES } from './error-codes'
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
import { healthEvents, healthRequests } from './health'
import { auditRequests } from './audit'

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
  ...backupsRequests,
  ...healthRequests,
  ...auditRequests
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
  ...backupsEvents,
  ...healthEvents
} as const satisfies Record<string, z.ZodType>

export type Requests = typeof requests
export type RequestName = keyof Requests
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>
export type ParsedInput<K extends RequestName> = z.output<Requests[K]['input']>
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<K extends EventName> = z.output<Events[K]>

/** From the schemas themselves (main binds these); channels.generated.ts lists the same for the preload. */
export const REQUEST_NAMES = Object.keys(requests) as RequestName[]
export const EVENT_NAMES = Object.keys(events) as EventName[]

/** Why a request was refused: drawn from the one catalogue of codes (`error-codes.ts`), each said in es and en. */
export const ErrorCode = z.enum(REQUEST_ERROR_CODES)
export type ErrorCode = z.infer<typeof ErrorCode>

/**
 * One field that broke a rule: its dotted path (`animal.owner`), zod's own code and English
 * message (for the log), and the rule with what it needs (`too_long`, `{ maximum: 160 }`) that the
 * renderer says next to the field ("Propietario: máximo 160 caracteres").
 */
export const FieldIssue = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
  rule: z.enum(VALIDATION_RULE_CODES).optional(),
  params: ErrorParams.optional()
})
export type FieldIssue = z.infer<typeof FieldIssue>

export const ContractError = z.object({
  code: ErrorCode,
  /** English detail for logs; the renderer shows its own translation of `code`. */
  message: z.string(),
  /** What the translation of `code` interpolates (a number, a status, a limit). */
  params: ErrorParams.optional(),
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

// The wire names live without zod in channels.ts (what the preload bundles); re-exported for main.
export { EVENT_CHANNEL, IPC_PREFIX, requestChannel } from './channels'
