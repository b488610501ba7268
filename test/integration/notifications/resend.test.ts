import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationView } from '../../../src/shared/notifications'
import type { Veterinarian } from '../../../src/shared/domain'
import { startTestHost, typeRanges, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'
import { eventually, startSink, type Sink } from '../../server/support'
import { createVet, receive, startPairedBench, startSyncServer, type ServerFixture } from '../sync/support'
import { receiveProtocol, sampleContent } from '../reports/support'

const editable = ({ demo: _demo, ...fields }: Veterinarian) => fields

const resentAudit = (bench: TestHost, id: string) =>
  bench.host.db.prepare(`SELECT actor, before_json, after_json FROM audit_log WHERE action = 'notification.resent' AND entity_id = ?`).all(id) as Array<{
    actor: string
    before_json: string
    after_json: string
  }>

describe('sending a failed e-mail to a veterinarian again', () => {
  let server: ServerFixture | undefined
  let bench: TestHost | undefined
  let sink: Sink | undefined
  afterEach(async () => {
    await bench?.close()
    await server?.cleanup()
    await sink?.close()
    bench = server = sink = undefined
  })

  it('a refused "muestra recibida" goes again, once, to the corrected address, and the resend is audited', async () => {
    sink = await startSink()
    sink.refusals.push({ code: 550, message: 'mailbox unavailable' })
    server = await startSyncServer({ smtpUrl: sink.url, mailPollMs: 100 })
    bench = await startPairedBench(server, 'Recepción 1')
    const b = bench
    const vet = await createVet(b, 'Dra. Ruiz', 'ruiz@old.example')
    const { protocol } = await receive(b, vet, 'Luna')
    const inList = (probe: (list: NotificationView[]) => NotificationView | undefined, what: string) =>
      eventually(async () => {
        await b.call('sync.now', { wait: true })
        return probe(await b.call('notifications.forProtocol', { protocolId: protocol.id }))
      }, what, 60_000)
    const failed = await inList((list) => list.find((message) => message.state === 'failed'), 'the failed state on the bench')
    expect(await b.call('notifications.failed', {})).toEqual([failed])

    await b.call('veterinarians.update', { ...editable(vet), email: 'ruiz@clinica.example' })
    const { notificationId, jobId } = await b.call('notifications.resend', { id: failed.id })
    expect(jobId).toBeNull()
    expect(notificationId).not.toBe(failed.id)
    const sent = await inList((list) => list.find((message) => message.id === notificationId && message.state === 'sent'), 'the message sent again')
    expect(sent).toMatchObject({ kind: 'sample_received', recipient: 'ruiz@clinica.example', subject: failed.subject })
    expect(sink.messages).toHaveLength(1)
    expect(sink.messages[0]).toContain('To: ruiz@clinica.example')
    // The failed one stays as it was; it is not sent a second time, and a sent one is not sent again.
    expect((await b.call('notifications.forProtocol', { protocolId: protocol.id })).map((message) => message.state).sort()).toEqual(['failed', 'sent'])
    await expect(b.call('notifications.resend', { id: failed.id })).rejects.toMatchObject({ code: 'notification_already_resent' })
    await expect(b.call('notifications.resend', { id: sent.id })).rejects.toMatchObject({ code: 'notification_not_resendable' })
    expect(await b.call('notifications.failed', {})).toEqual([expect.objectContaining({ id: failed.id })])

    const [audit, ...more] = resentAudit(b, failed.id)
    expect(more).toEqual([])
    expect(audit!.actor).toBe('Ana (demo)')
    expect(JSON.parse(audit!.before_json)).toEqual({ state: 'failed', recipient: 'ruiz@old.example' })
    expect(JSON.parse(audit!.after_json)).toEqual({ notificationId, recipient: 'ruiz@clinica.example' })
  }, 120_000)

  it('a failed "informe disponible" goes again with the finalized report PDF attached', async () => {
    bench = await startTestHost({ demoProtocols: 0, clock: testClock })
    await typeRanges(bench.call, testClock().getFullYear())
    await bench.call('veterinarians.create', { name: 'Dra. Lucía Fernández', clinic: 'Clínica Peñalara', email: 'lucia@example.org', phone: '', licence: '' })
    const { protocol } = await receiveProtocol(bench.call)
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    await bench.call('reports.finalize', { id: draft.id })
    await bench.host.queue.drained()
    const reportMessage = (await bench.call('notifications.forProtocol', { protocolId: protocol.id })).find((message) => message.kind === 'report_ready')!
    // What the pull writes when the server's mailer gave up on it.
    bench.host.db.prepare(`UPDATE notifications SET state = 'failed', last_error = '550 mailbox unavailable' WHERE id = ?`).run(reportMessage.id)

    const { notificationId } = await bench.call('notifications.resend', { id: reportMessage.id })
    const payload = JSON.parse(
      bench.host.db.prepare(`SELECT payload_json FROM outbox WHERE entity = 'notification' AND entity_id = ?`).pluck().get(notificationId) as string
    ) as { to: string[]; reportId: string; attachments: Array<{ filename: string; contentBase64: string }> }
    const stored = bench.host.db.prepare(`SELECT bytes FROM report_pdfs WHERE report_id = ?`).pluck().get(draft.id) as Buffer
    expect(payload.to).toEqual(['lucia@example.org'])
    expect(payload.reportId).toBe(draft.id)
    expect(payload.attachments).toHaveLength(1)
    expect(payload.attachments[0]!.filename).toContain('.pdf')
    expect(Buffer.compare(Buffer.from(payload.attachments[0]!.contentBase64, 'base64'), stored)).toBe(0)
  })

  it('a message written without an address goes once the veterinarian has one, and not before', async () => {
    bench = await startTestHost()
    const vet = await bench.call('veterinarians.create', { name: 'Dr. Sin Correo', clinic: '', email: '', phone: '', licence: '' })
    const { protocol } = await receive(bench, vet, 'Kira')
    const [message] = await bench.call('notifications.forProtocol', { protocolId: protocol.id })
    expect(message!.state).toBe('no_address')
    await expect(bench.call('notifications.resend', { id: message!.id })).rejects.toMatchObject({ code: 'notification_not_resendable' })
    expect(resentAudit(bench, message!.id)).toEqual([])

    await bench.call('veterinarians.update', { ...editable(vet), email: 'correo@clinica.example' })
    const { notificationId } = await bench.call('notifications.resend', { id: message!.id })
    const list = await bench.call('notifications.forProtocol', { protocolId: protocol.id })
    expect(list.find((entry) => entry.id === notificationId)).toMatchObject({ state: 'queued', recipient: 'correo@clinica.example' })
  })
})
