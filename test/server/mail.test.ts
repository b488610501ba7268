import { afterEach, expect, it } from 'vitest'
import type { SyncRow } from '../../src/shared/sync-protocol'
import { describeEachBackend, eventually, newId, op, push, startSink, startTestServer, type Bench, type Sink, type TestServer } from './support'

const PDF_BASE64 = Buffer.from('%PDF-1.4 report body').toString('base64')

function notification(bench: Bench, id: string, extra: Record<string, unknown> = {}) {
  return op(bench, {
    entity: 'notification',
    entityId: id,
    op: 'upsert',
    fields: {
      to: ['vet@clinic.example'],
      subject: 'Informe HP 26/0001',
      text: 'Adjuntamos el informe.',
      attachments: [{ filename: 'HP-26-0001.pdf', contentType: 'application/pdf', contentBase64: PDF_BASE64 }],
      ...extra
    }
  })
}

async function notificationRow(bench: Bench, id: string, status: string): Promise<SyncRow | undefined> {
  const { rows } = await bench.client.pull(0, 1000)
  const row = rows.find((r) => r.id === id)
  return row?.fields.deliveryStatus === status ? row : undefined
}

describeEachBackend('notifications by SMTP', (backend) => {
  let server: TestServer | undefined
  let sink: Sink | undefined
  afterEach(async () => {
    await server?.stop()
    await sink?.close()
    server = undefined
    sink = undefined
  })

  it('sends a pushed notification to the SMTP server and reports it sent through pull', async () => {
    sink = await startSink()
    server = await startTestServer(backend, { smtpUrl: sink.url, mailPollMs: 100 })
    const bench = await server.pair('Bench 1')
    const id = newId()
    const pushed = await push(bench, [notification(bench, id)])
    expect(pushed.results[0]).toMatchObject({ status: 'applied' })

    const queued = (await bench.client.pull(0, 1000)).rows.find((r) => r.id === id)!
    expect(['queued', 'sent']).toContain(queued.fields.deliveryStatus)
    // The attachment travelled once; rows carry only its description.
    expect(queued.fields.attachments).toEqual([{ filename: 'HP-26-0001.pdf', contentType: 'application/pdf', size: 20 }])

    const sent = await eventually(() => notificationRow(bench, id, 'sent'), 'the sent state in pull')
    expect(sent.fields).toMatchObject({ attempts: 1, lastError: null })
    expect(String(sent.fields.messageId)).toContain(id)
    expect(sink.messages).toHaveLength(1)
    const raw = sink.messages[0]!
    expect(raw).toContain('Subject: Informe HP 26/0001')
    expect(raw).toContain('To: vet@clinic.example')
    expect(raw).toContain('HP-26-0001.pdf')
    expect(raw).toContain(PDF_BASE64)
    expect(raw).toContain(`${id}@reception-bench`)
  })

  it('retries after a temporary SMTP refusal and records each state', async () => {
    sink = await startSink()
    sink.refusals.push({ code: 451, message: 'try again later' })
    server = await startTestServer(backend, { smtpUrl: sink.url, mailPollMs: 100, mailRetryDelaysMs: [1500] })
    const bench = await server.pair('Bench 1')
    const id = newId()
    await push(bench, [notification(bench, id)])
    const retrying = await eventually(() => notificationRow(bench, id, 'retrying'), 'the retrying state')
    expect(retrying.fields.attempts).toBe(1)
    expect(String(retrying.fields.lastError)).toContain('try again later')
    const sent = await eventually(() => notificationRow(bench, id, 'sent'), 'the sent state after the retry')
    expect(sent.fields.attempts).toBe(2)
    expect(sent.version).toBeGreaterThan(retrying.version)
    expect(sink.messages).toHaveLength(1)
  })

  it('gives up at once on a permanent refusal', async () => {
    sink = await startSink()
    sink.refusals.push({ code: 550, message: 'mailbox unavailable' })
    server = await startTestServer(backend, { smtpUrl: sink.url, mailPollMs: 100, mailRetryDelaysMs: [100, 100] })
    const bench = await server.pair('Bench 1')
    const id = newId()
    await push(bench, [notification(bench, id)])
    const failed = await eventually(() => notificationRow(bench, id, 'failed'), 'the failed state')
    expect(failed.fields.attempts).toBe(1)
    expect(sink.messages).toHaveLength(0)
  })

  it('refuses a new notification without recipient, subject or text, and never takes delivery fields from a bench', async () => {
    server = await startTestServer(backend)
    const bench = await server.pair('Bench 1')
    const response = await push(bench, [
      op(bench, { entity: 'notification', entityId: newId(), op: 'upsert', fields: { to: ['vet@clinic.example'], text: 'x' } }),
      notification(bench, newId(), { deliveryStatus: 'sent', attempts: 9 })
    ])
    expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'notification_incomplete' })
    expect(response.results[1]).toMatchObject({ status: 'applied' })
    const row = (await bench.client.pull(0, 10)).rows[0]!
    // No SMTP_URL on this server: the notification waits in the queue.
    expect(row.fields).toMatchObject({ deliveryStatus: 'queued', attempts: 0 })
  })
})
