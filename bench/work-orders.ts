/**
 * Work-order figures for `npm run bench`: an unchanged work order's PDF served through the
 * host's own request (`workOrders.pdf`: build the document input, hash it, find the stored file,
 * read it, base64 it), p95 over many views after warm-up. The render itself is `workorder_pdf_ms`
 * in bench/documents.ts.
 */
import { startWorkOrderFixture } from '../test/integration/work-orders/fixture'

const round = (ms: number) => Math.round(ms * 1000) / 1000

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0
}

export async function run(): Promise<Record<string, number>> {
  const f = await startWorkOrderFixture()
  try {
    const { order } = await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: f.protocolIds })
    const issued = (await f.bench.call('workOrders.issue', { id: order.id })).order
    await f.bench.host.queue.drained()
    const view = async () => {
      const result = await f.bench.host.dispatch('workOrders.pdf', { id: issued.id })
      if (!result.ok || (result.value as { state: string }).state !== 'ready') throw new Error('the issued PDF should be served from the cache')
    }
    for (let i = 0; i < 50; i++) await view()
    const samples: number[] = []
    for (let i = 0; i < 500; i++) {
      const start = performance.now()
      await view()
      samples.push(performance.now() - start)
    }
    return { workorder_pdf_cached_ms: round(p95(samples)) }
  } finally {
    await f.bench.close()
  }
}
