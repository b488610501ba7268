import { useTranslation } from 'react-i18next'
import type { Notice } from '../notices/job-notices'
import { useNoticesStore } from '../stores/notices-store'
import { errorText } from '../i18n/error-text'
import { TechnicalDetails } from './TechnicalDetails'

/** What a finished job's notice says and what its link is called, by what it was about. */
const WORDS: Record<Notice['subject']['kind'], { done: string; failed: string; link: string }> = {
  bulk: { done: 'notices.bulk.done', failed: 'notices.bulk.failed', link: 'notices.bulk.link' },
  export: { done: 'notices.export.done', failed: 'notices.export.failed', link: 'notices.export.link' },
  report: { done: 'notices.report.done', failed: 'notices.report.failed', link: 'notices.report.link' },
  label: { done: 'notices.label.done', failed: 'notices.label.failed', link: 'notices.label.link' }
}

/** The shell's notices: a job the clerk waits on ended, said on whatever page is open, with a link to its result. */
export function NoticeTray() {
  const { t } = useTranslation()
  const { notices, dismiss, dismissAll, open } = useNoticesStore()
  if (notices.length === 0) return null
  return (
    <section className="notice-tray" aria-label={t('notices.title')} data-testid="notices">
      <ul>
        {notices.map((notice) => {
          const words = WORDS[notice.subject.kind]
          return (
            <li key={notice.key} className={`notice ${notice.outcome}`} role={notice.outcome === 'failed' ? 'alert' : 'status'} data-testid="notice" data-kind={notice.kind} data-outcome={notice.outcome}>
              <span>{t(notice.outcome === 'done' ? words.done : words.failed)}</span>
              {notice.error && <span className="notice-reason"> {errorText(t, notice.error)}</span>}{' '}
              <button type="button" className="link-button" onClick={() => void open(notice)} data-testid="notice-link">
                {t(words.link)}
              </button>{' '}
              <TechnicalDetails text={notice.detail} />
              <button type="button" className="notice-close" aria-label={t('notices.dismiss')} title={t('notices.dismiss')} onClick={() => dismiss(notice.key)}>
                ×
              </button>
            </li>
          )
        })}
      </ul>
      {notices.length > 1 && (
        <button type="button" className="link-button" onClick={dismissAll}>
          {t('notices.dismissAll')}
        </button>
      )}
    </section>
  )
}
