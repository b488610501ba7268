import type { EventName, EventPayload } from '../../shared/contract'
import type { DiskSpace } from './disk-space'
import type { AppInfo } from '../../shared/app'
import type { Language } from '../../shared/languages'
import type { Db } from './db/database'
import type { MetaRepository } from './db/meta-repository'
import type { Handlers } from './dispatch'
import type { AuditRepository } from './journal/audit-repository'
import type { OutboxRepository } from './journal/outbox-repository'
import type { JobKinds } from './queue/job-kinds'
import type { JobsRepository } from './queue/jobs-repository'
import type { QueueRunner } from './queue/queue-runner'
import type { ScheduleDefinition } from './queue/scheduler'
import type { ShellPorts } from './shell-ports'
import type { SlowOperations } from './logging/slow-operations'
import type { WorkerPool } from './worker-pool/worker-pool'

export type HostEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void

export type LogFn = (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void

export type Clock = () => Date

/**
 * What the platform gives every feature: the one database and its journal (audit, outbox), the
 * job queue and worker pool, the clock, the log and the event channel to the renderer. A feature
 * declares the members it reads (`Pick<Platform, ...>`) plus the features it builds on.
 */
export interface Platform {
  readonly dataDir: string
  readonly shell: AppInfo['shell']
  readonly appVersion: string
  readonly db: Db
  readonly clock: Clock
  readonly log: LogFn
  readonly emit: HostEventListener
  readonly meta: MetaRepository
  readonly audit: AuditRepository
  readonly outbox: OutboxRepository
  readonly jobs: JobsRepository
  readonly pool: WorkerPool
  /** Holds no job kinds of features until the host registers them; enqueue at request or job time. */
  readonly queue: QueueRunner
  readonly ports: ShellPorts
  /** The requests and statements that went over their time limit, most recent kept. */
  readonly slowOperations: SlowOperations
  /** Free space, checked before a PDF, an export or a snapshot is written. */
  readonly disk: DiskSpace
}

/** Who works at the bench now: the clerk on duty and the language documents are written in. */
export interface BenchSession {
  /** The bench's language (preferences): documents and messages are written in it. */
  readonly language: () => Language
  /** The clerk on duty, or null. */
  readonly clerk: () => string | null
  /** Who to write in the audit log: the clerk on duty, or the given fallback. */
  readonly actor: (fallback?: string) => string
}

/**
 * One part of the bench: the requests it answers, the job kinds and schedules it brings, and its
 * lifecycle. The host merges them and refuses to start if two parts claim the same request or
 * job kind.
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
