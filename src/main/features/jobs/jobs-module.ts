/** The jobs feature is the Jobs page's view of the queue: counts, one job, retry, cancel, purge. */
import { HandledError } from '../../platform/dispatch'
import type { HostModule, Platform } from '../../platform/module'
import { toJobView } from '../../platform/queue/queue-runner'

export function createJobsModule({ queue }: Pick<Platform, 'queue'>): HostModule {
  const jobView = (id: number) => {
    const job = queue.get(id)
    if (!job) throw new HandledError('not_found', `job ${id} not found`)
    return toJobView(job)
  }
  return {
    name: 'jobs',
    handlers: {
      'jobs.stats': () => queue.stats(),
      'jobs.get': ({ id }) => jobView(id),
      'jobs.retry': ({ id }) => queue.retry(id) ?? jobView(id),
      'jobs.cancel': ({ id }) => queue.cancel(id) ?? jobView(id),
      'jobs.purgeFinished': () => ({ purged: queue.purgeFinished(0) })
    }
  }
}
