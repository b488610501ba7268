import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { call, connectBench } from './bench-client'
import { initI18n } from './i18n'
import { useAppStore } from './stores/app-store'
import { useProtocolsStore } from './stores/protocols-store'
import { useReceptionStore } from './stores/reception-store'
import { useJobsStore } from './stores/jobs-store'
import { useNoticesStore } from './stores/notices-store'
import { useBackupsStore } from './stores/backups-store'
import type { Language } from '../../shared/languages'
import './styles.css'

/** The bench's language is kept in its database; a copy here lets the damaged-database screen speak it too. */
const LAST_LANGUAGE = 'bench.language'
const lastLanguage = (): Language => (localStorage.getItem(LAST_LANGUAGE) === 'en' ? 'en' : 'es')
const rememberLanguage = (language: Language) => localStorage.setItem(LAST_LANGUAGE, language)

async function start(): Promise<void> {
  const root = document.getElementById('root')!
  try {
    const api = await connectBench()
    // Asked together, so the first render waits for one round trip, not three in a row. A damaged
    // database refuses the last two: their answers are then never read.
    const preferences = call('preferences.get', {})
    const setup = call('firstRun.status', {})
    preferences.catch(() => undefined)
    setup.catch(() => undefined)
    await useBackupsStore.getState().load()
    api.on('backups.changed', (status) => useBackupsStore.getState().statusChanged(status))
    // A damaged database answers nothing but the way out: the last language this page saw, else Spanish.
    const damaged = useBackupsStore.getState().status?.health.state === 'damaged'
    const language = damaged ? lastLanguage() : (await preferences).language
    if (!damaged) rememberLanguage(language)
    await initI18n(language)
    useAppStore.setState({ language })
    api.on('preferences.changed', (next) => {
      rememberLanguage(next.language)
      void useAppStore.getState().languageChanged(next.language)
    })
    api.on('protocols.changed', () => useProtocolsStore.getState().protocolsChanged(useAppStore.getState().page === 'protocols'))
    api.on('jobs.changed', (change) => {
      useJobsStore.getState().applyEvents(change)
      useNoticesStore.getState().jobsChanged(change)
    })
    api.on('session.changed', (session) => useReceptionStore.getState().sessionChanged(session))
    if (!damaged) {
      void useAppStore.getState().loadInfo()
      // Known before the first render, so a new bench opens its setup, never Reception first.
      useAppStore.getState().setupChanged(await setup)
    }
    api.on('firstRun.changed', (setup) => useAppStore.getState().setupChanged(setup))
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
