import { useTranslation } from 'react-i18next'

export interface StatBar {
  label: string
  received: number
  rejected: number
}

const ROW_HEIGHT = 22
const LABEL_WIDTH = 170
const WIDTH = 560
const BAR_WIDTH = WIDTH - LABEL_WIDTH - 40

/**
 * Received and rejected per item as one stacked horizontal bar; the table beside it carries the
 * same numbers, and the label says them for a screen reader.
 */
export function StatBarChart({ title, bars, testId }: { title: string; bars: readonly StatBar[]; testId?: string }) {
  const { t } = useTranslation()
  const max = Math.max(1, ...bars.map((bar) => bar.received + bar.rejected))
  const height = Math.max(1, bars.length) * ROW_HEIGHT
  const items = bars.map((bar) => t('statistics.chartItem', { label: bar.label, received: bar.received, rejected: bar.rejected })).join('; ')
  return (
    <svg
      className="stat-chart stat-bars"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={t('statistics.chartLabel', { title, items: items || t('statistics.none') })}
      data-testid={testId}
    >
      {bars.map((bar, index) => {
        const y = index * ROW_HEIGHT
        const received = (bar.received / max) * BAR_WIDTH
        const rejected = (bar.rejected / max) * BAR_WIDTH
        return (
          <g key={`${bar.label}-${index}`} aria-hidden="true">
            <text x={LABEL_WIDTH - 6} y={y + ROW_HEIGHT / 2 + 4} textAnchor="end" className="stat-label">
              {bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={received} height={ROW_HEIGHT - 8} className="received" />
            <rect x={LABEL_WIDTH + received} y={y + 4} width={rejected} height={ROW_HEIGHT - 8} className="rejected" />
            <text x={LABEL_WIDTH + received + rejected + 4} y={y + ROW_HEIGHT / 2 + 4} className="stat-value">
              {bar.received + bar.rejected}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
