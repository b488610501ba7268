/**
 * Duties every server process of a lab shares through PostgreSQL: sending the mail queue and
 * counting failed pairing guesses. Two real servers on one schema, both with SMTP set: each
 * message leaves once, and guesses made at either server count against the same address.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorBody } from '../../src/shared/sync-protocol'
import { startServer, type RunningServer, type ServerOptions } from '../../server/src/server'
import {
  ADMIN_TOKEN,
  backendUnavailable,
  benchFrom,
  eventually,
  freshStorage,
  newId,
  op,
  push,
  serverNow,
  startSink,
  type Sink,
  type StorageHandle
} from './support'
import { createSyncClient } from '../../src/main/features/sync/client'

const reason = backendUnavailable('postgres')

async function pairWith(url: string, code: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${url}/v1/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, benchName: 'Recepción 2' })
  })
  if (response.ok) return { status: response.status }
  return { status: response.status, code: ErrorBody.parse(await response.json()).error.code }
}

describe.skipIf(reason !== undefined)(`two servers on one PostgreSQL share their duties${reason ? ` ${reason}` : ''}`, () => {
  let storage: StorageHandle | undefined
  let sink: Sink | undefined
  const servers: RunningServer[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close()
    await sink?.close()
    await storage?.cleanup()
    storage = undefined
    sink = undefined
  })

  async function twoServers(extra: Partial<ServerOptions>): Promise<[RunningServer, RunningServer]> {
    storage = await freshStorage('postgres')
    for (let i = 0; i < 2; i += 1) {
      servers.push(await startServer({ ...storage.options, adminToken: ADMIN_TOKEN, log: () => undefined, now: serverNow, ...extra }))
    }
    return [servers[0]!, servers[1]!]
  }

  it('sends every queued message exactly once when both servers poll the mail queue', async () => {
    sink = await startSink()
    const [a, b] = await twoServers({ smtpUrl: sink.url, mailPollMs: 10 })
    const code = await a.createPairingCode('bench')
    const pairing = await createSyncClient({ baseUrl: a.url, now: serverNow }).pair(code.code, 'Recepción 1')
    const bench = benchFrom(a.url, pairing, serverNow)
    const clients = [bench.client, benchFrom(b.url, pairing, serverNow).client]

    const MESSAGES = 40
    const ids = Array.from({ length: MESSAGES }, () => newId())
    for (const [index, id] of ids.entries()) {
      // The balancer sends every other push to the second server.
      bench.client = clients[index % 2]!
      const pushed = await push(bench, [
        op(bench, {
          entity: 'notification',
          entityId: id,
          op: 'upsert',
          fields: { to: ['vet@clinic.example'], subject: `Informe ${index}`, text: 'Adjuntamos el informe.', attachments: [] }
        })
      ])
      expect(pushed.results[0]).toMatchObject({ status: 'applied' })
    }

    await eventually(async () => (sink!.messages.length >= MESSAGES ? true : undefined), `${MESSAGES} messages at the SMTP sink`)
    // Both pollers keep running a while longer: a message taken twice would arrive meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const messageIds = sink.messages.map((raw) => /Message-ID: <([^@]+)@reception-bench>/i.exec(raw)?.[1])
    expect(messageIds).toHaveLength(MESSAGES)
    expect(new Set(messageIds)).toEqual(new Set(ids))
  })

  it('counts failed pairing codes sent to either server against the same address', async () => {
    const [a, b] = await twoServers({ pairingThrottle: { perAddress: 4, globalCeiling: 100 } })
    for (const server of [a, b, a, b]) expect(await pairWith(server.url, 'WRONG-CODE1')).toEqual({ status: 401, code: 'pairing_code_invalid' })
    // Each server saw only two guesses; together they are four, the limit.
    const valid = await a.createPairingCode('bench')
    expect(await pairWith(a.url, valid.code)).toEqual({ status: 429, code: 'rate_limited' })
    expect(await pairWith(b.url, valid.code)).toEqual({ status: 429, code: 'rate_limited' })
    expect(await a.pairedDeviceCount()).toBe(0)
  })
})
