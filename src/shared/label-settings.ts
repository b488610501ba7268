/**
 * How a label is sized and tuned for one printer. The settings form in the renderer validates
 * with this schema and the main process lays labels out from the parsed value, so both sides
 * agree on every range. Plain data only: no Node, no DOM.
 */
import { z } from 'zod'

export const LABEL_DPIS = [203, 300] as const

export const LabelSettingsSchema = z.object({
  widthMm: z.number().min(15).max(120),
  heightMm: z.number().min(10).max(120),
  dpi: z.union([z.literal(203), z.literal(300)]),
  /** Calibration for a printer whose print head does not start where the label does. */
  offsetXmm: z.number().min(-5).max(5),
  offsetYmm: z.number().min(-5).max(5),
  /** Absolute print darkness on Zebra's 0..30 scale; TSPL's 0..15 density is derived from it. */
  darkness: z.number().int().min(0).max(30),
  copies: z.number().int().min(1).max(10),
  /** Gap between die-cut labels, which TSPL printers need to find the next label. */
  gapMm: z.number().min(0).max(10).default(2)
})
export type LabelSettings = z.infer<typeof LabelSettingsSchema>

export const DEFAULT_LABEL_SETTINGS: LabelSettings = {
  widthMm: 39,
  heightMm: 20,
  dpi: 203,
  offsetXmm: 0,
  offsetYmm: 0,
  darkness: 15,
  copies: 1,
  gapMm: 2
}
