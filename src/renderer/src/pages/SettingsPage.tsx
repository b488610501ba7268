import { useTranslation } from 'react-i18next'
import { Language } from '../../../shared/languages'
import { useAppStore } from '../stores/app-store'

export function SettingsPage() {
  const { t } = useTranslation()
  const language = useAppStore((state) => state.language)
  const setLanguage = useAppStore((state) => state.setLanguage)
  const info = useAppStore((state) => state.info)
  return (
    <div className="settings">
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
      {info && (
        <>
          <h2>{t('settings.about')}</h2>
          <dl className="about">
            <dt>{t('settings.bench')}</dt>
            <dd>{info.benchName}</dd>
            <dt>{t('settings.version')}</dt>
            <dd>{info.version}</dd>
            <dt>{t('settings.dataDir')}</dt>
            <dd>
              <code>{info.dataDir}</code>
            </dd>
            <dt>{t('settings.schema')}</dt>
            <dd>{info.schemaVersion}</dd>
            <dt>{t('settings.protocols')}</dt>
            <dd>{info.protocolCount.toLocaleString()}</dd>
            <dt>{t('settings.shell')}</dt>
            <dd>{info.shell === 'electron' ? 'Electron' : t('app.offlineHarness')}</dd>
          </dl>
        </>
      )}
    </div>
  )
}
