import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { ContainerCondition, Sex } from '../../../shared/domain'
import type { FieldIssue } from '../../../shared/contract'
import { CONTAINER_CONDITIONS, PROTOCOL_TYPES, RECEPTION_TEXT_LIMITS, SEXES } from '../../../shared/vocabulary'
import { useReceptionStore, type ReceiveDraft } from '../stores/reception-store'
import { useAppStore } from '../stores/app-store'
import { issueText } from '../i18n/error-text'
import { NewVeterinarianForm } from './NewVeterinarianForm'

const NO_ISSUES: readonly FieldIssue[] = []

/** What an input needs to show the rule it broke: marked invalid, the rule said right under it. */
export function fieldMark(t: TFunction, issues: readonly FieldIssue[], path: string, id: string) {
  const issue = issues.find((candidate) => candidate.path === path)
  if (!issue) return { props: {}, note: null }
  return {
    props: { 'aria-invalid': true, 'aria-describedby': `${id}-issue` },
    note: (
      <span className="field-error" id={`${id}-issue`} data-testid={`${id}-issue`}>
        {issueText(t, issue)}
      </span>
    )
  }
}

export interface ReceiveFormProps {
  draft: ReceiveDraft
  /** The bench's usual rejection reasons, offered while typing one. */
  reasons: readonly string[]
  /** The page's shortcuts (F3, F4, Esc) open and close these too, so the page holds them. */
  rejecting: boolean
  setRejecting(value: boolean): void
  reason: string
  setReason(value: string): void
  addingVet: boolean
  setAddingVet(value: boolean): void
}

/**
 * The protocol being received (or rejected, or edited): type, veterinarian, animal, sample and
 * containers, the duplicate warning and the rejection reason. Enter submits.
 */
export function ReceiveForm({ draft, reasons, rejecting, setRejecting, reason, setReason, addingVet, setAddingVet }: ReceiveFormProps) {
  const { t } = useTranslation()
  const state = useReceptionStore()
  const issues = useAppStore((app) => app.error?.issues ?? NO_ISSUES)
  const mark = (path: string, id: string) => fieldMark(t, issues, path, id)
  return (
    <form
      className="receive-form"
      aria-label={t('reception.formLabel')}
      onSubmit={(event) => {
        event.preventDefault()
        if (rejecting) {
          if (reason.trim()) void state.submit('reject', reason.trim()).then((ok) => ok && (setRejecting(false), setReason('')))
        } else void state.submit('accept')
      }}
    >
      <header>
        <h2>
          {draft.editing
            ? t('reception.editTitle', { number: draft.editing.number ?? '' })
            : draft.externalId
              ? t('reception.receiving', { id: draft.externalId })
              : t('reception.walkInTitle')}
        </h2>
        <fieldset className="type-choice" aria-label="HP/CT" disabled={draft.editing !== undefined}>
          {PROTOCOL_TYPES.map((type) => (
            <label key={type}>
              <input type="radio" name="type" value={type} checked={draft.type === type} onChange={() => state.updateDraft({ type })} /> {type}
            </label>
          ))}
        </fieldset>
      </header>
      <div className="form-grid">
        <label>
          {t('detail.veterinarian')}
          <select
            id="veterinarian"
            required
            value={draft.veterinarianId}
            onChange={(event) => {
              state.updateDraft({ veterinarianId: event.target.value })
              void state.checkDuplicates()
            }}
          >
            <option value="">—</option>
            {state.veterinarians.map((vet) => (
              <option key={vet.id} value={vet.id}>
                {vet.name} · {vet.clinic}
              </option>
            ))}
          </select>
          <button type="button" className="link" onClick={() => setAddingVet(true)}>
            {t('reception.newVet')} <kbd>F3</kbd>
          </button>
        </label>
        {addingVet && (
          <NewVeterinarianForm
            onCreated={(vet) => {
              state.addVeterinarian(vet)
              setAddingVet(false)
            }}
            onCancel={() => setAddingVet(false)}
          />
        )}
        {(['name', 'species', 'breed', 'age', 'owner'] as const).map((field) => {
          const marked = mark(`animal.${field}`, `animal-${field}`)
          return (
          <label key={field}>
            {t(`detail.${field}`)}
            <input
              id={`animal-${field}`}
              {...marked.props}
              maxLength={RECEPTION_TEXT_LIMITS.animal[field]}
              required={field === 'name' || field === 'species'}
              autoFocus={field === 'name' && !draft.animal.name}
              value={draft.animal[field]}
              onChange={(event) => state.updateDraft({ animal: { ...draft.animal, [field]: event.target.value } })}
              onBlur={() => (field === 'name' || field === 'owner') && void state.checkDuplicates()}
            />
            {marked.note}
          </label>
          )
        })}
        <label>
          {t('detail.sex')}
          <select id="animal-sex" value={draft.animal.sex} onChange={(event) => state.updateDraft({ animal: { ...draft.animal, sex: event.target.value as Sex } })}>
            {SEXES.map((sex) => (
              <option key={sex} value={sex}>
                {t(`sex.${sex}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('detail.sampleType')}
          <input
            id="sample-type"
            required
            maxLength={RECEPTION_TEXT_LIMITS.sample.sampleType}
            {...mark('sample.sampleType', 'sample-type').props}
            value={draft.sample.sampleType}
            onChange={(event) => state.updateDraft({ sample: { ...draft.sample, sampleType: event.target.value } })}
          />
          {mark('sample.sampleType', 'sample-type').note}
        </label>
        <label>
          {t('detail.fixative')}
          <input
            id="sample-fixative"
            maxLength={RECEPTION_TEXT_LIMITS.sample.fixative}
            {...mark('sample.fixative', 'sample-fixative').props}
            value={draft.sample.fixative}
            onChange={(event) => state.updateDraft({ sample: { ...draft.sample, fixative: event.target.value } })}
          />
          {mark('sample.fixative', 'sample-fixative').note}
        </label>
        <label>
          {t('detail.containers')}
          <input
            id="sample-containers"
            type="number"
            min={1}
            max={50}
            value={draft.sample.containers.length}
            onChange={(event) => {
              const count = Math.max(1, Math.min(50, Number(event.target.value) || 1))
              const containers = Array.from({ length: count }, (_, i) => draft.sample.containers[i] ?? { condition: 'good' as const, note: '' })
              state.updateDraft({ sample: { ...draft.sample, containers } })
            }}
          />
        </label>
      </div>
      <div className="containers">
        {draft.sample.containers.map((container, index) => (
          <label key={index}>
            {t('detail.container', { n: index + 1 })}
            <select
              value={container.condition}
              onChange={(event) => {
                const containers = draft.sample.containers.map((c, i) => (i === index ? { ...c, condition: event.target.value as ContainerCondition } : c))
                state.updateDraft({ sample: { ...draft.sample, containers } })
              }}
            >
              {CONTAINER_CONDITIONS.map((condition) => (
                <option key={condition} value={condition}>
                  {t(`condition.${condition}`)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {state.duplicates.length > 0 && (
        <div className="warning" role="status" data-testid="duplicate-warning">
          {t('reception.possibleDuplicate', { numbers: state.duplicates.map((d) => d.number ?? d.externalId).join(', ') })}
        </div>
      )}
      {rejecting && (
        <div className="reject-box">
          <label>
            {t('reception.rejectReason')}
            <input id="reject-reason" list="reject-reasons" autoFocus value={reason} onChange={(event) => setReason(event.target.value)} required />
            <datalist id="reject-reasons">
              {reasons.map((entry) => (
                <option key={entry} value={entry} />
              ))}
            </datalist>
          </label>
        </div>
      )}
      <footer>
        {rejecting ? (
          <button type="submit" className="danger" disabled={state.busy}>
            {t('reception.confirmReject')} <kbd>Enter</kbd>
          </button>
        ) : (
          <button type="submit" className="primary" disabled={state.busy}>
            {draft.editing ? t('reception.saveEdit') : t('reception.receive')} <kbd>Enter</kbd>
          </button>
        )}
        {!rejecting && !draft.editing && (
          <button type="button" onClick={() => setRejecting(true)}>
            {t('reception.reject')} <kbd>F4</kbd>
          </button>
        )}
        <button
          type="button"
          onClick={() => {
            setRejecting(false)
            state.cancel()
          }}
        >
          {t('reception.cancel')} <kbd>Esc</kbd>
        </button>
      </footer>
    </form>
  )
}
