import { afterEach, describe, expect, it } from 'vitest'
import type { NotificationView } from '../../../src/shared/notifications'
import { installLabPriceList, type TestHost } from '../../support/bench-host'
import { eventually, startSink, type Sink } from '../../server/support'
import { createVet, receive, startPairedBench, startSyncServer, type ServerFixture } from './support'

/** The attachment of a MIME message with this file name, decoded from its base64 body. */
function attachmentOf(message: string, filename: string): Buffer {
  const at = message.indexOf(`filename=${filename}`) >= 0 ? message.indexOf(`filename=${filename}`) : message.indexOf(`filename="${filename}"`)
  expect(at, `an attachment named ${filename}`).toBeGreaterThan(0)
  const bodyStart = message.indexOf('\r\n\r\n', at) + 4
  const bodyEnd = message.indexOf('\r\n--', bodyStart)
  return Buffer.from(message.slice(bodyStart, bodyEnd).replace(/\s+/g, ''), 'base64')
}

/** Issues a work order for two received protocols of `vetId`; answers the issued order. */
async function issueOrder(bench: TestHost, vet: Awaited<ReturnType<typeof createVet>>, workOrderIssued = true) {
  // Only the work order's message: the sample-received ones would reach the same mailbox.
  await bench.call('settings.update', { notify: { sampleReceived: false, sampleRejected: false, reportReady: false, workOrderIssued } })
  // A live bench bills from the lab's price list (pulled from the server; installed here as pulled).
  installLabPriceList(bench.host)
  const protocolIds: string[] = []
  for (const animal of ['Toby', 'Luna']) protocolIds.push((await receive(bench, vet, animal)).protocol.id)
  const draft = await bench.call('workOrders.create', { veterinarianId: vet.id, protocolIds })
  const { order } = await bench.call('workOrders.issue', { id: draft.order.id })
  expect(order.status).toBe('issued')
  return order
}

async function messageIn(bench: TestHost, workOrderId: string, probe: (list: NotificationView[]) => NotificationView | undefined, what: string) {
  return eventually(async () => {
    await bench.call('sync.now', { wait: true })
    return probe(await bench.call('notifications.forWorkOrder', { workOrderId }))
  }, what, 60_000)
}

describe('"Orden de trabajo emitida" to the veterinarian, with the PDF', () => {
  let server: ServerFixture | undefined
  let bench: TestHost | undefined
  let sink: Sink | undefined
  afterEach(async () => {
    await bench?.close()
    await server?.cleanup()
    await sink?.close()
    bench = server = sink = undefined
  })

  it('an issued order reaches the SMTP server once, with its PDF, and its sent state comes back', async () => {
    sink = await startSink()
    server = await startSyncServer({ smtpUrl: sink.url, mailPollMs: 100 })
    bench = await startPairedBench(server, 'Recepción 1')
    const vet = await createVet(bench, 'Dra. Begoña Núñez', 'begona@nandu.example')
    const order = await issueOrder(bench, vet)

    const b = bench
    const sent = await messageIn(b, order.id, (list) => list.find((message) => message.state === 'sent'), 'the sent state on the bench')
    expect(sent).toMatchObject({ kind: 'work_order_issued', workOrderId: order.id, protocolId: null, recipient: 'begona@nandu.example', lastError: null })
    expect(sent.subject).toBe(`Orden de trabajo emitida: ${order.number}`)

    // More rounds send nothing more: one message per issued order.
    await b.call('sync.now', { wait: true })
    await b.call('sync.now', { wait: true })
    expect(await b.call('notifications.forWorkOrder', { workOrderId: order.id })).toHaveLength(1)
    expect(sink.messages).toHaveLength(1)
    const [message] = sink.messages as [string]
    expect(message).toContain('To: begona@nandu.example')
    expect(message).toContain(`Orden de trabajo emitida: ${order.number}`)

    const filename = `${order.number!.replace(/[^A-Za-z0-9]+/g, '-')}-v1.pdf`
    const attached = attachmentOf(message, filename)
    expect(attached.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pdf = await b.call('workOrders.pdf', { id: order.id })
    expect(pdf.state).toBe('ready')
    expect(pdf.state === 'ready' && Buffer.compare(attached, Buffer.from(pdf.pdfBase64, 'base64'))).toBe(0)
  }, 120_000)

  it('a message the mail server refused shows as failed and is sent again on request, once', async () => {
    sink = await startSink()
    sink.refusals.push({ code: 550, message: 'mailbox unavailable' })
    server = await startSyncServer({ smtpUrl: sink.url, mailPollMs: 100 })
    bench = await startPairedBench(server, 'Recepción 1')
    const vet = await createVet(bench, 'Dr. Íñigo Peral', 'inigo@clinica.example')
    const order = await issueOrder(bench, vet)

    const b = bench
    const failed = await messageIn(b, order.id, (list) => list.find((message) => message.state === 'failed'), 'the failed state on the bench')
    expect(failed.lastError).toContain('mailbox unavailable')
    expect(sink.messages).toHaveLength(0)

    // Only a failed message is sent again, and it is the work order's.
    await expect(b.call('notifications.resend', { id: order.id })).rejects.toMatchObject({ code: 'not_found' })
    const { jobId } = await b.call('notifications.resend', { id: failed.id })
    expect(jobId).toBeGreaterThan(0)
    const resent = await messageIn(b, order.id, (list) => list.find((message) => message.id !== failed.id && message.state === 'sent'), 'the resent message sent')
    expect(resent.subject).toBe(failed.subject)
    const list = await b.call('notifications.forWorkOrder', { workOrderId: order.id })
    expect(list.map((message) => message.state).sort()).toEqual(['failed', 'sent'])
    expect(sink.messages).toHaveLength(1)
    await expect(b.call('notifications.resend', { id: resent.id })).rejects.toMatchObject({ code: 'notification_not_resendable' })
  }, 120_000)

  it('is not written when the bench is set not to send it', async () => {
    server = await startSyncServer()
    bench = await startPairedBench(server, 'Recepción 1')
    const vet = await createVet(bench, 'Dra. Sin Aviso', 'sin-aviso@clinica.example')
    const order = await issueOrder(bench, vet)
    const second = await issueOrder(bench, vet, false)
    await bench.host.queue.drained()
    expect(await bench.call('notifications.forWorkOrder', { workOrderId: order.id })).toHaveLength(1)
    expect(await bench.call('notifications.forWorkOrder', { workOrderId: second.id })).toEqual([])
  }, 120_000)
})
