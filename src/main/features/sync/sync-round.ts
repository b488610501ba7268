/**
 * One sync round: claim local ranges not yet registered -> push (until the outbox is empty) -> lease blocks where low -> snapshot when
 * due (first sync, replacement) -> pull (until nothing newer) -> drift check; a mismatch calls a
 * replacement sync at once. Each step commits its own transactions, so a round cut short by a
 * crash or a lost connection resumes where it stopped.
 */
import type { Db } from '../../platform/db/database'
import type { NumberBlocksRepository } from '../numbering/number-blocks-repository'
import type { OutboxRepository } from '../../platform/journal/outbox-repository'
import type { SyncRowsRepository } from './sync-rows-repository'
import type { SyncStateRepository } from './sync-state-repository'
import type { ConflictsRepository } from './conflicts-repository'
import { createSyncClient, isSyncError, type SyncClient, type SyncClientOptions, type SyncErrorKind } from './client'
import { claimLocalRanges } from './claim-step'
import type { SecretStore } from './credentials'
import { compareDigests } from './drift-check'
import { leaseWhereLow } from './lease-step'
import { pullAll, snapshot } from './pull-step'
import { pushAll } from './push-step'
import type { RowApplier } from './row-apply'
import { fetchPdfs, recheckUploadedPdfs, uploadPdfs, type DocumentPdfSource } from './document-pdfs'
import type { DocumentCopiesRepository } from './document-copies-repository'
import { totalsOfDigests, type RestoreObserver } from './restore-progress'

/** Acknowledged outbox rows are kept this long, in case the server is restored from a backup. */
const ACKED_RETENTION_MS = 14 * 24 * 60 * 60_000

export interface SyncRoundDeps {
  db: Db
  clock: () => Date
  state: SyncStateRepository
  rows: SyncRowsRepository
  conflicts: ConflictsRepository
  outbox: OutboxRepository
  numbers: NumberBlocksRepository
  secrets: SecretStore
  rowApplier: RowApplier
  /** The server address as configured now (Settings may move it after pairing). */
  serverUrl: () => string | null
  lowWaterMark: () => number
  makeClient?: (options: SyncClientOptions) => SyncClient
  /**
   * Where the PDFs of work orders and reports are (their features); none: no PDF travels.
   * `recheckUploads`: first ask the server which uploaded PDFs it lacks, and send those again.
   */
  documents?: { copies: DocumentCopiesRepository; sources: readonly DocumentPdfSource[]; recheckUploads?: boolean }
  log?: (level: 'info' | 'warn', message: string) => void
  /** Told how a restore (a snapshot the bench asked for: first round after pairing, "Descargar de nuevo todo") goes. */
  restore?: RestoreObserver
}

export interface PdfFigures {
  uploaded: number
  /** Uploaded before, yet the server lacked them: sent again this round (counted in `uploaded` too). */
  resent: number
  downloaded: number
  /** Named by a pulled row but not on the server yet: asked again next round. */
  waiting: number
  refused: number
}

export type RoundResult =
  | { ok: true; pushed: number; pulled: number; blocks: number; replaced: boolean; drift: boolean; pdfs: PdfFigures }
  | { ok: false; kind: SyncErrorKind | 'internal'; code: string; message: string }

export async function runSyncRound(deps: SyncRoundDeps, signal?: AbortSignal): Promise<RoundResult> {
  const at = () => deps.clock().toISOString()
  const restore = deps.restore
  const device = deps.state.device()
  if (!device) return { ok: false, kind: 'auth', code: 'not_paired', message: 'this bench is not paired with a server' }
  const fail = (kind: SyncErrorKind | 'internal', code: string, message: string): RoundResult => {
    deps.state.recordFailure(code, message)
    return { ok: false, kind, code, message }
  }
  let secret: string | null
  try {
    secret = deps.secrets.load()
  } catch (error) {
    return fail('auth', 'secret_unreadable', `the device secret cannot be read: ${String(error)}`)
  }
  if (!secret) return fail('auth', 'secret_missing', 'the device secret is missing; pair this bench again')

  const client = (deps.makeClient ?? createSyncClient)({
    baseUrl: deps.serverUrl() ?? device.serverUrl,
    deviceId: device.deviceId,
    secret,
    now: () => deps.clock().getTime(),
    ...(signal ? { signal } : {})
  })
  const steps = { db: deps.db, outbox: deps.outbox, rows: deps.rows, conflicts: deps.conflicts, state: deps.state, rowApplier: deps.rowApplier, at }
  const pdfSteps = deps.documents ? { db: deps.db, copies: deps.documents.copies, conflicts: deps.conflicts, sources: deps.documents.sources, at, ...(deps.log ? { log: deps.log } : {}) } : null
  deps.state.recordAttempt(at())
  try {
    // Before the push: numbers taken from a local range are accepted only once the server holds it.
    await claimLocalRanges(client, device.deviceId, { db: deps.db, numbers: deps.numbers, conflicts: deps.conflicts, at }, signal)
    // Before the push: a row that names a PDF reaches the server after the PDF's bytes.
    const resent = pdfSteps && deps.documents?.recheckUploads ? await recheckUploadedPdfs(client, pdfSteps, signal) : 0
    const uploaded = pdfSteps ? await uploadPdfs(client, pdfSteps, signal) : 0
    const pushed = await pushAll(client, device.deviceId, steps, signal)
    const blocks = await leaseWhereLow(client, { db: deps.db, numbers: deps.numbers, now: deps.clock, lowWaterMark: deps.lowWaterMark })
    let pulled = 0
    let replaced = false
    const restoring = deps.state.progress().snapshotNeeded
    if (restoring) {
      // The digests count the live rows per kind at no cost to the server: the totals the clerk sees.
      restore?.begin(await client.tableDigests().then(totalsOfDigests, () => null))
      pulled += await snapshot(client, steps, signal, (rows) => restore?.rows(rows))
      replaced = true
    }
    pulled += await pullAll(client, steps, signal)
    let drift = compareDigests(await client.tableDigests(), deps.state.progress().cursor, deps.rows)
    if (drift.kind === 'mismatch' && !replaced) {
      pulled += await snapshot(client, steps, signal)
      pulled += await pullAll(client, steps, signal)
      replaced = true
      drift = compareDigests(await client.tableDigests(), deps.state.progress().cursor, deps.rows)
    }
    const fetched = pdfSteps ? await fetchPdfs(client, pdfSteps, signal, restoring && restore ? { onProgress: (done, total) => restore.pdfs(done, total), untilDone: true } : {}) : { stored: 0, waiting: 0, refused: 0 }
    const pdfs: PdfFigures = { uploaded, resent, downloaded: fetched.stored, waiting: fetched.waiting, refused: fetched.refused }
    const stillDrifting = drift.kind === 'mismatch'
    deps.db.transaction(() => {
      if (drift.kind !== 'skipped') deps.state.setDrift(stillDrifting)
      deps.outbox.pruneAcked(new Date(deps.clock().getTime() - ACKED_RETENTION_MS).toISOString())
      deps.state.recordSuccess(at())
    })()
    if (restoring) restore?.end(true)
    return { ok: true, pushed, pulled, blocks, replaced, drift: stillDrifting, pdfs }
  } catch (error) {
    restore?.end(false)
    if (isSyncError(error)) return fail(error.kind, error.code, error.message)
    if (signal?.aborted) return fail('offline', 'cancelled', 'the round was stopped')
    return fail('internal', 'internal', error instanceof Error ? error.message : String(error))
  }
}
