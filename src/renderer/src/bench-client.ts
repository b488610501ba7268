import { buildBenchApi } from '../../shared/bench-api'
import type { BenchApi, ContractError, RequestInput, RequestName, RequestOutput, Result } from '../../shared/contract'

let api: BenchApi | null = null

/** A failed call, carrying the contract's error code so the page can say it in the clerk's language. */
export class BenchCallError extends Error {
  constructor(readonly error: ContractError) {
    super(error.message)
    this.name = 'BenchCallError'
  }
}

/** Electron gives us `window.bench`; the browser harness hands a token in the URL for its WebSocket bridge. */
export async function connectBench(): Promise<BenchApi> {
  if (window.bench) {
    api = window.bench
    return api
  }
  const token = new URLSearchParams(location.hash.slice(1)).get('bridge')
  if (!token) throw new Error('No bench connection: open the app from Electron or from the URL `npm run web` prints.')
  const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`)
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener('error', () => reject(new Error('bridge refused')), { once: true })
  })
  let nextId = 1
  const pending = new Map<number, (result: unknown) => void>()
  const listeners = new Set<(name: unknown, payload: unknown) => void>()
  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as { id?: number; result?: unknown; event?: string; payload?: unknown }
    if (typeof data.id === 'number') {
      pending.get(data.id)?.(data.result)
      pending.delete(data.id)
    } else if (data.event) {
      for (const listener of listeners) listener(data.event, data.payload)
    }
  })
  api = buildBenchApi({
    invoke: (channel, input) =>
      new Promise((resolve) => {
        const id = nextId++
        pending.set(id, resolve)
        socket.send(JSON.stringify({ id, channel, input }))
      }),
    subscribe: (_channel, listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  })
  return api
}

export function bench(): BenchApi {
  if (!api) throw new Error('bench not connected')
  return api
}

/** Calls one contract request and unwraps its result; failures throw BenchCallError. */
export async function call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  const fn = bench()[name] as unknown as (input: RequestInput<K>) => Promise<Result<RequestOutput<K>>>
  const result = await fn(input)
  if (!result.ok) throw new BenchCallError(result.error)
  return result.value as RequestOutput<K>
}
