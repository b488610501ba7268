import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ContainerCondition, ProtocolType, Sex } from '../../../shared/domain'
import { useReceptionStore } from '../stores/reception-store'
import { StatusBadge } from '../components/StatusBadge'
import { ClerkPicker } from '../components/ClerkPicker'
import { call } from '../bench-client'
import { useJobsStore } from '../stores/jobs-store'
import { NewVeterinarianForm } from '../components/NewVeterinarianForm'

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

  const labelJob = useJobsStore((jobs) => (state.last?.labelJobId ? jobs.progress[state.last.labelJobId] : undefined))
  const labelStatus = !labelJob
    ? t('reception.labelQueued')
    : labelJob.state === 'succeeded'
      ? t('reception.labelPrinted')
      : labelJob.state === 'failed'
        ? t('reception.labelFailed', { reason: labelJob.lastError ?? '' })
        : labelJob.lastError
          ? t('reception.labelWaiting', { reason: labelJob.lastError })
          : t('reception.labelQueued')
  const draft = state.draft
  const numbers = state.numbers
  const lowTypes = numbers?.types.filter((entry) => entry.low) ?? []

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
        {state.last && !draft && (
          <div className={`last-result ${state.last.protocol.status}`} role="status" data-testid="last-result">
            {state.last.protocol.number ? (
              <>
                <span className="big-number">{state.last.protocol.number}</span>{' '}
                {state.last.edited ? t('reception.editedOk') : t('reception.receivedOk', { animal: state.last.protocol.animal.name })}
                {state.last.labelJobId !== null && (
                  <span className={labelJob?.state === 'failed' || labelJob?.lastError ? 'label-problem' : 'muted'} data-testid="label-status">
                    {' '}
                    · {labelStatus}
                  </span>
                )}
              </>
            ) : (
              t('reception.rejectedOk', { animal: state.last.protocol.animal.name })
            )}
          </div>
        )}
        {!draft && state.matches.length > 0 && (
          <ul className="matches" aria-label={t('reception.matches')}>
            {state.matches.map((match) => (
              <li key={match.id}>
                <button type="button" onClick={() => void state.startFrom(match)} disabled={match.status !== 'registered'}>
                  <strong>{match.number ?? match.externalId}</strong> {match.animalName} · {match.owner} · {match.veterinarianName} <StatusBadge status={match.status} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {draft && (
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
                {ProtocolType.options.map((type) => (
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
              {(['name', 'species', 'breed', 'age', 'owner'] as const).map((field) => (
                <label key={field}>
                  {t(`detail.${field}`)}
                  <input
                    id={`animal-${field}`}
                    required={field === 'name' || field === 'species'}
                    autoFocus={field === 'name' && !draft.animal.name}
                    value={draft.animal[field]}
                    onChange={(event) => state.updateDraft({ animal: { ...draft.animal, [field]: event.target.value } })}
                    onBlur={() => (field === 'name' || field === 'owner') && void state.checkDuplicates()}
                  />
                </label>
              ))}
              <label>
                {t('detail.sex')}
                <select id="animal-sex" value={draft.animal.sex} onChange={(event) => state.updateDraft({ animal: { ...draft.animal, sex: event.target.value as Sex } })}>
                  {Sex.options.map((sex) => (
                    <option key={sex} value={sex}>
                      {t(`sex.${sex}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('detail.sampleType')}
                <input id="sample-type" required value={draft.sample.sampleType} onChange={(event) => state.updateDraft({ sample: { ...draft.sample, sampleType: event.target.value } })} />
              </label>
              <label>
                {t('detail.fixative')}
                <input id="sample-fixative" value={draft.sample.fixative} onChange={(event) => state.updateDraft({ sample: { ...draft.sample, fixative: event.target.value } })} />
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
                    {ContainerCondition.options.map((condition) => (
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
        )}
      </div>
      <aside className="reception-side">
        <h3>{t('reception.today')}</h3>
        <p className="today-count" data-testid="today-count">
          <strong>{state.today?.received ?? 0}</strong> {t('reception.receivedToday')} · <strong>{state.today?.rejected ?? 0}</strong> {t('reception.rejectedToday')}
        </p>
        <h3>{t('reception.lastOnes')}</h3>
        <ol className="recent">
          {state.today?.recent.map((row) => (
            <li key={row.id}>
              <strong>{row.number ?? '—'}</strong> {row.animalName} <StatusBadge status={row.status} />
            </li>
          ))}
        </ol>
        {numbers && (
          <>
            <h3>{t('reception.numbers', { year: numbers.year })}</h3>
            <ul className="numbers">
              {numbers.types.map((entry) => (
                <li key={entry.type} className={entry.low ? 'low' : ''}>
                  {entry.type}: {t('reception.numbersLeft', { count: entry.remaining })}
                </li>
              ))}
            </ul>
          </>
        )}
      </aside>
    </div>
  )
}
