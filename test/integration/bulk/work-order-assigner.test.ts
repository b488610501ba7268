import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBulkModule, type BulkDeps, type WorkOrderAssigner } from '../../../src/main/features/bulk/bulk-module'
import { createQueueRunner, type QueueRunner } from '../../../src/main/platform/queue/queue-runner'
import { openDatabase, type Db } from '../../../src/main/platform/db/database'
import { seedDemoData } from '../../../src/main/features/demo/demo-seed'
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { createAuditRepository } from '../../../src/main/platform/journal/audit-repository'
import { createOutboxRepository } from '../../../src/main/platform/journal/outbox-repository'
import type { Handlers } from '../../../src/main/platform/dispatch'
import type { BulkBatchView } from '../../../src/shared/bulk'
import { makeTempDir } from '../../support/temp-dir'
import { idsWithStatus } from './bulk-fixture'

/**
 * The seam the lead wires work orders into: `createBulkModule(ctx, { assignToWorkOrder,
 * unassignFromWorkOrder })`. A real database and queue; the assigner stands in for the work-order
 * tables (a table of its own written in the chunk's transaction).
 */
describe('bulk assignment to a work order through the assigner seam', () => {
  let dir: ReturnType<typeof makeTempDir>
  let db: Db
  let queue: QueueRunner
  let handlers: Partial<Handlers>

  const assigned = () => db.prepare(`SELECT protocol_id FROM wo_lines ORDER BY protocol_id`).pluck().all() as string[]

  beforeEach(() => {
    dir = makeTempDir()
    db = openDatabase(join(dir.path, 'bench.sqlite'))
    seedDemoData(db, { protocols: 60, now: new Date(), withHistory: false })
    db.exec(`CREATE TABLE wo_lines (work_order_id TEXT NOT NULL, protocol_id TEXT NOT NULL UNIQUE)`)
    const assign: WorkOrderAssigner = (ids, workOrderId) =>
      ids.map((protocolId) => {
        const status = db.prepare(`SELECT status FROM protocols WHERE id = ?`).pluck().get(protocolId)
        if (status !== 'received') return { protocolId, ok: false, code: 'conflict', message: `a ${String(status)} protocol is not billed` }
        db.prepare(`INSERT INTO wo_lines VALUES (?, ?)`).run(workOrderId, protocolId)
        return { protocolId, ok: true, result: { line: protocolId.slice(0, 8) } }
      })
    const unassign: WorkOrderAssigner = (ids, workOrderId) =>
      ids.map((protocolId) => {
        db.prepare(`DELETE FROM wo_lines WHERE work_order_id = ? AND protocol_id = ?`).run(workOrderId, protocolId)
        return { protocolId, ok: true }
      })
    queue = createQueueRunner({ db, kinds: {}, workers: { capacity: 1, run: async () => null } })
    const refuse = () => {
      throw new Error('bulk assignment neither receives nor reprints')
    }
    // Only what bulk assignment touches; the receive path is covered against the real host.
    const deps: BulkDeps = {
      db,
      clock: () => new Date(),
      log: () => {},
      emit: () => {},
      protocols: createProtocolsRepository(db),
      audit: createAuditRepository(db),
      outbox: createOutboxRepository(db),
      queue,
      session: { clerk: () => 'Ana', actor: () => 'Ana' },
      reception: { receive: refuse },
      labels: { reprint: refuse }
    }
    const module = createBulkModule(deps, { assignToWorkOrder: assign, unassignFromWorkOrder: unassign, chunkSize: 4 })
    queue.register(module.jobKinds ?? {})
    queue.start()
    handlers = module.handlers
  })
  afterEach(async () => {
    await queue.stop()
    db.close()
    dir.cleanup()
  })

  const finished = async (view: BulkBatchView): Promise<BulkBatchView> => {
    await queue.drained()
    return handlers['bulk.get']!({ batchId: view.id }) as BulkBatchView
  }

  it('assigns per protocol, reports refusals per item, and undoes the assignment as a whole', async () => {
    const received = idsWithStatus(db, 'received', 6)
    const rejected = idsWithStatus(db, 'rejected', 2)
    const start = handlers['bulk.start']!({ action: 'assignWorkOrder', workOrderId: 'WO-7', selection: { ids: [...received, ...rejected] } }) as BulkBatchView
    const done = await finished(start)
    expect(done.counts).toMatchObject({ succeeded: received.length, failed: rejected.length, unavailable: 0 })
    expect(done.undoable).toBe(true)
    expect(assigned()).toEqual([...received].sort())
    const items = handlers['bulk.items']!({ batchId: start.id, offset: 0, limit: 100 }) as { rows: { outcome: string; code: string | null; result: unknown }[] }
    expect(items.rows.slice(-2).map((row) => row.code)).toEqual(['conflict', 'conflict'])
    expect(items.rows[0]?.result).toMatchObject({ workOrderId: 'WO-7' })

    const undo = await finished(handlers['bulk.undo']!({ batchId: start.id }) as BulkBatchView)
    expect(undo.counts).toMatchObject({ succeeded: received.length, failed: 0 })
    expect(assigned()).toEqual([])
  })

  it('an assigner that throws fails its chunk only; the next chunks still run', async () => {
    const received = idsWithStatus(db, 'received', 8)
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON wo_lines WHEN NEW.protocol_id = '${received[1]}' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`)
    const done = await finished(handlers['bulk.start']!({ action: 'assignWorkOrder', workOrderId: 'WO-8', selection: { ids: received } }) as BulkBatchView)
    // Chunks of four: the first chunk rolled back whole (its first line too), the second went in.
    expect(done.counts).toMatchObject({ succeeded: 4, failed: 4 })
    expect(assigned()).toEqual(received.slice(4).sort())
  })
})
