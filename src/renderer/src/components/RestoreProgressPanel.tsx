import { useTranslation } from 'react-i18next'
import type { RestoreProgress } from '../../../shared/sync-status'

const KINDS = ['protocol', 'work_order', 'report'] as const

/**
 * A bench bringing everything back from the server: what came so far per kind, against what the
 * server said it holds, then the PDFs, and a plain "finished" at the end. Fed by the sync status
 * event, so it grows while the clerk watches.
 */
export function RestoreProgressPanel({ restore }: { restore: RestoreProgress }) {
  const { t, i18n } = useTranslation()
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language)
  const figure = (done: number, total: number | null) => (total === null ? t('sync.restore.so', { done }) : t('sync.restore.of', { done, total }))
  const finished = restore.state === 'done' || restore.state === 'failed'
  return (
    <section className="sync-restore" aria-labelledby="sync-restore-heading" data-testid="sync-restore" data-state={restore.state}>
      <h2 id="sync-restore-heading">{t('sync.restore.heading')}</h2>
      <p role="status" className={restore.state === 'failed' ? 'sync-warning' : undefined} data-testid="sync-restore-state">
        {t(`sync.restore.states.${restore.state}`)}
      </p>
      <dl>
        {KINDS.map((kind) => (
          <div key={kind}>
            <dt>{t(`sync.restore.kinds.${kind}`)}</dt>
            <dd data-testid={`sync-restore-${kind}`}>{figure(restore.received[kind], restore.totals ? restore.totals[kind] : null)}</dd>
          </div>
        ))}
        <div>
          <dt>{t('sync.restore.kinds.pdf')}</dt>
          <dd data-testid="sync-restore-pdf">{figure(restore.pdfs.done, restore.state === 'rows' ? null : restore.pdfs.total)}</dd>
        </div>
      </dl>
      {!finished && <progress aria-label={t('sync.restore.heading')} />}
      <p className="muted">
        {t('sync.restore.started', { time: when(restore.startedAt) })}
        {restore.finishedAt && ` · ${t('sync.restore.finished', { time: when(restore.finishedAt) })}`}
      </p>
    </section>
  )
}
