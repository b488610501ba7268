import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ARTIFACTS_DIR } from '../../../src/main/features/artifacts/artifact-cache'
import { pdfPageCount } from '../../support/pdf-tools'
import { startWorkOrderFixture, type WorkOrderFixture } from './fixture'

const DAY = 24 * 60 * 60 * 1000

describe('the artifact cache behind work-order PDFs', () => {
  let f: WorkOrderFixture
  let now = Date.now()
  beforeEach(async () => {
    now = Date.now()
    f = await startWorkOrderFixture({ clock: () => new Date(now) })
  })
  afterEach(async () => {
    await f.bench.close()
  })

  const dir = () => join(f.bench.dataDir, ARTIFACTS_DIR)
  const artifactRows = () => f.bench.host.db.prepare(`SELECT key FROM artifacts ORDER BY key`).pluck().all() as string[]
  const renderJobs = () => f.bench.host.db.prepare(`SELECT count(*) FROM jobs WHERE kind = 'artifacts.render'`).pluck().get() as number

  const draft = async () => (await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: f.protocolIds })).order

  it('miss, then hit: the first view after the pre-render serves the stored file, and so does every later one', async () => {
    const order = await draft()
    await f.bench.host.queue.drained()
    const first = await f.bench.call('workOrders.pdf', { id: order.id })
    const second = await f.bench.call('workOrders.pdf', { id: order.id })
    expect(first.state).toBe('ready')
    expect(second).toEqual(first)
    expect(first.key).toBe(order.pdf.key)
    expect(artifactRows()).toEqual([first.key])
    expect(renderJobs()).toBe(1)
    expect(readdirSync(dir())).toEqual([first.key])
    if (first.state !== 'ready') throw new Error(`the PDF is ${first.state}`)
    expect(await pdfPageCount(new Uint8Array(Buffer.from(first.pdfBase64, 'base64')))).toBe(1)
    expect((await f.bench.call('workOrders.get', { id: order.id })).pdf).toEqual({ key: first.key, ready: true })
  })

  it('a change of what the page shows queues exactly one render, however often the PDF is asked for meanwhile', async () => {
    const order = await draft()
    await f.bench.host.queue.drained()
    const before = await f.bench.call('workOrders.pdf', { id: order.id })
    // The letterhead is not part of the order, so no save pre-renders it: the view must notice.
    await f.bench.call('settings.update', { letterhead: { name: 'Laboratorio Peña', address: 'Calle Mayor 1', taxId: 'B12345678' } })
    const asked = await Promise.all([1, 2, 3].map(() => f.bench.call('workOrders.pdf', { id: order.id })))
    for (const answer of asked) {
      expect(answer.state).toBe('rendering')
      expect(answer.key).not.toBe(before.key)
    }
    const jobIds = new Set(asked.map((answer) => (answer.state === 'rendering' ? answer.jobId : null)))
    expect(jobIds.size).toBe(1)
    expect([...jobIds][0]).not.toBeNull()
    await f.bench.host.queue.drained()
    const after = await f.bench.call('workOrders.pdf', { id: order.id })
    expect(after).toMatchObject({ state: 'ready', key: asked[0]!.key })
    expect(renderJobs()).toBe(2)
    // The order now refers to the new file only.
    expect(f.bench.host.db.prepare(`SELECT key FROM artifact_refs WHERE owner = ?`).pluck().all(`work_order:${order.id}`)).toEqual([after.key])
  })

  it('saving the draft unchanged renders nothing new; saving a change pre-renders the new PDF', async () => {
    const order = await draft()
    await f.bench.host.queue.drained()
    const lines = order.lines.map((line) => ({ id: line.id, protocolId: line.protocolId, serviceId: line.serviceId!, quantity: line.quantity }))
    const same = await f.bench.call('workOrders.save', { id: order.id, lines })
    expect(same.pdfJobId).toBeNull()
    expect(same.order.pdf).toEqual({ key: order.pdf.key, ready: true })
    const changed = await f.bench.call('workOrders.save', { id: order.id, lines: lines.map((line) => ({ ...line, quantity: 4 })) })
    expect(changed.pdfJobId).not.toBeNull()
    expect(changed.order.pdf.key).not.toBe(order.pdf.key)
    await f.bench.host.queue.drained()
    expect((await f.bench.call('workOrders.pdf', { id: order.id })).state).toBe('ready')
  })

  it('a stored file that went missing is rendered again instead of served broken', async () => {
    const order = await draft()
    await f.bench.host.queue.drained()
    rmSync(join(dir(), order.pdf.key))
    const view = await f.bench.call('workOrders.pdf', { id: order.id })
    expect(view).toMatchObject({ state: 'rendering', key: order.pdf.key })
    await f.bench.host.queue.drained()
    expect(await f.bench.call('workOrders.pdf', { id: order.id })).toMatchObject({ state: 'ready', key: order.pdf.key })
  })

  it('the prune job removes artifacts nobody refers to once unused long enough, and stray files; referenced ones stay', async () => {
    const order = await draft()
    await f.bench.host.queue.drained()
    const original = order.pdf.key
    const lines = order.lines.map((line) => ({ id: line.id, protocolId: line.protocolId, serviceId: line.serviceId!, quantity: 2 }))
    const changed = (await f.bench.call('workOrders.save', { id: order.id, lines })).order
    await f.bench.host.queue.drained()
    expect(artifactRows().sort()).toEqual([original, changed.pdf.key].sort())
    const stray = join(dir(), '.tmp-left-by-a-crash')
    writeFileSync(stray, 'partial')
    utimesSync(stray, new Date(now - 40 * DAY), new Date(now - 40 * DAY))

    const prune = async () => {
      f.bench.host.db.transaction(() => f.bench.host.queue.enqueue('artifacts.prune', { unusedDays: 30 }))()
      await f.bench.host.queue.drained()
      return JSON.parse(f.bench.host.db.prepare(`SELECT result_json FROM jobs WHERE kind = 'artifacts.prune' ORDER BY id DESC LIMIT 1`).pluck().get() as string) as { removed: number; strayFiles: number }
    }
    // Not old enough yet: only the crash leftover goes.
    expect(await prune()).toMatchObject({ removed: 0, strayFiles: 1 })
    expect(existsSync(join(dir(), original))).toBe(true)

    now += 31 * DAY
    expect(await prune()).toMatchObject({ removed: 1 })
    expect(artifactRows()).toEqual([changed.pdf.key])
    expect(readdirSync(dir())).toEqual([changed.pdf.key])

    // A discarded draft releases its PDF, which the next prune then removes.
    await f.bench.call('workOrders.discard', { id: order.id })
    now += 31 * DAY
    expect(await prune()).toMatchObject({ removed: 1 })
    expect(readdirSync(dir())).toEqual([])
  })

  it('schedules the prune job daily', () => {
    const schedule = f.bench.host.db.prepare(`SELECT cron FROM schedules WHERE name = 'artifacts.prune'`).pluck().get()
    expect(schedule).toMatch(/^\d+ \d+ \* \* \*$/)
  })

  it('survives a restart: the stored PDF is served without rendering again', async () => {
    const order = await draft()
    await f.bench.host.queue.drained()
    await f.bench.restart({ clock: () => new Date(now) })
    expect(await f.bench.call('workOrders.pdf', { id: order.id })).toMatchObject({ state: 'ready', key: order.pdf.key })
    expect(renderJobs()).toBe(1)
  })
})
