/**
 * Local backups and the database's health as the renderer sees them: daily verified snapshots
 * kept N days in a folder of the clerk's choice, restoring one, and what the bench does when its
 * database fails an integrity check (writes blocked until a good snapshot is restored).
 */
import { z } from 'zod'
import { NoInput, type RequestDef } from './request-def'

/** `reception-bench-20260611-100000.sqlite`: the snapshot's local time of creation, sortable. */
export const SNAPSHOT_NAME = /^reception-bench-\d{8}-\d{6}\.sqlite$/

export const Snapshot = z.object({
  name: z.string().regex(SNAPSHOT_NAME),
  createdAt: z.string(),
  bytes: z.number().int().nonnegative(),
  /** `PRAGMA integrity_check` answered `ok` on the snapshot file right after it was written. */
  verified: z.boolean(),
  /** Local changes not yet sent to the server when the snapshot was taken: only a snapshot holds them. */
  unsyncedChanges: z.number().int().nonnegative()
})
export type Snapshot = z.infer<typeof Snapshot>

/** Where the failing check ran: at start (`quick_check`) or the daily full `integrity_check`. */
export const DamageFoundBy = z.enum(['start', 'daily'])

export const DatabaseHealth = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok') }),
  z.object({
    state: z.literal('damaged'),
    detectedAt: z.string(),
    foundBy: DamageFoundBy,
    /** SQLite's first lines of the failing check (English, for support). */
    detail: z.string(),
    /** The copy of the damaged file, kept aside and never overwritten; null when it could not be made. */
    keptAside: z.string().nullable()
  })
])
export type DatabaseHealth = z.infer<typeof DatabaseHealth>

/** Why the last snapshot attempt failed, translated by the renderer (`backups.failure.<code>`). */
export const BackupFailure = z.enum(['disk_full', 'folder_read_only', 'folder_missing', 'verification_failed', 'database_damaged', 'internal'])
export type BackupFailure = z.infer<typeof BackupFailure>

export const BackupsStatus = z.object({
  folder: z.string(),
  /** The folder used when the clerk has not chosen one: `backups` in the data folder. */
  defaultFolder: z.string(),
  keepDays: z.number().int(),
  /** Newest first. */
  snapshots: z.array(Snapshot),
  lastGood: Snapshot.nullable(),
  lastFailure: z.object({ at: z.string(), reason: BackupFailure, detail: z.string() }).nullable(),
  health: DatabaseHealth,
  /** Changes waiting to be sent to the server now (null while the database is damaged). */
  unsyncedChanges: z.number().int().nonnegative().nullable()
})
export type BackupsStatus = z.infer<typeof BackupsStatus>

export const KEEP_DAYS_DEFAULT = 14

export const BackupsConfigureInput = z
  .object({
    /** An absolute path (a USB disk, a network share); null goes back to the default folder. */
    folder: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'), 'an absolute path')
      .nullable()
      .optional(),
    keepDays: z.number().int().min(1).max(365).optional()
  })
  .strict()
export type BackupsConfigureInput = z.input<typeof BackupsConfigureInput>

export const BackupsRestoreInput = z
  .object({
    name: z.string().regex(SNAPSHOT_NAME),
    /** The clerk confirmed: the current database is replaced (and kept aside). */
    confirm: z.literal(true)
  })
  .strict()
export type BackupsRestoreInput = z.input<typeof BackupsRestoreInput>

export const BackupsRestoreResult = z.object({
  restored: Snapshot,
  /** Where the database that was replaced now lies. */
  keptAside: z.string(),
  /**
   * The replaced database's number blocks were carried into the restored one, so no protocol
   * number is handed out twice. false: they could not be read (badly damaged), so every block was
   * closed: no number is given until a new block comes (sync, or a new local range).
   */
  numberingCarried: z.boolean(),
  /** The restore came after damage: the clerk should now pull from the server what came after the snapshot. */
  pullFromServerNext: z.boolean()
})
export type BackupsRestoreResult = z.infer<typeof BackupsRestoreResult>

export const backupsRequests = {
  /** Answers in every state, damaged database included (it reads no table of the damaged file). */
  'backups.status': { input: NoInput, output: BackupsStatus },
  'backups.configure': { input: BackupsConfigureInput, output: BackupsStatus },
  /** Full integrity check, then a snapshot, verified; refused while the database is damaged. */
  'backups.snapshotNow': { input: NoInput, output: Snapshot },
  'backups.restore': { input: BackupsRestoreInput, output: BackupsRestoreResult }
} as const satisfies Record<string, RequestDef>

export const backupsEvents = {
  'backups.changed': BackupsStatus
} as const satisfies Record<string, z.ZodType>
