import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { JobStatsData, QueuedJobViewData, WorkerRow } from '../../../shared/jobs'
import { useJobsStore } from '../stores/jobs-store'
import { jobErrorText, jobKindName } from '../i18n/error-text'
import { TechnicalDetails } from '../components/TechnicalDetails'
import { HealthPanel } from '../components/HealthPanel'

const STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const

function ThroughputChart({ throughput }: { throughput: JobStatsData['throughput'] }) {
  const { t } = useTranslation()
  const max = Math.max(1, ...throughput.buckets.map((bucket) => bucket.succeeded + bucket.failed))
  const width = 600
  const height = 80
  const barWidth = width / Math.max(1, throughput.buckets.length)
  return (
    <svg className="throughput" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('jobs.throughput')}>
      {throughput.buckets.map((bucket, index) => {
        const ok = (bucket.succeeded / max) * height
        const bad = (bucket.failed / max) * height
        return (
          <g key={bucket.at}>
            <rect x={index * barWidth + 1} y={height - ok - bad} width={barWidth - 2} height={ok} className="ok" />
            <rect x={index * barWidth + 1} y={height - bad} width={barWidth - 2} height={bad} className="bad" />
          </g>
        )
      })}
    </svg>
  )
}

function durationText(t: TFunction, ms: number | undefined): string {
  if (ms === undefined) return t('jobs.duration.none')
  return ms < 1000 ? t('jobs.duration.ms', { n: Math.round(ms) }) : t('jobs.duration.seconds', { n: (ms / 1000).toFixed(1) })
}

function uptimeText(t: TFunction, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  if (seconds < 60) return t('jobs.uptime.seconds', { n: seconds })
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return t('jobs.uptime.minutes', { n: minutes })
  return t('jobs.uptime.hours', { h: Math.floor(minutes / 60), m: minutes % 60 })
}

function waitingText(t: TFunction, job: QueuedJobViewData, time: (ms: number | null) => string): string {
  const { reason, at, resource } = job.waitingFor
  if (reason === 'turn') return t('jobs.waiting.turn')
  if (reason === 'scheduled') return t('jobs.waiting.scheduled', { time: time(at) })
  if (resource === 'printer') return t('jobs.waiting.retryPrinter', { time: time(at) })
  if (resource === 'server') return t('jobs.waiting.retryServer', { time: time(at) })
  return t('jobs.waiting.retry', { time: time(at) })
}

function QueuedList({ stats, time, cancel }: { stats: JobStatsData; time: (ms: number | null) => string; cancel: (id: number) => void }) {
  const { t } = useTranslation()
  if (stats.queued.length === 0) return <p className="muted">{t('jobs.noneQueued')}</p>
  return (
    <table className="job-table" data-testid="queued-jobs">
      <thead>
        <tr>
          <th>{t('jobs.position')}</th>
          <th>{t('jobs.kind')}</th>
          <th>{t('jobs.waitingFor')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {stats.queued.map((job) => {
          const error = jobErrorText(t, job)
          return (
            <tr key={job.id} data-job-id={job.id} data-kind={job.kind}>
              <td>{job.position ?? '—'}</td>
              <td>
                <span className="job-kind">{jobKindName(t, job.kind)}</span> <span className="muted">#{job.id}</span>
              </td>
              <td>
                {waitingText(t, job, time)}
                {job.waitingFor.reason === 'retry' && <div className="muted">{t('jobs.attempts', { n: job.attempts, max: job.maxAttempts })}</div>}
                {error && (
                  <div className="job-error">
                    {t('jobs.reason', { reason: error })} <TechnicalDetails text={job.lastError} />
                  </div>
                )}
              </td>
              <td>
                <button type="button" onClick={() => cancel(job.id)}>
                  {t('jobs.cancel')}
                </button>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function WorkerTable({ workers, at }: { workers: WorkerRow[]; at: number }) {
  const { t } = useTranslation()
  return (
    <table className="job-table" data-testid="workers">
      <thead>
        <tr>
          <th>{t('jobs.workers.name')}</th>
          <th>{t('jobs.workers.pid')}</th>
          <th>{t('jobs.workers.uptime')}</th>
          <th>{t('jobs.workers.tasksDone')}</th>
          <th>{t('jobs.workers.restarts')}</th>
          <th>{t('jobs.workers.memory')}</th>
        </tr>
      </thead>
      <tbody>
        {workers.length === 0 && (
          <tr>
            <td colSpan={6} className="muted" data-testid="workers-idle">
              {t('jobs.workers.idle')}
            </td>
          </tr>
        )}
        {workers.map((worker) => (
          <tr key={worker.name} data-worker={worker.name}>
            <td>
              {worker.name}
              {!worker.ready && <span className="muted"> ({t('jobs.workers.starting')})</span>}
              {worker.inFlight > 0 && <span className="muted"> · {t('jobs.workers.busy', { n: worker.inFlight })}</span>}
            </td>
            <td data-testid="worker-pid">{worker.pid ?? '—'}</td>
            <td>{uptimeText(t, at - worker.startedAt)}</td>
            <td>{worker.tasksDone}</td>
            <td data-testid="worker-restarts">{worker.restarts}</td>
            <td>{worker.memory ? t('jobs.workers.megabytes', { n: (worker.memory.rss / (1024 * 1024)).toFixed(0) }) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function KindTable({ stats }: { stats: JobStatsData }) {
  const { t } = useTranslation()
  const durations = new Map(stats.durations.map((row) => [row.kind, row]))
  const kinds = [...new Set([...stats.byKind.map((row) => row.kind), ...durations.keys()])].sort()
  const counts = new Map(stats.byKind.map((row) => [row.kind, row.counts]))
  return (
    <table className="kinds" data-testid="jobs-by-kind">
      <thead>
        <tr>
          <th>{t('jobs.kind')}</th>
          {STATES.map((state) => (
            <th key={state}>{t(`jobs.states.${state}`)}</th>
          ))}
          <th>{t('jobs.duration.hourMedian')}</th>
          <th>{t('jobs.duration.hourP95')}</th>
          <th>{t('jobs.duration.dayMedian')}</th>
          <th>{t('jobs.duration.dayP95')}</th>
        </tr>
      </thead>
      <tbody>
        {kinds.map((kind) => {
          const row = durations.get(kind)
          return (
            <tr key={kind} data-kind={kind}>
              <td title={kind}>{jobKindName(t, kind)}</td>
              {STATES.map((state) => (
                <td key={state}>{counts.get(kind)?.[state] ?? 0}</td>
              ))}
              <td>{durationText(t, row?.lastHour?.medianMs)}</td>
              <td>{durationText(t, row?.lastHour?.p95Ms)}</td>
              <td>{durationText(t, row?.lastDay?.medianMs)}</td>
              <td>{durationText(t, row?.lastDay?.p95Ms)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** The Flower of this app: the bench's health, what the queue and its workers are doing, how long things take, what went wrong. */
export function JobsPage() {
  const { t, i18n } = useTranslation()
  const { stats, load, retry, cancel, purge } = useJobsStore()
  useEffect(() => {
    void load()
  }, [load])
  if (!stats) return <p className="muted page-pad">{t('app.loading')}</p>
  const lastHour = stats.throughput.buckets.reduce((sum, bucket) => ({ ok: sum.ok + bucket.succeeded, bad: sum.bad + bucket.failed }), { ok: 0, bad: 0 })
  const failureRate = lastHour.ok + lastHour.bad === 0 ? 0 : lastHour.bad / (lastHour.ok + lastHour.bad)
  const time = (ms: number | null) => (ms ? new Date(ms).toLocaleTimeString(i18n.language) : '—')
  return (
    <div className="jobs page-pad">
      <header className="jobs-header">
        <h1>{t('nav.jobs')}</h1>
        <button type="button" onClick={() => void purge()}>
          {t('jobs.purge')}
        </button>
      </header>
      <HealthPanel />
      <div className="cards">
        {STATES.map((state) => (
          <div key={state} className={`card state-${state}`} data-testid={`jobs-${state}`}>
            <span className="card-value">{stats.counts[state]}</span>
            <span className="card-label">{t(`jobs.states.${state}`)}</span>
          </div>
        ))}
        <div className="card">
          <span className="card-value">{stats.queueDepth.ready}</span>
          <span className="card-label">{t('jobs.depth', { delayed: stats.queueDepth.delayed })}</span>
        </div>
      </div>
      <section>
        <h2>{t('jobs.queued')}</h2>
        <QueuedList stats={stats} time={time} cancel={(id) => void cancel(id)} />
      </section>
      <section>
        <h2>{t('jobs.running')}</h2>
        {stats.running.length === 0 && <p className="muted">{t('jobs.noneRunning')}</p>}
        <ul className="job-list" data-testid="running-jobs">
          {stats.running.map((job) => (
            <li key={job.id}>
              <span className="job-kind" title={job.kind}>{jobKindName(t, job.kind)}</span> #{job.id}
              <progress max={100} value={job.progress?.percent ?? 0} />
              <span className="muted">{job.progress?.step ?? ''}</span>
              <button type="button" onClick={() => void cancel(job.id)}>
                {t('jobs.cancel')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('jobs.workers.title')}</h2>
        <WorkerTable workers={stats.workers} at={stats.at} />
      </section>
      <section>
        <h2>
          {t('jobs.lastHour', { ok: lastHour.ok, failed: lastHour.bad, rate: (failureRate * 100).toFixed(1) })}
        </h2>
        <ThroughputChart throughput={stats.throughput} />
      </section>
      <section>
        <h2>{t('jobs.byKind')}</h2>
        <KindTable stats={stats} />
      </section>
      <section>
        <h2>{t('jobs.failed')}</h2>
        {stats.failed.length === 0 && <p className="muted">{t('jobs.noneFailed')}</p>}
        <ul className="job-list" data-testid="failed-jobs">
          {stats.failed.map((job) => (
            <li key={job.id}>
              <span className="job-kind" title={job.kind}>{jobKindName(t, job.kind)}</span> #{job.id} · {t('jobs.attempts', { n: job.attempts, max: job.maxAttempts })} · {time(job.finishedAt)}
              <span className="job-error">{jobErrorText(t, job)}</span> <TechnicalDetails text={job.lastError} />
              <button type="button" onClick={() => void retry(job.id)}>
                {t('jobs.retry')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
