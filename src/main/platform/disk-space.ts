/**
 * Free space, asked before the bench writes a file that could fill the disk (a report or work
 * order PDF, an export, a snapshot): a write refused up front leaves nothing half-written, where
 * one stopped by ENOSPC midway has to be cleaned up. A refusal carries `code: 'ENOSPC'`, so every
 * place that already reads storage errors (`storageProblemOf`) says it as `disk_full`.
 */
import { statfsSync } from 'node:fs'

/**
 * What `fs.statfs` answers that this needs; tests hand in their own to stand for a full disk.
 * Synchronous: one system call, and the snapshot that asks runs synchronously itself.
 */
export type StatFs = (path: string) => { bavail: number | bigint; bsize: number | bigint }

/**
 * Room always left free on top of what a write needs: SQLite needs some for its journal and WAL,
 * and a disk filled to the last byte takes the database down with it.
 */
export const DISK_RESERVE_BYTES = 16 * 1024 * 1024

export class DiskSpaceError extends Error {
  readonly code = 'ENOSPC'
  constructor(
    readonly path: string,
    readonly freeBytes: number,
    readonly neededBytes: number
  ) {
    super(`ENOSPC: ${freeBytes} bytes free at ${path}, ${neededBytes} needed (with ${DISK_RESERVE_BYTES} kept free)`)
    this.name = 'DiskSpaceError'
  }
}

export interface DiskSpace {
  /** Bytes free for this process at `path`; null when the system cannot say. */
  free(path: string): number | null
  /** Returns when `bytes` (plus the reserve) fit at `path`; else throws DiskSpaceError. A system that cannot say lets the write try. */
  ensure(path: string, bytes: number): void
}

export function createDiskSpace(stat: StatFs = statfsSync): DiskSpace {
  const free = (path: string): number | null => {
    try {
      const stats = stat(path)
      return Number(stats.bavail) * Number(stats.bsize)
    } catch {
      return null
    }
  }
  return {
    free,
    ensure(path, bytes) {
      const available = free(path)
      const needed = Math.max(0, Math.ceil(bytes)) + DISK_RESERVE_BYTES
      if (available !== null && available < needed) throw new DiskSpaceError(path, available, needed)
    }
  }
}
