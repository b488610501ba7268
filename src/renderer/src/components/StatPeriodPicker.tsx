import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalDate, StatisticsPeriod } from '../../../shared/statistics'

export interface StatPeriodPickerProps {
  period: StatisticsPeriod
  /** The day in focus (in the week view, a day of the week shown). */
  date: LocalDate
  onPeriod(period: StatisticsPeriod): void
  onShift(steps: number): void
  onToday(): void
  onDate(date: LocalDate): void
}

const PERIODS: readonly StatisticsPeriod[] = ['day', 'week']

/**
 * Day or week, and which one. From the keyboard: ← → step back and forth, ↑ ↓ switch between
 * day and week, Home returns to today. It takes the focus when the page opens, so Alt+5 then ←
 * already shows the previous period.
 */
export function StatPeriodPicker(props: StatPeriodPickerProps) {
  const { t } = useTranslation()
  const group = useRef<HTMLDivElement>(null)
  useEffect(() => group.current?.focus(), [])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The date field uses the arrows for its own parts.
    if (event.target instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return
    if (event.key === 'ArrowLeft') props.onShift(-1)
    else if (event.key === 'ArrowRight') props.onShift(1)
    else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') props.onPeriod(props.period === 'day' ? 'week' : 'day')
    else if (event.key === 'Home') props.onToday()
    else return
    event.preventDefault()
  }

  return (
    <div className="stat-picker" role="group" aria-label={t('statistics.periodPicker')} tabIndex={0} ref={group} onKeyDown={onKeyDown} data-testid="stat-period-picker">
      <span className="stat-toggle">
        {PERIODS.map((period) => (
          <button key={period} type="button" aria-pressed={props.period === period} onClick={() => props.onPeriod(period)}>
            {t(`statistics.${period}`)}
          </button>
        ))}
      </span>
      <button type="button" onClick={() => props.onShift(-1)} aria-label={t('statistics.previous')}>
        ←
      </button>
      <input
        type="date"
        aria-label={t('statistics.date')}
        value={props.date}
        onChange={(event) => {
          if (event.target.value) props.onDate(event.target.value)
        }}
      />
      <button type="button" onClick={() => props.onShift(1)} aria-label={t('statistics.next')}>
        →
      </button>
      <button type="button" onClick={props.onToday}>
        {t('statistics.today')}
      </button>
      <span className="muted stat-keys">{t('statistics.keysHint')}</span>
    </div>
  )
}
