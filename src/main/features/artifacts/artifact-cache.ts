/**
 * Rendered documents cached by content. An artifact's key is the sha256 of its canonical
 * rendering input plus the template version, so the same input always names the same file and
 * any change (a line, the letterhead, a new template) names a new one: there is nothing to
 * invalidate, only files nobody refers to any more, which the prune job removes.
 *
 * Files live under <dataDir>/artifacts/, written to a temporary name, flushed, then renamed:
 * a crash leaves either the whole file or none (and a stray temporary the prune job sweeps).
 * The `artifacts` row is written after the rename, so a row always has its file.
 *
 * Generic on purpose: work orders and reports both use it. The kind is the worker task that
 * renders it (`workorder.pdf`, `report.pdf`).
 *
 * Owns the `artifacts` and `artifact_refs` tables and the files under <dataDir>/artifacts/, the
 * `artifacts.render` and `artifacts.prune` jobs and the nightly prune schedule (the work-orders
 * module registers them, once for every kind of document).
 */
import type { DiskSpace } from '../../platform/disk-space'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { Db } from '../../platform/db/database'
import { createArtifactsRepository, type ArtifactsRepository } from './artifacts-repository'
import { defineJobKind, type JobWorkers } from '../../platform/queue/job-kinds'
import type { ScheduleDefinition } from '../../platform/queue/scheduler'
import type { EnqueueOptions } from '../../platform/queue/queue-runner'
import type { RunTaskOptions } from '../../platform/worker-pool/worker-pool'

export const ARTIFACT_RENDER = 'artifacts.render'
export const ARTIFACT_PRUNE = 'artifacts.prune'
export const ARTIFACTS_DIR = 'artifacts'
/** How long an artifact nobody refers to is kept after it was last viewed. */
export const ARTIFACT_RETENTION_DAYS_DEFAULT = 30
const DAY_MS = 24 * 60 * 60 * 1000
/** A view refreshes `last_used_at` at most this often, so serving a cached file rarely writes. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000
const PRUNE_CHUNK = 500

/** JSON with object keys sorted at every level: equal values, equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field
    return Object.fromEntries(Object.keys(field).sort().map((name) => [name, (field as Record<string, unknown>)[name]]))
  })
}

/** `<kind>-<sha256 hex>` of kind, template version and canonical input. */
export function artifactKey(kind: string, input: unknown, templateVersion: number): string {
  const digest = createHash('sha256').update(canonicalJson({ kind, templateVersion, input })).digest('hex')
  return `${kind}-${digest}`
}

export interface StoredArtifact {
  key: string
  bytes: Uint8Array
  /** True when the bytes came from disk without rendering. */
  cached: boolean
}

export interface ArtifactCacheDeps {
  db: Db
  dataDir: string
  clock: () => Date
  /** Renders outside a job (getOrRender called from a request); jobs pass their own workers. */
  workers: JobWorkers
  /** Told after a new artifact is on disk (the host turns it into the `artifacts.stored` event). */
  onStored?: (artifact: { key: string; kind: string }) => void
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
  /** Asked before a PDF is written: a refusal leaves no file and no row, and says `disk_full`. */
  disk?: Pick<DiskSpace, 'ensure'>
}

export interface PruneResult {
  removed: number
  bytes: number
  strayFiles: number
}

export function createArtifactCache(deps: ArtifactCacheDeps) {
  const repo: ArtifactsRepository = createArtifactsRepository(deps.db)
  const dir = join(deps.dataDir, ARTIFACTS_DIR)
  mkdirSync(dir, { recursive: true })
  const pathOf = (key: string) => join(dir, key)
  // One render per key at a time within this process; the queue's unique key covers the jobs.
  const inFlight = new Map<string, Promise<StoredArtifact>>()

  /** The stored bytes, or null (never rendered, pruned, or the file went missing). */
  const lookup = (key: string): Uint8Array | null => {
    const record = repo.get(key)
    if (!record) return null
    let bytes: Buffer
    try {
      bytes = readFileSync(pathOf(key))
    } catch {
      bytes = Buffer.alloc(0)
    }
    if (bytes.length !== record.byteLength || bytes.length === 0) {
      // Someone removed or damaged the file: forget the row so the next view renders again.
      deps.log?.('warn', `artifact ${key} is missing or damaged on disk; it will be rendered again`)
      repo.remove(key)
      return null
    }
    const now = deps.clock()
    repo.touch(key, now.toISOString(), new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString())
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  }

  const store = async (key: string, kind: string, templateVersion: number, bytes: Uint8Array): Promise<void> => {
    // Throws DiskSpaceError (ENOSPC): a request says it as disk_full, a job as its disk_full code and retries.
    deps.disk?.ensure(dir, bytes.length)
    const tmp = join(dir, `.tmp-${key}-${randomBytes(6).toString('hex')}`)
    try {
      await writeFile(tmp, bytes, { flush: true })
      await rename(tmp, pathOf(key))
    } catch (error) {
      await rm(tmp, { force: true })
      throw error
    }
    const at = deps.clock().toISOString()
    repo.save({
      key,
      kind,
      templateVersion,
      byteLength: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt: at,
      lastUsedAt: at
    })
    deps.onStored?.({ key, kind })
  }

  const render = async (key: string, kind: string, input: unknown, templateVersion: number, workers: JobWorkers, options?: RunTaskOptions): Promise<StoredArtifact> => {
    const result = await workers.run(kind, input, options)
    if (!(result instanceof Uint8Array) || result.length === 0) throw new Error(`${kind} returned no bytes`)
    await store(key, kind, templateVersion, result)
    return { key, bytes: result, cached: false }
  }

  return {
    keyOf: artifactKey,
    lookup,
    has: (key: string): boolean => repo.get(key) !== null,
    /** The SHA-256 of the stored bytes, or null when the artifact is not stored. */
    sha256Of: (key: string): string | null => repo.get(key)?.sha256 ?? null,
    /** Keeps bytes rendered elsewhere (a document's PDF from another bench) under their key. */
    put: (key: string, kind: string, templateVersion: number, bytes: Uint8Array): Promise<void> => store(key, kind, templateVersion, bytes),

    /**
     * The artifact for this input: from disk when it was rendered before, otherwise rendered by
     * the `kind` worker task and stored. Concurrent calls for one key share one render.
     */
    async getOrRender(kind: string, input: unknown, templateVersion: number, workers: JobWorkers = deps.workers, options?: RunTaskOptions): Promise<StoredArtifact> {
      const key = artifactKey(kind, input, templateVersion)
      const bytes = lookup(key)
      if (bytes) return { key, bytes, cached: true }
      let pending = inFlight.get(key)
      if (!pending) {
        pending = render(key, kind, input, templateVersion, workers, options).finally(() => inFlight.delete(key))
        inFlight.set(key, pending)
      }
      return pending
    },

    /** Call inside the owner's transaction: the owner now needs `key` for `role` (its previous artifact is released). */
    reference(owner: string, key: string, role = 'pdf'): void {
      repo.reference(owner, role, key, deps.clock().toISOString())
    },
    release(owner: string, role = 'pdf'): void {
      repo.release(owner, role)
    },
    referenced(owner: string, role = 'pdf'): string | null {
      return repo.referenced(owner, role)
    },

    /**
     * Deletes artifacts no owner refers to and nobody viewed for `unusedForMs`, then files in the
     * folder with no row (a crash between rename and insert, stray temporaries) older than that.
     * In chunks, yielding between them, so the main process never freezes.
     */
    async prune(unusedForMs: number, signal?: AbortSignal): Promise<PruneResult> {
      const cutoff = deps.clock().getTime() - unusedForMs
      const cutoffIso = new Date(cutoff).toISOString()
      const result: PruneResult = { removed: 0, bytes: 0, strayFiles: 0 }
      for (;;) {
        signal?.throwIfAborted()
        const batch = repo.unreferencedBefore(cutoffIso, PRUNE_CHUNK)
        for (const record of batch) {
          // Row first: a row never points at a deleted file, at worst a file outlives its row (swept below).
          repo.remove(record.key)
          rmSync(pathOf(record.key), { force: true })
          result.removed++
          result.bytes += record.byteLength
        }
        if (batch.length < PRUNE_CHUNK) break
        await new Promise((resolve) => setImmediate(resolve))
      }
      const known = repo.keys()
      for (const name of readdirSync(dir)) {
        if (known.has(name)) continue
        const file = join(dir, name)
        try {
          if (statSync(file).mtimeMs < cutoff) {
            rmSync(file, { force: true })
            result.strayFiles++
          }
        } catch {
          // Gone meanwhile: nothing to do.
        }
      }
      return result
    }
  }
}
export type ArtifactCache = ReturnType<typeof createArtifactCache>

export const ArtifactRenderPayload = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9.]{0,39}$/),
  templateVersion: z.number().int().min(1),
  input: z.unknown()
})
export type ArtifactRenderPayload = z.infer<typeof ArtifactRenderPayload>

/**
 * The cache's jobs: render one artifact (whatever its kind, so reports reuse it), and prune.
 * Registered once, by the work-orders module; other parts enqueue through `enqueueArtifactRender`.
 */
export function artifactJobKinds(cache: ArtifactCache) {
  return {
    [ARTIFACT_RENDER]: defineJobKind({
      payload: ArtifactRenderPayload,
      // Just behind labels (10): a clerk is usually looking at the screen waiting for it.
      priority: 20,
      maxAttempts: 4,
      timeoutMs: 120_000,
      async run(ctx) {
        ctx.progress(5, 'render')
        const { kind, input, templateVersion } = ctx.payload
        const stored = await cache.getOrRender(kind, input, templateVersion, ctx.workers)
        ctx.progress(100, 'stored')
        return { key: stored.key, bytes: stored.bytes.length, cached: stored.cached }
      }
    }),
    [ARTIFACT_PRUNE]: defineJobKind({
      payload: z.object({ unusedDays: z.number().int().min(1).max(3650).default(ARTIFACT_RETENTION_DAYS_DEFAULT) }),
      priority: 1000,
      maxAttempts: 3,
      timeoutMs: 10 * 60_000,
      run: (ctx) => cache.prune(ctx.payload.unusedDays * DAY_MS, ctx.signal)
    })
  }
}

export function artifactSchedules(unusedDays = ARTIFACT_RETENTION_DAYS_DEFAULT): ScheduleDefinition[] {
  return [{ name: ARTIFACT_PRUNE, cron: '41 3 * * *', kind: ARTIFACT_PRUNE, payload: { unusedDays } }]
}

/** The part of the queue an enqueue needs (the host's QueueRunner fits). */
export interface ArtifactQueue {
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): { job: { id: number } }
}

/**
 * Makes sure the artifact for this input will exist: nothing to do when it is on disk, else one
 * render job whose unique key is the artifact key (asking twice while it waits queues it once).
 * Call inside the transaction of the change that needs it.
 */
export function enqueueArtifactRender(
  queue: ArtifactQueue,
  cache: ArtifactCache,
  render: ArtifactRenderPayload,
  options: Omit<EnqueueOptions, 'uniqueKey'> = {}
): { key: string; jobId: number | null } {
  const key = artifactKey(render.kind, render.input, render.templateVersion)
  if (cache.has(key)) return { key, jobId: null }
  return { key, jobId: queue.enqueue(ARTIFACT_RENDER, render, { ...options, uniqueKey: key }).job.id }
}
