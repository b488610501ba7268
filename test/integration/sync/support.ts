/**
 * Fixtures of the bench-side sync tests: the reference server in this process on loopback (its
 * storage kept across restarts on the same port), benches as real hosts on their own data
 * folders, and a helper to receive protocols the way the clerk does.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'
import { startServer, storageOptionsFor, type RunningServer, type ServerOptions } from '../../../server/src/server'
import { openStorage } from '../../../server/src/storage/open'
import type { SqlParam } from '../../../server/src/storage/types'
import { freshStorage, type BackendName, type StorageHandle } from '../../server/support'
import { createSyncClient, type SyncClient } from '../../../src/main/features/sync/client'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import { startTestHost, type TestHost } from '../../support/bench-host'
import { makeTempDir } from '../../support/temp-dir'
import { callerOf } from '../../support/call'
import type { Veterinarian } from '../../../src/shared/domain'
import type { SyncRow } from '../../../src/shared/sync-protocol'

export interface ServerFixture {
  readonly server: RunningServer
  readonly url: string
  readonly dataDir: string
  /** Stops the server (the storage stays): benches see it as unreachable. */
  stop(): Promise<void>
  /** Starts it again on the same port and storage. */
  restart(extra?: Partial<ServerOptions>): Promise<void>
  code(role?: 'bench' | 'lab'): Promise<string>
  /** A device of its own that reads the server state (pairs as `lab` so it never holds blocks a bench needs). */
  reader(): Promise<SyncClient>
  /** A lab workstation of its own. */
  lab(): Promise<{ client: SyncClient; deviceId: string }>
  cleanup(): Promise<void>
}

export async function startSyncServer(extra: Partial<ServerOptions> = {}): Promise<ServerFixture> {
  const dir = makeTempDir('rb-sync-it-')
  let server = await startServer({ dataDir: dir.path, log: () => undefined, ...extra })
  const port = new URL(server.url).port
  let running = true
  const fixture: ServerFixture = {
    get server() {
      return server
    },
    url: server.url,
    dataDir: dir.path,
    async stop() {
      if (!running) return
      running = false
      await server.close()
    },
    async restart(more = {}) {
      await fixture.stop()
      server = await startServer({ dataDir: dir.path, log: () => undefined, ...extra, ...more, port: Number(port) })
      running = true
    },
    code: async (role = 'bench') => (await server.createPairingCode(role)).code,
    reader: async () => (await fixture.lab()).client,
    async lab() {
      // Signed with the server's own clock where a test gave it one.
      const clock = extra.now ? { now: extra.now } : {}
      const pairing = await createSyncClient({ baseUrl: server.url, ...clock }).pair(await fixture.code('lab'), 'lab')
      return { client: createSyncClient({ baseUrl: server.url, deviceId: pairing.deviceId, secret: pairing.secret, ...clock }), deviceId: pairing.deviceId }
    },
    async cleanup() {
      await fixture.stop()
      dir.cleanup()
    }
  }
  return fixture
}

/** The admin PIN the test benches are set up with (their first pairing makes it theirs). */
/**
 * What a sync test on each storage backend starts: the reference server on a fresh storage of
 * `backend` and the benches the test keeps, all closed after each test (it registers its own
 * `afterEach`, so call it in the describe block).
 */
export function serverOnBackend(backend: BackendName) {
  let storage: StorageHandle | undefined
  let server: ServerFixture | undefined
  const kept: { close(): Promise<void> }[] = []
  afterEach(async () => {
    for (const bench of kept.splice(0)) await bench.close()
    await server?.cleanup()
    await storage?.cleanup()
    server = storage = undefined
  })
  return {
    async start(extra: Partial<ServerOptions> = {}): Promise<{ server: ServerFixture; storage: StorageHandle }> {
      storage = await freshStorage(backend)
      server = await startSyncServer({ ...storage.options, ...extra })
      return { server, storage }
    },
    /** Closed after the test, in the order kept. */
    keep<T extends { close(): Promise<void> }>(bench: T): T {
      kept.push(bench)
      return bench
    },
    /** Closes a kept bench now (its disk dies in the middle of the test). */
    async drop(bench: { close(): Promise<void> }): Promise<void> {
      kept.splice(kept.indexOf(bench), 1)
      await bench.close()
    },
    /** Writes straight into the server's storage, behind its back (a damaged disk, a backup restored); answers the rows changed. */
    async tamper(statement: string, params: readonly SqlParam[]): Promise<number> {
      if (!server || !storage) throw new Error('the server is not started')
      const store = await openStorage(storageOptionsFor({ dataDir: server.dataDir, ...storage.options }))
      try {
        return await store.write((sql) => sql.run(statement, params))
      } finally {
        await store.close()
      }
    }
  }
}

export const ADMIN_PIN = '2468'

/** A bench host paired with the server, rounds only when asked (long interval). */
export async function startPairedBench(server: ServerFixture, name: string, via = server.url): Promise<TestHost> {
  // A live bench: demo data would keep it from pairing.
  const bench = await startTestHost({ demoProtocols: 0 })
  await bench.call('settings.update', { syncIntervalSeconds: 3600 })
  await bench.call('sync.pair', { serverUrl: via, code: await server.code(), benchName: name, adminPin: ADMIN_PIN })
  await bench.call('sync.now', { wait: true })
  return bench
}

export async function createVet(bench: TestHost, name: string, email = ''): Promise<Veterinarian> {
  return bench.call('veterinarians.create', { name, clinic: 'Clínica Norte', email, phone: '', licence: '' })
}

export async function receive(bench: TestHost, vet: Veterinarian, animal: string) {
  return bench.call('reception.receive', {
    type: 'HP',
    veterinarianId: vet.id,
    animal: { name: animal, species: 'Canine', breed: '', sex: 'unknown', age: '', owner: 'García' },
    sample: { sampleType: 'Skin nodule', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    decision: 'accept',
    rejectionReason: ''
  })
}

/** Every row on the server, by pulling from 0. */
export async function serverRows(client: SyncClient): Promise<SyncRow[]> {
  const rows: SyncRow[] = []
  let cursor = 0
  for (;;) {
    const page = await client.pull(cursor, 1000)
    rows.push(...page.rows)
    cursor = page.cursor
    if (!page.hasMore) return rows
  }
}

/** Non-demo protocols of a bench, by number. */
export function localProtocols(bench: TestHost): { id: string; number: string | null; animal_name: string; deleted_at: string | null }[] {
  return bench.host.db
    .prepare(`SELECT id, number, animal_name, deleted_at FROM protocols WHERE demo = 0 ORDER BY number`)
    .all() as { id: string; number: string | null; animal_name: string; deleted_at: string | null }[]
}

/** A bench host on an existing data folder (a restart after a crash), clerk on duty. */
export async function reopenBench(dataDir: string): Promise<{ call: TestHost['call']; host: BenchHost; close(): Promise<void> }> {
  const host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: '0', log: () => {} })
  const call = callerOf(host)
  await call('session.setClerk', { name: 'Ana' })
  return { call, host, close: () => host.close() }
}

export interface Exchange {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer
  status: number
  answer: string
}

export interface FaultyProxy {
  url: string
  /** Every request passed on, with the server's answer. */
  exchanges: Exchange[]
  /** The next push reaches the server, but its answer never reaches the bench. */
  loseNextPushAnswer(): void
  /** The next push is delivered to the server twice (the bench gets the first answer). */
  duplicateNextPush(): void
  /** Runs `hook` before the next request on `path` is passed on. */
  beforeNext(path: string, hook: () => Promise<void> | void): void
  close(): Promise<void>
}

/** A loopback HTTP proxy between a bench and the server that can lose and repeat deliveries. */
export async function startFaultyProxy(target: () => string): Promise<FaultyProxy> {
  const exchanges: Exchange[] = []
  let loseAnswer = false
  let duplicate = false
  const hooks = new Map<string, () => Promise<void> | void>()
  const forward = async (method: string, path: string, headers: Record<string, string>, body: Buffer): Promise<Exchange> => {
    const response = await fetch(`${target()}${path}`, { method, headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}) })
    const exchange = { method, path, headers, body, status: response.status, answer: await response.text() }
    exchanges.push(exchange)
    return exchange
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void (async () => {
        const path = req.url ?? '/'
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)) headers[name] = value
        }
        const hook = hooks.get(path.split('?')[0]!)
        if (hook) {
          hooks.delete(path.split('?')[0]!)
          await hook()
        }
        const isPush = path === '/v1/push'
        const exchange = await forward(req.method ?? 'GET', path, headers, Buffer.concat(chunks))
        if (isPush && duplicate) {
          duplicate = false
          await forward(req.method ?? 'GET', path, headers, Buffer.concat(chunks))
        }
        if (isPush && loseAnswer) {
          loseAnswer = false
          res.destroy()
          return
        }
        res.writeHead(exchange.status, { 'content-type': 'application/json' }).end(exchange.answer)
      })()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    loseNextPushAnswer: () => (loseAnswer = true),
    duplicateNextPush: () => (duplicate = true),
    beforeNext: (path, hook) => hooks.set(path, hook),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/** Push answers the proxy saw, parsed. */
export function pushExchanges(proxy: FaultyProxy): { status: number; body: { results?: { opSeq: number; status: string }[]; error?: { code: string; message: string } } }[] {
  return proxy.exchanges.filter((e) => e.path === '/v1/push').map((e) => ({ status: e.status, body: JSON.parse(e.answer) }))
}
