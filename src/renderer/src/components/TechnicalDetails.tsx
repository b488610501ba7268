import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * The English technical text of an error (the socket error, the spooler's words), kept out of the
 * clerk's sentence and offered behind a "detalles" toggle for whoever supports the bench.
 */
export function TechnicalDetails({ text }: { text: string | null | undefined }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  if (!text) return null
  return (
    <span className="technical-details">
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="details-toggle">
        {open ? t('details.hide') : t('details.show')}
      </button>
      {open && <code data-testid="details-text">{text}</code>}
    </span>
  )
}
