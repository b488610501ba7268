import { lazy, Suspense, useEffect, type ComponentType } from 'react'
import { useTranslation } from 'react-i18next'
import { NavBar } from './components/NavBar'
import { HelpPanel } from './components/HelpPanel'
import { ErrorBanner } from './components/ErrorBanner'
import { UpdateBanner } from './components/UpdateBanner'
import { NoticeTray } from './components/NoticeTray'
import { ReceptionPage } from './pages/ReceptionPage'
import { useAppStore } from './stores/app-store'
import { useBackupsStore } from './stores/backups-store'
import { DamagedDatabaseScreen } from './components/DamagedDatabaseScreen'
import { installShortcuts } from './keyboard'
import { afterPaint } from './after-paint'
import type { Page } from './pages'

// Reception must be instant at start: the first screen loads Reception only. Protocols, the page
// the clerk goes to next, is fetched as soon as Reception is painted (below), so it is there
// before it is asked for; the other pages (and pdf.js and zod's schemas behind the documents and
// settings) load on first visit.
const loadProtocolsPage = () => import('./pages/ProtocolsPage')
const ProtocolsPage = lazy(() => loadProtocolsPage().then((module) => ({ default: module.ProtocolsPage })))
const WorkOrdersPage = lazy(() => import('./pages/WorkOrdersPage').then((module) => ({ default: module.WorkOrdersPage })))
const ReportsPage = lazy(() => import('./pages/ReportsPage').then((module) => ({ default: module.ReportsPage })))
const StatisticsPage = lazy(() => import('./pages/StatisticsPage').then((module) => ({ default: module.StatisticsPage })))
const JobsPage = lazy(() => import('./pages/JobsPage').then((module) => ({ default: module.JobsPage })))
const SyncPage = lazy(() => import('./pages/SyncPage').then((module) => ({ default: module.SyncPage })))
// The first-run setup is seen once per bench: it loads only then (it brings the printer form's schemas).
const SetupPage = lazy(() => import('./pages/SetupPage').then((module) => ({ default: module.SetupPage })))
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((module) => ({ default: module.SettingsPage })))
const AdminPage = lazy(() => import('./pages/AdminPage').then((module) => ({ default: module.AdminPage })))

const PAGE_COMPONENTS: Record<Page, ComponentType> = {
  reception: ReceptionPage,
  protocols: ProtocolsPage,
  workOrders: WorkOrdersPage,
  reports: ReportsPage,
  statistics: StatisticsPage,
  jobs: JobsPage,
  sync: SyncPage,
  settings: SettingsPage,
  admin: AdminPage
}

function CurrentPage({ page }: { page: Page }) {
  const { t } = useTranslation()
  const Component = PAGE_COMPONENTS[page]
  return (
    <Suspense fallback={<p className="muted page-pad">{t('app.loading')}</p>}>
      <Component />
    </Suspense>
  )
}

export function App() {
  const page = useAppStore((state) => state.page)
  const setupNeeded = useAppStore((state) => state.setup?.needed === true)
  const { t } = useTranslation()
  // A damaged database (or the restore that just ended it) takes the whole window: nothing else can save.
  const recovering = useBackupsStore((state) => state.status?.health.state === 'damaged' || state.restoredAfterDamage !== null)
  useEffect(() => {
    const uninstall = installShortcuts()
    // Keys pressed before this point are lost, so the end-to-end suites wait for
    // <html data-bench-ready>: the shell is on screen and its shortcuts listen.
    document.documentElement.dataset['benchReady'] = 'true'
    afterPaint(() => void loadProtocolsPage())
    return () => {
      delete document.documentElement.dataset['benchReady']
      uninstall()
    }
  }, [])
  if (recovering) return <DamagedDatabaseScreen />
  if (setupNeeded) {
    return (
      <Suspense fallback={<p className="muted page-pad">{t('app.loading')}</p>}>
        <SetupPage />
      </Suspense>
    )
  }
  return (
    <div className="shell">
      <NavBar />
      <main>
        <ErrorBanner />
        <UpdateBanner />
        <NoticeTray />
        <CurrentPage page={page} />
      </main>
      <HelpPanel />
    </div>
  )
}
