import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { call, connectBench } from './bench-client'
import { initI18n } from './i18n'
import { useAppStore } from './stores/app-store'
import { useProtocolsStore } from './stores/protocols-store'
import { useReceptionStore } from './stores/reception-store'
import { useJobsStore } from './stores/jobs-store'
import { useBackupsStore } from './stores/backups-store'
import type { Language } from '../../shared/languages'
import './styles.css'

const languageOfLocale = (locale: string): Language => (/^en([-_]|$)/i.test(locale) ? 'en' : 'es')

async function start(): Promise<void> {
  const root = document.getElementById('root')!
  try {
    const api = await connectBench()
    await useBackupsStore.getState().load()
    api.on('backups.changed', (status) => useBackupsStore.getState().statusChanged(status))
    // A damaged database answers nothing but the way out: the language then follows the system.
    const damaged = useBackupsStore.getState().status?.health.state === 'damaged'
    const language = damaged ? languageOfLocale(navigator.language) : (await call('preferences.get', {})).language
    await initI18n(language)
    useAppStore.setState({ language })
    api.on('preferences.changed', (next) => void useAppStore.getState().languageChanged(next.language))
    api.on('protocols.changed', () => void useProtocolsStore.getState().search())
    api.on('jobs.changed', (change) => useJobsStore.getState().applyEvents(change))
    api.on('session.changed', (session) => useReceptionStore.getState().sessionChanged(session))
    if (!damaged) void useAppStore.getState().loadInfo()
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>
    )
  } catch (error) {
    root.textContent = error instanceof Error ? error.message : String(error)
  }
}

void start()
