import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { bench } from '../bench-client'
import { formIssues, isEditable, useReportsStore } from '../stores/reports-store'
import { useReceptionStore } from '../stores/reception-store'
import { StatusBadge } from '../components/StatusBadge'
import { PdfViewer } from '../components/PdfViewer'
import { ReportEditor } from '../components/ReportEditor'
import { ReportFinalized } from '../components/ReportFinalized'
import { ReportFinalizeProgress, useFinalizeProgress } from '../components/ReportFinalizeProgress'
import { ReportVersions } from '../components/ReportVersions'

const REPORTABLE = new Set(['received', 'processing', 'reported'])

/**
 * Reports: find a protocol by scan or number, write its report from the keyboard, finalize it
 * (the PDF is made in the background while the page shows the steps), open the signed PDF.
 */
export function ReportsPage() {
  const { t } = useTranslation()
  const state = useReportsStore()
  const clerk = useReceptionStore((reception) => reception.session?.clerk ?? null)
  const search = useRef<HTMLInputElement>(null)
  const progress = useFinalizeProgress(state.selected)

  useEffect(() => {
    search.current?.focus()
    return bench().on('reports.changed', (change) => useReportsStore.getState().changed(change))
  }, [])

  const { open, selected } = state
  const protocol = open?.protocol ?? null
  // Reported at another bench, its report not here yet: no first draft to offer (the bench would refuse it).
  const awaitingElsewhere = open?.reportedElsewhere === true && !selected
  const editable = protocol !== null && REPORTABLE.has(protocol.status) && !awaitingElsewhere && isEditable(selected, progress?.state)
  const finalized = selected?.status === 'finalized'
  const canAmend = finalized && open?.versions[0]?.id === selected?.id

  const onKey = (event: React.KeyboardEvent) => {
    // The viewer answers its own keys (Esc, Ctrl+S, Ctrl+P) and stops them there.
    if (state.pdf) return
    const key = event.key.toLowerCase()
    if (event.ctrlKey && key === 's' && editable) {
      event.preventDefault()
      void state.save()
    } else if (event.ctrlKey && event.key === 'Enter' && editable) {
      event.preventDefault()
      if (state.confirming && clerk && formIssues(state.form).length === 0) void state.finalize()
      else state.askFinalize()
    } else if (event.altKey && event.code === 'KeyA' && editable) {
      event.preventDefault()
      state.addCassette()
    } else if (event.key === 'Escape' && state.confirming) {
      event.preventDefault()
      state.cancelFinalize()
    } else if (event.ctrlKey && key === 'o' && finalized) {
      event.preventDefault()
      void state.openPdf()
    }
  }

  return (
    <div className="reports-page page-pad" onKeyDown={onKey}>
      <form
        className="scan-bar"
        onSubmit={(event) => {
          event.preventDefault()
          const text = search.current?.value.trim() ?? ''
          if (text) void state.search(text)
          if (search.current) search.current.value = ''
        }}
      >
        <input ref={search} id="report-search" type="search" aria-label={t('reports.searchLabel')} placeholder={t('reports.searchPlaceholder')} autoComplete="off" spellCheck={false} />
      </form>
      {state.searchedEmpty && <p className="muted">{t('reports.noMatches')}</p>}
      {state.matches.length > 0 && (
        <ul className="matches" aria-label={t('reports.matches')}>
          {state.matches.map((match) => (
            <li key={match.id}>
              <button type="button" onClick={() => void state.openProtocol(match.id)}>
                <strong>{match.number ?? match.externalId}</strong> {match.animalName} · {match.owner} · {match.veterinarianName} <StatusBadge status={match.status} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {!protocol && state.matches.length === 0 && <p className="muted">{t('reports.choose')}</p>}
      {protocol && (
        <div className="report-layout">
          <div className="report-main">
            <header className="report-protocol" data-testid="report-protocol">
              <span className="big-number">{protocol.number}</span>
              <span>
                <strong>{protocol.animal.name}</strong> · {protocol.animal.species} · {protocol.animal.owner} · {protocol.veterinarianName}
              </span>
              <StatusBadge status={protocol.status} />
              {selected && (
                <span className={`report-status report-status-${selected.status}`} data-testid="report-status">
                  {t('reports.version', { version: selected.version })} · {t(`reports.status.${selected.status}`)}
                </span>
              )}
            </header>
            {state.pdf ? (
              <PdfViewer
                pdf={state.pdf.bytes}
                title={t('reports.pdfTitle', { number: state.pdf.number, version: state.pdf.version })}
                fileName={state.pdf.fileName}
                onClose={state.closePdf}
              />
            ) : (
              <>
                {selected && <ReportFinalizeProgress report={selected} onRetry={() => void state.retryFinalize()} />}
                {!REPORTABLE.has(protocol.status) && <p className="warning">{t('reports.notReportable', { status: t(`status.${protocol.status}`) })}</p>}
                {awaitingElsewhere && (
                  <p className="warning" data-testid="report-elsewhere">
                    {t('reports.reportedElsewhere')}
                  </p>
                )}
                {REPORTABLE.has(protocol.status) && !selected && !awaitingElsewhere && <p className="muted">{t('reports.noReport')}</p>}
                {finalized && selected && <ReportFinalized report={selected} canAmend={canAmend} onOpenPdf={() => void state.openPdf()} onAmend={() => void state.amend()} />}
                {editable && (
                  <ReportEditor
                    form={state.form}
                    version={selected?.version ?? 1}
                    dirty={state.dirty}
                    saved={state.saved}
                    busy={state.busy}
                    confirming={state.confirming}
                    issues={formIssues(state.form)}
                    clerk={clerk}
                    onEdit={state.edit}
                    onEditCassette={state.editCassette}
                    onAddCassette={state.addCassette}
                    onRemoveCassette={state.removeCassette}
                    onSave={() => void state.save()}
                    onAskFinalize={state.askFinalize}
                    onConfirm={() => void state.finalize()}
                    onCancel={state.cancelFinalize}
                  />
                )}
              </>
            )}
          </div>
          <aside className="report-side">
            <ReportVersions versions={open?.versions ?? []} selectedId={selected?.id ?? null} onSelect={(id) => void state.selectVersion(id)} />
          </aside>
        </div>
      )}
    </div>
  )
}
