import { createWriteStream, type WriteStream } from 'node:fs'
import type { EventEmitter } from 'node:events'
import { rename, rm, stat } from 'node:fs/promises'
import type { ExportCell } from './export-source'

/** Writes rows to a file a chunk at a time; the file appears under its name only once complete. */
export interface TableWriter {
  /** Resolves once the file can take more: a slow disk slows the export, not memory. */
  write(rows: readonly ExportCell[][]): Promise<void>
  /** Completes the file and resolves with its size in bytes. */
  finish(): Promise<number>
  /** Stops and removes the partial file. */
  abort(): Promise<void>
}

/** The file being written: `<path>.part` until finished, then renamed over `path`. */
export interface PartFile {
  readonly stream: WriteStream
  /** Waits while the stream's buffer is over its high-water mark. */
  drained(): Promise<void>
  /** Closes the stream (after `end` was called by whoever owns it) and moves the file into place. */
  commit(): Promise<number>
  discard(): Promise<void>
}

/** Resolves on the stream's next 'drain', or when it errors or closes (the caller checks which). */
export function nextDrain(stream: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done)
      stream.off('error', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('error', done)
    stream.on('close', done)
  })
}

export function openPartFile(path: string): PartFile {
  const partPath = `${path}.part`
  const stream = createWriteStream(partPath)
  let failure: Error | null = null
  stream.on('error', (error) => (failure = error))
  return {
    stream,
    async drained() {
      if (failure) throw failure
      if (stream.writableNeedDrain) await nextDrain(stream)
      if (failure) throw failure
    },
    async commit() {
      if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()))
      if (failure) throw failure
      await rename(partPath, path)
      return (await stat(path)).size
    },
    async discard() {
      stream.destroy()
      await rm(partPath, { force: true })
    }
  }
}
