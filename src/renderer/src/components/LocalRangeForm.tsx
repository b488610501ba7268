import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NumberStatus } from '../../../shared/reception'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

type Series = 'HP' | 'CT' | 'OT'

/**
 * A numbering range an administrator types for a bench that cannot reach the lab server yet:
 * admin PIN and the warning acknowledged; main checks the bounds and the PIN (Settings and the
 * first-run setup use this same form).
 */
export function LocalRangeForm({ year, onAdded }: { year: number; onAdded: (next: NumberStatus) => void }) {
  const { t } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [range, setRange] = useState({ type: 'HP' as Series, start: '', end: '', adminPin: '', acknowledged: false })
  return (
    <form
      className="inline-form"
      aria-label={t('settings.addRange')}
      onSubmit={(event) => {
        event.preventDefault()
        if (!range.acknowledged) return
        void call('numbers.addLocalRange', { type: range.type, year, start: Number(range.start), end: Number(range.end), adminPin: range.adminPin, acknowledged: true }).then((next) => {
          onAdded(next)
          setRange({ ...range, start: '', end: '', adminPin: '', acknowledged: false })
        }, showError)
      }}
    >
      <select aria-label={t('fields.type')} value={range.type} onChange={(event) => setRange({ ...range, type: event.target.value as Series })}>
        <option value="HP">HP</option>
        <option value="CT">CT</option>
        <option value="OT">OT</option>
      </select>
      <input type="number" min={1} aria-label={t('settings.rangeStart')} placeholder={t('settings.rangeStart')} value={range.start} onChange={(event) => setRange({ ...range, start: event.target.value })} required />
      <input type="number" min={1} aria-label={t('settings.rangeEnd')} placeholder={t('settings.rangeEnd')} value={range.end} onChange={(event) => setRange({ ...range, end: event.target.value })} required />
      <input
        type="password"
        inputMode="numeric"
        autoComplete="off"
        aria-label={t('settings.rangeAdminPin')}
        placeholder={t('settings.rangeAdminPin')}
        value={range.adminPin}
        onChange={(event) => setRange({ ...range, adminPin: event.target.value })}
        required
      />
      <label>
        <input type="checkbox" checked={range.acknowledged} onChange={(event) => setRange({ ...range, acknowledged: event.target.checked })} required />
        {t('settings.rangeWarning')}
      </label>
      <button type="submit">{t('settings.addRange')}</button>
    </form>
  )
}
