import { describe, expect, it } from 'vitest'
import { WorkOrderDocument } from '../../../src/shared/documents'
import type { Service } from '../../../src/shared/domain'
import { defaultServiceFor, formatWorkOrderNumber } from '../../../src/shared/work-orders'
import { workOrderDocument, workOrderFileName, workOrderVerificationUrl } from '../../../src/main/features/work-orders/work-orders-document'
import type { WorkOrderRecord } from '../../../src/main/features/work-orders/work-orders-repository'

const service = (code: string, active = true): Service => ({ id: crypto.randomUUID(), code, description: code, unitPriceCents: 100, taxRatePercent: 21, active })

const draft: WorkOrderRecord = {
  id: '0190f0e0-0000-7000-8000-000000000001',
  number: null,
  year: null,
  seq: null,
  veterinarianId: '0190f0e0-0000-7000-8000-000000000002',
  veterinarianName: 'Dra. Peña',
  status: 'draft',
  version: 1,
  supersedesId: null,
  supersededById: null,
  discountPercent: 5,
  notes: 'internal note, never printed',
  locale: 'es',
  issuedAt: null,
  issuedBy: null,
  cancelledAt: null,
  cancelReason: '',
  documentJson: null,
  demo: false,
  numberRefused: null,
  renumbers: 0,
  createdBy: 'Ana',
  createdAt: '2026-01-15T09:00:00.000Z',
  updatedAt: '2026-01-15T10:00:00.000Z',
  copiedFrom: null
}
const line = { id: '0190f0e0-0000-7000-8000-000000000003', protocolId: null, protocolNumber: 'HP 26/0001', serviceId: null, code: 'HP-BIO', description: 'Biopsia', unitPriceCents: 4500, quantity: 2, discountPercent: 0, taxRatePercent: 21 }
const live = {
  letterhead: { name: 'Laboratorio Ñandú', address: '', taxId: '' },
  veterinarian: { name: 'Dra. Peña', clinic: '', email: '', phone: '', licence: '' },
  publicBaseUrl: 'https://lab.example/p/'
}

describe('work-order numbers and default services', () => {
  it('numbers per two-digit year with four digits', () => {
    expect(formatWorkOrderNumber(2026, 1)).toBe('OT 26/0001')
    expect(formatWorkOrderNumber(2031, 12345)).toBe('OT 31/12345')
  })

  it("starts a protocol's line with an active service of its type, else the first active one", () => {
    const list = [service('URG'), service('HP-BIO', false), service('HP-NEC'), service('CT-CIT')]
    expect(defaultServiceFor('HP', list)?.code).toBe('HP-NEC')
    expect(defaultServiceFor('CT', list)?.code).toBe('CT-CIT')
    expect(defaultServiceFor('CT', [service('URG')])?.code).toBe('URG')
    expect(defaultServiceFor('HP', [service('HP-BIO', false)])).toBeNull()
  })
})

describe('the document a work order prints', () => {
  it('builds a valid renderer input from a draft: live letterhead and vet, lines, discount, no internal notes', () => {
    const document = workOrderDocument(draft, [line], live)
    expect(WorkOrderDocument.safeParse(document).success).toBe(true)
    expect(document).toMatchObject({ status: 'draft', version: 1, orderDiscountPercent: 5, locale: 'es', letterhead: live.letterhead })
    expect(document.lines).toEqual([{ protocolNumber: 'HP 26/0001', serviceCode: 'HP-BIO', description: 'Biopsia', unitPriceCents: 4500, quantity: 2, discountPercent: 0, taxRatePercent: 21 }])
    expect(JSON.stringify(document)).not.toContain('internal note')
    expect(document.verificationUrl).toBe(workOrderVerificationUrl(live.publicBaseUrl, draft.id))
    expect(document.verificationUrl).toBe(`https://lab.example/p/ot/${draft.id}`)
  })

  it('an issued order prints its frozen input whatever the settings say now; only the status follows the order', () => {
    const frozen = workOrderDocument({ ...draft, number: 'OT 26/0007', status: 'issued' }, [line], live)
    const issued = { ...draft, number: 'OT 26/0007', status: 'issued' as const, documentJson: JSON.stringify(frozen) }
    const changedSettings = { ...live, letterhead: { name: 'Otro nombre', address: '', taxId: '' } }
    expect(workOrderDocument(issued, [], changedSettings)).toEqual(frozen)
    expect(workOrderDocument({ ...issued, status: 'cancelled' }, [], changedSettings)).toEqual({ ...frozen, status: 'cancelled' })
  })

  it('names files after the number and version, drafts after their id', () => {
    expect(workOrderFileName({ id: draft.id, number: 'OT 26/0007', version: 2 })).toBe('OT-26-0007-v2.pdf')
    expect(workOrderFileName({ id: draft.id, number: null, version: 1 })).toBe('OT-borrador-00000001-v1.pdf')
  })
})
