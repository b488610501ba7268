import { MAX_SEQ_DIGITS, type ProtocolType } from './domain'

export type Scan =
  | { kind: 'number'; type: ProtocolType; yy: number; seq: number }
  /** A protocol's own id: the QR of a walk-in's label holds `<public base>/<id>`. */
  | { kind: 'id'; id: string }
  | { kind: 'external'; externalId: string }
  | { kind: 'text'; text: string }

/**
 * A protocol number as labels print it and clerks type it (`HP 26/0123`, `hp26-123`): the
 * sequence has up to MAX_SEQ_DIGITS digits, the documented maximum (domain.ts, docs/sync-api.md),
 * so every number a server can lease is read back here. The year and the sequence may be parted
 * by "/", "-", spaces or nothing at all (a scanner or a hurried clerk drops the slash): the year
 * is always two digits.
 */
const NUMBER_PATTERN = new RegExp(`^\\s*(HP|CT)\\s*-?\\s*(\\d{2})\\s*(?:[/-]\\s*)?(\\d{1,${MAX_SEQ_DIGITS}})\\s*$`, 'i')

/** Parses what a clerk types or scans (`hp 26/123`, `HP26-0123`) back into its parts. */
export function parseProtocolNumber(input: string): { type: ProtocolType; yy: number; seq: number } | null {
  const match = NUMBER_PATTERN.exec(input)
  if (!match) return null
  const seq = Number(match[3])
  if (seq < 1) return null
  return { type: match[1]!.toUpperCase() as ProtocolType, yy: Number(match[2]), seq }
}

const EXTERNAL_ID = /^[A-Z]{2,5}-\d{3,}$/i
const PROTOCOL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The last part of a label's or submission's QR: a protocol id (walk-in) or a submission id (pre-registered). */
function scannedId(segment: string): Scan {
  return PROTOCOL_ID.test(segment) ? { kind: 'id', id: segment.toLowerCase() } : { kind: 'external', externalId: segment }
}

/**
 * Reads what the scanner typed (it is a keyboard to the app): a label's or submission's QR
 * (a public URL whose last segment is the id, from this bench or any other, with or without its
 * scheme), a protocol number as printed or typed (`HP 26/0123`, `hp26/123`, `HP 26 0123`,
 * `HP260123`), a protocol or submission id, or free text.
 */
export function parseScan(raw: string): Scan {
  const text = raw.trim()
  if (/^https?:\/\//i.test(text)) {
    try {
      const segments = new URL(text).pathname.split('/').filter(Boolean)
      const last = segments[segments.length - 1]
      if (last) return scannedId(decodeURIComponent(last))
    } catch {
      // Not a URL after all: fall through to the other readings.
    }
  }
  // A QR read without its scheme (`lab.example/p/<id>`): a host, a path and an id at the end.
  const schemeless = /^[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?\/(?:.*\/)?([^/\s]+)$/i.exec(text)
  if (schemeless?.[1] && (PROTOCOL_ID.test(schemeless[1]) || EXTERNAL_ID.test(schemeless[1]))) return scannedId(decodeURIComponent(schemeless[1]))
  const number = parseProtocolNumber(text)
  if (number) return { kind: 'number', ...number }
  if (PROTOCOL_ID.test(text)) return { kind: 'id', id: text.toLowerCase() }
  if (EXTERNAL_ID.test(text)) return { kind: 'external', externalId: text.toUpperCase() }
  return { kind: 'text', text }
}
