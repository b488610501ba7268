import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Letterhead, Percent, PngDataUrl } from '../../../shared/documents'
import type { PublicSettings } from '../../../shared/app'
import { call } from '../bench-client'
import { useAppStore } from '../stores/app-store'

/** 200 kB is plenty for a letterhead logo or a signature, and keeps every PDF small. */
const MAX_IMAGE_BYTES = 200_000

const readPng = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    if (file.type !== 'image/png' || file.size > MAX_IMAGE_BYTES) return reject(new Error('png'))
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new Error('png'))
    reader.readAsDataURL(file)
  })

/** Letterhead, logo, signature and tax for work orders and reports; validated as typed with the schemas main enforces. */
export function DocumentSettings({ settings, onSaved }: { settings: PublicSettings; onSaved: (next: PublicSettings) => void }) {
  const { t } = useTranslation()
  const showError = useAppStore((state) => state.showError)
  const [letterhead, setLetterhead] = useState(settings.letterhead)
  const [tax, setTax] = useState(String(settings.defaultTaxRatePercent))
  const [imageError, setImageError] = useState(false)
  useEffect(() => {
    setLetterhead(settings.letterhead)
    setTax(String(settings.defaultTaxRatePercent))
  }, [settings])
  const parsedLetterhead = Letterhead.safeParse(letterhead)
  const parsedTax = Percent.safeParse(Number(tax))
  const invalid = new Set(parsedLetterhead.success ? [] : parsedLetterhead.error.issues.map((issue) => String(issue.path[0])))
  const save = (patch: Parameters<typeof call<'settings.update'>>[1]) => void call('settings.update', patch).then(onSaved, showError)
  const pickImage = (onImage: (dataUrl: string) => void) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    if (!file) return
    readPng(file).then(
      (dataUrl) => {
        setImageError(!PngDataUrl.safeParse(dataUrl).success)
        if (PngDataUrl.safeParse(dataUrl).success) onImage(dataUrl)
      },
      () => setImageError(true)
    )
  }
  return (
    <div className="document-settings">
      <div className="form-grid">
        <label className={invalid.has('name') ? 'invalid' : ''}>
          {t('settings.labName')}
          <input id="letterhead-name" value={letterhead.name} aria-invalid={invalid.has('name')} onChange={(event) => setLetterhead({ ...letterhead, name: event.target.value })} />
        </label>
        <label className={invalid.has('taxId') ? 'invalid' : ''}>
          {t('settings.taxId')}
          <input id="letterhead-tax-id" value={letterhead.taxId} onChange={(event) => setLetterhead({ ...letterhead, taxId: event.target.value })} />
        </label>
        <label className={invalid.has('address') ? 'invalid wide' : 'wide'}>
          {t('settings.address')}
          <textarea id="letterhead-address" rows={3} value={letterhead.address} onChange={(event) => setLetterhead({ ...letterhead, address: event.target.value })} />
        </label>
        <label className={parsedTax.success ? '' : 'invalid'}>
          {t('settings.defaultTax')}
          <input id="default-tax" type="number" min={0} max={100} step={0.01} value={tax} aria-invalid={!parsedTax.success} onChange={(event) => setTax(event.target.value)} />
        </label>
        <label>
          {t('settings.logo')}
          <input id="letterhead-logo" type="file" accept="image/png" onChange={pickImage((logoPngDataUrl) => setLetterhead({ ...letterhead, logoPngDataUrl }))} />
        </label>
        <label>
          {t('settings.signature')}
          <input id="report-signature" type="file" accept="image/png" onChange={pickImage((reportSignaturePng) => save({ reportSignaturePng }))} />
        </label>
      </div>
      <div className="image-previews">
        {letterhead.logoPngDataUrl && <img src={letterhead.logoPngDataUrl} alt={t('settings.logo')} />}
        {settings.reportSignaturePng && (
          <>
            <img src={settings.reportSignaturePng} alt={t('settings.signature')} />
            <button type="button" onClick={() => save({ reportSignaturePng: null })}>
              {t('settings.removeSignature')}
            </button>
          </>
        )}
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="primary"
          disabled={!parsedLetterhead.success || !parsedTax.success}
          onClick={() => parsedLetterhead.success && parsedTax.success && save({ letterhead: parsedLetterhead.data, defaultTaxRatePercent: parsedTax.data })}
        >
          {t('settings.saveDocuments')}
        </button>
        {(!parsedLetterhead.success || !parsedTax.success) && <span className="warning">{t('printer.invalid')}</span>}
        {imageError && <span className="warning">{t('settings.imageInvalid')}</span>}
      </div>
      <h3>{t('settings.notifySection')}</h3>
      {(['sampleReceived', 'sampleRejected', 'reportReady', 'workOrderIssued'] as const).map((kind) => (
        <label key={kind} className="checkbox">
          <input id={`notify-${kind}`} type="checkbox" checked={settings.notify[kind]} onChange={(event) => save({ notify: { ...settings.notify, [kind]: event.target.checked } })} />
          {t(`settings.notify.${kind}`)}
        </label>
      ))}
    </div>
  )
}
