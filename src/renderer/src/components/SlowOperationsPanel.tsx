import { useCallback, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SlowOperationsView } from '../../../shared/diagnostics'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

const SHOWN = 50

/** The last requests and SQL statements over their time limit, and the limits themselves. */
export function SlowOperationsPanel() {
  const { t, i18n } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [view, setView] = useState<SlowOperationsView | null>(null)
  const [limits, setLimits] = useState({ requestMs: '', queryMs: '' })
  const [saved, setSaved] = useState(false)
  const requestId = useId()
  const queryId = useId()

  const load = useCallback(async () => {
    try {
      const next = await call('diagnostics.slowOperations', {})
      setView(next)
      setLimits({ requestMs: String(next.limits.requestMs), queryMs: String(next.limits.queryMs) })
    } catch (error) {
      showError(error)
    }
  }, [showError])
  useEffect(() => {
    void load()
  }, [load])

  const save = async () => {
    setSaved(false)
    try {
      await call('settings.update', { slowRequestMs: Number(limits.requestMs), slowQueryMs: Number(limits.queryMs) })
      setSaved(true)
      await load()
    } catch (error) {
      showError(error)
    }
  }

  if (!view) return null
  return (
    <div className="slow-operations" data-testid="slow-operations">
      <h3>{t('diagnostics.slow.title')}</h3>
      <p className="muted">{t('diagnostics.slow.explain')}</p>
      <div className="form-row">
        <label htmlFor={requestId}>{t('diagnostics.slow.requestLimit')}</label>
        <input id={requestId} type="number" min={1} value={limits.requestMs} onChange={(event) => setLimits({ ...limits, requestMs: event.target.value })} />
        <label htmlFor={queryId}>{t('diagnostics.slow.queryLimit')}</label>
        <input id={queryId} type="number" min={1} value={limits.queryMs} onChange={(event) => setLimits({ ...limits, queryMs: event.target.value })} />
        <button type="button" onClick={() => void save()}>
          {t('diagnostics.slow.save')}
        </button>
        <button type="button" onClick={() => void load()}>
          {t('diagnostics.slow.refresh')}
        </button>
        {saved && <span role="status">{t('diagnostics.slow.saved')}</span>}
      </div>
      {view.operations.length === 0 ? (
        <p className="muted">{t('diagnostics.slow.none')}</p>
      ) : (
        <table className="job-table">
          <thead>
            <tr>
              <th>{t('diagnostics.slow.when')}</th>
              <th>{t('diagnostics.slow.kind')}</th>
              <th>{t('diagnostics.slow.duration')}</th>
              <th>{t('diagnostics.slow.name')}</th>
            </tr>
          </thead>
          <tbody>
            {view.operations.slice(0, SHOWN).map((op, index) => (
              <tr key={`${op.at}-${index}`}>
                <td>{new Date(op.at).toLocaleTimeString(i18n.language)}</td>
                <td>{t(`diagnostics.slow.kinds.${op.kind}`)}</td>
                <td>{t('diagnostics.slow.ms', { ms: op.ms })}</td>
                <td>
                  <code>{op.name}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
