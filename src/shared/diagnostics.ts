/** Logs, the diagnostics export, and application updates as the renderer sees them. */
import { z } from 'zod'
import { NoInput, type RequestDef } from './request-def'


/** Where the updater is. `unsupported`: this shell does not update itself (browser harness, development). */
export const UpdatePhase = z.enum(['unsupported', 'idle', 'checking', 'downloading', 'downloaded', 'error'])
export type UpdatePhase = z.infer<typeof UpdatePhase>

export const UpdateStatus = z.object({
  phase: UpdatePhase,
  currentVersion: z.string(),
  /** The version being downloaded or ready to install. */
  availableVersion: z.string().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  lastCheckedAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  /** Where updates come from (the central server's /updates/); null until the bench is paired. */
  feedUrl: z.string().nullable(),
  /** A receive form is open: no restart is offered or done. */
  busy: z.boolean(),
  /** Show the restart banner: an update is ready, nobody is receiving, and the clerk has not said "later". */
  offerRestart: z.boolean(),
  /** English detail of the last failure that was not just "offline" (shown in Diagnostics only). */
  lastError: z.string().nullable()
})
export type UpdateStatus = z.infer<typeof UpdateStatus>

export const DiagnosticsInfo = z.object({
  appVersion: z.string(),
  shell: z.enum(['electron', 'browser-harness']),
  platform: z.string(),
  osRelease: z.string(),
  arch: z.string(),
  /** Runtime versions (node, and electron/chrome in the Electron shell). */
  versions: z.record(z.string(), z.string()),
  dataDir: z.string(),
  /** The folder of the rotating log files, null when this shell logs to the console only. */
  logDir: z.string().nullable(),
  logFiles: z.array(z.object({ name: z.string(), bytes: z.number().int() })),
  crashDumpsDir: z.string().nullable(),
  lastExport: z.string().nullable()
})
export type DiagnosticsInfo = z.infer<typeof DiagnosticsInfo>

export const DiagnosticsExportInput = z
  .object({
    /** Adds a copy of the database (patient data) to the archive; only with the user's explicit consent. */
    includePatientData: z.boolean().default(false)
  })
  .strict()

export const DiagnosticsExportResult = z.object({
  path: z.string(),
  bytes: z.number().int(),
  includesPatientData: z.boolean(),
  entries: z.array(z.string())
})
export type DiagnosticsExportResult = z.infer<typeof DiagnosticsExportResult>

/** A request or SQL statement over its time limit: its name (or SQL text, literals masked) and how long, never its data. */
export const SlowOperationView = z.object({
  kind: z.enum(['request', 'query']),
  name: z.string(),
  ms: z.number(),
  /** Epoch ms it ended. */
  at: z.number()
})
export type SlowOperationView = z.infer<typeof SlowOperationView>

export const SlowOperationsView = z.object({
  limits: z.object({ requestMs: z.number(), queryMs: z.number() }),
  /** Newest first. */
  operations: z.array(SlowOperationView)
})
export type SlowOperationsView = z.infer<typeof SlowOperationsView>

export const diagnosticsRequests = {
  /** The last requests and statements that went over their limit (Settings, Diagnostics). */
  'diagnostics.slowOperations': { input: NoInput, output: SlowOperationsView },
  'diagnostics.info': { input: NoInput, output: DiagnosticsInfo },
  'diagnostics.export': { input: DiagnosticsExportInput, output: DiagnosticsExportResult },
  'diagnostics.reveal': { input: z.object({ what: z.enum(['export', 'logs']) }).strict(), output: z.object({ revealed: z.boolean() }) },
  'updates.status': { input: NoInput, output: UpdateStatus },
  'updates.check': { input: NoInput, output: UpdateStatus },
  /** The renderer says a receive form is open (true) or closed (false): never restart during a reception. */
  'updates.setBusy': { input: z.object({ busy: z.boolean() }).strict(), output: UpdateStatus },
  /** Restart now and install; refused (`conflict`) while busy or when nothing is ready. */
  'updates.restart': { input: NoInput, output: UpdateStatus },
  /** "Later": the banner is not shown again for this version; it installs when the app is closed. */
  'updates.dismiss': { input: NoInput, output: UpdateStatus }
} as const satisfies Record<string, RequestDef>

export const diagnosticsEvents = {
  'updates.changed': UpdateStatus
} as const satisfies Record<string, z.ZodType>
