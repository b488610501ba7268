import type { BenchApi, EventName, Result } from './contract'
// Names only, never the contract's schemas: this file is the whole preload bundle.
import { EVENT_CHANNEL, isEventName, REQUEST_NAMES, requestChannel } from './channels'

export interface BenchTransport {
  invoke(channel: string, input: unknown): Promise<unknown>
  subscribe(channel: string, listener: (name: unknown, payload: unknown) => void): () => void
}

/**
 * Builds `window.bench` from the contract's names over any transport. Electron's preload and
 * the browser harness both use it, so the page sees the same object in either shell.
 */
export function buildBenchApi(transport: BenchTransport): BenchApi {
  const api: Record<string, unknown> = {}
  for (const name of REQUEST_NAMES) {
    const channel = requestChannel(name)
    api[name] = (input: unknown) => transport.invoke(channel, input) as Promise<Result<unknown>>
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`)
    return transport.subscribe(EVENT_CHANNEL, (name, payload) => {
      if (name === event) listener(payload)
    })
  }
  return Object.freeze(api) as BenchApi
}
