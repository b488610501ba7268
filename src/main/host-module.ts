import type { AppInfo, EventName, EventPayload } from '../shared/contract'
import type { Language } from '../shared/languages'
import type { Db } from './store/database'
import type { Handlers } from './dispatch'
import type { JobKinds } from './jobs/job-kinds'
import type { QueueRunner } from './jobs/queue-runner'
import type { ScheduleDefinition } from './jobs/scheduler'
import type { WorkerPool } from './jobs/worker-pool'
import type { AuditRepository } from './store/audit-repository'
import type { MetaRepository } from './store/meta-repository'
import type { NumberBlocksRepository } from './store/number-blocks-repository'
import type { OutboxRepository } from './store/outbox-repository'
import type { ProtocolsRepository } from './store/protocols-repository'
import type { VeterinariansRepository } from './store/veterinarians-repository'
import type { ServicesRepository } from './store/services-repository'
import type { LabelsRepository } from './store/labels-repository'
import type { SettingsService } from './services/settings-service'
import type { NotificationsService } from './notifications/notifications-service'
import type { ShellPorts } from './shell-ports'

export type HostEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void

export type LogFn = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void

/**
 * What every part of the bench may use. Built once by the host; a module keeps what it needs.
 * `queue` is only valid once the host has started (modules are built before the queue exists
 * because the queue needs their job kinds), so read it at request or job time, never at build time.
 */
export interface HostContext {
  readonly dataDir: string
  readonly shell: AppInfo['shell']
  readonly appVersion: string
  readonly db: Db
  readonly clock: () => Date
  readonly log: LogFn
  readonly emit: HostEventListener
  readonly meta: MetaRepository
  readonly settings: SettingsService
  readonly protocols: ProtocolsRepository
  readonly veterinarians: VeterinariansRepository
  readonly services: ServicesRepository
  readonly audit: AuditRepository
  readonly outbox: OutboxRepository
  readonly numbers: NumberBlocksRepository
  readonly labels: LabelsRepository
  readonly notifications: NotificationsService
  readonly pool: WorkerPool
  readonly queue: () => QueueRunner
  readonly ports: ShellPorts
  /** The bench's language (preferences): documents and messages are written in it. */
  readonly language: () => Language
  /** The clerk on duty, or null. */
  readonly clerk: () => string | null
  /** Who to write in the audit log: the clerk on duty, or the given fallback. */
  readonly actor: (fallback?: string) => string
}

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
