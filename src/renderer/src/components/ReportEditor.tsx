import { useTranslation } from 'react-i18next'
import type { ReportCassette } from '../../../shared/documents'
import type { ReadinessIssue, ReportContent } from '../../../shared/reports'
import { ReportCassettes } from './ReportCassettes'

export interface ReportEditorProps {
  form: ReportContent
  version: number
  dirty: boolean
  saved: boolean
  busy: boolean
  confirming: boolean
  issues: readonly ReadinessIssue[]
  /** The clerk on duty: a finalize is signed with their name, so none chosen means no finalize. */
  clerk: string | null
  onEdit(patch: Partial<ReportContent>): void
  onEditCassette(index: number, patch: Partial<ReportCassette>): void
  onAddCassette(): void
  onRemoveCassette(index: number): void
  onSave(): void
  onAskFinalize(): void
  onConfirm(): void
  onCancel(): void
}

type Section = 'macroscopy' | 'diagnosis' | 'comments'

/**
 * A draft report in the order it prints: macroscopy, cassettes, diagnosis, comments, pathologist.
 * Finalizing asks on one line below the form (Enter confirms, Esc goes back), never in a dialog.
 */
export function ReportEditor(props: ReportEditorProps) {
  const { form, onEdit } = props
  const { t } = useTranslation()
  const section = (name: Section, rows: number) => (
    <label className="report-section">
      {t(`reports.sections.${name}`)}
      <textarea id={`report-${name}`} rows={rows} value={form[name]} onChange={(event) => onEdit({ [name]: event.target.value })} />
    </label>
  )
  return (
    <form
      className="report-editor"
      aria-label={t('reports.version', { version: props.version })}
      onSubmit={(event) => {
        event.preventDefault()
        props.onSave()
      }}
    >
      {section('macroscopy', 4)}
      <fieldset className="report-section">
        <legend>{t('reports.sections.cassettes')}</legend>
        <ReportCassettes cassettes={form.cassettes} onEdit={props.onEditCassette} onAdd={props.onAddCassette} onRemove={props.onRemoveCassette} />
      </fieldset>
      {section('diagnosis', 3)}
      {section('comments', 2)}
      <div className="report-pathologist">
        <label>
          {t('reports.sections.pathologist')}
          <input id="report-pathologist" value={form.pathologist.name} maxLength={160} onChange={(event) => onEdit({ pathologist: { ...form.pathologist, name: event.target.value } })} />
        </label>
        <label>
          {t('reports.sections.licence')}
          <input id="report-licence" value={form.pathologist.licence} maxLength={40} onChange={(event) => onEdit({ pathologist: { ...form.pathologist, licence: event.target.value } })} />
        </label>
      </div>
      {props.confirming ? (
        <div className="report-confirm" role="group" aria-label={t('reports.finalize')} data-testid="finalize-confirm">
          {props.issues.length > 0 || !props.clerk ? (
            <>
              <span className="label-problem" data-testid="finalize-blocked">
                {props.issues.length > 0 ? t('reports.missing', { list: props.issues.map((issue) => t(`reports.issues.${issue}`)).join(', ') }) : t('errors.no_clerk')}
              </span>
              <button type="button" autoFocus onClick={props.onCancel}>
                {t('reports.confirmNo')} <kbd>Esc</kbd>
              </button>
            </>
          ) : (
            <>
              <span>{t('reports.confirm', { version: props.version })}</span>
              <button type="button" className="primary" autoFocus disabled={props.busy} onClick={props.onConfirm}>
                {t('reports.confirmYes')} <kbd>Intro</kbd>
              </button>
              <button type="button" onClick={props.onCancel}>
                {t('reports.confirmNo')} <kbd>Esc</kbd>
              </button>
            </>
          )}
        </div>
      ) : (
        <footer className="report-actions">
          <button type="submit" disabled={props.busy}>
            {t('reports.save')} <kbd>Ctrl+S</kbd>
          </button>
          <button type="button" className="primary" disabled={props.busy} onClick={props.onAskFinalize}>
            {t('reports.finalize')} <kbd>Ctrl+Intro</kbd>
          </button>
          <span className="muted" role="status" data-testid="report-save-state">
            {props.dirty ? t('reports.unsaved') : props.saved ? t('reports.saved') : ''}
          </span>
        </footer>
      )}
      <p className="muted report-keys">{t('reports.keys')}</p>
    </form>
  )
}
