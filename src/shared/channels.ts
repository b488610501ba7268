/**
 * The wire names of the contract, without its schemas: what the preload and the page need to
 * build `window.bench`. Kept free of zod so the preload bundle is a few kilobytes; the main
 * process still validates every input against the schemas in contract.ts.
 */
import { EVENT_NAMES, REQUEST_NAMES } from './channels.generated'
import type { EventName, RequestName } from './contract'

export { EVENT_NAMES, REQUEST_NAMES }

/** IPC channel names on the wire; a fixed prefix lets main drop anything that is not ours. */
export const IPC_PREFIX = 'bench:'
export const EVENT_CHANNEL = 'bench-event'
export const requestChannel = (name: RequestName): string => `${IPC_PREFIX}${name}`

const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES)
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && eventNames.has(name)
