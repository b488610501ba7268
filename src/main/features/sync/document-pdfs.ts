/**
 * PDF bytes travel beside the rows, never inside a JSON page (docs/sync-api.md, "Document
 * blobs"). Before the push, PDFs made here go up, so a row naming a PDF reaches the server after
 * its bytes; after the pull, PDFs of documents made elsewhere come down, each checked against
 * its SHA-256 before it is stored. The features that own the documents say where the bytes are.
 */
import type { Db } from '../../platform/db/database'
import { isSyncError, type SyncClient } from './client'
import type { ConflictsRepository } from './conflicts-repository'
import type { DocumentCopiesRepository, DocumentEntity, WantedPdf } from './document-copies-repository'

/** What a feature owning documents gives the sync round. */
export interface DocumentPdfSource {
  entity: DocumentEntity
  /** Documents made here whose PDF exists and was not uploaded yet (no `uploaded` copy row). */
  toUpload(limit: number): { id: string; sha256: string }[]
  /** The bytes of a PDF made here, or null when they are gone. */
  bytes(id: string, sha256: string): Uint8Array | null
  /** Inside the transaction that records the upload: what the server must learn besides (a work order's pdfSha256). */
  uploaded(id: string, sha256: string, at: string): void
  /**
   * Keeps the PDFs of documents made elsewhere (the bytes match their `sha256`), several at once so
   * a restore does not pay a transaction per PDF. Answers, per PDF in order, null when kept or
   * why it was refused; a refused one leaves nothing behind.
   */
  store(pdfs: readonly ArrivedPdf[], at: string): Promise<(string | null)[]>
}

export interface ArrivedPdf {
  id: string
  sha256: string
  bytes: Uint8Array
}

export interface DocumentPdfDeps {
  db: Db
  copies: DocumentCopiesRepository
  conflicts: Pick<ConflictsRepository, 'add'>
  sources: readonly DocumentPdfSource[]
  at: () => string
  log?: (level: 'info' | 'warn', message: string) => void
}

/** Per round: enough for a busy day, little enough that a round after a restore still ends. */
const PDFS_PER_ROUND = 2000

export async function uploadPdfs(client: SyncClient, deps: DocumentPdfDeps, signal?: AbortSignal): Promise<number> {
  let sent = 0
  for (const source of deps.sources) {
    for (const pdf of source.toUpload(PDFS_PER_ROUND)) {
      signal?.throwIfAborted()
      const bytes = source.bytes(pdf.id, pdf.sha256)
      if (!bytes) continue
      await client.putBlob(pdf.sha256, bytes)
      const at = deps.at()
      deps.db.transaction(() => {
        deps.copies.markUploaded(source.entity, pdf.id, pdf.sha256, at)
        source.uploaded(pdf.id, pdf.sha256, at)
      }).immediate()
      sent++
    }
  }
  return sent
}

/** Names per `POST /v1/blobs/missing`. */
const CHECK_PAGE = 500

/**
 * Asks the server which PDFs made here it lacks although this bench uploaded them (a server
 * restored from a backup, or PDFs made before the server kept blobs) and forgets those uploads,
 * so the upload step that follows sends them again. Answers how many will go again; a server
 * without the request (older) is left alone.
 */
export async function recheckUploadedPdfs(client: SyncClient, deps: Pick<DocumentPdfDeps, 'db' | 'copies' | 'log'>, signal?: AbortSignal): Promise<number> {
  let after = { entity: '', id: '' }
  let forgotten = 0
  for (;;) {
    signal?.throwIfAborted()
    const page = deps.copies.uploadedAfter(after, CHECK_PAGE)
    if (page.length === 0) return forgotten
    let missing: Set<string>
    try {
      missing = new Set(await client.missingBlobs([...new Set(page.map((pdf) => pdf.sha256))]))
    } catch (error) {
      if (isSyncError(error) && error.kind === 'rejected' && error.status === 404) {
        deps.log?.('info', 'the server cannot say which PDFs it lacks (an older server); none sent again')
        return forgotten
      }
      throw error
    }
    const lost = page.filter((pdf) => missing.has(pdf.sha256))
    if (lost.length > 0) {
      deps.db.transaction(() => {
        for (const pdf of lost) deps.copies.forgetUpload(pdf.entity, pdf.id)
      })()
      deps.log?.('warn', `the server lacks ${lost.length} PDF(s) this bench had uploaded; they are sent again`)
    }
    forgotten += lost.length
    const last = page[page.length - 1]!
    after = { entity: last.entity, id: last.id }
  }
}

export interface FetchResult {
  stored: number
  /** Not on the server yet (its bench has not uploaded it): asked again next round. */
  waiting: number
  refused: number
}

/** Downloads in flight at once: the server's answers overlap with the bench storing the previous ones. */
const FETCH_CHUNK = 25

export interface FetchOptions {
  /** PDFs handled so far (stored, refused or not on the server yet) of those wanted when the fetch began. */
  onProgress?: (done: number, total: number) => void
  /** A restore: more passes of PDFS_PER_ROUND while a pass stored some, rather than leaving the rest to later rounds. */
  untilDone?: boolean
}

export async function fetchPdfs(client: SyncClient, deps: DocumentPdfDeps, signal?: AbortSignal, options: FetchOptions = {}): Promise<FetchResult> {
  const result: FetchResult = { stored: 0, waiting: 0, refused: 0 }
  const sources = new Map(deps.sources.map((source) => [source.entity, source]))
  const total = options.onProgress ? deps.copies.wantedCount() : 0
  let handled = 0
  options.onProgress?.(0, total)
  for (;;) {
    const wanted = deps.copies.wanted(PDFS_PER_ROUND).filter((pdf) => sources.has(pdf.entity))
    const storedBefore = result.stored
    for (let start = 0; start < wanted.length; start += FETCH_CHUNK) {
      signal?.throwIfAborted()
      const chunk = wanted.slice(start, start + FETCH_CHUNK)
      await fetchChunk(client, deps, sources, chunk, result)
      handled += chunk.length
      options.onProgress?.(Math.min(handled, total), total)
    }
    // Asked again only while passes bring something: what is not on the server yet waits for a later round.
    if (!options.untilDone || wanted.length < PDFS_PER_ROUND || result.stored === storedBefore) return result
  }
}

async function fetchChunk(client: SyncClient, deps: DocumentPdfDeps, sources: Map<DocumentEntity, DocumentPdfSource>, chunk: WantedPdf[], result: FetchResult): Promise<void> {
  // One signed request for the chunk: a restore brings hundreds of PDFs.
  const blobs = await client.getBlobs(chunk.map((pdf) => pdf.sha256))
  const arrived = new Map<DocumentEntity, { pdf: WantedPdf; bytes: Uint8Array }[]>()
  for (const pdf of chunk) {
    const blob = blobs.get(pdf.sha256)
    if (blob instanceof Uint8Array) arrived.set(pdf.entity, [...(arrived.get(pdf.entity) ?? []), { pdf, bytes: blob }])
    else if (blob === 'mismatch') {
      refuse(deps, pdf, 'blob_hash_mismatch', `the bytes sent for ${pdf.sha256} do not hash to it`)
      result.refused++
    } else result.waiting++
  }
  for (const [entity, pdfs] of arrived) {
    const outcomes = await sources.get(entity)!.store(
      pdfs.map(({ pdf, bytes }) => ({ id: pdf.id, sha256: pdf.sha256, bytes })),
      deps.at()
    )
    const at = deps.at()
    deps.db.transaction(() => {
      pdfs.forEach(({ pdf }, index) => {
        const refusal = outcomes[index]
        if (refusal) {
          refuse(deps, pdf, 'apply_failed', refusal)
          result.refused++
        } else {
          deps.copies.stored(pdf.entity, pdf.id, at)
          result.stored++
        }
      })
    }).immediate()
  }
}

function refuse(deps: DocumentPdfDeps, pdf: { entity: DocumentEntity; id: string; sha256: string; state: string }, code: string, message: string): void {
  const at = deps.at()
  deps.log?.('warn', `the PDF ${pdf.sha256} of ${pdf.entity} ${pdf.id} was refused (${code}): ${message}`)
  deps.db.transaction(() => {
    // Said once for the review list; later rounds ask again quietly.
    if (pdf.state !== 'refused') deps.conflicts.add({ entity: pdf.entity, entityId: pdf.id, opSeq: null, kind: 'apply_failed', code, message, at })
    deps.copies.refused(pdf.entity, pdf.id, at)
  })()
}
