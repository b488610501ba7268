import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, typeRanges, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'
import { flatText, inkRatio, pdfPageCount, pdfPagePng, pdfText } from '../../support/pdf-tools'
import type { EventPayload } from '../../../src/shared/contract'
import type { ReportView } from '../../../src/shared/reports'
import { createReportsRepository } from '../../../src/main/features/reports/reports-repository'
import { receiveProtocol, sampleContent } from './support'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('reports', () => {
  let bench: TestHost
  let changes: EventPayload<'reports.changed'>[]

  beforeEach(async () => {
    // A live bench: the reports of demo protocols go with the demo data, so only a real one is immutable for ever.
    bench = await startTestHost({ demoProtocols: 0, clock: testClock })
    await typeRanges(bench.call, testClock().getFullYear())
    await bench.call('veterinarians.create', { name: 'Dra. Lucía Fernández', clinic: 'Clínica Peñalara', email: 'lucia@example.org', phone: '', licence: 'COL-1000' })
    changes = []
    bench.host.subscribe((event, payload) => {
      if (event === 'reports.changed') changes.push(payload as EventPayload<'reports.changed'>)
    })
  })
  afterEach(async () => {
    await bench.close()
  })

  /** Waits until the queue has nothing left and the post-commit notices went out. */
  async function settled(): Promise<void> {
    await bench.host.queue.drained()
    await new Promise((resolve) => setImmediate(resolve))
  }

  const count = (sql: string, ...params: unknown[]) => bench.host.db.prepare(sql).pluck().get(...params) as number

  async function finalizedReport() {
    const { protocol, veterinarian } = await receiveProtocol(bench.call)
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    const requested = await bench.call('reports.finalize', { id: draft.id })
    await settled()
    return { protocol, veterinarian, draft, requested, report: await bench.call('reports.get', { id: draft.id }) }
  }

  it('keeps a draft with its cassettes in order, and a second save replaces them', async () => {
    const { protocol } = await receiveProtocol(bench.call)
    const first = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    expect(first).toMatchObject({ status: 'draft', version: 1, amendsId: null, finalizeJob: null, pdfSha256: null })
    expect(first.content.cassettes.map((c) => c.code)).toEqual(['A1', 'A2', 'B1'])

    const edited = sampleContent({ cassettes: [{ code: 'C1', tissue: 'Ganglio', pieces: 1, microscopy: 'Sin alteraciones.' }], comments: '' })
    const second = await bench.call('reports.saveDraft', { protocolId: protocol.id, id: first.id, content: edited })
    expect(second.id).toBe(first.id)
    expect(second.content.cassettes).toEqual([{ code: 'C1', tissue: 'Ganglio', pieces: 1, microscopy: 'Sin alteraciones.' }])
    expect(count(`SELECT count(*) FROM report_cassettes WHERE report_id = ?`, first.id)).toBe(1)

    // Without an id the open draft is the one written: a protocol never gets two open versions.
    const third = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent({ diagnosis: 'Lipoma.' }) })
    expect(third.id).toBe(first.id)
    const listed = await bench.call('reports.forProtocol', { protocolId: protocol.id })
    expect(listed.versions.map((v) => [v.version, v.status])).toEqual([[1, 'draft']])
    expect(listed.current?.content.diagnosis).toBe('Lipoma.')
    expect(count(`SELECT count(*) FROM audit_log WHERE entity = 'report' AND entity_id = ?`, first.id)).toBe(3)
    expect(count(`SELECT count(*) FROM outbox WHERE entity = 'report' AND entity_id = ?`, first.id)).toBe(3)
  })

  it('answers finalize at once, then stores the PDF with its hash, reports the protocol and queues one e-mail with the PDF', async () => {
    const { protocol, veterinarian, requested, report } = await finalizedReport()
    expect(requested.status).toBe('finalizing')
    expect(requested.finalizeJob?.kind).toBe('report.finalize')
    expect(requested.pdfSha256).toBeNull()

    expect(report.status).toBe('finalized')
    expect(report.finalizeStep).toBe('finalized')
    expect(report.finalizeJob?.state).toBe('succeeded')
    expect(report.finalizedAt).not.toBeNull()
    const pdf = await bench.call('reports.pdf', { id: report.id })
    const bytes = new Uint8Array(Buffer.from(pdf.pdfBase64, 'base64'))
    expect(pdf.sha256).toBe(sha256(bytes))
    expect(report.pdfSha256).toBe(pdf.sha256)
    expect(pdf.fileName).toBe(`informe_${protocol.number!.replace(' ', '_').replace('/', '-')}_v1.pdf`)

    const text = flatText(await pdfText(bytes))
    for (const expected of ['INFORME HISTOPATOLÓGICO', protocol.number!, 'Sarcoma de tejidos blandos de grado I', 'Peña', 'Núñez Ibáñez', 'Dra. Lucía Peñalver', 'Márgenes laterales', 'A1', 'A2', 'B1', veterinarian.name]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('BORRADOR')
    expect(await pdfPageCount(bytes)).toBe(1)
    expect(inkRatio(await pdfPagePng(bytes, 1, 60))).toBeGreaterThan(0.01)

    const after = await bench.call('protocols.get', { id: protocol.id })
    expect(after.protocol.status).toBe('reported')
    expect(after.history.filter((change) => change.to === 'reported')).toHaveLength(1)
    const notifications = bench.host.db.prepare(`SELECT id, kind, report_id, recipient FROM notifications WHERE protocol_id = ? AND kind = 'report_ready'`).all(protocol.id)
    expect(notifications).toEqual([{ id: expect.any(String), kind: 'report_ready', report_id: report.id, recipient: veterinarian.email }])
    const outbound = JSON.parse(
      bench.host.db.prepare(`SELECT payload_json FROM outbox WHERE entity = 'notification' AND entity_id = ?`).pluck().get((notifications[0] as { id: string }).id) as string
    ) as { attachments: { filename: string; contentType: string; contentBase64: string }[] }
    expect(outbound.attachments).toEqual([{ filename: pdf.fileName, contentType: 'application/pdf', contentBase64: pdf.pdfBase64 }])
    expect(changes.map((change) => change.status)).toEqual(['draft', 'finalizing', 'finalized'])
  })

  it('finalizing twice queues one job and leaves one finalized version', async () => {
    const { protocol } = await receiveProtocol(bench.call)
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    const [a, b] = await Promise.all([bench.call('reports.finalize', { id: draft.id }), bench.call('reports.finalize', { id: draft.id })])
    expect(a.finalizeJob?.id).toBe(b.finalizeJob?.id)
    await settled()
    const again = await bench.call('reports.finalize', { id: draft.id })
    expect(again.status).toBe('finalized')
    expect(count(`SELECT count(*) FROM jobs WHERE kind = 'report.finalize'`)).toBe(1)
    expect(count(`SELECT count(*) FROM reports WHERE protocol_id = ? AND status = 'finalized'`, protocol.id)).toBe(1)
    expect(count(`SELECT count(*) FROM notifications WHERE protocol_id = ? AND kind = 'report_ready'`, protocol.id)).toBe(1)
  })

  it('refuses to change a finalized report, through the requests and in the database itself', async () => {
    const { protocol, report } = await finalizedReport()
    await expect(bench.call('reports.saveDraft', { protocolId: protocol.id, id: report.id, content: sampleContent({ diagnosis: 'Otro' }) })).rejects.toMatchObject({ code: 'report_is_final' })
    await expect(bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })).rejects.toMatchObject({ code: 'report_has_final' })
    const db = bench.host.db
    expect(() => db.prepare(`UPDATE reports SET diagnosis = 'x' WHERE id = ?`).run(report.id)).toThrow(/immutable/)
    expect(() => db.prepare(`DELETE FROM report_cassettes WHERE report_id = ?`).run(report.id)).toThrow(/draft/)
    expect(() => db.prepare(`UPDATE report_pdfs SET bytes = x'00' WHERE report_id = ?`).run(report.id)).toThrow(/immutable/)
    expect(() => db.prepare(`DELETE FROM report_pdfs WHERE report_id = ?`).run(report.id)).toThrow(/immutable/)
    expect((await bench.call('reports.get', { id: report.id })).content.diagnosis).toBe(sampleContent().diagnosis)
  })

  it('amends with a new version pointing to the old one, which stays as it was', async () => {
    const { protocol, report: first } = await finalizedReport()
    const amendment = await bench.call('reports.amend', { id: first.id })
    expect(amendment).toMatchObject({ status: 'draft', version: 2, amendsId: first.id })
    expect(amendment.content).toEqual(first.content)
    expect((await bench.call('reports.amend', { id: first.id })).id).toBe(amendment.id)

    await bench.call('reports.saveDraft', { protocolId: protocol.id, id: amendment.id, content: sampleContent({ diagnosis: 'Sarcoma de tejidos blandos de grado II.' }) })
    await bench.call('reports.finalize', { id: amendment.id })
    await settled()
    const second = await bench.call('reports.get', { id: amendment.id })
    expect(second.status).toBe('finalized')
    expect(second.pdfSha256).not.toBe(first.pdfSha256)
    const text = flatText(await pdfText(new Uint8Array(Buffer.from((await bench.call('reports.pdf', { id: second.id })).pdfBase64, 'base64'))))
    expect(text).toContain('Versión 2: rectifica y sustituye a la versión 1')
    expect(text).toContain('grado II')

    const stillFirst = await bench.call('reports.get', { id: first.id })
    expect(stillFirst).toMatchObject({ status: 'finalized', pdfSha256: first.pdfSha256, content: first.content })
    const listed = await bench.call('reports.forProtocol', { protocolId: protocol.id })
    expect(listed.versions.map((v) => [v.version, v.status])).toEqual([[2, 'finalized'], [1, 'finalized']])
    expect(listed.current?.id).toBe(second.id)
    // The protocol was reported once; the corrected report is sent again.
    expect((await bench.call('protocols.get', { id: protocol.id })).history.filter((c) => c.to === 'reported')).toHaveLength(1)
    expect(count(`SELECT count(*) FROM notifications WHERE protocol_id = ? AND kind = 'report_ready'`, protocol.id)).toBe(2)
    await expect(bench.call('reports.amend', { id: first.id })).rejects.toMatchObject({ code: 'report_not_newest' })
    // The chain cannot fork, even written by hand.
    expect(() =>
      bench.host.db
        .prepare(`INSERT INTO reports (id, protocol_id, version, amends_id, status, created_at, updated_at) VALUES (?, ?, 3, ?, 'draft', 'x', 'x')`)
        .run('0190b5a0-0000-7000-8000-000000000001', protocol.id, first.id)
    ).toThrow(/UNIQUE/)
  })

  it('refuses to finalize an incomplete draft, naming the fields, and queues nothing', async () => {
    const { protocol } = await receiveProtocol(bench.call)
    const content = sampleContent({ diagnosis: '  ', pathologist: { name: '', licence: '' } })
    content.cassettes = [...content.cassettes!, { code: 'a1', tissue: '', pieces: 1, microscopy: '' }]
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content })
    const refusal = await bench.call('reports.finalize', { id: draft.id }).catch((error: unknown) => error)
    expect(refusal).toMatchObject({ code: 'invalid_input' })
    const paths = (refusal as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort()
    expect(paths).toEqual(['cassettes.3.code', 'diagnosis', 'pathologist.name'])
    expect((await bench.call('reports.get', { id: draft.id })).status).toBe('draft')
    expect(count(`SELECT count(*) FROM jobs WHERE kind = 'report.finalize'`)).toBe(0)
  })

  it('has no PDF before it is finalized, and refuses reports for protocols that were not received', async () => {
    const { protocol } = await receiveProtocol(bench.call)
    const draft: ReportView = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    await expect(bench.call('reports.pdf', { id: draft.id })).rejects.toMatchObject({ code: 'report_no_pdf' })
    const rejected = await receiveProtocol(bench.call, { decision: 'reject', rejectionReason: 'Muestra sin fijar' })
    await expect(bench.call('reports.saveDraft', { protocolId: rejected.protocol.id, content: sampleContent() })).rejects.toMatchObject({ code: 'protocol_not_reportable', params: { status: 'rejected' } })
  })
  it('fails a finalize for good on an input that cannot render, shows why, and lets the draft be edited and finalized again', async () => {
    const { protocol } = await receiveProtocol(bench.call)
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    // A frozen input no renderer accepts, as a damaged or foreign row would carry.
    createReportsRepository(bench.host.db).markFinalizing(draft.id, { inputJson: '{"protocolNumber":""}', inputSha256: 'f'.repeat(64), at: new Date().toISOString() })
    const retried = await bench.call('reports.finalize', { id: draft.id })
    expect(retried.finalizeJob?.state).toBe('queued')
    await settled()
    const failed = await bench.call('reports.get', { id: draft.id })
    expect(failed.status).toBe('finalizing')
    expect(failed.finalizeJob).toMatchObject({ state: 'failed', attempts: 1 })
    expect(failed.finalizeJob?.lastError).toContain('invalid report document')
    expect(count(`SELECT count(*) FROM report_pdfs WHERE report_id = ?`, draft.id)).toBe(0)

    const reopened = await bench.call('reports.saveDraft', { protocolId: protocol.id, id: draft.id, content: sampleContent({ comments: 'Corregido.' }) })
    expect(reopened).toMatchObject({ status: 'draft', finalizeStep: null })
    await bench.call('reports.finalize', { id: draft.id })
    await settled()
    const finalized = await bench.call('reports.get', { id: draft.id })
    expect(finalized.status).toBe('finalized')
    expect(finalized.content.comments).toBe('Corregido.')
    expect(count(`SELECT count(*) FROM jobs WHERE kind = 'report.finalize'`)).toBe(2)
    expect(count(`SELECT count(*) FROM audit_log WHERE action = 'report.reopened' AND entity_id = ?`, draft.id)).toBe(1)
  })

  it('refuses to edit a report while its finalize job is still live', async () => {
    const { protocol } = await receiveProtocol(bench.call)
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    const requested = await bench.call('reports.finalize', { id: draft.id })
    expect(requested.finalizeJob?.state).toMatch(/queued|running/)
    await expect(bench.call('reports.saveDraft', { protocolId: protocol.id, id: draft.id, content: sampleContent() })).rejects.toMatchObject({ code: 'report_finalizing' })
    await settled()
    expect((await bench.call('reports.get', { id: draft.id })).status).toBe('finalized')
  })
})
