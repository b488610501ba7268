import { z } from 'zod'
import { PrinterConfigSchema } from './printer-config'
import { Letterhead, Percent, PngDataUrl } from './documents'

export const Clerk = z.object({
  name: z.string().trim().min(1).max(80),
  /** scrypt hash made in main; the renderer never sees a PIN after it was typed. */
  pinHash: z.string().max(200).optional()
})
export type Clerk = z.infer<typeof Clerk>

const DEFAULT_REJECTION_REASONS = ['Muestra sin fijar', 'Recipiente roto o con fugas', 'Falta la hoja de solicitud', 'Muestra insuficiente', 'Identificación ilegible']

/** Each setting's own rule, without defaults: a patch must only carry what the clerk changed. */
const fields = {
  benchName: z.string().trim().min(1).max(60),
  clerks: z.array(Clerk).max(100),
  /** The QR on a label points here followed by `/<submission or protocol id>`. */
  publicBaseUrl: z.url({ protocol: /^https?$/ }),
  /** Warn the clerk when fewer numbers than this are left for a (type, year). */
  lowWaterMark: z.number().int().min(0).max(10_000),
  autoPrintOnReceive: z.boolean(),
  /** A receive prints one label per container, numbered `1/3`, `2/3`, `3/3`, instead of one per protocol. */
  labelPerContainer: z.boolean(),
  printer: PrinterConfigSchema.nullable(),
  rejectionReasons: z.array(z.string().trim().min(1).max(120)).max(50),
  /** Printed at the top of work orders and reports. */
  letterhead: Letterhead,
  /** Tax applied to a work-order line whose service does not say otherwise. */
  defaultTaxRatePercent: Percent,
  /** The pathologist's signature image placed under a finalized report, if any. */
  reportSignaturePng: PngDataUrl.nullable(),
  /** Which messages go to the veterinarian (sent by the central server, never by the bench). */
  notify: z
    .object({
      sampleReceived: z.boolean(),
      sampleRejected: z.boolean(),
      reportReady: z.boolean(),
      // Added later: settings saved before it have no such key and mean "send".
      workOrderIssued: z.boolean().default(true)
    })
    .strict(),
  /** The central lab server; null until the bench is paired. */
  syncServerUrl: z.url({ protocol: /^https?$/ }).nullable(),
  /** Seconds between sync rounds while online (a local change also starts one). */
  syncIntervalSeconds: z.number().int().min(5).max(3600),
  /**
   * scrypt hash of the admin PIN that guards pairing and the server address (made in main; never
   * leaves it). null until the first one is set.
   */
  adminPinHash: z.string().max(200).nullable(),
  /** A request slower than this (ms) is logged and listed in Diagnostics. */
  slowRequestMs: z.number().int().min(1).max(600_000),
  /** An SQL statement slower than this (ms) is logged and listed in Diagnostics. */
  slowQueryMs: z.number().int().min(1).max(600_000),
  /** Below this many MB free on the data folder's disk the health panel warns. */
  diskWarningMb: z.number().int().min(0).max(1_000_000)
}

/** A clerk or admin PIN as typed: 4 to 8 digits. */
export const PinInput = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')

/** What a bench is configured with (Settings page). Validated on every write. */
export const BenchSettings = z.object({
  benchName: fields.benchName.default('Recepción 1'),
  clerks: fields.clerks.default([]),
  publicBaseUrl: fields.publicBaseUrl.default('https://lab.example/p'),
  lowWaterMark: fields.lowWaterMark.default(25),
  autoPrintOnReceive: fields.autoPrintOnReceive.default(true),
  labelPerContainer: fields.labelPerContainer.default(false),
  printer: fields.printer.default(null),
  rejectionReasons: fields.rejectionReasons.default(DEFAULT_REJECTION_REASONS),
  letterhead: fields.letterhead.default({ name: 'Laboratorio de Anatomía Patológica Veterinaria', address: '', taxId: '' }),
  defaultTaxRatePercent: fields.defaultTaxRatePercent.default(21),
  reportSignaturePng: fields.reportSignaturePng.default(null),
  notify: fields.notify.default({ sampleReceived: true, sampleRejected: true, reportReady: true, workOrderIssued: true }),
  syncServerUrl: fields.syncServerUrl.default(null),
  syncIntervalSeconds: fields.syncIntervalSeconds.default(60),
  adminPinHash: fields.adminPinHash.default(null),
  slowRequestMs: fields.slowRequestMs.default(50),
  slowQueryMs: fields.slowQueryMs.default(20),
  diskWarningMb: fields.diskWarningMb.default(2048)
})
/**
 * A change from the Settings page: only the keys it names, never defaults for the others. The
 * server address and the admin PIN are not here: they need the admin PIN (sync.setServerUrl,
 * settings.setAdminPin).
 */
export const BenchSettingsPatch = z
  .object({
    benchName: fields.benchName,
    publicBaseUrl: fields.publicBaseUrl,
    lowWaterMark: fields.lowWaterMark,
    autoPrintOnReceive: fields.autoPrintOnReceive,
    labelPerContainer: fields.labelPerContainer,
    printer: fields.printer,
    rejectionReasons: fields.rejectionReasons,
    letterhead: fields.letterhead,
    defaultTaxRatePercent: fields.defaultTaxRatePercent,
    reportSignaturePng: fields.reportSignaturePng,
    notify: fields.notify,
    syncIntervalSeconds: fields.syncIntervalSeconds,
    slowRequestMs: fields.slowRequestMs,
    slowQueryMs: fields.slowQueryMs,
    diskWarningMb: fields.diskWarningMb
  })
  .partial()
  .strict()
export type BenchSettings = z.infer<typeof BenchSettings>

/** Clerk as the renderer may see it: whether a PIN is required, never the hash. */
export const PublicClerk = z.object({ name: z.string(), hasPin: z.boolean() })
export type PublicClerk = z.infer<typeof PublicClerk>

/** Public link a label's QR carries: the submission's external id when there is one. */
export function publicProtocolUrl(baseUrl: string, protocol: { id: string; externalId: string | null }): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(protocol.externalId ?? protocol.id)}`
}
