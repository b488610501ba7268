import { useTranslation } from 'react-i18next'
import { useAppStore } from '../stores/app-store'

const SHORTCUTS = [
  ['F1', 'help'],
  ['Ctrl+K  /', 'search'],
  ['Alt+1 … Alt+9', 'pages'],
  ['↑ ↓', 'move'],
  ['Enter', 'open'],
  ['Esc', 'close'],
  ['F2', 'walkIn'],
  ['F3', 'newVet'],
  ['F4', 'reject'],
  ['Ctrl+Espacio  Mayús+clic', 'select'],
  ['Ctrl+Mayús+A', 'selectAll'],
  ['Ctrl+S', 'save'],
  ['Ctrl+Enter', 'issue'],
  ['F6', 'pdf'],
  ['Ctrl+P', 'print']
] as const

export function HelpPanel() {
  const { t } = useTranslation()
  const open = useAppStore((state) => state.helpOpen)
  const toggle = useAppStore((state) => state.toggleHelp)
  if (!open) return null
  return (
    <aside className="help-panel" role="dialog" aria-label={t('help.title')}>
      <header>
        <h2>{t('help.title')}</h2>
        <button type="button" onClick={() => toggle(false)}>
          {t('help.close')}
        </button>
      </header>
      <dl>
        {SHORTCUTS.map(([keys, name]) => (
          <div key={name}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{t(`help.shortcuts.${name}`)}</dd>
          </div>
        ))}
      </dl>
    </aside>
  )
}
