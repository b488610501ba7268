/**
 * The bench's side of sync as the renderer sees it: status, pairing, conflicts for review.
 * Device id and secret never cross this boundary (they stay in the main process).
 */
import { z } from 'zod'
import { NoInput, type RequestDef } from './request-def'
import { DeviceRole, SyncEntity } from './sync-protocol'
import { isLoopbackHost } from './loopback'


/**
 * unpaired: no server yet. idle: the last round worked. syncing: a round runs now.
 * offline: the server could not be reached (retrying with backoff). error: the server refused
 * (credentials revoked, a payload it will not take); the message says what.
 */
export const SyncState = z.enum(['unpaired', 'idle', 'syncing', 'offline', 'error'])
export type SyncState = z.infer<typeof SyncState>

/** The documents a restore counts, as the sync protocol names them. */
export const RestoreCounts = z.object({
  protocol: z.number().int().nonnegative(),
  work_order: z.number().int().nonnegative(),
  report: z.number().int().nonnegative()
})
export type RestoreCounts = z.infer<typeof RestoreCounts>
export const RESTORE_KINDS = ['protocol', 'work_order', 'report'] as const

/**
 * A bench bringing everything back from the server (its first round after pairing, or "Descargar
 * de nuevo todo"): rows: the server's rows arrive; pdfs: the PDFs of work orders and reports
 * arrive; done; failed: the round stopped (the next one goes on where it stopped).
 */
export const RestoreState = z.enum(['rows', 'pdfs', 'done', 'failed'])
export type RestoreState = z.infer<typeof RestoreState>

export const RestoreProgress = z.object({
  state: RestoreState,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Rows brought back so far, per kind. */
  received: RestoreCounts,
  /** What the server holds (its table digests, asked before the first page); null when it could not say. */
  totals: RestoreCounts.nullable(),
  /** PDFs handled so far (stored, or not on the server yet: asked again next round), of the `total` the rows that came name. */
  pdfs: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() })
})
export type RestoreProgress = z.infer<typeof RestoreProgress>

export const SyncStatus = z.object({
  paired: z.boolean(),
  state: SyncState,
  serverUrl: z.string().nullable(),
  benchName: z.string().nullable(),
  role: DeviceRole.nullable(),
  /** False when the device secret sits in a 0600 file instead of the OS keychain; null when unpaired. */
  osProtected: z.boolean().nullable(),
  running: z.boolean(),
  /** Local changes not yet acknowledged by the server. */
  pending: z.number().int(),
  /** Conflicts and refusals waiting for the clerk's review. */
  conflicts: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  nextRoundAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The server change sequence this bench has applied up to. */
  cursor: z.number().int(),
  /** The last drift check found the local copy differs from the server's. */
  drift: z.boolean(),
  /** A snapshot (first sync or replacement) is due in the next round. */
  snapshotPending: z.boolean(),
  /** The latest restore from the server since the bench started (null: none). */
  restore: RestoreProgress.nullable()
})
export type SyncStatus = z.infer<typeof SyncStatus>

/**
 * field: the server kept its owner's value of one field. rejected: the server consumed the
 * operation without applying it. refused: the server would not take the operation at all (bad
 * payload). apply_failed: a server row could not be applied here (e.g. a number held locally).
 */
export const SyncConflictKind = z.enum(['field', 'rejected', 'refused', 'apply_failed'])
export type SyncConflictKind = z.infer<typeof SyncConflictKind>

export const SyncConflictView = z.object({
  id: z.string(),
  entity: SyncEntity,
  entityId: z.string(),
  /** A readable name of the row (protocol number, veterinarian name) when the bench has one. */
  label: z.string().nullable(),
  /**
   * The row's number was refused by the server and it still carries it: "Renumerar" gives it a
   * number the server confirmed (protocols.renumber, workOrders.renumber).
   */
  renumberable: z.boolean(),
  opSeq: z.number().int().nullable(),
  kind: SyncConflictKind,
  code: z.string(),
  field: z.string().nullable(),
  localValue: z.unknown(),
  serverValue: z.unknown(),
  message: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable()
})
export type SyncConflictView = z.infer<typeof SyncConflictView>

// Kept in its own zod-free module: the browser harness checks Host headers before it loads the schemas.
export { isLoopbackHost }

/**
 * Whether a bench may use this server address: HTTPS, or plain HTTP to this machine only (tests,
 * demo). Anything else would carry the device secret, the lab's data and the update feed in clear.
 */
export function isAllowedServerUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
  } catch {
    return false
  }
}

const ServerUrl = z.url({ protocol: /^https?$/ })
const AdminPin = z.string().min(1).max(8)

export const PairInput = z
  .object({
    serverUrl: ServerUrl,
    code: z.string().trim().min(4).max(32),
    benchName: z.string().trim().min(1).max(80).optional(),
    /** The bench's admin PIN; while none is set, the PIN given here becomes it (4-8 digits). */
    adminPin: AdminPin
  })
  .strict()
export type PairInput = z.input<typeof PairInput>

export const ServerUrlInput = z.object({ serverUrl: ServerUrl, adminPin: AdminPin }).strict()
export type ServerUrlInput = z.input<typeof ServerUrlInput>

export const syncRequests = {
  'sync.status': { input: NoInput, output: SyncStatus },
  'sync.pair': { input: PairInput, output: SyncStatus },
  'sync.unpair': { input: NoInput, output: SyncStatus },
  /** Points a paired bench at another address of its server (a new proxy, a new name): needs the admin PIN. */
  'sync.setServerUrl': { input: ServerUrlInput, output: SyncStatus },
  /**
   * A new sync secret from the server, without unpairing (admin PIN). The old one keeps signing
   * for the server's short overlap. Also done on a schedule (sync.rotate_secret).
   */
  'sync.rotateSecret': { input: z.object({ adminPin: AdminPin }).strict(), output: z.object({ rotatedAt: z.string() }) },
  /** Starts a round now; with `wait`, answers when it has finished (tests, scripts). */
  'sync.now': { input: z.object({ wait: z.boolean().default(false) }).strict(), output: SyncStatus },
  /** Replacement sync: re-downloads the server state, keeping local rows with unsent changes. */
  'sync.replace': { input: z.object({ wait: z.boolean().default(false) }).strict(), output: SyncStatus },
  'sync.conflicts': {
    input: z.object({ includeResolved: z.boolean().default(false) }).strict(),
    output: z.object({ conflicts: z.array(SyncConflictView) })
  },
  /** The clerk has seen the conflict; the server's state stands. */
  'sync.resolveConflict': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: SyncConflictView }
} as const satisfies Record<string, RequestDef>

export const syncEvents = {
  'sync.status': SyncStatus
} as const satisfies Record<string, z.ZodType>
