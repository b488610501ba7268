import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useReceptionStore } from '../stores/reception-store'
import { StatusBadge } from '../components/StatusBadge'
import { ClerkPicker } from '../components/ClerkPicker'
import { call } from '../bench-client'
import { ReceiveForm } from '../components/ReceiveForm'
import { LastReception } from '../components/LastReception'
import { ReceptionSidePanel } from '../components/ReceptionSidePanel'

/**
 * Reception: the scan field (or F2 for a walk-in) opens the receive form; the side panel keeps
 * today's count and the numbers left in view. The page owns the keyboard shortcuts.
 */
export function ReceptionPage() {
  const { t } = useTranslation()
  const state = useReceptionStore()
  const scan = useRef<HTMLInputElement>(null)
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [reasons, setReasons] = useState<string[]>([])
  const [addingVet, setAddingVet] = useState(false)

  useEffect(() => {
    void state.load()
    void call('settings.get', {}).then((settings) => setReasons(settings.rejectionReasons), () => undefined)
    // Once per visit to the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  // The scan field owns the focus whenever no form is open: a scanner types into whatever has it.
  useEffect(() => {
    if (!state.draft) scan.current?.focus()
  }, [state.draft, state.last])

  const onPageKey = (event: React.KeyboardEvent) => {
    if (event.key === 'F2') {
      event.preventDefault()
      state.startWalkIn()
    } else if (event.key === 'Escape' && state.draft) {
      event.preventDefault()
      setRejecting(false)
      setAddingVet(false)
      state.cancel()
    } else if (event.key === 'F3' && state.draft) {
      event.preventDefault()
      setAddingVet(true)
    } else if (event.key === 'F4' && state.draft && !state.draft.editing) {
      event.preventDefault()
      setRejecting(true)
    }
  }

  const draft = state.draft
  const lowTypes = state.numbers?.types.filter((entry) => entry.low) ?? []

  return (
    <div className="reception" onKeyDown={onPageKey}>
      <div className="reception-main">
        <div className="reception-top">
          <ClerkPicker />
          {lowTypes.map((entry) => (
            <span key={entry.type} className={entry.remaining === 0 ? 'warning danger' : 'warning'} role="status">
              {entry.remaining === 0 ? t('reception.numbersOut', { type: entry.type }) : t('reception.numbersLow', { type: entry.type, count: entry.remaining })}
            </span>
          ))}
        </div>
        {!draft && (
          <form
            className="scan-bar"
            onSubmit={(event) => {
              event.preventDefault()
              const text = scan.current?.value.trim() ?? ''
              if (text) void state.lookup(text)
              if (scan.current) scan.current.value = ''
            }}
          >
            <input ref={scan} id="scan" type="search" aria-label={t('reception.scanLabel')} placeholder={t('reception.scanPlaceholder')} autoComplete="off" spellCheck={false} />
            <button type="button" onClick={() => state.startWalkIn()}>
              {t('reception.walkIn')} <kbd>F2</kbd>
            </button>
          </form>
        )}
        {!draft && <LastReception />}
        {!draft && state.matches.length > 0 && (
          <ul className="matches" aria-label={t('reception.matches')}>
            {state.matches.map((match) => (
              <li key={match.id}>
                <button type="button" onClick={() => void (match.status === 'registered' ? state.startFrom(match) : state.openProtocol(match))}>
                  <strong>{match.number ?? match.externalId}</strong> {match.animalName} · {match.owner} · {match.veterinarianName} <StatusBadge status={match.status} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {draft && (
          <ReceiveForm
            draft={draft}
            reasons={reasons}
            rejecting={rejecting}
            setRejecting={setRejecting}
            reason={reason}
            setReason={setReason}
            addingVet={addingVet}
            setAddingVet={setAddingVet}
          />
        )}
      </div>
      <ReceptionSidePanel />
    </div>
  )
}
