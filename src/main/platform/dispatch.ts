import { z } from 'zod'
import {
  requests,
  type ContractError,
  type ErrorCode,
  type ParsedInput,
  type RequestName,
  type RequestOutput,
  type Result
} from '../../shared/contract'
import { storageProblemOf } from './db/storage-errors'

export type Handlers = {
  [K in RequestName]: (input: ParsedInput<K>) => RequestOutput<K> | Promise<RequestOutput<K>>
}

/** A failure a handler means to report to the clerk (as opposed to a bug). */
export class HandledError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'HandledError'
  }
}

const isRequestName = (name: string): name is RequestName => Object.hasOwn(requests, name)

export function toFieldIssues(error: z.ZodError): NonNullable<ContractError['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message }))
}

/**
 * The one gate every call passes, from Electron's ipcMain and from the browser harness alike:
 * unknown names and invalid payloads are answered with an error before any handler runs, so a
 * bad call can never reach the database.
 */
export function createDispatcher(handlers: Handlers, onUnexpected: (name: string, error: unknown) => void) {
  return async function dispatch(name: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!isRequestName(name)) return { ok: false, error: { code: 'unknown_channel', message: `unknown request ${name}` } }
    const parsed = requests[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}`, issues: toFieldIssues(parsed.error) } }
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof HandledError) return { ok: false, error: { code: error.code, message: error.message } }
      if (error instanceof z.ZodError) {
        return { ok: false, error: { code: 'invalid_input', message: error.message, issues: toFieldIssues(error) } }
      }
      const storage = storageProblemOf(error)
      if (storage) return { ok: false, error: { code: storage, message: error instanceof Error ? error.message : String(error) } }
      onUnexpected(name, error)
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }
    }
  }
}
export type Dispatch = ReturnType<typeof createDispatcher>
