import { useTranslation } from 'react-i18next'
import { PAGES } from '../pages'
import { useAppStore } from '../stores/app-store'
import { SyncBadge } from './SyncBadge'
import { HealthBadge } from './HealthPanel'

export function NavBar() {
  const { t } = useTranslation()
  const page = useAppStore((state) => state.page)
  const setPage = useAppStore((state) => state.setPage)
  const info = useAppStore((state) => state.info)
  return (
    <nav className="nav" aria-label="main">
      <div className="brand">
        <strong>{t('app.title')}</strong>
        {info && <small>{info.benchName}</small>}
      </div>
      {PAGES.map((name, index) => (
        <button
          key={name}
          type="button"
          className={name === page ? 'nav-item active' : 'nav-item'}
          aria-current={name === page ? 'page' : undefined}
          onClick={() => setPage(name)}
          title={`Alt+${index + 1}`}
        >
          {t(`nav.${name}`)}
          <kbd>{index + 1}</kbd>
        </button>
      ))}
      <SyncBadge />
      <HealthBadge onOpen={() => setPage('jobs')} />
      {info?.demoData && <div className="demo-flag">{t('app.demo')}</div>}
    </nav>
  )
}
