/**
 * How a code from the catalogue (src/shared/error-codes.ts) becomes words for the clerk: one
 * function per kind of thing (a refused request, a field's rule, a job's error, a job kind), so
 * every page says the same thing the same way and never shows a raw code or English detail.
 * Pages that show jobs (Jobs, Reception, bulk, reports) use these; the technical text stays
 * behind the "detalles" toggle (`TechnicalDetails`).
 */
import type { TFunction } from 'i18next'
import type { ErrorParams, JobErrorInfo } from '../../../shared/error-codes'
import type { FieldIssue } from '../../../shared/contract'

type Params = ErrorParams | undefined

/** Parameters that are codes themselves are said in words: a status by its name, a printer reason by its few words. */
function spokenParams(t: TFunction, params: Params): Record<string, string | number> {
  const spoken: Record<string, string | number> = {}
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string' && (key === 'status' || key === 'from' || key === 'to')) spoken[key] = t(`status.${value}`, { defaultValue: value })
    else if (typeof value === 'string' && key === 'reason') spoken[key] = t(`printerWaits.${value}`, { defaultValue: t(`errors.${value}`, { defaultValue: value }) })
    else spoken[key] = value
  }
  return spoken
}

/** A refusal or a job error in the clerk's language. */
export function errorText(t: TFunction, error: { code: string; params?: Params }): string {
  return t(`errors.${error.code}`, { ...spokenParams(t, error.params), defaultValue: t('errors.internal') })
}

/** The key of a field's name: dots as underscores, list positions left out. */
export function fieldKey(path: string): string {
  return path.replace(/\.\d+(?=\.|$)/g, '').replaceAll('.', '_')
}

/** "Propietario: máximo 160 caracteres". */
export function issueText(t: TFunction, issue: FieldIssue): string {
  const field = t(`fields.${fieldKey(issue.path)}`, { defaultValue: t('fields.any') })
  const rule = t(`rules.${issue.rule ?? 'invalid'}`, { ...(issue.params ?? {}), defaultValue: t('rules.invalid') })
  return `${field}: ${rule}`
}

/** A job kind by its name ("Etiqueta", "Acción en bloque"). */
export function jobKindName(t: TFunction, kind: string): string {
  return t(`jobKinds.${kind.replaceAll('.', '_')}`, { defaultValue: t('jobKinds.any') })
}

/** A job's last error in words; null when it has none. */
export function jobErrorText(t: TFunction, job: { error: JobErrorInfo | null }): string | null {
  return job.error ? errorText(t, job.error) : null
}

/** The few words for what a printer job waits on ("sin papel"); null for anything that is not the printer's. */
export function printerWaitText(t: TFunction, error: JobErrorInfo | null): string | null {
  if (!error || !error.code.startsWith('printer_')) return null
  return t(`printerWaits.${error.code}`, { defaultValue: errorText(t, error) })
}
