import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Language } from '../../../shared/languages'
import type { PublicSettings } from '../../../shared/app'
import type { NumberStatus } from '../../../shared/reception'
import { useAppStore } from '../stores/app-store'
import { call } from '../bench-client'
import { PrinterSettings } from '../components/PrinterSettings'
import { DocumentSettings } from '../components/DocumentSettings'
import { DiagnosticsPanel } from '../components/DiagnosticsPanel'
import { PinField } from '../components/PinField'
import { BackupsSettings } from '../components/BackupsSettings'
import { LocalRangeForm } from '../components/LocalRangeForm'
import { PriceListSettings } from '../components/PriceListSettings'

export function SettingsPage() {
  const { t } = useTranslation()
  const language = useAppStore((state) => state.language)
  const setLanguage = useAppStore((state) => state.setLanguage)
  const showError = useAppStore((state) => state.showError)
  const info = useAppStore((state) => state.info)
  const [settings, setSettings] = useState<PublicSettings | null>(null)
  const [numbers, setNumbers] = useState<NumberStatus | null>(null)
  const [protocolCount, setProtocolCount] = useState<number | null>(null)
  const [clerk, setClerk] = useState({ name: '', pin: '' })
  const [adminPin, setAdminPin] = useState({ current: '', next: '' })

  const reload = () => {
    void call('settings.get', {}).then(setSettings, showError)
    void call('numbers.status', {}).then(setNumbers, showError)
  }
  useEffect(reload, [showError])
  useEffect(() => {
    void call('app.protocolCount', {}).then(({ count }) => setProtocolCount(count), showError)
  }, [showError])
  const update = (patch: Parameters<typeof call<'settings.update'>>[1]) => void call('settings.update', patch).then(setSettings, showError)

  return (
    <div className="settings page-pad">
      <h1>{t('nav.settings')}</h1>
      <label className="setting">
        <span>{t('settings.language')}</span>
        <select id="language" value={language} onChange={(event) => void setLanguage(event.target.value as Language)}>
          {Language.options.map((option) => (
            <option key={option} value={option}>
              {t(`settings.languages.${option}`)}
            </option>
          ))}
        </select>
      </label>

      {settings && (
        <>
          <h2>{t('settings.benchSection')}</h2>
          <div className="form-grid">
            <label>
              {t('settings.benchName')}
              <input id="bench-name" defaultValue={settings.benchName} onBlur={(event) => event.target.value.trim() && update({ benchName: event.target.value.trim() })} />
            </label>
            <label>
              {t('settings.publicBaseUrl')}
              <input id="public-url" type="url" defaultValue={settings.publicBaseUrl} onBlur={(event) => update({ publicBaseUrl: event.target.value.trim() })} />
            </label>
            <label>
              {t('settings.lowWaterMark')}
              <input id="low-water" type="number" min={0} defaultValue={settings.lowWaterMark} onBlur={(event) => update({ lowWaterMark: Number(event.target.value) })} />
            </label>
            <label>
              {t('settings.diskWarningMb')}
              <input
                id="disk-warning"
                type="number"
                min={0}
                max={1_000_000}
                step={1}
                defaultValue={settings.diskWarningMb}
                onBlur={(event) => update({ diskWarningMb: Number(event.target.value) })}
              />
            </label>
            <label className="checkbox">
              <input id="auto-print" type="checkbox" checked={settings.autoPrintOnReceive} onChange={(event) => update({ autoPrintOnReceive: event.target.checked })} />
              {t('settings.autoPrint')}
            </label>
            <label className="checkbox">
              <input
                id="label-per-container"
                type="checkbox"
                checked={settings.labelPerContainer}
                onChange={(event) => update({ labelPerContainer: event.target.checked })}
              />
              {t('settings.labelPerContainer')}
            </label>
          </div>

          <h2>{t('settings.printerSection')}</h2>
          <PrinterSettings current={settings.printer} onSaved={reload} />

          <h2>{t('settings.documentsSection')}</h2>
          <DocumentSettings settings={settings} onSaved={setSettings} />
          <PriceListSettings />

          <h2>{t('settings.clerksSection')}</h2>
          <ul className="clerks">
            {settings.clerks.map((entry) => (
              <li key={entry.name}>
                {entry.name} {entry.hasPin && <span className="muted">(PIN)</span>}
                <button type="button" onClick={() => void call('clerks.remove', { name: entry.name }).then(reload, showError)}>
                  {t('settings.remove')}
                </button>
              </li>
            ))}
          </ul>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              void call('clerks.save', { name: clerk.name, ...(clerk.pin ? { pin: clerk.pin } : {}) }).then(() => {
                setClerk({ name: '', pin: '' })
                reload()
              }, showError)
            }}
          >
            <input id="clerk-name" placeholder={t('settings.clerkName')} value={clerk.name} onChange={(event) => setClerk({ ...clerk, name: event.target.value })} required />
            <input id="clerk-new-pin" placeholder={t('settings.clerkPin')} inputMode="numeric" pattern="\d{4,8}" value={clerk.pin} onChange={(event) => setClerk({ ...clerk, pin: event.target.value })} />
            <button type="submit">{t('settings.addClerk')}</button>
          </form>

          <h2>{t('settings.adminSection')}</h2>
          <p className="muted" data-testid="admin-pin-state">
            {settings.hasAdminPin ? t('settings.adminPinSet') : t('settings.adminPinUnset')}
          </p>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              const input = { pin: adminPin.next, ...(settings.hasAdminPin ? { currentPin: adminPin.current } : {}) }
              void call('settings.setAdminPin', input).then((next) => {
                setSettings(next)
                setAdminPin({ current: '', next: '' })
              }, showError)
            }}
          >
            {settings.hasAdminPin && (
              <PinField id="admin-pin-current" placeholder={t('settings.adminPinCurrent')} value={adminPin.current} onChange={(current) => setAdminPin({ ...adminPin, current })} />
            )}
            <PinField id="admin-pin-new" placeholder={t('settings.adminPinNew')} value={adminPin.next} onChange={(next) => setAdminPin({ ...adminPin, next })} />
            <button type="submit">{settings.hasAdminPin ? t('settings.adminPinChange') : t('settings.adminPinSetButton')}</button>
          </form>
        </>
      )}

      {numbers && (
        <>
          <h2>{t('settings.numbersSection', { year: numbers.year })}</h2>
          <table className="kinds">
            <tbody>
              {numbers.blocks.map((block) => (
                <tr key={`${block.type}${block.year}${block.rangeStart}`}>
                  <td>
                    {block.type} {block.year}
                  </td>
                  <td>
                    {block.rangeStart}–{block.rangeEnd}
                  </td>
                  <td>{t('settings.nextNumber', { n: block.nextSeq })}</td>
                  <td>{t(`settings.source.${block.source}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <LocalRangeForm year={numbers.year} onAdded={setNumbers} />
        </>
      )}

      {info?.demoData && (
        <section aria-label={t('settings.demoSection')}>
          <h2>{t('settings.demoSection')}</h2>
          <p>{t('settings.demoExplained')}</p>
          <button
            type="button"
            onClick={() => {
              if (!window.confirm(t('settings.demoRemoveConfirm'))) return
              void call('demo.remove', {}).then(() => {
                void useAppStore.getState().loadInfo()
                reload()
              }, showError)
            }}
          >
            {t('settings.demoRemove')}
          </button>
        </section>
      )}

      <BackupsSettings />

      {info && (
        <>
          <h2>{t('settings.about')}</h2>
          <dl className="about">
            <dt>{t('settings.version')}</dt>
            <dd>{info.version}</dd>
            <dt>{t('settings.dataDir')}</dt>
            <dd>
              <code>{info.dataDir}</code>
            </dd>
            <dt>{t('settings.schema')}</dt>
            <dd>{info.schemaVersion}</dd>
            <dt>{t('settings.protocols')}</dt>
            <dd data-testid="protocol-count">{protocolCount === null ? '…' : protocolCount.toLocaleString()}</dd>
            <dt>{t('settings.shell')}</dt>
            <dd>{info.shell === 'electron' ? 'Electron' : t('app.offlineHarness')}</dd>
          </dl>
          <DiagnosticsPanel />
        </>
      )}
    </div>
  )
}
