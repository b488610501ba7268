import { useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { computeTotals, formatMoney, formatPercent } from '../../../shared/totals'
import type { WorkOrderCandidates } from '../../../shared/work-orders'
import { defaultServiceFor } from '../../../shared/work-orders'
import type { EditLine } from '../stores/work-orders-store'
import { useWorkOrdersStore } from '../stores/work-orders-store'

const lineAmounts = (lines: readonly EditLine[]): number[] => {
  try {
    return computeTotals({ lines }).lines.map((line) => line.lineTotalCents)
  } catch {
    return lines.map(() => 0)
  }
}

/** Enter in a quantity or discount moves to the same field of the next line: typing down a column. */
function nextRowField(event: KeyboardEvent<HTMLInputElement>) {
  if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return
  event.preventDefault()
  const field = event.currentTarget.dataset.field
  const row = Number(event.currentTarget.dataset.row)
  const next = document.querySelector<HTMLInputElement>(`input[data-field="${field}"][data-row="${row + 1}"]`) ?? document.getElementById('wo-add-protocol')
  next?.focus()
  if (next instanceof HTMLInputElement) next.select()
}

/** The lines of a draft, editable from the keyboard; read-only for issued and cancelled orders. */
export function WorkOrderLines({ lines, candidates, editable }: { lines: readonly EditLine[]; candidates: WorkOrderCandidates | null; editable: boolean }) {
  const { t, i18n } = useTranslation()
  const { updateLine, removeLine, addLine } = useWorkOrdersStore()
  const [addProtocol, setAddProtocol] = useState('')
  const [addService, setAddService] = useState('')
  const amounts = lineAmounts(lines)
  const money = (cents: number) => formatMoney(cents, i18n.language)
  const services = candidates?.services ?? []
  const protocols = candidates?.protocols ?? []

  const onProtocolChosen = (protocolId: string) => {
    setAddProtocol(protocolId)
    const protocol = protocols.find((p) => p.id === protocolId)
    const service = protocol ? defaultServiceFor(protocol.type, services) : null
    if (service) setAddService(service.id)
  }
  const add = () => {
    if (!addService) return
    addLine(addProtocol || null, addService)
    setAddProtocol('')
    document.getElementById('wo-add-protocol')?.focus()
  }

  return (
    <table className="wo-lines" aria-label={t('workOrders.lines')}>
      <thead>
        <tr>
          <th>{t('workOrders.columns.protocol')}</th>
          <th>{t('workOrders.columns.service')}</th>
          <th className="num">{t('workOrders.columns.unitPrice')}</th>
          <th className="num">{t('workOrders.columns.quantity')}</th>
          <th className="num">{t('workOrders.columns.discount')}</th>
          <th className="num">{t('workOrders.columns.tax')}</th>
          <th className="num">{t('workOrders.columns.amount')}</th>
          {editable && <th />}
        </tr>
      </thead>
      <tbody>
        {lines.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">
              {t('workOrders.noLines')}
            </td>
          </tr>
        )}
        {lines.map((line, index) => (
          <tr key={line.id ?? `new-${index}`} data-testid="wo-line">
            <td>{line.protocolNumber ?? '—'}</td>
            <td>
              {editable ? (
                <select aria-label={`${t('workOrders.columns.service')} ${index + 1}`} value={line.serviceId} onChange={(event) => updateLine(index, { serviceId: event.target.value })}>
                  {!services.some((service) => service.id === line.serviceId) && <option value={line.serviceId}>{`${line.code} · ${line.description}`}</option>}
                  {services.map((service) => (
                    <option key={service.id} value={service.id}>{`${service.code} · ${service.description}`}</option>
                  ))}
                </select>
              ) : (
                <>
                  <span className="wo-code">{line.code}</span> {line.description}
                </>
              )}
            </td>
            <td className="num">{money(line.unitPriceCents)}</td>
            <td className="num">
              {editable ? (
                <input
                  type="number"
                  min={1}
                  step={1}
                  data-field="quantity"
                  data-row={index}
                  aria-label={`${t('workOrders.columns.quantity')} ${index + 1}`}
                  value={line.quantity}
                  onKeyDown={nextRowField}
                  onChange={(event) => updateLine(index, { quantity: Math.max(1, Math.floor(Number(event.target.value) || 1)) })}
                />
              ) : (
                line.quantity
              )}
            </td>
            <td className="num">
              {editable ? (
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={0.01}
                  data-field="discount"
                  data-row={index}
                  aria-label={`${t('workOrders.columns.discount')} ${index + 1}`}
                  value={line.discountPercent}
                  onKeyDown={nextRowField}
                  onChange={(event) => updateLine(index, { discountPercent: Math.min(100, Math.max(0, Number(event.target.value) || 0)) })}
                />
              ) : line.discountPercent > 0 ? (
                formatPercent(line.discountPercent, i18n.language)
              ) : (
                ''
              )}
            </td>
            <td className="num">{formatPercent(line.taxRatePercent, i18n.language)}</td>
            <td className="num">{money(amounts[index] ?? 0)}</td>
            {editable && (
              <td>
                <button type="button" className="icon" aria-label={t('workOrders.removeLine', { n: index + 1 })} onClick={() => removeLine(index)}>
                  ×
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
      {editable && (
        <tfoot>
          <tr className="wo-add">
            <td>
              <select id="wo-add-protocol" aria-label={t('workOrders.addProtocol')} value={addProtocol} onChange={(event) => onProtocolChosen(event.target.value)}>
                <option value="">{t('workOrders.noProtocol')}</option>
                {protocols.map((protocol) => (
                  <option key={protocol.id} value={protocol.id}>
                    {`${protocol.number} · ${protocol.animalName}${protocol.onDraft ? ` (${t('workOrders.onDraft')})` : ''}`}
                  </option>
                ))}
              </select>
            </td>
            <td colSpan={6}>
              <select
                id="wo-add-service"
                aria-label={t('workOrders.addService')}
                value={addService}
                onChange={(event) => setAddService(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault()
                    add()
                  }
                }}
              >
                <option value="" disabled>
                  {t('workOrders.addService')}…
                </option>
                {services.map((service) => (
                  <option key={service.id} value={service.id}>{`${service.code} · ${service.description} · ${money(service.unitPriceCents)}`}</option>
                ))}
              </select>
            </td>
            <td>
              <button type="button" onClick={add} disabled={!addService}>
                {t('workOrders.addLine')}
              </button>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  )
}
