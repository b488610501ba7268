import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import type { JobStatsData } from '../../../shared/jobs'
import { useJobsStore } from '../stores/jobs-store'
import { jobErrorText, jobKindName } from '../i18n/error-text'
import { TechnicalDetails } from '../components/TechnicalDetails'

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

/** The Flower of this app: what the queue is doing now and what went wrong. */
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
        <h2>
          {t('jobs.lastHour', { ok: lastHour.ok, failed: lastHour.bad, rate: (failureRate * 100).toFixed(1) })}
        </h2>
        <ThroughputChart throughput={stats.throughput} />
      </section>
      <section>
        <h2>{t('jobs.running')}</h2>
        {stats.running.length === 0 && <p className="muted">{t('jobs.noneRunning')}</p>}
        <ul className="job-list">
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
        <h2>{t('jobs.byKind')}</h2>
        <table className="kinds">
          <thead>
            <tr>
              <th>{t('jobs.kind')}</th>
              {STATES.map((state) => (
                <th key={state}>{t(`jobs.states.${state}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.byKind.map((row) => (
              <tr key={row.kind}>
                <td title={row.kind}>{jobKindName(t, row.kind)}</td>
                {STATES.map((state) => (
                  <td key={state}>{row.counts[state]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
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
