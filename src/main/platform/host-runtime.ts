import { REQUEST_NAMES } from '../../shared/contract'
import { createDispatcher, HandledError, type Dispatch, type Handlers } from './dispatch'
import type { JobKinds } from './queue/job-kinds'
import { builtinSchedules, createScheduler } from './queue/scheduler'
import type { HostModule } from './module'
import type { OpenPlatform } from './platform'

export interface RunningModules {
  readonly dispatch: Dispatch
  /** Requests of the contract no part of the bench answers (must be empty; the contract test checks). */
  readonly unanswered: readonly string[]
  close(): Promise<void>
}

/**
 * Merges what the parts of the bench bring (requests, job kinds, schedules), refusing a name two
 * parts both claim, then starts the queue, the scheduler and the modules, in that order.
 */
export function startModules(platform: OpenPlatform, modules: readonly HostModule[], extraJobKinds: JobKinds = {}): RunningModules {
  const { queue, log } = platform
  queue.register({ ...mergeOnce(modules.map((module) => [module.name, module.jobKinds ?? {}]), 'job kind'), ...extraJobKinds })
  const handlers = mergeOnce(modules.map((module): [string, Partial<Handlers>] => [module.name, module.handlers]), 'request')
  const unanswered = REQUEST_NAMES.filter((name) => !Object.hasOwn(handlers, name))
  // A channel without a handler answers 'unavailable' rather than stopping the bench; the
  // contract test fails on any (see `unanswered`).
  for (const name of unanswered) {
    log('error', `no handler for ${name}`)
    ;(handlers as Record<string, unknown>)[name] = () => {
      throw new HandledError('unavailable', `${name} is not available in this build`)
    }
  }
  const dispatch = createDispatcher(
    handlers as Handlers,
    (name, error) => log('error', `request ${name} failed`, error),
    platform.timeRequests ? platform.slowOperations : undefined
  )

  queue.subscribe((events) => {
    const updated = []
    const progress = []
    for (const event of events) {
      if (event.type === 'job.updated') updated.push(event.job)
      else progress.push({ id: event.id, kind: event.kind, progress: event.progress })
    }
    platform.emit('jobs.changed', { updated, progress })
  })
  const scheduler = createScheduler({
    db: platform.db,
    jobs: platform.jobs,
    queue,
    schedules: [...builtinSchedules(), ...modules.flatMap((module) => module.schedules ?? [])],
    log: (level, message) => log(level, message)
  })
  const recovered = queue.start()
  if (recovered.requeued > 0) log('info', `re-queued ${recovered.requeued} jobs left running by a previous run`)
  scheduler.start()
  for (const module of modules) module.start?.()

  return {
    dispatch,
    unanswered,
    async close() {
      scheduler.stop()
      for (const module of modules) await module.close?.()
      await queue.stop({ timeoutMs: 5000 })
      await platform.pool.stop()
      platform.unsubscribeAll()
      await platform.closeDatabase()
    }
  }
}

function mergeOnce<T extends object>(parts: [owner: string, part: T][], what: string): T {
  const merged: Record<string, unknown> = {}
  const owners = new Map<string, string>()
  for (const [owner, part] of parts) {
    for (const [name, value] of Object.entries(part)) {
      const previous = owners.get(name)
      if (previous) throw new Error(`${what} ${name} is claimed by both ${previous} and ${owner}`)
      owners.set(name, owner)
      merged[name] = value
    }
  }
  return merged as T
}
