import { PAGES } from './pages'
import { useAppStore } from './stores/app-store'

/** Global shortcuts: the bench is driven from the keyboard and the scanner, the mouse is optional. */
export function installShortcuts(): () => void {
  const onKey = (event: KeyboardEvent) => {
    const app = useAppStore.getState()
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement
    if (event.key === 'F1') {
      event.preventDefault()
      app.toggleHelp()
    } else if (event.altKey && /^[1-9]$/.test(event.key)) {
      event.preventDefault()
      app.setPage(PAGES[Number(event.key) - 1]!)
    } else if ((event.ctrlKey && event.key.toLowerCase() === 'k') || (event.key === '/' && !typing)) {
      event.preventDefault()
      const search = document.querySelector<HTMLInputElement>('input[type="search"]')
      search?.focus()
      search?.select()
    } else if (event.key === 'Escape' && app.helpOpen) {
      app.toggleHelp(false)
    }
  }
  window.addEventListener('keydown', onKey)
  return () => window.removeEventListener('keydown', onKey)
}
