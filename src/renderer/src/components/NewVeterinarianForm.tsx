import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Veterinarian } from '../../../shared/domain'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

const EMPTY = { name: '', clinic: '', email: '', phone: '', licence: '' }

/**
 * Registers a veterinarian without leaving the receive form: a walk-in from a clinic the lab has
 * never seen is the common case at a reception bench. Not a <form>: it lives inside one.
 */
export function NewVeterinarianForm({ onCreated, onCancel }: { onCreated: (vet: Veterinarian) => void; onCancel: () => void }) {
  const { t } = useTranslation()
  const [vet, setVet] = useState(EMPTY)
  const showError = useAppStore((state) => state.showError)
  const save = async () => {
    if (!vet.name.trim()) return
    try {
      onCreated(await call('veterinarians.create', vet))
    } catch (error) {
      showError(error)
    }
  }
  const onKey = (event: React.KeyboardEvent) => {
    // Enter here saves the veterinarian, not the whole receive form; Escape closes only this box.
    if (event.key === 'Enter') {
      event.preventDefault()
      event.stopPropagation()
      void save()
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      onCancel()
    }
  }
  return (
    <fieldset className="new-vet" aria-label={t('reception.newVetTitle')} onKeyDown={onKey}>
      <legend>{t('reception.newVetTitle')}</legend>
      {(['name', 'clinic', 'email', 'phone'] as const).map((field) => (
        <label key={field}>
          {t(`reception.vet${field[0]!.toUpperCase()}${field.slice(1)}` as 'reception.vetName')}
          <input
            id={`new-vet-${field}`}
            type={field === 'email' ? 'email' : 'text'}
            autoFocus={field === 'name'}
            value={vet[field]}
            onChange={(event) => setVet({ ...vet, [field]: event.target.value })}
          />
        </label>
      ))}
      <button type="button" onClick={() => void save()} disabled={!vet.name.trim()}>
        {t('reception.saveVet')} <kbd>Enter</kbd>
      </button>
      <button type="button" onClick={onCancel}>
        {t('reception.cancel')} <kbd>Esc</kbd>
      </button>
    </fieldset>
  )
}
