import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportCassette } from '../../../shared/documents'

export interface ReportCassettesProps {
  cassettes: readonly ReportCassette[]
  onEdit(index: number, patch: Partial<ReportCassette>): void
  onAdd(): void
  onRemove(index: number): void
}

/**
 * The cassettes table of a draft: one row per cassette (code, tissue, pieces, microscopy).
 * A new row takes the cursor in its code (the page adds one on Alt+A); Ctrl+Delete removes the row
 * being typed in.
 */
export function ReportCassettes({ cassettes, onEdit, onAdd, onRemove }: ReportCassettesProps) {
  const { t } = useTranslation()
  const count = useRef(cassettes.length)
  useEffect(() => {
    // Only a row just added takes the focus, never one loaded with the report.
    if (cassettes.length > count.current) document.getElementById(`cassette-code-${cassettes.length - 1}`)?.focus()
    count.current = cassettes.length
  }, [cassettes.length])

  const onRowKey = (index: number) => (event: React.KeyboardEvent) => {
    if (event.ctrlKey && event.key === 'Delete') {
      event.preventDefault()
      onRemove(index)
      document.getElementById(`cassette-code-${Math.max(0, index - 1)}`)?.focus()
    }
  }

  return (
    <div className="report-cassettes">
      <table>
        <thead>
          <tr>
            <th>{t('reports.cassette.code')}</th>
            <th>{t('reports.cassette.tissue')}</th>
            <th>{t('reports.cassette.pieces')}</th>
            <th>{t('reports.cassette.microscopy')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cassettes.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {t('reports.cassette.none')}
              </td>
            </tr>
          )}
          {cassettes.map((cassette, index) => (
            <tr key={index} onKeyDown={onRowKey(index)} data-testid="cassette-row">
              <td>
                <input id={`cassette-code-${index}`} aria-label={`${t('reports.cassette.code')} ${index + 1}`} value={cassette.code} maxLength={20} required onChange={(event) => onEdit(index, { code: event.target.value })} />
              </td>
              <td>
                <input aria-label={`${t('reports.cassette.tissue')} ${index + 1}`} value={cassette.tissue} maxLength={200} onChange={(event) => onEdit(index, { tissue: event.target.value })} />
              </td>
              <td>
                <input
                  aria-label={`${t('reports.cassette.pieces')} ${index + 1}`}
                  type="number"
                  min={0}
                  max={999}
                  value={cassette.pieces}
                  onChange={(event) => onEdit(index, { pieces: Math.max(0, Math.min(999, Math.trunc(Number(event.target.value) || 0))) })}
                />
              </td>
              <td>
                <textarea aria-label={`${t('reports.cassette.microscopy')} ${index + 1}`} value={cassette.microscopy} rows={2} onChange={(event) => onEdit(index, { microscopy: event.target.value })} />
              </td>
              <td>
                <button type="button" aria-label={t('reports.cassette.removeLabel', { code: cassette.code })} onClick={() => onRemove(index)}>
                  {t('reports.cassette.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onAdd}>
        {t('reports.cassette.add')} <kbd>Alt+A</kbd>
      </button>
    </div>
  )
}
