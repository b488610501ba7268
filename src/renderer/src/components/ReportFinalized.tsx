import { useTranslation } from 'react-i18next'
import type { ReportView } from '../../../shared/reports'

/** A finalized version as it was signed: read-only, with its PDF and the way to correct it. */
export function ReportFinalized(props: { report: ReportView; canAmend: boolean; onOpenPdf: () => void; onAmend: () => void }) {
  const { report, canAmend } = props
  const { t, i18n } = useTranslation()
  const { content } = report
  return (
    <article className="report-finalized" aria-label={t('reports.version', { version: report.version })}>
      {report.copiedFrom ? (
        <p className="report-copy" data-testid="report-copied-from">
          {report.copiedFrom.benchName ? t('reports.copiedFrom', { bench: report.copiedFrom.benchName }) : t('reports.copiedFromUnknown')}
        </p>
      ) : (
        <p className="muted">{t('reports.readOnly')}</p>
      )}
      <p data-testid="report-finalized-on">
        {t('reports.finalizedOn', { date: report.finalizedAt ? new Date(report.finalizedAt).toLocaleString(i18n.language) : '', hash: report.pdfSha256?.slice(0, 16) ?? '' })}
      </p>
      <div className="row-actions">
        <button type="button" className="primary" autoFocus onClick={props.onOpenPdf}>
          {t('reports.openPdf')} <kbd>Ctrl+O</kbd>
        </button>
        {canAmend && (
          <button type="button" onClick={props.onAmend}>
            {t('reports.amend')}
          </button>
        )}
      </div>
      <h3>{t('reports.sections.macroscopy')}</h3>
      <p className="report-text">{content.macroscopy || '—'}</p>
      <h3>{t('reports.sections.cassettes')}</h3>
      {content.cassettes.length === 0 ? (
        <p className="muted">{t('reports.cassette.none')}</p>
      ) : (
        <table className="report-cassettes-view">
          <thead>
            <tr>
              <th>{t('reports.cassette.code')}</th>
              <th>{t('reports.cassette.tissue')}</th>
              <th>{t('reports.cassette.pieces')}</th>
              <th>{t('reports.cassette.microscopy')}</th>
            </tr>
          </thead>
          <tbody>
            {content.cassettes.map((cassette, index) => (
              <tr key={index}>
                <td>{cassette.code}</td>
                <td>{cassette.tissue}</td>
                <td>{cassette.pieces}</td>
                <td className="report-text">{cassette.microscopy}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('reports.sections.diagnosis')}</h3>
      <p className="report-text">
        <strong>{content.diagnosis}</strong>
      </p>
      {content.comments && (
        <>
          <h3>{t('reports.sections.comments')}</h3>
          <p className="report-text">{content.comments}</p>
        </>
      )}
      <p>
        {content.pathologist.name}
        {content.pathologist.licence && <span className="muted"> · {t('reports.sections.licence')} {content.pathologist.licence}</span>}
      </p>
    </article>
  )
}
