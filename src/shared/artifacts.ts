/**
 * Rendered documents (PDF artifacts): view, save, print. An artifact is addressed by its content
 * key (sha256 of the canonical rendering input plus the template version), so a key names exactly
 * one printed page and never changes meaning.
 */
import { z } from 'zod'
import type { RequestDef } from './request-def'

/** `<kind>-<64 hex>`; the kind keeps report and work-order keys apart in logs and file names. */
export const ArtifactKey = z.string().regex(/^[a-z][a-z0-9.]{0,39}-[0-9a-f]{64}$/, 'expected an artifact key')
export type ArtifactKey = z.infer<typeof ArtifactKey>

/** A name the OS will accept on every platform; the path is chosen by the shell, never by the renderer. */
export const PdfFileName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^\\/:*?"<>|\p{Cc}]+\.pdf$/iu, 'a plain file name ending in .pdf')

/** Base64 of at most ~3 MB of PDF: what fits through the harness bridge with room to spare. */
const PdfBase64 = z.string().min(1).max(4_000_000).regex(/^[A-Za-z0-9+/]+=*$/, 'base64')

/** Either a stored artifact (preferred: nothing travels back) or bytes the renderer already holds. */
export const DocumentSource = z.union([
  z.object({ key: ArtifactKey, fileName: PdfFileName }).strict(),
  z.object({ pdfBase64: PdfBase64, fileName: PdfFileName }).strict()
])
export type DocumentSource = z.infer<typeof DocumentSource>

export const DocumentBytes = z.object({ key: ArtifactKey, pdfBase64: z.string(), byteLength: z.number().int() })
export type DocumentBytes = z.infer<typeof DocumentBytes>

export const SavedDocument = z.object({ path: z.string() })
export type SavedDocument = z.infer<typeof SavedDocument>

export const artifactRequests = {
  /** The stored PDF of an artifact key; `not_found` when it was never rendered or was pruned. */
  'documents.get': { input: z.object({ key: ArtifactKey }).strict(), output: DocumentBytes },
  /** Save through the OS dialog (`cancelled` when the clerk backs out); without one, into <dataDir>/exports/. */
  'documents.save': { input: DocumentSource, output: SavedDocument },
  /** The system print dialog; `unavailable` where the shell has none (browser harness). */
  'documents.print': { input: DocumentSource, output: z.object({ printed: z.literal(true) }) }
} as const satisfies Record<string, RequestDef>

export const artifactEvents = {
  /** A rendered document is on disk now: a viewer waiting for this key can fetch it. */
  'artifacts.stored': z.object({ key: z.string(), kind: z.string() })
} as const satisfies Record<string, z.ZodType>

/** Base64 for the renderer, which has no Buffer; chunked so a large PDF never overflows the call stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000
  let binary = ''
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + CHUNK))
  }
  return btoa(binary)
}

export function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
}
