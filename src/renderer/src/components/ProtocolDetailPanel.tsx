import { useEffect, useRef, useState } from 'react'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'
import { useTranslation } from 'react-i18next'
import type { ProtocolDetail } from '../../../shared/protocols'
import { StatusBadge } from './StatusBadge'
import { useReceptionStore } from '../stores/reception-store'
import { NotificationList } from './NotificationList'

/** Reception data may be corrected until the lab has reported (main enforces the same rule). */
const CORRECTABLE = new Set(['received', 'rejected', 'processing'])

function Field({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  )
}

export function ProtocolDetailPanel({ detail, onClose }: { detail: ProtocolDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const closeButton = useRef<HTMLButtonElement>(null)
  const { protocol, history, audit } = detail
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : null)
  const showError = useAppStore((state) => state.showError)
  const [preview, setPreview] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  /** Which label Reprint prints: 0 for the protocol's run (one, or one per container), else that container's. */
  const [reprintContainer, setReprintContainer] = useState(0)
  const containerCount = protocol.sample.containers.length
  useEffect(() => closeButton.current?.focus(), [protocol.id])
  useEffect(() => {
    setPreview(null)
    setNotice(null)
    setReprintContainer(0)
  }, [protocol.id])
  // The blob URL lives as long as the preview is shown; revoked when it changes.
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview])
  const showPreview = async () => {
    try {
      const { pdfBase64 } = await call('labels.preview', { protocolId: protocol.id })
      const bytes = Uint8Array.from(atob(pdfBase64), (char) => char.charCodeAt(0))
      setPreview(URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })))
    } catch (error) {
      showError(error)
    }
  }
  const reprint = async () => {
    try {
      await call('labels.reprint', reprintContainer > 0 ? { protocolId: protocol.id, container: reprintContainer } : { protocolId: protocol.id })
      setNotice(reprintContainer > 0 ? t('detail.reprintContainerQueued', { n: reprintContainer, count: containerCount }) : t('detail.reprintQueued'))
    } catch (error) {
      showError(error)
    }
  }
  const correct = () => {
    useReceptionStore.getState().startEdit(protocol)
    useAppStore.getState().setPage('reception')
  }
  return (
    <section className="detail" aria-label={protocol.number ?? protocol.id}>
      <header>
        <h2>
          <span className="number">{protocol.number ?? t('protocols.noNumber')}</span> <StatusBadge status={protocol.status} />
          {protocol.demo && <span className="demo-tag">{t('protocols.demo')}</span>}
        </h2>
        <button ref={closeButton} type="button" onClick={onClose}>
          {t('detail.close')} <kbd>Esc</kbd>
        </button>
      </header>
      <div className="detail-grid">
        <dl>
          <h3>{t('detail.animal')}</h3>
          <Field label={t('detail.name')} value={protocol.animal.name} />
          <Field label={t('detail.species')} value={protocol.animal.species} />
          <Field label={t('detail.breed')} value={protocol.animal.breed} />
          <Field label={t('detail.sex')} value={t(`sex.${protocol.animal.sex}`)} />
          <Field label={t('detail.age')} value={protocol.animal.age} />
          <Field label={t('detail.owner')} value={protocol.animal.owner} />
          <Field label={t('detail.veterinarian')} value={protocol.veterinarianName} />
        </dl>
        <dl>
          <h3>{t('detail.sample')}</h3>
          <Field label={t('detail.externalId')} value={protocol.externalId} />
          <Field label={t('detail.sampleType')} value={protocol.sample.sampleType} />
          <Field label={t('detail.fixative')} value={protocol.sample.fixative} />
          <Field
            label={t('detail.containers')}
            value={protocol.sample.containers.map((c, i) => `${t('detail.container', { n: i + 1 })}: ${t(`condition.${c.condition}`)}`).join(' · ')}
          />
          <Field
            label={t('detail.received')}
            value={protocol.receivedAt ? `${when(protocol.receivedAt)} ${t('detail.receivedBy', { name: protocol.receivedBy ?? '' })}` : null}
          />
          {protocol.rejectionReason && <Field label={t('detail.rejectionReason')} value={protocol.rejectionReason} />}
        </dl>
      </div>
      {(protocol.number || CORRECTABLE.has(protocol.status)) && (
        <div className="detail-actions">
          {CORRECTABLE.has(protocol.status) && (
            <button type="button" onClick={correct}>
              {t('detail.edit')}
            </button>
          )}
          {protocol.number && (
            <>
              {containerCount > 1 && (
                <label>
                  {t('detail.reprintWhich')}{' '}
                  <select id="reprint-container" value={reprintContainer} onChange={(event) => setReprintContainer(Number(event.target.value))}>
                    <option value={0}>{t('detail.reprintAll')}</option>
                    {protocol.sample.containers.map((_, i) => (
                      <option key={i + 1} value={i + 1}>
                        {t('detail.reprintOne', { n: i + 1, count: containerCount })}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <button type="button" onClick={() => void reprint()}>
                {t('detail.reprint')}
              </button>
              <button type="button" onClick={() => void showPreview()}>
                {t('detail.preview')}
              </button>
            </>
          )}
          {notice && <span role="status">{notice}</span>}
        </div>
      )}
      {preview && <iframe className="label-preview" title={t('detail.preview')} src={preview} />}
      <NotificationList protocolId={protocol.id} />
      <h3>{t('detail.history')}</h3>
      <ol className="history">
        {history.map((change, index) => (
          <li key={index}>
            <time>{when(change.at)}</time> {change.from ? t('detail.statusChange', { from: t(`status.${change.from}`), to: t(`status.${change.to}`) }) : t(`status.${change.to}`)}{' '}
            <span className="actor">{change.actor}</span>
          </li>
        ))}
      </ol>
      <h3>{t('detail.audit')}</h3>
      {audit.length === 0 ? (
        <p className="muted">{t('detail.noAudit')}</p>
      ) : (
        <ol className="audit">
          {audit.map((entry) => (
            <li key={entry.id}>
              <time>{when(entry.at)}</time> <strong>{entry.action}</strong> <span className="actor">{entry.actor}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
