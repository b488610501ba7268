import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { SyncConflictView, SyncStatus } from '../../../shared/sync-status'
import { useAppStore } from '../stores/app-store'
import { useSyncStore } from '../stores/sync-store'
import { call } from '../bench-client'
import { PinField } from '../components/PinField'
import { TechnicalDetails } from '../components/TechnicalDetails'
import { RestoreProgressPanel } from '../components/RestoreProgressPanel'
import { errorText } from '../i18n/error-text'
import { syncConflictInfo, syncErrorInfo } from '../../../shared/error-codes'

const show = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value))

/** Whether the bench has an admin PIN yet (the first pairing or address change sets it). */
function useHasAdminPin(): boolean | null {
  const [hasAdminPin, setHasAdminPin] = useState<boolean | null>(null)
  const showError = useAppStore((state) => state.showError)
  useEffect(() => {
    void call('settings.get', {}).then((settings) => setHasAdminPin(settings.hasAdminPin), showError)
  }, [showError])
  return hasAdminPin
}

function AdminPinField({ value, onChange, hasAdminPin, id }: { value: string; onChange: (value: string) => void; hasAdminPin: boolean | null; id: string }) {
  const { t } = useTranslation()
  return (
    <label>
      {t('sync.admin.pin')}
      <PinField id={id} value={value} onChange={onChange} />
      {hasAdminPin === false && <span className="muted">{t('sync.admin.firstPin')}</span>}
    </label>
  )
}

function PairForm({ status }: { status: SyncStatus }) {
  const { t } = useTranslation()
  const info = useAppStore((state) => state.info)
  const { pair, busy } = useSyncStore()
  const hasAdminPin = useHasAdminPin()
  const [serverUrl, setServerUrl] = useState(status.serverUrl ?? '')
  const [code, setCode] = useState('')
  const [benchName, setBenchName] = useState(info?.benchName ?? '')
  const [adminPin, setAdminPin] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void pair({ serverUrl: serverUrl.trim(), code: code.trim(), adminPin, ...(benchName.trim() ? { benchName: benchName.trim() } : {}) }).then((ok) => {
      setAdminPin('')
      if (ok) setCode('')
    })
  }
  return (
    <form className="sync-pair" onSubmit={submit} aria-labelledby="sync-pair-heading">
      <h2 id="sync-pair-heading">{t('sync.pair.heading')}</h2>
      <p className="muted">{t('sync.pair.help')}</p>
      <label>
        {t('sync.pair.serverUrl')}
        <input type="url" required autoFocus value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://lab.example/sync" />
      </label>
      <label>
        {t('sync.pair.code')}
        <input required minLength={4} maxLength={32} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('sync.pair.benchName')}
        <input value={benchName} maxLength={80} onChange={(e) => setBenchName(e.target.value)} />
      </label>
      <AdminPinField id="pair-admin-pin" value={adminPin} onChange={setAdminPin} hasAdminPin={hasAdminPin} />
      <button type="submit" disabled={busy}>
        {t('sync.pair.submit')}
      </button>
    </form>
  )
}

/** Another address of the same server (a new proxy or name): the administrator's, behind the admin PIN. */
function ServerUrlForm({ status }: { status: SyncStatus }) {
  const { t } = useTranslation()
  const { setServerUrl, busy } = useSyncStore()
  const hasAdminPin = useHasAdminPin()
  const [open, setOpen] = useState(false)
  const [serverUrl, setUrl] = useState(status.serverUrl ?? '')
  const [adminPin, setAdminPin] = useState('')
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} disabled={busy}>
        {t('sync.admin.changeServer')}
      </button>
    )
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void setServerUrl({ serverUrl: serverUrl.trim(), adminPin }).then((ok) => {
      setAdminPin('')
      if (ok) setOpen(false)
    })
  }
  return (
    <form className="sync-server-url" onSubmit={submit} aria-label={t('sync.admin.changeServer')}>
      <label>
        {t('sync.pair.serverUrl')}
        <input id="server-url" type="url" required value={serverUrl} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <AdminPinField id="server-url-admin-pin" value={adminPin} onChange={setAdminPin} hasAdminPin={hasAdminPin} />
      <button type="submit" disabled={busy}>
        {t('sync.admin.saveServer')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('sync.admin.cancel')}
      </button>
    </form>
  )
}

/** A new sync secret from the server without unpairing, behind the admin PIN (also done monthly by itself). */
function RotateSecretForm() {
  const { t, i18n } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [open, setOpen] = useState(false)
  const [adminPin, setAdminPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [rotatedAt, setRotatedAt] = useState<string | null>(null)
  if (!open) {
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          {t('sync.admin.rotateSecret')}
        </button>
        {rotatedAt && <span role="status">{t('sync.admin.secretRotated', { time: new Date(rotatedAt).toLocaleString(i18n.language) })}</span>}
      </>
    )
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    call('sync.rotateSecret', { adminPin })
      .then(({ rotatedAt: at }) => {
        setRotatedAt(at)
        setOpen(false)
      }, showError)
      .finally(() => {
        setAdminPin('')
        setBusy(false)
      })
  }
  return (
    <form className="sync-server-url" onSubmit={submit} aria-label={t('sync.admin.rotateSecret')}>
      <p className="muted">{t('sync.admin.rotateExplain')}</p>
      <AdminPinField id="rotate-admin-pin" value={adminPin} onChange={setAdminPin} hasAdminPin={true} />
      <button type="submit" disabled={busy}>
        {t('sync.admin.rotateConfirm')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('sync.admin.cancel')}
      </button>
    </form>
  )
}

function StatusPanel({ status }: { status: SyncStatus }) {
  const { t, i18n } = useTranslation()
  const { syncNow, replace, unpair, busy } = useSyncStore()
  const [confirming, setConfirming] = useState(false)
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : t('sync.status.never'))
  return (
    <section className="sync-status" aria-labelledby="sync-status-heading">
      <h2 id="sync-status-heading">
        {t('sync.status.heading')}: <span className={`sync-state sync-${status.state}`} data-testid="sync-state">{t(`sync.states.${status.state}`)}</span>
      </h2>
      <dl>
        <dt>{t('sync.status.server')}</dt>
        <dd>{status.serverUrl}</dd>
        <dt>{t('sync.status.bench')}</dt>
        <dd>{status.benchName}</dd>
        <dt>{t('sync.status.pending')}</dt>
        <dd data-testid="sync-pending">{status.pending}</dd>
        <dt>{t('sync.status.conflicts')}</dt>
        <dd data-testid="sync-conflicts">{status.conflicts}</dd>
        <dt>{t('sync.status.lastSuccess')}</dt>
        <dd>{when(status.lastSuccessAt)}</dd>
        <dt>{t('sync.status.lastAttempt')}</dt>
        <dd>{when(status.lastAttemptAt)}</dd>
        {status.nextRoundAt && (
          <>
            <dt>{t('sync.status.nextRound')}</dt>
            <dd>{when(status.nextRoundAt)}</dd>
          </>
        )}
        {status.lastError && (
          <>
            <dt>{t('sync.status.lastError')}</dt>
            <dd className="sync-error">
              {errorText(t, syncErrorInfo(status.lastError))} <TechnicalDetails text={`${status.lastError.code}: ${status.lastError.message}`} />
            </dd>
          </>
        )}
      </dl>
      {status.snapshotPending && <p className="muted">{t('sync.status.snapshot')}</p>}
      {status.drift && <p className="sync-warning">{t('sync.status.drift')}</p>}
      <p className={status.osProtected ? 'muted' : 'sync-warning'} data-testid="sync-secret">
        {status.osProtected ? t('sync.status.secretProtected') : t('sync.status.secretPlain')}
      </p>
      <div className="sync-actions">
        <button type="button" onClick={() => void syncNow()} disabled={busy || status.running} autoFocus>
          {t('sync.actions.syncNow')}
        </button>
        <button type="button" onClick={() => void replace()} disabled={busy || status.running}>
          {t('sync.actions.replace')}
        </button>
        <button
          type="button"
          className={confirming ? 'danger' : undefined}
          disabled={busy}
          onBlur={() => setConfirming(false)}
          onClick={() => {
            if (!confirming) return setConfirming(true)
            setConfirming(false)
            void unpair()
          }}
        >
          {confirming ? t('sync.actions.confirmUnpair') : t('sync.actions.unpair')}
        </button>
        <ServerUrlForm status={status} />
        <RotateSecretForm />
      </div>
    </section>
  )
}

/** `onRenumbered` gets what to tell the clerk: the row leaves the list once renumbered, the message stays. */
function ConflictRow({ conflict, onRenumbered }: { conflict: SyncConflictView; onRenumbered: (said: string) => void }) {
  const { t, i18n } = useTranslation()
  const resolve = useSyncStore((state) => state.resolve)
  const renumber = useSyncStore((state) => state.renumber)
  return (
    <li className="sync-conflict" data-testid="sync-conflict">
      <div>
        <strong>
          {t(`sync.entities.${conflict.entity}`)} {conflict.label ?? conflict.entityId.slice(0, 8)}
        </strong>{' '}
        <span className="muted">
          {t(`sync.conflicts.kinds.${conflict.kind}`)}
          {conflict.field ? ` · ${conflict.field}` : ''} · {new Date(conflict.createdAt).toLocaleString(i18n.language)}
        </span>
      </div>
      {conflict.kind === 'field' ? (
        <div className="sync-values">
          <span>
            {t('sync.conflicts.local')}: <code>{show(conflict.localValue)}</code>
          </span>
          <span>
            {t('sync.conflicts.server')}: <code>{show(conflict.serverValue)}</code>
          </span>
        </div>
      ) : (
        <div className="muted">
          {t(`sync.conflicts.codes.${conflict.code}`, { defaultValue: errorText(t, syncConflictInfo(conflict.code)) })} <TechnicalDetails text={`${conflict.code}: ${conflict.message}`} />
        </div>
      )}
      <div className="row-actions">
        {conflict.renumberable && (
          <button
            type="button"
            className="primary"
            onClick={() =>
              void renumber(conflict).then((result) => {
                if (!result) return
                const words = { before: result.before, after: result.after }
                const said = result.entity === 'work_order' ? 'sync.conflicts.renumberedOrder' : result.labelQueued ? 'sync.conflicts.renumberedLabel' : 'sync.conflicts.renumbered'
                onRenumbered(t(said, words))
              })
            }
          >
            {t('sync.conflicts.renumber')}
          </button>
        )}
        <button type="button" onClick={() => void resolve(conflict.id)}>
          {t('sync.conflicts.reviewed')}
        </button>
      </div>
    </li>
  )
}

/** Pairing, the sync status everyone sees, and the conflicts the clerk must review. */
export function SyncPage() {
  const { t } = useTranslation()
  const { status, conflicts, connect, loadConflicts } = useSyncStore()
  const [renumbered, setRenumbered] = useState<string | null>(null)
  useEffect(() => {
    connect()
    void loadConflicts()
  }, [connect, loadConflicts])
  if (!status) return <p className="muted page-pad">{t('app.loading')}</p>
  return (
    <div className="sync-page page-pad">
      <h1>{t('sync.title')}</h1>
      {status.paired ? <StatusPanel status={status} /> : <PairForm status={status} />}
      {status.paired && status.restore && <RestoreProgressPanel restore={status.restore} />}
      {status.paired && (
        <section aria-labelledby="sync-conflicts-heading">
          <h2 id="sync-conflicts-heading">{t('sync.conflicts.heading')}</h2>
          {renumbered && <div role="status">{renumbered}</div>}
          {conflicts.length === 0 ? (
            <p className="muted">{t('sync.conflicts.none')}</p>
          ) : (
            <ul className="sync-conflicts">
              {conflicts.map((conflict) => (
                <ConflictRow key={conflict.id} conflict={conflict} onRenumbered={setRenumbered} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  )
}
