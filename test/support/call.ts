import type { RequestInput, RequestName, RequestOutput, Result } from '../../src/shared/contract'

/** The host's one gate for requests: a BenchHost, or anything answering like it. */
export interface Dispatcher {
  dispatch(name: string, input: unknown): Promise<Result<unknown>>
}

/** A request called through the real dispatcher; a refused call rejects with an Error carrying `code`, `params` and `issues`. */
export type Call = <K extends RequestName>(name: K, input: RequestInput<K>) => Promise<RequestOutput<K>>

/**
 * The one way tests call a host: the request goes through the host's dispatcher (name and input
 * checked as the renderer's would be) and the answer is unwrapped. Give a function for a host that
 * is replaced while the test runs (a restart).
 */
export function callerOf(host: Dispatcher | (() => Dispatcher)): Call {
  const current = typeof host === 'function' ? host : () => host
  return async (name, input) => {
    const result = await current().dispatch(name, input)
    if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { code: result.error.code, params: result.error.params, issues: result.error.issues })
    return result.value as never
  }
}
