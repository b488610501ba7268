import { useEffect, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Veterinarian } from '../../../shared/domain'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'
import { useWorkOrdersStore } from '../stores/work-orders-store'
import { WorkOrderList } from '../components/WorkOrderList'
import { WorkOrderPanel } from '../components/WorkOrderPanel'
import { PdfViewer } from '../components/PdfViewer'
import { WorkOrdersExportMenu } from '../components/ExportMenu'

/**
 * Work orders: pick a veterinarian with protocols to bill, edit the draft's lines from the
 * keyboard, issue it, look at its PDF. The PDF renders in a worker; the page never waits for it.
 */
export function WorkOrdersPage() {
  const { t } = useTranslation()
  const state = useWorkOrdersStore()
  const showError = useAppStore((app) => app.showError)
  const [veterinarians, setVeterinarians] = useState<Veterinarian[]>([])

  useEffect(() => {
    const unsubscribe = useWorkOrdersStore.getState().subscribe()
    void useWorkOrdersStore.getState().load()
    call('veterinarians.list', {}).then(setVeterinarians, showError)
    return unsubscribe
  }, [showError])

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const key = event.key.toLowerCase()
    const draft = state.selected?.status === 'draft'
    if ((event.ctrlKey || event.metaKey) && key === 's' && draft) void state.save()
    else if ((event.ctrlKey || event.metaKey) && event.key === 'Enter' && draft) void state.issue()
    else if (event.key === 'F6' && state.selected) void state.openPdf()
    else if (event.key === 'F2') document.getElementById('wo-new-vet')?.focus()
    else if (event.key === 'Escape' && state.pdf) state.closePdf()
    else if (event.key === 'Escape' && state.selected) state.close()
    else return
    event.preventDefault()
  }

  const pdf = state.pdf
  return (
    <div className="wo-page" onKeyDown={onKey}>
      <WorkOrderList veterinarians={veterinarians} />
      <div className="wo-main">
        <header className="wo-title">
          <h1>{t('workOrders.title')}</h1>
          <span className="muted">{t('workOrders.keys')}</span>
          <WorkOrdersExportMenu veterinarians={veterinarians} status={state.statusFilter} />
        </header>
        {state.notice === 'discarded' && !state.selected && <p className="wo-notice">{t('workOrders.discarded')}</p>}
        {state.selected && <WorkOrderPanel order={state.selected} />}
        {pdf?.bytes && (
          <PdfViewer
            pdf={pdf.bytes}
            title={pdf.title}
            fileName={pdf.fileName}
            artifactKey={pdf.key}
            onClose={() => {
              state.closePdf()
              document.querySelector<HTMLButtonElement>('[data-testid="wo-view-pdf"]')?.focus()
            }}
          />
        )}
      </div>
    </div>
  )
}
