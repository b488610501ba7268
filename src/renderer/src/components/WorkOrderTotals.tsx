import { useTranslation } from 'react-i18next'
import { computeTotals, formatMoney, formatPercent, type TotalsLineInput } from '../../../shared/totals'

/** The same figures the PDF prints: computed by the one totals module, never by the page. */
export function WorkOrderTotals({ lines, discountPercent }: { lines: readonly TotalsLineInput[]; discountPercent: number }) {
  const { t, i18n } = useTranslation()
  let totals
  try {
    totals = computeTotals({ lines, orderDiscountPercent: discountPercent })
  } catch {
    // A half-typed percentage: nothing sensible to show until it is valid again.
    return null
  }
  const money = (cents: number) => formatMoney(cents, i18n.language)
  return (
    <table className="wo-totals" data-testid="wo-totals">
      <tbody>
        <tr>
          <th>{t('workOrders.subtotal')}</th>
          <td>{money(totals.subtotalCents)}</td>
        </tr>
        {totals.discountCents > 0 && (
          <tr>
            <th>{t('workOrders.discount')}</th>
            <td>{money(-totals.discountCents)}</td>
          </tr>
        )}
        {totals.taxes.map((tax) => (
          <tr key={tax.ratePercent}>
            <th>
              {t('workOrders.taxBase', { rate: formatPercent(tax.ratePercent, i18n.language) })} · {t('workOrders.tax', { rate: formatPercent(tax.ratePercent, i18n.language) })}
            </th>
            <td>
              {money(tax.baseCents)} · {money(tax.taxCents)}
            </td>
          </tr>
        ))}
        <tr className="wo-total">
          <th>{t('workOrders.total')}</th>
          <td data-testid="wo-total">{money(totals.totalCents)}</td>
        </tr>
      </tbody>
    </table>
  )
}
