import { useTranslation } from 'react-i18next'
import type { StatisticsSeriesPoint } from '../../../shared/statistics'

const WIDTH = 720
const HEIGHT = 120
const AXIS = 16

/** Received, rejected and reported side by side per day of a week or hour of a day (JobsPage's chart style). */
export function StatSeriesChart({ title, points, labelOf }: { title: string; points: readonly StatisticsSeriesPoint[]; labelOf: (key: string, index: number) => string }) {
  const { t } = useTranslation()
  const max = Math.max(1, ...points.map((point) => Math.max(point.received, point.rejected, point.reported)))
  const slot = WIDTH / Math.max(1, points.length)
  const bar = Math.max(1, (slot - 4) / 3)
  const plot = HEIGHT - AXIS
  const items = points
    .filter((point) => point.received + point.rejected + point.reported > 0)
    .map((point) => t('statistics.chartSeriesItem', { label: labelOf(point.key, points.indexOf(point)), ...point }))
    .join('; ')
  return (
    <svg
      className="stat-chart stat-series"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('statistics.chartLabel', { title, items: items || t('statistics.none') })}
      data-testid="stat-series-chart"
    >
      {points.map((point, index) => {
        const x = index * slot + 2
        const heights = [point.received, point.rejected, point.reported].map((value) => (value / max) * (plot - 4))
        return (
          <g key={point.key} aria-hidden="true">
            {(['received', 'rejected', 'reported'] as const).map((kind, k) => (
              <rect key={kind} x={x + k * bar} y={plot - heights[k]!} width={Math.max(0, bar - 1)} height={heights[k]!} className={kind} />
            ))}
            <text x={index * slot + slot / 2} y={HEIGHT - 3} textAnchor="middle" className="stat-label">
              {labelOf(point.key, index)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
