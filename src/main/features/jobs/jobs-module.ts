/**
 * The jobs feature is the Jobs page's view of the queue and the worker processes: counts, what
 * waits and why, what runs, run times per kind, the workers with their memory; one job, retry,
 * cancel, purge.
 */
import type { JobStatsData, WorkerRow } from '../../../shared/jobs'
import { HandledError } from '../../platform/dispatch'
import type { HostModule, Platform } from '../../platform/module'
import { toJobView } from '../../platform/queue/queue-runner'
import type { WorkerInfo } from '../../platform/worker-pool/worker-pool'

const toWorkerRow = (worker: WorkerInfo): WorkerRow => ({ ...worker, pid: worker.pid ?? null })

export function createJobsModule({ queue, pool }: Pick<Platform, 'queue' | 'pool'>): HostModule {
  const jobView = (id: number) => {
    const job = queue.get(id)
    if (!job) throw new HandledError('not_found', `job ${id} not found`)
    return toJobView(job)
  }
  return {
    name: 'jobs',
    handlers: {
      'jobs.stats': async (): Promise<JobStatsData> => {
        const workers = await pool.inspect({ timeoutMs: 500 })
        return { ...queue.stats(), workers: workers.map(toWorkerRow) }
      },
      'jobs.get': ({ id }) => jobView(id),
      'jobs.retry': ({ id }) => queue.retry(id) ?? jobView(id),
      'jobs.cancel': ({ id }) => queue.cancel(id) ?? jobView(id),
      'jobs.purgeFinished': () => ({ purged: queue.purgeFinished(0) })
    }
  }
}
