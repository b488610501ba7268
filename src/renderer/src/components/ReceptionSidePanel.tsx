import { useTranslation } from 'react-i18next'
import { useReceptionStore } from '../stores/reception-store'
import { StatusBadge } from './StatusBadge'

/** The Reception page's side: today's count, the last receptions and the numbers left this year. */
export function ReceptionSidePanel() {
  const { t } = useTranslation()
  const today = useReceptionStore((state) => state.today)
  const numbers = useReceptionStore((state) => state.numbers)
  return (
    <aside className="reception-side">
      <h3>{t('reception.today')}</h3>
      <p className="today-count" data-testid="today-count">
        <strong>{today?.received ?? 0}</strong> {t('reception.receivedToday')} · <strong>{today?.rejected ?? 0}</strong> {t('reception.rejectedToday')}
      </p>
      <h3>{t('reception.lastOnes')}</h3>
      <ol className="recent">
        {today?.recent.map((row) => (
          <li key={row.id}>
            <strong>{row.number ?? '—'}</strong> {row.animalName} <StatusBadge status={row.status} />
          </li>
        ))}
      </ol>
      {numbers && (
        <>
          <h3>{t('reception.numbers', { year: numbers.year })}</h3>
          <ul className="numbers">
            {numbers.types.map((entry) => (
              <li key={entry.type} className={entry.low ? 'low' : ''}>
                {entry.type}: {t('reception.numbersLeft', { count: entry.remaining })}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  )
}
