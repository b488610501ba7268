import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useReceptionStore } from '../stores/reception-store'

/** The clerk on duty signs every reception; chosen at the bench, with a PIN where one is set. */
export function ClerkPicker() {
  const { t } = useTranslation()
  const session = useReceptionStore((state) => state.session)
  const setClerk = useReceptionStore((state) => state.setClerk)
  const [choosing, setChoosing] = useState<string | null>(null)
  const [pin, setPin] = useState('')
  if (!session) return null
  const needsPin = (name: string) => session.clerks.find((clerk) => clerk.name === name)?.hasPin ?? false
  return (
    <div className="clerk-picker">
      <label>
        {t('reception.clerk')}
        <select
          id="clerk"
          value={choosing ?? session.clerk ?? ''}
          onChange={(event) => {
            const name = event.target.value
            if (!name) return
            if (needsPin(name)) setChoosing(name)
            else void setClerk(name)
          }}
        >
          <option value="">{t('reception.chooseClerk')}</option>
          {session.clerks.map((clerk) => (
            <option key={clerk.name} value={clerk.name}>
              {clerk.name}
            </option>
          ))}
        </select>
      </label>
      {choosing && (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void setClerk(choosing, pin).then((ok) => {
              if (ok) setChoosing(null)
              setPin('')
            })
          }}
        >
          <input id="clerk-pin" type="password" inputMode="numeric" autoFocus aria-label="PIN" placeholder="PIN" value={pin} onChange={(event) => setPin(event.target.value)} />
        </form>
      )}
      {!session.clerk && !choosing && <span className="warning">{t('reception.noClerk')}</span>}
    </div>
  )
}
