import { z } from 'zod'
import { PrinterConfigSchema } from './printer-config'

export const Clerk = z.object({
  name: z.string().trim().min(1).max(80),
  /** scrypt hash made in main; the renderer never sees a PIN after it was typed. */
  pinHash: z.string().max(200).optional()
})
export type Clerk = z.infer<typeof Clerk>

/** What a bench is configured with (Settings page). Validated on every write. */
export const BenchSettings = z.object({
  benchName: z.string().trim().min(1).max(60).default('Recepción 1'),
  clerks: z.array(Clerk).max(100).default([]),
  /** The QR on a label points here followed by `/<submission or protocol id>`. */
  publicBaseUrl: z.url({ protocol: /^https?$/ }).default('https://lab.example/p'),
  /** Warn the clerk when fewer numbers than this are left for a (type, year). */
  lowWaterMark: z.number().int().min(0).max(10_000).default(25),
  autoPrintOnReceive: z.boolean().default(true),
  printer: PrinterConfigSchema.nullable().default(null),
  rejectionReasons: z
    .array(z.string().trim().min(1).max(120))
    .max(50)
    .default(['Muestra sin fijar', 'Recipiente roto o con fugas', 'Falta la hoja de solicitud', 'Muestra insuficiente', 'Identificación ilegible'])
})
export type BenchSettings = z.infer<typeof BenchSettings>

/** Clerk as the renderer may see it: whether a PIN is required, never the hash. */
export const PublicClerk = z.object({ name: z.string(), hasPin: z.boolean() })
export type PublicClerk = z.infer<typeof PublicClerk>

/** Public link a label's QR carries: the submission's external id when there is one. */
export function publicProtocolUrl(baseUrl: string, protocol: { id: string; externalId: string | null }): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(protocol.externalId ?? protocol.id)}`
}
