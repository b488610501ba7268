import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, typeRanges, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'
import { receiveProtocol, sampleContent } from './support'

describe('finalizing a report is signed by a chosen clerk', () => {
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    bench = undefined
  })

  it('refuses with no_clerk while none is chosen, changing nothing; with one chosen it is finalized in their name', async () => {
    // No clerk kept across restarts: the restart below leaves the bench with none on duty.
    bench = await startTestHost({ demoProtocols: 0, clock: testClock, clerk: null })
    await bench.call('clerks.save', { name: 'Luis' })
    await bench.call('session.setClerk', { name: 'Luis' })
    await typeRanges(bench.call, testClock().getFullYear())
    await bench.call('veterinarians.create', { name: 'Dra. Lucía Fernández', clinic: '', email: 'lucia@example.org', phone: '', licence: '' })
    const { protocol } = await receiveProtocol(bench.call)
    const draft = await bench.call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
    await bench.restart()
    expect((await bench.call('session.get', {})).clerk).toBeNull()

    const refusal = await bench.call('reports.finalize', { id: draft.id }).catch((error: unknown) => error)
    expect(refusal).toMatchObject({ code: 'no_clerk' })
    expect(await bench.call('reports.get', { id: draft.id })).toMatchObject({ status: 'draft', finalizeJob: null })
    const signedByBench = bench.host.db.prepare(`SELECT count(*) FROM audit_log WHERE entity = 'report' AND actor = 'bench'`).pluck().get()
    expect(signedByBench).toBe(0)
    expect(bench.host.db.prepare(`SELECT count(*) FROM jobs WHERE kind = 'report.finalize'`).pluck().get()).toBe(0)

    await bench.call('session.setClerk', { name: 'Luis' })
    await bench.call('reports.finalize', { id: draft.id })
    await bench.host.queue.drained()
    expect(await bench.call('reports.get', { id: draft.id })).toMatchObject({ status: 'finalized' })
    const actors = bench.host.db.prepare(`SELECT DISTINCT actor FROM audit_log WHERE entity = 'report' AND entity_id = ?`).pluck().all(draft.id)
    expect(actors).toEqual(['Luis'])
  })
})
