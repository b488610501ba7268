import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatMoney, formatPercent } from '../../../shared/totals'
import type { PriceList } from '../../../shared/work-orders'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

/** The price list, shown and never edited: the lab sets it on the server and every bench pulls it. */
export function PriceListSettings() {
  const { t, i18n } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [priceList, setPriceList] = useState<PriceList | null>(null)
  useEffect(() => void call('workOrders.priceList', {}).then(setPriceList, showError), [showError])
  if (!priceList) return null
  return (
    <section aria-label={t('workOrders.priceList.title')} data-testid="price-list">
      <h2>{t('workOrders.priceList.title')}</h2>
      <p className="muted" data-testid="price-list-source">
        {t(`workOrders.priceList.${priceList.source}`)}
      </p>
      {priceList.services.length > 0 && (
        <table className="kinds">
          <thead>
            <tr>
              <th>{t('workOrders.priceList.columns.code')}</th>
              <th>{t('workOrders.priceList.columns.description')}</th>
              <th className="num">{t('workOrders.priceList.columns.price')}</th>
              <th className="num">{t('workOrders.priceList.columns.tax')}</th>
            </tr>
          </thead>
          <tbody>
            {priceList.services.map((service) => (
              <tr key={service.id} className={service.active ? undefined : 'muted'}>
                <td>{service.code}</td>
                <td>
                  {service.description}
                  {!service.active && ` (${t('workOrders.priceList.inactive')})`}
                </td>
                <td className="num">{formatMoney(service.unitPriceCents, i18n.language)}</td>
                <td className="num">{formatPercent(service.taxRatePercent, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
