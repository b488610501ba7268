import { useEffect } from 'react'
import { NavBar } from './components/NavBar'
import { HelpPanel } from './components/HelpPanel'
import { ErrorBanner } from './components/ErrorBanner'
import { ProtocolsPage } from './pages/ProtocolsPage'
import { SettingsPage } from './pages/SettingsPage'
import { ReceptionPage } from './pages/ReceptionPage'
import { JobsPage } from './pages/JobsPage'
import { WorkOrdersPage } from './pages/WorkOrdersPage'
import { ReportsPage } from './pages/ReportsPage'
import { StatisticsPage } from './pages/StatisticsPage'
import { SyncPage } from './pages/SyncPage'
import { useAppStore } from './stores/app-store'
import { installShortcuts } from './keyboard'
import type { Page } from './pages'

const PAGE_COMPONENTS: Record<Page, () => React.JSX.Element> = {
  reception: ReceptionPage,
  protocols: ProtocolsPage,
  workOrders: WorkOrdersPage,
  reports: ReportsPage,
  statistics: StatisticsPage,
  jobs: JobsPage,
  sync: SyncPage,
  settings: SettingsPage
}

function CurrentPage({ page }: { page: Page }) {
  const Component = PAGE_COMPONENTS[page]
  return <Component />
}

export function App() {
  const page = useAppStore((state) => state.page)
  useEffect(() => installShortcuts(), [])
  return (
    <div className="shell">
      <NavBar />
      <main>
        <ErrorBanner />
        <CurrentPage page={page} />
      </main>
      <HelpPanel />
    </div>
  )
}
