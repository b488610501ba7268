import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Language } from '../../../shared/languages'
import type { PublicSettings } from '../../../shared/app'
import type { NumberStatus } from '../../../shared/reception'
import { call } from '../bench-client'
import { useAppStore, showingErrors } from '../stores/app-store'
import { useSyncStore } from '../stores/sync-store'
import { ErrorBanner } from '../components/ErrorBanner'
import { PrinterSettings } from '../components/PrinterSettings'
import { LocalRangeForm } from '../components/LocalRangeForm'
import { PinField } from '../components/PinField'
import { RestoreProgressPanel } from '../components/RestoreProgressPanel'

const STEPS = ['bench', 'printer', 'numbers'] as const
type Step = (typeof STEPS)[number]

/** Name, language and the first clerk: the name is the one thing a bench cannot go live without. */
function BenchStep({ settings, onDone }: { settings: PublicSettings; onDone: () => void }) {
  const { t } = useTranslation()
  const language = useAppStore((state) => state.language)
  const setLanguage = useAppStore((state) => state.setLanguage)
  const [benchName, setBenchName] = useState(settings.benchName)
  const [clerk, setClerk] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void showingErrors(async () => {
      // Main checks the name and the clerk with the same rules as Settings; a refusal stays on this step.
      await call('settings.update', { benchName })
      if (clerk.trim()) {
        await call('clerks.save', { name: clerk.trim() })
        await call('session.setClerk', { name: clerk.trim() })
      }
      useAppStore.getState().clearError()
      onDone()
    })
  }
  return (
    <form className="form-grid setup-step" onSubmit={submit} aria-label={t('setup.steps.bench')}>
      <label>
        {t('settings.language')}
        <select id="setup-language" value={language} onChange={(event) => void setLanguage(event.target.value as Language)}>
          {Language.options.map((option) => (
            <option key={option} value={option}>
              {t(`settings.languages.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('setup.benchName')}
        <input id="setup-bench-name" autoFocus value={benchName} onChange={(event) => setBenchName(event.target.value)} />
        <span className="muted">{t('setup.benchNameHelp')}</span>
      </label>
      <label>
        {t('setup.clerk')}
        <input id="setup-clerk" value={clerk} onChange={(event) => setClerk(event.target.value)} />
        <span className="muted">{t('setup.clerkHelp')}</span>
      </label>
      <div className="row-actions">
        <button type="submit" className="primary">
          {t('setup.next')}
        </button>
      </div>
    </form>
  )
}

function PairStep({ benchName, onPaired }: { benchName: string; onPaired: () => void }) {
  const { t } = useTranslation()
  const { pair, busy } = useSyncStore()
  const [serverUrl, setServerUrl] = useState('')
  const [code, setCode] = useState('')
  const [adminPin, setAdminPin] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void pair({ serverUrl: serverUrl.trim(), code: code.trim(), adminPin, benchName }).then((ok) => {
      setAdminPin('')
      if (ok) onPaired()
    })
  }
  return (
    <form className="form-grid" onSubmit={submit} aria-labelledby="setup-pair-heading">
      <h3 id="setup-pair-heading">{t('setup.pairHeading')}</h3>
      <p className="muted">{t('sync.pair.help')}</p>
      <label>
        {t('sync.pair.serverUrl')}
        <input type="url" required value={serverUrl} onChange={(event) => setServerUrl(event.target.value)} placeholder="https://lab.example/sync" />
      </label>
      <label>
        {t('sync.pair.code')}
        <input required minLength={4} maxLength={32} value={code} onChange={(event) => setCode(event.target.value)} autoComplete="off" spellCheck={false} />
      </label>
      <label>
        {t('sync.admin.pin')}
        <PinField id="setup-admin-pin" value={adminPin} onChange={setAdminPin} />
      </label>
      <div className="row-actions">
        <button type="submit" disabled={busy}>
          {t('sync.pair.submit')}
        </button>
      </div>
    </form>
  )
}

/** Where this bench's numbers come from: a paired server's blocks or a typed range, else a plain warning. */
function NumbersStep({ benchName }: { benchName: string }) {
  const { t } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const { status, connect } = useSyncStore()
  const [numbers, setNumbers] = useState<NumberStatus | null>(null)
  const reload = () => void call('numbers.status', {}).then(setNumbers, showError)
  useEffect(() => connect(), [connect])
  // A paired bench is leased its blocks by the sync round that follows the pairing.
  useEffect(reload, [status?.paired, status?.lastSuccessAt, showError])
  const sources = (numbers?.types ?? []).filter((entry) => entry.remaining > 0)
  return (
    <div className="setup-step">
      <p>{t('setup.numbersHelp')}</p>
      {status?.paired ? (
        <p role="status" data-testid="setup-paired">
          {t('setup.paired', { server: status.serverUrl, bench: status.benchName })}
        </p>
      ) : (
        <PairStep benchName={benchName} onPaired={reload} />
      )}
      {status?.paired && status.restore && <RestoreProgressPanel restore={status.restore} />}
      {!status?.paired && numbers && (
        <section aria-labelledby="setup-range-heading">
          <h3 id="setup-range-heading">{t('setup.rangeHeading')}</h3>
          <p className="muted">{t('setup.rangeHelp')}</p>
          <LocalRangeForm year={numbers.year} onAdded={setNumbers} />
        </section>
      )}
      <p className={sources.length > 0 ? 'muted' : 'warning'} data-testid="setup-numbers">
        {sources.length > 0 ? t('setup.numbersReady', { sources: sources.map((entry) => `${entry.type} ${entry.remaining}`).join(', ') }) : t('setup.numbersMissing')}
      </p>
    </div>
  )
}

/**
 * The first-run setup a real install opens instead of Reception: bench name and language, the
 * label printer (with a test print), and where numbers come from (pairing, or a range typed by
 * the administrator). Only the name cannot be skipped; "Probar con datos de demostración" loads
 * the demo data instead. Every input is checked again by main.
 */
export function SetupPage() {
  const { t } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [step, setStep] = useState<Step>('bench')
  const [settings, setSettings] = useState<PublicSettings | null>(null)
  const [busy, setBusy] = useState(false)
  const reload = () => void call('settings.get', {}).then(setSettings, showError)
  useEffect(reload, [showError])
  const index = STEPS.indexOf(step)
  const go = (next: Step) => {
    useAppStore.getState().clearError()
    setStep(next)
  }
  const finish = () => {
    setBusy(true)
    void showingErrors(async () => {
      // Pairing may have named the bench as the lab knows it: the name saved last is the one kept.
      const { benchName } = await call('settings.get', {})
      const status = await call('firstRun.complete', { benchName })
      useAppStore.getState().setupChanged(status)
      await useAppStore.getState().loadInfo()
    }).finally(() => setBusy(false))
  }
  const tryDemo = () => {
    setBusy(true)
    void showingErrors(async () => {
      const status = await call('demo.start', {})
      useAppStore.getState().setupChanged(status)
      await useAppStore.getState().loadInfo()
    }).finally(() => setBusy(false))
  }
  return (
    <main className="setup page-pad">
      <ErrorBanner />
      <h1>{t('setup.title')}</h1>
      <p className="muted">{t('setup.intro')}</p>
      <ol className="setup-steps">
        {STEPS.map((name) => (
          <li key={name} aria-current={name === step ? 'step' : undefined} className={name === step ? 'current' : undefined}>
            {t(`setup.steps.${name}`)}
          </li>
        ))}
      </ol>
      <h2>
        {t(`setup.steps.${step}`)} <span className="muted">{t('setup.stepOf', { n: index + 1, total: STEPS.length })}</span>
      </h2>
      {settings && step === 'bench' && (
        <BenchStep
          settings={settings}
          onDone={() => {
            reload()
            go('printer')
          }}
        />
      )}
      {settings && step === 'printer' && (
        <div className="setup-step">
          <p className="muted">{t('setup.printerHelp')}</p>
          <PrinterSettings current={settings.printer} onSaved={reload} />
          <div className="row-actions">
            <button type="button" onClick={() => go('bench')}>
              {t('setup.back')}
            </button>
            <button type="button" className="primary" onClick={() => go('numbers')}>
              {settings.printer ? t('setup.next') : t('setup.skip')}
            </button>
          </div>
        </div>
      )}
      {settings && step === 'numbers' && (
        <>
          <NumbersStep benchName={settings.benchName} />
          <div className="row-actions">
            <button type="button" onClick={() => go('printer')}>
              {t('setup.back')}
            </button>
            <button type="button" className="primary" disabled={busy} onClick={finish}>
              {t('setup.finish')}
            </button>
          </div>
        </>
      )}
      <section className="setup-demo" aria-labelledby="setup-demo-heading">
        <h2 id="setup-demo-heading">{t('setup.demoHeading')}</h2>
        <p className="muted">{t('setup.demoHelp')}</p>
        <button type="button" disabled={busy} onClick={tryDemo}>
          {t('setup.demoStart')}
        </button>
      </section>
    </main>
  )
}
