import type { EventName, EventPayload } from '../../shared/contract'
import type { Handlers } from './dispatch'
import type { JobKinds } from './queue/job-kinds'
import type { ScheduleDefinition } from './queue/scheduler'

export type HostEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void

export type LogFn = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void

/**
 * One part of the bench (work orders, reports, sync, bulk, exports, statistics, diagnostics):
 * the requests it answers, the job kinds and schedules it brings, and its lifecycle. The host
 * merges them and refuses to start if two parts claim the same request or job kind.
 */
export interface HostModule {
  readonly name: string
  readonly handlers: Partial<Handlers>
  readonly jobKinds?: JobKinds
  readonly schedules?: readonly ScheduleDefinition[]
  /** Called once the queue and scheduler run. */
  start?(): void
  /** Called before the queue stops. */
  close?(): Promise<void> | void
}
