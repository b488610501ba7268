import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PrinterConfigSchema, type PrinterConfig } from '../../../shared/printer-config'
import { DEFAULT_LABEL_SETTINGS } from '../../../shared/label-settings'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

type Draft = Record<string, string | number>

const fromConfig = (config: PrinterConfig | null): Draft => ({
  driver: config?.driver ?? 'tcp9100',
  name: config?.name ?? 'Zebra',
  language: config?.language ?? 'zpl',
  host: config && 'host' in config ? config.host : '',
  port: config && 'port' in config ? config.port : 9100,
  queue: config && 'queue' in config ? config.queue : '',
  printerName: config && 'printerName' in config ? config.printerName : '',
  deviceName: config && 'deviceName' in config ? config.deviceName : '',
  ...(config?.label ?? DEFAULT_LABEL_SETTINGS)
})

const toConfig = (draft: Draft): unknown => {
  const label = {
    widthMm: Number(draft.widthMm),
    heightMm: Number(draft.heightMm),
    gapMm: Number(draft.gapMm),
    dpi: Number(draft.dpi),
    offsetXmm: Number(draft.offsetXmm),
    offsetYmm: Number(draft.offsetYmm),
    darkness: Number(draft.darkness),
    copies: Number(draft.copies)
  }
  const common = { id: 'label-printer', name: draft.name, driver: draft.driver, language: draft.driver === 'pdf' ? 'pdf' : draft.language, label }
  switch (draft.driver) {
    case 'tcp9100':
      return { ...common, host: draft.host, port: Number(draft.port) }
    case 'cups':
      return { ...common, queue: draft.queue }
    case 'windows':
      return { ...common, printerName: draft.printerName }
    default:
      return { ...common, deviceName: draft.deviceName }
  }
}

/** Printer form, validated as the clerk types with the same schema main enforces. */
export function PrinterSettings({ current, onSaved }: { current: PrinterConfig | null; onSaved: () => void }) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<Draft>(() => fromConfig(current))
  const [status, setStatus] = useState<string | null>(null)
  const [queues, setQueues] = useState<string[]>([])
  const showError = useAppStore((state) => state.showError)
  useEffect(() => setDraft(fromConfig(current)), [current])
  const parsed = PrinterConfigSchema.safeParse(toConfig(draft))
  const invalid = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[issue.path.length - 1])))
  const field = (name: string, type: 'text' | 'number' = 'text', extra: Record<string, unknown> = {}) => (
    <label className={invalid.has(name) ? 'invalid' : ''}>
      {t(`printer.${name}`)}
      <input id={`printer-${name}`} type={type} value={draft[name]} aria-invalid={invalid.has(name)} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} {...extra} />
    </label>
  )
  const save = async () => {
    if (!parsed.success) return
    try {
      await call('settings.update', { printer: parsed.data })
      onSaved()
      setStatus(t('printer.saved'))
    } catch (error) {
      showError(error)
    }
  }
  const test = async () => {
    try {
      const result = await call('printers.status', {})
      setStatus(result.ready ? t('printer.ready') : t('printer.notReady', { reason: t(`printer.reasons.${result.reason}`, { defaultValue: result.reason }) }))
    } catch (error) {
      showError(error)
    }
  }
  // Prints on the form's printer as typed, saved or not, so the clerk can try before saving.
  const testPrint = async () => {
    if (!parsed.success) return
    setStatus(null)
    try {
      await call('printers.testPrint', { printer: parsed.data })
      setStatus(t('printer.testPrinted'))
    } catch (error) {
      showError(error)
    }
  }
  return (
    <div className="printer-settings">
      <div className="form-grid">
        <label>
          {t('printer.driver')}
          <select id="printer-driver" value={draft.driver} onChange={(event) => setDraft({ ...draft, driver: event.target.value })}>
            {(['tcp9100', 'cups', 'windows', 'pdf'] as const).map((driver) => (
              <option key={driver} value={driver}>
                {t(`printer.drivers.${driver}`)}
              </option>
            ))}
          </select>
        </label>
        {field('name')}
        {draft.driver !== 'pdf' && (
          <label>
            {t('printer.language')}
            <select id="printer-language" value={draft.language} onChange={(event) => setDraft({ ...draft, language: event.target.value })}>
              <option value="zpl">ZPL (Zebra)</option>
              <option value="tspl">TSPL (TSC)</option>
            </select>
          </label>
        )}
        {draft.driver === 'tcp9100' && (
          <>
            {field('host')}
            {field('port', 'number')}
          </>
        )}
        {draft.driver === 'cups' && (
          <>
            {field('queue', 'text', { list: 'cups-queues' })}
            <datalist id="cups-queues">
              {queues.map((queue) => (
                <option key={queue} value={queue} />
              ))}
            </datalist>
          </>
        )}
        {draft.driver === 'windows' && field('printerName')}
        {draft.driver === 'pdf' && field('deviceName')}
        <label>
          {t('printer.dpi')}
          <select id="printer-dpi" value={draft.dpi} onChange={(event) => setDraft({ ...draft, dpi: Number(event.target.value) })}>
            <option value={203}>203 dpi</option>
            <option value={300}>300 dpi</option>
          </select>
        </label>
        {field('widthMm', 'number', { step: 0.5 })}
        {field('heightMm', 'number', { step: 0.5 })}
        {field('gapMm', 'number', { step: 0.5 })}
        {field('offsetXmm', 'number', { step: 0.1 })}
        {field('offsetYmm', 'number', { step: 0.1 })}
        {field('darkness', 'number')}
        {field('copies', 'number')}
      </div>
      <div className="row-actions">
        <button type="button" className="primary" disabled={!parsed.success} onClick={() => void save()}>
          {t('printer.save')}
        </button>
        <button type="button" onClick={() => void test()}>
          {t('printer.test')}
        </button>
        <button type="button" disabled={!parsed.success} onClick={() => void testPrint()}>
          {t('printer.testPrint')}
        </button>
        <button type="button" onClick={() => void call('printers.discover', {}).then((found) => setQueues(found.cupsQueues), showError)}>
          {t('printer.discover')}
        </button>
        {!parsed.success && <span className="warning">{t('printer.invalid')}</span>}
        {status && <span role="status">{status}</span>}
      </div>
    </div>
  )
}
