import type { AppInfo } from '../shared/contract'
import type { HostEventListener, LogFn } from './platform/module'
import type { Language } from '../shared/languages'
import type { Db } from './platform/db/database'
import type { QueueRunner } from './platform/queue/queue-runner'
import type { WorkerPool } from './platform/worker-pool/worker-pool'
import type { AuditRepository } from './platform/journal/audit-repository'
import type { MetaRepository } from './platform/db/meta-repository'
import type { NumberBlocksRepository } from './features/numbering/number-blocks-repository'
import type { OutboxRepository } from './platform/journal/outbox-repository'
import type { ProtocolsRepository } from './features/protocols/protocols-repository'
import type { VeterinariansRepository } from './features/veterinarians/veterinarians-repository'
import type { ServicesRepository } from './features/work-orders/services-repository'
import type { LabelsRepository } from './features/printing/labels-repository'
import type { SettingsService } from './features/settings/settings-service'
import type { NotificationsService } from './features/notifications/notifications-service'
import type { ShellPorts } from './platform/shell-ports'

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
