import { zip, type AsyncZippable } from 'fflate'

/** One file of the archive: text (JSON, logs) or bytes (a database copy). */
export type ArchiveEntries = Record<string, string | Uint8Array>

/**
 * Zips the entries off the main thread's hot path (fflate's async zip compresses in worker
 * threads), so exporting a large database copy does not freeze the bench.
 */
export function zipEntries(entries: ArchiveEntries): Promise<Uint8Array> {
  const input: AsyncZippable = {}
  for (const [name, content] of Object.entries(entries)) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
    // A database copy is mostly already dense pages: a light level is nearly as small and far faster.
    input[name] = [bytes, { level: typeof content === 'string' ? 6 : 1 }]
  }
  return new Promise((resolve, reject) => zip(input, { mtime: new Date() }, (error, data) => (error ? reject(error) : resolve(data))))
}
