import { useEffect } from 'react'
import { NavBar } from './components/NavBar'
import { HelpPanel } from './components/HelpPanel'
import { ErrorBanner } from './components/ErrorBanner'
import { ProtocolsPage } from './pages/ProtocolsPage'
import { SettingsPage } from './pages/SettingsPage'
import { ReceptionPage } from './pages/ReceptionPage'
import { JobsPage } from './pages/JobsPage'
import { PlaceholderPage } from './pages/PlaceholderPage'
import { useAppStore } from './stores/app-store'
import { installShortcuts } from './keyboard'
import type { Page } from './pages'

function CurrentPage({ page }: { page: Page }) {
  switch (page) {
    case 'protocols':
      return <ProtocolsPage />
    case 'settings':
      return <SettingsPage />
    case 'reception':
      return <ReceptionPage />
    case 'jobs':
      return <JobsPage />
    default:
      return <PlaceholderPage message={page} />
  }
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
