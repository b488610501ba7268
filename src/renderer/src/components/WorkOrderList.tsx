import { useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { WorkOrderStatus } from '../../../shared/documents'
import { formatMoney } from '../../../shared/totals'
import type { Veterinarian } from '../../../shared/domain'
import { useWorkOrdersStore } from '../stores/work-orders-store'

/** Arrow keys move between the buttons of one list; Enter (the button's own) opens. */
function moveFocus(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')]
  const index = buttons.indexOf(document.activeElement as HTMLButtonElement)
  const next = buttons[Math.min(buttons.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))]
  if (next) {
    event.preventDefault()
    next.focus()
  }
}

/** Left column: who is waiting to be billed, and the orders themselves. */
export function WorkOrderList({ veterinarians }: { veterinarians: readonly Veterinarian[] }) {
  const { t, i18n } = useTranslation()
  const { rows, pending, statusFilter, setFilter, numberFilter, setNumberFilter, open, create, selected, busy } = useWorkOrdersStore()
  const [vetId, setVetId] = useState('')

  return (
    <aside className="wo-side">
      <h2>{t('workOrders.pendingTitle')}</h2>
      {pending.length === 0 && <p className="muted">{t('workOrders.pendingEmpty')}</p>}
      <ul className="wo-pending" onKeyDown={moveFocus} data-testid="wo-pending">
        {pending.map((vet) => (
          <li key={vet.veterinarianId}>
            <button type="button" disabled={busy} aria-label={t('workOrders.createFor', { name: vet.name })} onClick={() => void create(vet.veterinarianId, true)}>
              <span>{vet.name}</span>
              <span className="muted">{t('workOrders.pendingCount', { count: vet.protocols })}</span>
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          if (vetId) void create(vetId, true)
        }}
      >
        <select id="wo-new-vet" aria-label={t('workOrders.veterinarian')} value={vetId} onChange={(event) => setVetId(event.target.value)}>
          <option value="">{t('workOrders.chooseVeterinarian')}</option>
          {veterinarians.map((vet) => (
            <option key={vet.id} value={vet.id}>
              {vet.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!vetId || busy}>
          {t('workOrders.create')} <kbd>F2</kbd>
        </button>
      </form>

      <h2>{t('workOrders.list')}</h2>
      <select aria-label={t('workOrders.statusFilter')} value={statusFilter ?? ''} onChange={(event) => void setFilter(event.target.value ? WorkOrderStatus.parse(event.target.value) : null)}>
        <option value="">{t('workOrders.allStatuses')}</option>
        {WorkOrderStatus.options.map((status) => (
          <option key={status} value={status}>
            {t(`workOrders.status.${status}`)}
          </option>
        ))}
      </select>
      {/* The number the veterinarian's copy shows finds the order, even when it was renumbered since. */}
      <input type="search" aria-label={t('workOrders.numberSearch')} placeholder={t('workOrders.numberSearch')} value={numberFilter} onChange={(event) => void setNumberFilter(event.target.value)} />
      {rows.length === 0 && <p className="muted">{t('workOrders.empty')}</p>}
      <ul className="wo-rows" onKeyDown={moveFocus} data-testid="wo-rows">
        {rows.map((row) => (
          <li key={row.id}>
            <button type="button" className={selected?.id === row.id ? 'selected' : ''} aria-current={selected?.id === row.id} onClick={() => void open(row.id)}>
              <span className="number">{row.number ?? t(row.status === 'draft' ? 'workOrders.draftNumber' : 'workOrders.numberGivenUp')}</span>
              <span className="muted">{t('workOrders.version', { n: row.version })}</span>
              <span className={`wo-status ${row.status}`}>{t(`workOrders.status.${row.status}`)}</span>
              <span className="wo-vet">{row.veterinarianName}</span>
              <span className="num">{formatMoney(row.totalCents, i18n.language)}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  )
}
