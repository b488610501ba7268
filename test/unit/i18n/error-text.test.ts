import { describe, expect, it } from 'vitest'
import { syncConflictInfo, syncErrorInfo } from '../../../src/shared/error-codes'
import { errorText, issueText, jobKindName } from '../../../src/renderer/src/i18n/error-text'
import { translator } from '../../support/messages'

type T = Parameters<typeof errorText>[0]
const es = translator('es') as unknown as T
const en = translator('en') as unknown as T

describe('codes said in words', () => {
  it('a sync failure: the server\'s own code, an HTTP status without one, and anything unknown', () => {
    expect(errorText(es, syncErrorInfo({ code: 'http_503' }))).toBe('El servidor central contestó con un error (503).')
    expect(errorText(es, syncErrorInfo({ code: 'not_paired' }))).toBe(errorText(es, { code: 'not_paired' }))
    expect(errorText(en, syncErrorInfo({ code: 'a_code_from_a_newer_server' }))).toBe('Sync failed: see Sync.')
    expect(errorText(es, syncConflictInfo('a_rejection_from_a_newer_server'))).toBe('Un cambio del servidor no se pudo aplicar en este puesto.')
  })

  it('a field issue as "<field>: <rule>", with the limit', () => {
    expect(issueText(es, { path: 'animal.owner', code: 'too_big', message: 'Too big', rule: 'too_long', params: { maximum: 160 } })).toBe('Propietario: máximo 160 caracteres')
    expect(issueText(en, { path: 'sample.containers.2.note', code: 'too_big', message: 'Too big', rule: 'too_long', params: { maximum: 200 } })).toMatch(/: .*200/)
  })

  it('a job kind by its name, an unknown one as a job', () => {
    expect(jobKindName(es, 'label.print')).toBe('Etiqueta')
    expect(jobKindName(en, 'bulk.run')).toBe('Bulk action')
    expect(jobKindName(es, 'some.future_kind')).toBe('Tarea')
  })
})
