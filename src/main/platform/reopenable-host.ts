import type { Db } from './db/database'
import type { Dispatch } from './dispatch'
import type { HostEventListener } from './module'
import type { QueueRunner } from './queue/queue-runner'

/** One opening of the bench on its data folder: a healthy one, or one with writes blocked. */
export interface HostGeneration {
  readonly dispatch: Dispatch
  /** null when no database is open (a damaged file is never opened for writing). */
  readonly db: Db | null
  readonly queue: QueueRunner | null
  readonly unanswered: readonly string[]
  subscribe(listener: HostEventListener): () => void
  close(): Promise<void>
}

export type Reopen = <T>(swap: () => T) => Promise<T>

export interface ReopenableHost {
  current(): HostGeneration
  readonly dispatch: Dispatch
  subscribe(listener: HostEventListener): () => void
  reopen: Reopen
  close(): Promise<void>
}

/**
 * The bench as the shells see it, stable while what is behind it closes and opens again (a
 * restore swaps the database file; damage found by the daily check blocks writes). Listeners
 * stay subscribed across openings; a call that arrives while the bench reopens waits for it.
 */
export function createReopenableHost(open: (reopen: Reopen) => HostGeneration, afterReopen: (generation: HostGeneration, emit: HostEventListener) => Promise<void> = async () => {}): ReopenableHost {
  const listeners = new Set<HostEventListener>()
  const forward: HostEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload)
  }
  let pending: Promise<void> | null = null
  let closed = false

  const reopen: Reopen = (swap) => {
    const run = (async () => {
      await generation.close()
      unsubscribe()
      try {
        return swap()
      } finally {
        // Whatever the swap did, the bench opens again: on the new file, or on the old one.
        generation = open(reopen)
        unsubscribe = generation.subscribe(forward)
        await afterReopen(generation, forward)
      }
    })()
    const settled: Promise<void> = run.then(
      () => undefined,
      () => undefined
    )
    pending = settled
    void settled.then(() => {
      if (pending === settled) pending = null
    })
    return run
  }

  let generation = open(reopen)
  let unsubscribe = generation.subscribe(forward)

  return {
    current: () => generation,
    async dispatch(name, input) {
      // The call that started a reopen is already past this point; later ones wait for the new bench.
      while (pending) await pending
      return generation.dispatch(name, input)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    reopen,
    async close() {
      if (closed) return
      closed = true
      while (pending) await pending
      unsubscribe()
      listeners.clear()
      await generation.close()
    }
  }
}
