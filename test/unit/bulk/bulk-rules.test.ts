import { describe, expect, it } from 'vitest'
import { actionUndoable, bulkStatusAllowed, BulkStartInput } from '../../../src/shared/bulk'
import { ProtocolStatus } from '../../../src/shared/domain'
import { csvDelimiter, csvField, csvRecord, localDateTime } from '../../../src/main/features/exports/csv-format'
import { exportFileName } from '../../../src/shared/exports'

describe('bulk status rules', () => {
  it('moves only along the allowed edges; a reported protocol is never voided from the bench', () => {
    const allowed = ProtocolStatus.options.flatMap((from) =>
      (['processing', 'received', 'voided'] as const).filter((to) => bulkStatusAllowed(from, to)).map((to) => `${from}>${to}`)
    )
    expect(allowed.sort()).toEqual(
      ['received>processing', 'processing>received', 'registered>voided', 'received>voided', 'rejected>voided', 'processing>voided'].sort()
    )
  })

  it('undo is offered for status changes, and for assignments only where unassigning exists', () => {
    expect(actionUndoable('status', false)).toBe(true)
    expect(actionUndoable('reprint', true)).toBe(false)
    expect(actionUndoable('receive', true)).toBe(false)
    expect(actionUndoable('assignWorkOrder', false)).toBe(false)
    expect(actionUndoable('assignWorkOrder', true)).toBe(true)
  })

  it('a status action needs a settable target; received/rejected stay reception decisions', () => {
    const ids = { ids: ['00000000-0000-4000-8000-000000000000'] }
    expect(BulkStartInput.safeParse({ action: 'status', status: 'processing', selection: ids }).success).toBe(true)
    expect(BulkStartInput.safeParse({ action: 'status', status: 'rejected', selection: ids }).success).toBe(false)
    expect(BulkStartInput.safeParse({ action: 'status', selection: ids }).success).toBe(false)
    expect(BulkStartInput.safeParse({ action: 'reprint', selection: { ids: [] } }).success).toBe(false)
  })
})

describe('CSV for Excel', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvField('Peña; "el" grande', ';')).toBe('"Peña; ""el"" grande"')
    expect(csvField('a,b', ';')).toBe('a,b')
    expect(csvField('a,b', ',')).toBe('"a,b"')
    expect(csvField('=1+1', ';')).toBe("'=1+1")
    expect(csvField('-5 días', ';')).toBe("'-5 días")
    expect(csvField(-5, ';')).toBe('-5')
    expect(csvField(null, ';')).toBe('')
    expect(csvField('two\nlines', ';')).toBe('"two\nlines"')
    expect(csvRecord(['a', 2, null], ';')).toBe('a;2;\r\n')
  })

  it('uses the list separator Excel expects for the language, and local times Excel recognises', () => {
    expect(csvDelimiter('es')).toBe(';')
    expect(csvDelimiter('en')).toBe(',')
    const at = new Date(2026, 0, 2, 3, 4, 5)
    expect(localDateTime(at)).toBe('2026-01-02 03:04:05')
    expect(csvField(at, ';')).toBe('2026-01-02 03:04:05')
    expect(exportFileName('protocols', 'xlsx', at)).toBe('protocols-20260102-030405.xlsx')
    // The bench that made it, as any file system takes it.
    expect(exportFileName('protocols', 'csv', at, ' Recepción Norte / Ñandú ')).toBe('protocols-Recepcion-Norte-Nandu-20260102-030405.csv')
    expect(exportFileName('workOrders', 'csv', at, '¿?')).toBe('workOrders-20260102-030405.csv')
  })
})
