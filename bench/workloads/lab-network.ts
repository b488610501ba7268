/**
 * A lab network against one sync server: benches paired through the admin endpoint, each signing
 * its requests with its own secret (the bench's sync client), and what a busy bench sends — new
 * receptions numbered from its own blocks, a status change of an earlier one, now and then a new
 * veterinarian and an issued work order — then a pull of everything the others sent. A bench
 * leases a new block when one of its series runs low, as the sync engine does.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { formatProtocolNumber } from '../../src/shared/domain'
import { newId } from '../../src/shared/ids'
import type { NumberSeries } from '../../src/shared/numbering'
import { MAX_PAGE_LIMIT, type NumberBlock, type PushOpInput } from '../../src/shared/sync-protocol'
import { formatWorkOrderNumber } from '../../src/shared/work-orders'
import { createSyncClient, isSyncError, type SyncClient } from '../../src/main/features/sync/client'

export const NETWORK_ADMIN_TOKEN = 'bench-admin-token'

/** A number series runs low below this many unused numbers: the bench leases its next block. */
const LOW_WATER = 10

export interface NetworkBench {
  name: string
  deviceId: string
  client: SyncClient
  year: number
  /** Unused numbers per series, in order. */
  free: Map<NumberSeries, number[]>
  /** Protocols this bench received, for later status changes. */
  received: { entityId: string; fields: Record<string, unknown> }[]
  veterinarianId: string
  opSeq: number
  acked: number
  cursor: number
  rounds: number
}

export interface RoundTimes {
  pushMs: number
  pullMs: number
}

async function pairingCode(serverUrl: string): Promise<string> {
  const response = await fetch(`${serverUrl}/v1/admin/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${NETWORK_ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'bench' })
  })
  if (response.status !== 200) throw new Error(`pairing code: HTTP ${response.status} ${await response.text()}`)
  return ((await response.json()) as { code: string }).code
}

function addBlocks(bench: NetworkBench, blocks: readonly NumberBlock[]): void {
  for (const block of blocks) {
    if (block.year !== bench.year) continue
    const free = bench.free.get(block.type) ?? []
    for (let seq = block.start; seq <= block.end; seq++) if (!free.includes(seq)) free.push(seq)
    free.sort((a, b) => a - b)
    bench.free.set(block.type, free)
  }
}

export async function pairBench(serverUrl: string, name: string): Promise<NetworkBench> {
  const pairing = await createSyncClient({ baseUrl: serverUrl }).pair(await pairingCode(serverUrl), name)
  const bench: NetworkBench = {
    name,
    deviceId: pairing.deviceId,
    client: createSyncClient({ baseUrl: serverUrl, deviceId: pairing.deviceId, secret: pairing.secret }),
    year: new Date(pairing.serverTime).getUTCFullYear(),
    free: new Map(),
    received: [],
    veterinarianId: newId(),
    opSeq: 1,
    acked: 0,
    cursor: 0,
    rounds: 0
  }
  addBlocks(bench, [...pairing.blocks, ...pairing.workOrderBlocks])
  return bench
}

function takeNumber(bench: NetworkBench, type: NumberSeries): number {
  const seq = bench.free.get(type)?.shift()
  if (seq === undefined) throw new Error(`${bench.name} has no ${type} number left`)
  return seq
}

function protocolFields(bench: NetworkBench, type: 'HP' | 'CT', seq: number, at: string): Record<string, unknown> {
  return {
    type,
    year: bench.year,
    seq,
    number: formatProtocolNumber(type, bench.year, seq),
    externalId: null,
    status: 'received',
    veterinarianId: bench.veterinarianId,
    veterinarianName: 'Dra. Marta Ruiz',
    animal: { name: `Luna ${seq}`, species: 'Canine', breed: 'Labrador', sex: 'female_spayed', age: '7 years', owner: 'García López' },
    sample: { sampleType: 'Skin nodule', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }, { condition: 'good', note: 'margen' }] },
    rejectionReason: null,
    receivedAt: at,
    receivedBy: 'Ana',
    createdAt: at,
    updatedAt: at,
    demo: false
  }
}

/** One round's change set: two receptions, a status change of an earlier one, every fifth round a veterinarian and a work order. */
export function changeSet(bench: NetworkBench): PushOpInput[] {
  const at = new Date().toISOString()
  const ops: PushOpInput[] = []
  const add = (entity: PushOpInput['entity'], entityId: string, fields: Record<string, unknown>) => {
    ops.push({ deviceId: bench.deviceId, opSeq: bench.opSeq++, entity, entityId, op: 'upsert', fields })
  }
  if (bench.rounds % 5 === 0) {
    bench.veterinarianId = newId()
    add('veterinarian', bench.veterinarianId, {
      name: `Dra. Ruiz ${bench.name} ${bench.rounds}`,
      clinic: 'Clínica Ñandú',
      email: 'ruiz@example.org',
      phone: '+34 600 000 000',
      licence: `COL-${bench.rounds}`
    })
  }
  for (const type of ['HP', 'CT'] as const) {
    const entityId = newId()
    const fields = protocolFields(bench, type, takeNumber(bench, type), at)
    add('protocol', entityId, fields)
    bench.received.push({ entityId, fields })
  }
  const earlier = bench.received[Math.floor(bench.received.length / 2)]
  if (earlier && earlier.fields.status === 'received') {
    earlier.fields = { ...earlier.fields, status: 'processing', updatedAt: at }
    add('protocol', earlier.entityId, earlier.fields)
  }
  if (bench.rounds % 5 === 0) {
    const seq = takeNumber(bench, 'OT')
    add('work_order', newId(), {
      number: formatWorkOrderNumber(bench.year, seq),
      year: bench.year,
      seq,
      status: 'issued',
      version: 1,
      supersedesId: null,
      veterinarianId: bench.veterinarianId,
      veterinarianName: 'Dra. Marta Ruiz',
      issuedAt: at,
      lines: []
    })
  }
  bench.rounds++
  return ops
}

/** Leases the next block of every series of this bench that runs low. */
export async function leaseWhenLow(bench: NetworkBench): Promise<void> {
  for (const type of ['HP', 'CT', 'OT'] as const) {
    if ((bench.free.get(type)?.length ?? 0) >= LOW_WATER) continue
    addBlocks(bench, (await bench.client.leaseBlock(type, bench.year)).blocks)
  }
}

/** Push this round's change set, then pull every page since the last round. Throws on a refused operation. */
export async function syncRound(bench: NetworkBench): Promise<RoundTimes> {
  await leaseWhenLow(bench)
  const ops = changeSet(bench)
  const pushStarted = performance.now()
  const response = await bench.client.push({ afterOpSeq: bench.acked, ops })
  const pushMs = performance.now() - pushStarted
  const refused = response.results.find((result) => result.status !== 'applied')
  if (refused) throw new Error(`${bench.name}: an operation was not applied: ${JSON.stringify(refused)}`)
  bench.acked = response.lastOpSeq
  const pullStarted = performance.now()
  for (;;) {
    const page = await bench.client.pull(bench.cursor, MAX_PAGE_LIMIT)
    bench.cursor = page.cursor
    if (!page.hasMore) break
  }
  return { pushMs, pullMs: performance.now() - pullStarted }
}

export interface TrafficResult {
  pushMs: number[]
  pullMs: number[]
  /** One line per failed round (thrown call or refused operation). */
  errors: string[]
}

/**
 * Every bench syncs in rounds until `durationMs` has passed, `pauseMs` apart, their first rounds
 * spread over one pause so they do not all arrive in step.
 */
export async function runTraffic(benches: readonly NetworkBench[], durationMs: number, pauseMs: number): Promise<TrafficResult> {
  const result: TrafficResult = { pushMs: [], pullMs: [], errors: [] }
  const deadline = performance.now() + durationMs
  await Promise.all(
    benches.map(async (bench, index) => {
      await sleep((pauseMs * index) / benches.length)
      while (performance.now() < deadline) {
        try {
          const times = await syncRound(bench)
          result.pushMs.push(times.pushMs)
          result.pullMs.push(times.pullMs)
        } catch (error) {
          result.errors.push(isSyncError(error) ? `${bench.name}: ${error.status} ${error.code} ${error.message}` : String(error))
        }
        await sleep(pauseMs)
      }
    })
  )
  return result
}
