/**
 * The whole IPC surface between the renderer and the main process, in one place.
 *
 * Every request channel has an input schema (validated in main before anything is touched) and
 * an output schema (checked in tests). Every event main pushes has a payload schema. Preload
 * exposes exactly these names and nothing else; the browser harness bridges the same names.
 */
import { z } from 'zod'
import { AuditEntry, Protocol, ProtocolStatus, ProtocolSummary, ProtocolType, StatusChange, Uuid, Veterinarian } from './domain'
import { Language } from './languages'
import { BenchSettings, BenchSettingsPatch, PublicClerk } from './bench-settings'
import { JobIdInput, JobStatsSchema, JobViewSchema, JobsChangedSchema } from './jobs'
import { EditReceptionInput, EditReceptionResult, LocalRangeInput, LookupResult, NumberStatus, ReceiveInput, ReceiveResult, TodaySummary } from './reception'
import { PrinterConfigSchema } from './printer-config'
import { notificationRequests } from './notifications'
import { workOrderEvents, workOrderRequests } from './work-orders'
import { artifactEvents, artifactRequests } from './artifacts'
import { reportEvents, reportRequests } from './reports'
import { syncEvents, syncRequests } from './sync-status'
import { bulkEvents, bulkRequests } from './bulk'
import { exportEvents, exportRequests } from './exports'
import { statisticsEvents, statisticsRequests } from './statistics'
import { diagnosticsEvents, diagnosticsRequests } from './diagnostics'

const NoInput = z.object({}).strict()

export const SearchQuery = z
  .object({
    text: z.string().max(200).default(''),
    status: ProtocolStatus.optional(),
    type: ProtocolType.optional(),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100)
  })
  .strict()
export type SearchQuery = z.input<typeof SearchQuery>

export const SearchPage = z.object({
  rows: z.array(ProtocolSummary),
  /** Exact when cheap, otherwise a lower bound (see `totalIsExact`). */
  total: z.number().int(),
  totalIsExact: z.boolean(),
  tookMs: z.number()
})
export type SearchPage = z.infer<typeof SearchPage>

export const ProtocolDetail = z.object({
  protocol: Protocol,
  history: z.array(StatusChange),
  audit: z.array(AuditEntry)
})
export type ProtocolDetail = z.infer<typeof ProtocolDetail>

export const AppInfo = z.object({
  version: z.string(),
  benchName: z.string(),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  protocolCount: z.number().int(),
  demoData: z.boolean(),
  shell: z.enum(['electron', 'browser-harness'])
})
export type AppInfo = z.infer<typeof AppInfo>

export const Preferences = z.object({
  language: Language
})
export type Preferences = z.infer<typeof Preferences>

export const PublicSettings = BenchSettings.omit({ clerks: true }).extend({ clerks: z.array(PublicClerk) })
export type PublicSettings = z.infer<typeof PublicSettings>


export const Session = z.object({ clerk: z.string().nullable(), clerks: z.array(PublicClerk) })
export type Session = z.infer<typeof Session>

export const PrinterStatusSchema = z.object({ ready: z.boolean(), reason: z.string(), detail: z.string().optional() })

/**
 * One request: its input is validated in main before any handler runs; its output is checked in
 * tests. Each area declares its requests beside its schemas (work-orders.ts, reports.ts, …) and
 * this file assembles them into the one surface preload exposes.
 */
export interface RequestDef {
  input: z.ZodType
  output: z.ZodType
}

export const requests = {
  'app.info': { input: NoInput, output: AppInfo },
  'preferences.get': { input: NoInput, output: Preferences },
  'preferences.update': { input: Preferences.partial().strict(), output: Preferences },
  'protocols.search': { input: SearchQuery, output: SearchPage },
  'protocols.get': { input: z.object({ id: Uuid }).strict(), output: ProtocolDetail },
  'veterinarians.list': { input: NoInput, output: z.array(Veterinarian) },
  'veterinarians.create': { input: Veterinarian.omit({ id: true, demo: true }).strict(), output: Veterinarian },
  'settings.get': { input: NoInput, output: PublicSettings },
  'settings.update': { input: BenchSettingsPatch, output: PublicSettings },
  'clerks.save': {
    input: z.object({ name: z.string().trim().min(1).max(80), pin: z.string().regex(/^\d{4,8}$/).optional() }).strict(),
    output: Session
  },
  'clerks.remove': { input: z.object({ name: z.string().trim().min(1).max(80) }).strict(), output: Session },
  'session.get': { input: NoInput, output: Session },
  'session.setClerk': {
    input: z.object({ name: z.string().trim().min(1).max(80), pin: z.string().max(8).optional() }).strict(),
    output: Session
  },
  'reception.lookup': { input: z.object({ text: z.string().trim().min(1).max(500) }).strict(), output: LookupResult },
  'reception.receive': { input: ReceiveInput, output: ReceiveResult },
  'reception.edit': { input: EditReceptionInput, output: EditReceptionResult },
  'reception.today': { input: NoInput, output: TodaySummary },
  'reception.duplicates': {
    input: z.object({ veterinarianId: Uuid, animalName: z.string().max(120), owner: z.string().max(160), excludeId: Uuid.optional() }).strict(),
    output: z.array(ProtocolSummary)
  },
  'numbers.status': { input: NoInput, output: NumberStatus },
  'numbers.addLocalRange': { input: LocalRangeInput, output: NumberStatus },
  'labels.reprint': { input: z.object({ protocolId: Uuid }).strict(), output: z.object({ jobId: z.number().int() }) },
  'labels.preview': { input: z.object({ protocolId: Uuid }).strict(), output: z.object({ pdfBase64: z.string() }) },
  'printers.status': { input: NoInput, output: PrinterStatusSchema },
  /** Prints a sample label on the given (unsaved) or the configured printer, now, and says how it went. */
  'printers.testPrint': {
    input: z.object({ printer: PrinterConfigSchema.optional() }).strict(),
    output: z.object({ bytes: z.number().int(), language: z.string() })
  },
  'printers.discover': { input: NoInput, output: z.object({ cupsQueues: z.array(z.string()) }) },
  'jobs.stats': { input: NoInput, output: JobStatsSchema },
  'jobs.get': { input: JobIdInput, output: JobViewSchema },
  'jobs.retry': { input: JobIdInput, output: JobViewSchema },
  'jobs.cancel': { input: JobIdInput, output: JobViewSchema },
  'jobs.purgeFinished': { input: NoInput, output: z.object({ purged: z.number().int() }) },
  ...notificationRequests,
  ...workOrderRequests,
  ...artifactRequests,
  ...reportRequests,
  ...syncRequests,
  ...bulkRequests,
  ...exportRequests,
  ...statisticsRequests,
  ...diagnosticsRequests
} as const satisfies Record<string, RequestDef>

export const events = {
  'preferences.changed': Preferences,
  'protocols.changed': z.object({ ids: z.array(Uuid) }),
  'settings.changed': PublicSettings,
  'session.changed': Session,
  'jobs.changed': JobsChangedSchema,
  ...workOrderEvents,
  ...artifactEvents,
  ...reportEvents,
  ...syncEvents,
  ...bulkEvents,
  ...exportEvents,
  ...statisticsEvents,
  ...diagnosticsEvents
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
  'cancelled',
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
