/**
 * The app's message catalogues read the way the renderer's i18next reads them (nested keys,
 * `{{name}}` values, `_one`/`_other` plurals, `defaultValue`), so a test in Node can check the
 * exact words a clerk sees without loading i18next (which runs only in the renderer).
 */
import { es } from '../../src/renderer/src/i18n/es'
import { en } from '../../src/renderer/src/i18n/en'

type Options = Record<string, unknown> & { defaultValue?: string; count?: number }

function lookup(catalogue: unknown, key: string): string | undefined {
  let node: unknown = catalogue
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** A `t` over the Spanish or English catalogue; cast it to the renderer function's parameter type. */
export function translator(language: 'es' | 'en') {
  const catalogue = language === 'es' ? es : en
  return (key: string, options: Options = {}): string => {
    const plural = typeof options.count === 'number' ? lookup(catalogue, `${key}_${options.count === 1 ? 'one' : 'other'}`) : undefined
    const text = plural ?? lookup(catalogue, key) ?? options.defaultValue ?? key
    return text.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => String(options[name] ?? ''))
  }
}
