import { MAX_SEQ_DIGITS, type ProtocolType } from './domain'

export type Scan =
  | { kind: 'number'; type: ProtocolType; yy: number; seq: number }
  | { kind: 'external'; externalId: string }
  | { kind: 'text'; text: string }

/**
 * A protocol number as labels print it and clerks type it (`HP 26/0123`, `hp26-123`): the
 * sequence has up to MAX_SEQ_DIGITS digits, the documented maximum (domain.ts, docs/sync-api.md),
 * so every number a server can lease is read back here.
 */
const NUMBER_PATTERN = new RegExp(`^\\s*(HP|CT)\\s*-?\\s*(\\d{2})\\s*[/-]\\s*(\\d{1,${MAX_SEQ_DIGITS}})\\s*$`, 'i')

/** Parses what a clerk types or scans (`hp 26/123`, `HP26-0123`) back into its parts. */
export function parseProtocolNumber(input: string): { type: ProtocolType; yy: number; seq: number } | null {
  const match = NUMBER_PATTERN.exec(input)
  if (!match) return null
  const seq = Number(match[3])
  if (seq < 1) return null
  return { type: match[1]!.toUpperCase() as ProtocolType, yy: Number(match[2]), seq }
}

const EXTERNAL_ID = /^[A-Z]{2,5}-\d{3,}$/i

/**
 * Reads what the scanner typed (it is a keyboard to the app): a label's or submission's QR
 * (a public URL whose last segment is the id), a protocol number, a submission id, or free text.
 */
export function parseScan(raw: string): Scan {
  const text = raw.trim()
  if (/^https?:\/\//i.test(text)) {
    try {
      const segments = new URL(text).pathname.split('/').filter(Boolean)
      const last = segments[segments.length - 1]
      if (last) return { kind: 'external', externalId: decodeURIComponent(last) }
    } catch {
      // Not a URL after all: fall through to the other readings.
    }
  }
  const number = parseProtocolNumber(text)
  if (number) return { kind: 'number', ...number }
  if (EXTERNAL_ID.test(text)) return { kind: 'external', externalId: text.toUpperCase() }
  return { kind: 'text', text }
}
