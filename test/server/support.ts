/**
 * Backends and fixtures of the sync server tests. Every storage test runs against SQLite (a
 * temp file) and against PostgreSQL in a schema of its own that is dropped afterwards; without
 * SYNC_TEST_DATABASE_URL (test/support/postgres.sh prints one) the PostgreSQL cases are
 * reported as skipped with that reason.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'
import { describe } from 'vitest'
import { newId } from '../../src/shared/ids'
import type { DeviceRole, NumberBlock, PairResponse, PushOpInput } from '../../src/shared/sync-protocol'
import { createSyncClient, isSyncError, type SyncClient, type SyncError } from '../../src/main/features/sync/client'
import { startServer, type RunningServer, type ServerOptions } from '../../server/src/server'
import { killProcess, spawnServer as spawnServerProcess, type ServerProcess } from '../../bench/workloads/server-process'
import { issuedOrder, receivedProtocol } from '../../bench/workloads/pushed-rows'
import { makeTempDir } from '../support/temp-dir'
import { testClock } from '../support/test-clock'

export type BackendName = 'sqlite' | 'postgres'

export const POSTGRES_URL = process.env.SYNC_TEST_DATABASE_URL

export const BACKENDS: BackendName[] = ['sqlite', 'postgres']

/** Why a backend's cases cannot run here, or undefined when they can. */
export function backendUnavailable(backend: BackendName): string | undefined {
  if (backend === 'postgres' && !POSTGRES_URL) {
    return 'skipped: no PostgreSQL (SYNC_TEST_DATABASE_URL is not set; npm test starts one, or see test/support/postgres.sh)'
  }
  return undefined
}

/**
 * One suite per backend. A backend that cannot run here still registers its cases, as skipped
 * with the reason in the suite's name, so a run without PostgreSQL counts them rather than
 * losing them.
 */
export function describeEachBackend(title: string, body: (backend: BackendName) => void): void {
  for (const backend of BACKENDS) {
    const reason = backendUnavailable(backend)
    describe.skipIf(reason !== undefined)(reason ? `${title} (${backend}) ${reason}` : `${title} (${backend})`, () => body(backend))
  }
}

export const ADMIN_TOKEN = 'test-admin-token'

export interface StorageHandle {
  options: Pick<ServerOptions, 'dataDir' | 'databaseUrl' | 'pgSchema'>
  /** The same storage as a DATABASE_URL/DATA_DIR environment, for a server child process. */
  env: Record<string, string>
  cleanup(): Promise<void>
}

/** A fresh, empty storage location of the backend. */
export async function freshStorage(backend: BackendName): Promise<StorageHandle> {
  const dir = makeTempDir('rb-sync-server-')
  if (backend === 'sqlite') {
    return { options: { dataDir: dir.path }, env: { DATA_DIR: dir.path }, cleanup: async () => dir.cleanup() }
  }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const url = new URL(POSTGRES_URL!)
  url.searchParams.set('options', `-c search_path=${schema}`)
  const admin = new pg.Client({ connectionString: POSTGRES_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  await admin.end()
  return {
    options: { databaseUrl: POSTGRES_URL!, pgSchema: schema },
    env: { DATABASE_URL: url.toString(), DATA_DIR: dir.path },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL })
      await client.connect()
      await client.query(`DROP SCHEMA ${schema} CASCADE`)
      await client.end()
      dir.cleanup()
    }
  }
}

export interface Bench {
  deviceId: string
  secret: string
  role: DeviceRole
  blocks: NumberBlock[]
  /** The work-order (OT) blocks leased at pairing. */
  workOrderBlocks: NumberBlock[]
  client: SyncClient
  /** Next opSeq this test bench will use. */
  opSeq: number
  /** Last opSeq the server acknowledged. */
  acked: number
  /** The year on the server's clock when the bench paired: the year its first blocks are for. */
  pairedInYear: number
}

/** Epoch ms on the calendar of startTestServer's servers (TEST_START): what their benches sign with. */
export const serverNow = (): number => testClock().getTime()

export interface TestServer extends RunningServer {
  pair(name: string, role?: DeviceRole): Promise<Bench>
  stop(): Promise<void>
}

export async function startTestServer(backend: BackendName, extra: Partial<ServerOptions> = {}): Promise<TestServer> {
  const storage = await freshStorage(backend)
  // The server keeps the test calendar (TEST_START), so a test's years and timestamps never depend on today.
  const server = await startServer({ ...storage.options, adminToken: ADMIN_TOKEN, log: () => undefined, now: serverNow, ...extra })
  return {
    ...server,
    async pair(name, role = 'bench') {
      const code = await server.createPairingCode(role)
      return benchFrom(server.url, await createSyncClient({ baseUrl: server.url, now: extra.now ?? serverNow }).pair(code.code, name), extra.now ?? serverNow)
    },
    async stop() {
      await server.close()
      await storage.cleanup()
    }
  }
}

/** A test bench; it signs with `now`, the clock of the server it talks to (a spawned server runs on the real one). */
export function benchFrom(url: string, pairing: PairResponse, now: () => number = Date.now): Bench {
  return {
    deviceId: pairing.deviceId,
    secret: pairing.secret,
    role: pairing.role,
    blocks: pairing.blocks,
    workOrderBlocks: pairing.workOrderBlocks,
    client: createSyncClient({ baseUrl: url, deviceId: pairing.deviceId, secret: pairing.secret, now }),
    opSeq: 1,
    acked: 0,
    pairedInYear: new Date(pairing.serverTime).getFullYear()
  }
}

/** An operation without the parts the bench stamps on it (Omit spread over each union member). */
export type Change = PushOpInput extends infer T ? (T extends unknown ? Omit<T, 'deviceId' | 'opSeq'> : never) : never

/** Builds the next outbox operation of a bench. */
export function op(bench: Bench, change: Change): PushOpInput {
  const built = { ...change, deviceId: bench.deviceId, opSeq: bench.opSeq } as PushOpInput
  bench.opSeq += 1
  return built
}

/** Pushes as the sync engine does: after the last acknowledged op, remembering the new ack. */
export async function push(bench: Bench, ops: PushOpInput[]) {
  const response = await bench.client.push({ afterOpSeq: bench.acked, ops })
  bench.acked = response.lastOpSeq
  return response
}

export function hpBlock(bench: Bench): NumberBlock {
  return bench.blocks.find((block) => block.type === 'HP' && block.year === bench.pairedInYear)!
}

/** Every row the server has, by pulling all pages from 0. */
export async function pullAll(bench: Bench, limit = 1000) {
  const rows = []
  let cursor = 0
  for (;;) {
    const page = await bench.client.pull(cursor, limit)
    rows.push(...page.rows)
    cursor = page.cursor
    if (!page.hasMore) return { rows, cursor }
  }
}

/** Polls `probe` until it returns a value (for work the server does in the background). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export { newId }
export { issuedOrder, receivedProtocol }

/** The SyncError a call must fail with; any other outcome fails the test. */
export async function failure(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise
  } catch (error) {
    if (isSyncError(error)) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

export type { ServerProcess }
export { killProcess }

/** `npm run server` as a real child process, with the tests' admin token. */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  return spawnServerProcess({ ADMIN_TOKEN, ...env })
}

export interface Sink {
  url: string
  messages: string[]
  /** SMTP replies for the next DATA commands, in order; then messages are accepted. */
  refusals: { code: number; message: string }[]
  close(): Promise<void>
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
export async function startSink(): Promise<Sink> {
  const messages: string[] = []
  const refusals: Sink['refusals'] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const refusal = refusals.shift()
        if (refusal) {
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }))
          return
        }
        messages.push(Buffer.concat(chunks).toString('utf8'))
        callback()
      })
    }
  })
  const listening = smtp.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => listening.once('listening', () => resolve()))
  const { port } = listening.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refusals,
    close: () => new Promise((resolve) => smtp.close(() => resolve()))
  }
}
