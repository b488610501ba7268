import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBenchHost } from '../src/main/host'
import type { RequestInput, RequestName, RequestOutput } from '../src/shared/contract'
import { receiveProtocol, sampleContent } from '../test/integration/reports/support'
import { percentile } from './stats'

const WARM_UP = 5
const ROUNDS = 40

/**
 * report_finalize_ms (median): from the finalize request to the report being finalized, through
 * the real queue, a worker process rendering the PDF, the stored bytes and hash, and the finalize
 * transaction with its e-mail. Each round finalizes a fresh draft of a fresh protocol.
 */
export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'))
  const host = createBenchHost({ dataDir: dir, shell: 'browser-harness', appVersion: 'bench', demoProtocols: 10, log: () => {} })
  const finalized = new Map<string, () => void>()
  host.subscribe((event, payload) => {
    const change = payload as { reportId?: string; status?: string }
    if (event === 'reports.changed' && change.status === 'finalized' && change.reportId) finalized.get(change.reportId)?.()
  })
  const call = async <K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> => {
    const result = await host.dispatch(name, input)
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
    return result.value as RequestOutput<K>
  }
  try {
    await call('session.setClerk', { name: 'Ana (demo)' })
    const times: number[] = []
    for (let i = 0; i < WARM_UP + ROUNDS; i++) {
      const { protocol } = await receiveProtocol(call)
      const draft = await call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
      const done = new Promise<void>((resolve) => finalized.set(draft.id, resolve))
      const started = performance.now()
      await call('reports.finalize', { id: draft.id })
      await done
      if (i >= WARM_UP) times.push(performance.now() - started)
      finalized.delete(draft.id)
    }
    return { report_finalize_ms: Math.round(percentile(times, 50) * 100) / 100 }
  } finally {
    await host.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
