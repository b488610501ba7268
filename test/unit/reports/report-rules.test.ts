import { describe, expect, it } from 'vitest'
import { FinalizableContent, ReportContent, nextCassetteCode, readinessIssues, reportFileName, type ReportContentInput } from '../../../src/shared/reports'
import { buildReportDocument, localCalendarDate, type ReportDocumentSource } from '../../../src/main/features/reports/report-document'
import type { Protocol } from '../../../src/shared/domain'

const content = (overrides: Partial<ReportContentInput> = {}) =>
  ReportContent.parse({
    macroscopy: 'Fragmento de 1 cm.',
    cassettes: [
      { code: 'A1', tissue: 'Piel', pieces: 2, microscopy: 'Sin alteraciones.' },
      { code: 'A2', tissue: 'Margen', pieces: 1, microscopy: '' }
    ],
    diagnosis: 'Piel sin alteraciones.',
    comments: '',
    pathologist: { name: 'Dra. Peñalver', licence: '' },
    ...overrides
  })

const protocol: Protocol = {
  id: '0190b5a0-0000-7000-8000-00000000000a',
  type: 'CT',
  year: 2026,
  seq: 45,
  number: 'CT 26/0045',
  externalId: null,
  status: 'received',
  veterinarianId: '0190b5a0-0000-7000-8000-00000000000b',
  veterinarianName: 'Dr. Ibáñez',
  animal: { name: 'Kira', species: 'Gato', breed: '', sex: 'female', age: '3 años', owner: 'Peña' },
  sample: { sampleType: 'PAAF', fixative: '', containers: [{ condition: 'good', note: '' }, { condition: 'leaking', note: '' }] },
  rejectionReason: null,
  receivedAt: new Date(2026, 0, 12, 23, 30).toISOString(),
  receivedBy: 'Ana',
  createdAt: new Date(2026, 0, 12, 9, 0).toISOString(),
  updatedAt: new Date(2026, 0, 12, 23, 30).toISOString(),
  demo: false
}

const source = (overrides: Partial<ReportDocumentSource> = {}): ReportDocumentSource => ({
  protocol,
  veterinarian: null,
  content: content(),
  version: 1,
  amendsVersion: null,
  letterhead: { name: 'Laboratorio', address: '', taxId: '' },
  signaturePngDataUrl: null,
  publicBaseUrl: 'https://lab.example/p/',
  locale: 'es',
  finalizedAt: new Date(2026, 0, 20, 0, 15),
  ...overrides
})

describe('report readiness', () => {
  it('accepts a complete draft', () => {
    expect(readinessIssues(content())).toEqual([])
    expect(FinalizableContent.safeParse(content()).success).toBe(true)
  })

  it('names the pathologist, the diagnosis and each repeated cassette code (case and spaces ignored)', () => {
    const draft = content({
      diagnosis: ' \n ',
      pathologist: { name: '  ', licence: '' },
      cassettes: [
        { code: 'A1', tissue: '', pieces: 1, microscopy: '' },
        { code: 'a1 ', tissue: '', pieces: 1, microscopy: '' },
        { code: 'B1', tissue: '', pieces: 1, microscopy: '' },
        { code: 'A1', tissue: '', pieces: 1, microscopy: '' }
      ]
    })
    expect(readinessIssues(draft).map((issue) => [issue.issue, issue.path.join('.')])).toEqual([
      ['pathologist', 'pathologist.name'],
      ['diagnosis', 'diagnosis'],
      ['duplicateCassette', 'cassettes.1.code'],
      ['duplicateCassette', 'cassettes.3.code']
    ])
    const parsed = FinalizableContent.safeParse(draft)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['pathologist', 'diagnosis', 'duplicateCassette', 'duplicateCassette'])
  })

  it('refuses unknown fields and more cassettes than a report holds', () => {
    expect(ReportContent.safeParse({ ...content(), extra: 1 }).success).toBe(false)
    const many = Array.from({ length: 201 }, (_, i) => ({ code: `C${i}`, tissue: '', pieces: 1, microscopy: '' }))
    expect(ReportContent.safeParse({ ...content(), cassettes: many }).success).toBe(false)
  })
})

describe('report file name', () => {
  it('keeps the protocol number readable and free of path separators', () => {
    expect(reportFileName('HP 26/0123', 2)).toBe('informe_HP_26-0123_v2.pdf')
    expect(reportFileName(null, 1)).toBe('informe_sin-numero_v1.pdf')
    expect(reportFileName('HP 26/0123', 1)).not.toMatch(/[\\/:*?"<>| ]/)
  })
})

describe('report document', () => {
  it('takes calendar dates in the bench time zone, containers by count and the protocol as the verification link', () => {
    const doc = buildReportDocument(source())
    expect(doc.receivedDate).toBe(localCalendarDate(new Date(protocol.receivedAt!)))
    expect(doc.receivedDate).toBe('2026-01-12')
    expect(doc.finalizedDate).toBe('2026-01-20')
    expect(doc.sample).toEqual({ sampleType: 'PAAF', containers: 2 })
    expect(doc.verificationUrl).toBe(`https://lab.example/p/${protocol.id}`)
    expect(doc.veterinarian.name).toBe('Dr. Ibáñez')
    expect(doc.protocolType).toBe('CT')
    expect(doc.signaturePngDataUrl).toBeUndefined()
    expect(doc.amends).toBeNull()
  })

  it('carries the amended version and the signature when there is one', () => {
    const signature = 'data:image/png;base64,iVBORw0KGgo='
    const doc = buildReportDocument(source({ version: 3, amendsVersion: 2, signaturePngDataUrl: signature }))
    expect(doc).toMatchObject({ version: 3, amends: 2, signaturePngDataUrl: signature })
  })

  it('refuses what could not be rendered: no number, no pathologist', () => {
    expect(() => buildReportDocument(source({ protocol: { ...protocol, number: null } }))).toThrow(/no number/)
    expect(() => buildReportDocument(source({ content: content({ pathologist: { name: '', licence: '' } }) }))).toThrow()
  })

  it('is the same input for the same report, so every attempt renders the same bytes', () => {
    expect(JSON.stringify(buildReportDocument(source()))).toBe(JSON.stringify(buildReportDocument(source())))
  })
})

describe('next cassette code', () => {
  it('follows the last row: its number plus one, A1 for the first', () => {
    expect(nextCassetteCode([])).toBe('A1')
    expect(nextCassetteCode(['A1', 'A2'])).toBe('A3')
    expect(nextCassetteCode(['A1', 'B9'])).toBe('B10')
    expect(nextCassetteCode(['GANGLIO'])).toBe('GANGLIO1')
    expect(nextCassetteCode(['A1', '  '])).toBe('A1')
  })
})
