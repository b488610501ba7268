/** Labels and label printers as the renderer sees them: reprint, preview, status, test print, discovery. */
import { z } from 'zod'
import { Uuid } from './domain'
import { PrinterConfigSchema } from './printer-config'
import { NoInput, type RequestDef } from './request-def'

export const PrinterStatusSchema = z.object({ ready: z.boolean(), reason: z.string(), detail: z.string().optional() })

export const printingRequests = {
  /** The protocol's labels again, or with `container` (1-based) only that container's label. */
  'labels.reprint': {
    input: z.object({ protocolId: Uuid, container: z.number().int().min(1).max(50).optional() }).strict(),
    output: z.object({ jobId: z.number().int() })
  },
  'labels.preview': { input: z.object({ protocolId: Uuid }).strict(), output: z.object({ pdfBase64: z.string() }) },
  'printers.status': { input: NoInput, output: PrinterStatusSchema },
  /** Prints a sample label on the given (unsaved) or the configured printer, now, and says how it went. */
  'printers.testPrint': {
    input: z.object({ printer: PrinterConfigSchema.optional() }).strict(),
    output: z.object({ bytes: z.number().int(), language: z.string() })
  },
  'printers.discover': { input: NoInput, output: z.object({ cupsQueues: z.array(z.string()) }) }
} as const satisfies Record<string, RequestDef>
