import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { call, connectBench } from './bench-client'
import { initI18n } from './i18n'
import { useAppStore } from './stores/app-store'
import { useProtocolsStore } from './stores/protocols-store'
import { useReceptionStore } from './stores/reception-store'
import { useJobsStore } from './stores/jobs-store'
import './styles.css'

async function start(): Promise<void> {
  const root = document.getElementById('root')!
  try {
    const api = await connectBench()
    const preferences = await call('preferences.get', {})
    await initI18n(preferences.language)
    useAppStore.setState({ language: preferences.language })
    api.on('preferences.changed', (next) => void useAppStore.getState().languageChanged(next.language))
    api.on('protocols.changed', () => void useProtocolsStore.getState().search())
    api.on('jobs.changed', (change) => useJobsStore.getState().applyEvents(change))
    api.on('session.changed', (session) => useReceptionStore.getState().sessionChanged(session))
    void useAppStore.getState().loadInfo()
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
