import { parseProtocolNumber, type ProtocolType } from './domain'

export type Scan =
  | { kind: 'number'; type: ProtocolType; yy: number; seq: number }
  | { kind: 'external'; externalId: string }
  | { kind: 'text'; text: string }

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
