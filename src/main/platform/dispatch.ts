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
import { ruleOfIssue, type ErrorParams } from '../../shared/error-codes'
import type { SlowOperations } from './logging/slow-operations'

export type Handlers = {
  [K in RequestName]: (input: ParsedInput<K>) => RequestOutput<K> | Promise<RequestOutput<K>>
}

/**
 * A failure a handler means to report to the clerk (as opposed to a bug): a code from the
 * catalogue and what its translation needs; `message` is the English detail for the log.
 */
export class HandledError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: ErrorParams
  ) {
    super(message)
    this.name = 'HandledError'
  }
}

const isRequestName = (name: string): name is RequestName => Object.hasOwn(requests, name)

export function toFieldIssues(error: z.ZodError): NonNullable<ContractError['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message, ...ruleOfIssue(issue) }))
}

/**
 * The one gate every call passes, from Electron's ipcMain and from the browser harness alike:
 * unknown names and invalid payloads are answered with an error before any handler runs, so a
 * bad call can never reach the database.
 */
export function createDispatcher(
  handlers: Handlers,
  onUnexpected: (name: string, error: unknown) => void,
  slow?: Pick<SlowOperations, 'limits' | 'note'>
) {
  const answer = async (name: RequestName, rawInput: unknown): Promise<Result<unknown>> => {
    const parsed = requests[name].input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_input', message: `invalid input for ${name}`, issues: toFieldIssues(parsed.error) } }
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown
      return { ok: true, value: await handler(parsed.data) }
    } catch (error) {
      if (error instanceof HandledError) {
        return { ok: false, error: { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) } }
      }
      if (error instanceof z.ZodError) {
        return { ok: false, error: { code: 'invalid_input', message: error.message, issues: toFieldIssues(error) } }
      }
      const storage = storageProblemOf(error)
      if (storage) return { ok: false, error: { code: storage, message: error instanceof Error ? error.message : String(error) } }
      onUnexpected(name, error)
      return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } }
    }
  }
  return async function dispatch(name: string, rawInput: unknown): Promise<Result<unknown>> {
    if (!isRequestName(name)) return { ok: false, error: { code: 'unknown_channel', message: `unknown request ${name}` } }
    if (!slow) return answer(name, rawInput)
    // Timed from the gate to the answer, input check included; only the name is ever noted.
    const started = performance.now()
    try {
      return await answer(name, rawInput)
    } finally {
      const ms = performance.now() - started
      if (ms >= slow.limits.requestMs) slow.note('request', name, ms)
    }
  }
}
export type Dispatch = ReturnType<typeof createDispatcher>
