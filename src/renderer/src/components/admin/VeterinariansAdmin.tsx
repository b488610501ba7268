import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Veterinarian } from '../../../../shared/domain'
import type { FieldIssue } from '../../../../shared/contract'
import { VETERINARIAN_TEXT_LIMITS } from '../../../../shared/vocabulary'
import { call } from '../../bench-client'
import { useAppStore } from '../../stores/app-store'
import { fieldMark } from '../ReceiveForm'

const NO_ISSUES: readonly FieldIssue[] = []
const FIELDS = ['name', 'clinic', 'email', 'phone', 'licence'] as const
type Draft = Pick<Veterinarian, 'id' | (typeof FIELDS)[number]>

const draftOf = ({ id, name, clinic, email, phone, licence }: Veterinarian): Draft => ({ id, name, clinic, email, phone, licence })

/** The bench's veterinarians, and correcting one (a changed e-mail or phone): main checks every rule and marks the field it refused. */
export function VeterinariansAdmin() {
  const { t } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const clearError = useAppStore((state) => state.clearError)
  const issues = useAppStore((state) => state.error?.issues ?? NO_ISSUES)
  const [vets, setVets] = useState<Veterinarian[]>([])
  const [filter, setFilter] = useState('')
  const [editing, setEditing] = useState<Draft | null>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    call('veterinarians.list', {}).then(setVets, showError)
  }, [showError])
  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase()
    return needle ? vets.filter((vet) => FIELDS.some((field) => vet[field].toLocaleLowerCase().includes(needle))) : vets
  }, [vets, filter])
  const save = async () => {
    if (!editing) return
    try {
      const updated = await call('veterinarians.update', editing)
      setVets((list) => list.map((vet) => (vet.id === updated.id ? updated : vet)))
      setEditing(null)
      setSaved(true)
      clearError()
    } catch (error) {
      showError(error)
    }
  }
  return (
    <section aria-labelledby="admin-vets-title">
      <h3 id="admin-vets-title">{t('admin.vets.title')}</h3>
      <input type="search" aria-label={t('admin.vets.search')} placeholder={t('admin.vets.search')} value={filter} onChange={(event) => setFilter(event.target.value)} />
      {saved && <p role="status">{t('admin.vets.saved')}</p>}
      {editing && (
        <form
          className="vet-editor form-grid"
          aria-label={t('admin.vets.edit')}
          onSubmit={(event) => {
            event.preventDefault()
            void save()
          }}
        >
          {FIELDS.map((field) => {
            const marked = fieldMark(t, issues, field, `vet-${field}`)
            return (
              <label key={field}>
                {t(`admin.vets.columns.${field}`)}
                <input
                  id={`vet-${field}`}
                  type={field === 'email' ? 'email' : 'text'}
                  {...marked.props}
                  maxLength={VETERINARIAN_TEXT_LIMITS[field]}
                  required={field === 'name'}
                  value={editing[field]}
                  onChange={(event) => setEditing({ ...editing, [field]: event.target.value })}
                />
                {marked.note}
              </label>
            )
          })}
          <div>
            <button type="submit">{t('admin.vets.save')}</button>
            <button
              type="button"
              onClick={() => {
                setEditing(null)
                clearError()
              }}
            >
              {t('admin.vets.cancel')}
            </button>
          </div>
        </form>
      )}
      {shown.length === 0 ? (
        <p className="muted">{t('admin.vets.none')}</p>
      ) : (
        <table className="job-table" data-testid="admin-vets">
          <thead>
            <tr>
              {FIELDS.map((field) => (
                <th key={field}>{t(`admin.vets.columns.${field}`)}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((vet) => (
              <tr key={vet.id}>
                {FIELDS.map((field) => (
                  <td key={field}>{vet[field]}</td>
                ))}
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      setSaved(false)
                      clearError()
                      setEditing(draftOf(vet))
                    }}
                  >
                    {t('admin.vets.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
