/**
 * One configured label printer: how bytes reach it (driver), what it speaks (language) and how
 * its labels are laid out. The union ties each driver to the languages it can carry, so a
 * settings form cannot save "PDF over raw TCP".
 */
import { z } from 'zod'
import { LabelSettingsSchema } from './label-settings'

export const PrinterDriverKind = z.enum(['tcp9100', 'cups', 'windows', 'pdf'])
export type PrinterDriverKind = z.infer<typeof PrinterDriverKind>

export const PrinterLanguage = z.enum(['zpl', 'tspl', 'pdf'])
export type PrinterLanguage = z.infer<typeof PrinterLanguage>

/** Languages a raw channel can carry: the printer interprets the bytes itself. */
export const RawPrinterLanguage = z.enum(['zpl', 'tspl'])
export type RawPrinterLanguage = z.infer<typeof RawPrinterLanguage>

const common = {
  id: z.string().trim().min(1).max(80),
  name: z.string().trim().min(1).max(120),
  label: LabelSettingsSchema
}

export const Tcp9100PrinterConfig = z.object({
  ...common,
  driver: z.literal('tcp9100'),
  language: RawPrinterLanguage,
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(9100)
})

export const CupsPrinterConfig = z.object({
  ...common,
  driver: z.literal('cups'),
  language: RawPrinterLanguage,
  queue: z.string().trim().min(1).max(127),
  /** A CUPS server other than the local default (`host:port` or a socket path), as `lp -h` takes it. */
  server: z.string().trim().min(1).max(300).optional()
})

export const WindowsPrinterConfig = z.object({
  ...common,
  driver: z.literal('windows'),
  language: RawPrinterLanguage,
  printerName: z.string().trim().min(1).max(260)
})

export const PdfPrinterConfig = z.object({
  ...common,
  driver: z.literal('pdf'),
  language: z.literal('pdf'),
  /** The system printer name; empty means the system default printer. */
  deviceName: z.string().trim().max(260).default('')
})

export const PrinterConfigSchema = z.discriminatedUnion('driver', [
  Tcp9100PrinterConfig,
  CupsPrinterConfig,
  WindowsPrinterConfig,
  PdfPrinterConfig
])
export type PrinterConfig = z.infer<typeof PrinterConfigSchema>
