import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * `npm run bench` prints every figure against its budget; `npm run bench -- --json` prints one
 * JSON object. Each area of the app contributes a module exporting `run()`.
 */
const BUDGETS: Record<string, { limit: number; better: 'lower' | 'higher'; unit: string }> = {
  search_p95_ms: { limit: 20, better: 'lower', unit: 'ms' },
  ipc_roundtrip_p95_ms: { limit: 5, better: 'lower', unit: 'ms' },
  queue_enqueue_per_s: { limit: 20_000, better: 'higher', unit: '/s' },
  queue_processed_per_s: { limit: 5_000, better: 'higher', unit: '/s' },
  queue_pickup_p95_ms: { limit: 20, better: 'lower', unit: 'ms' },
  label_zpl_ms: { limit: 0.1, better: 'lower', unit: 'ms' },
  label_pdf_ms: { limit: 3, better: 'lower', unit: 'ms' },
  receive_to_printer_p95_ms: { limit: 50, better: 'lower', unit: 'ms' },
  label_pdf_worker_ms: { limit: 3, better: 'lower', unit: 'ms' },
  workorder_pdf_ms: { limit: 100, better: 'lower', unit: 'ms' },
  workorder_pdf_cached_ms: { limit: 5, better: 'lower', unit: 'ms' },
  report_pdf_10p_ms: { limit: 300, better: 'lower', unit: 'ms' },
  sync_push_10k_s: { limit: 3, better: 'lower', unit: 's' },
  sync_pull_10k_s: { limit: 3, better: 'lower', unit: 's' },
  bulk_receive_500_s: { limit: 5, better: 'lower', unit: 's' },
  export_100k_rows_s: { limit: 10, better: 'lower', unit: 's' },
  report_finalize_ms: { limit: 500, better: 'lower', unit: 'ms' },
  sync_round_10k_s: { limit: 10, better: 'lower', unit: 's' },
  renderer_long_tasks_bulk: { limit: 1, better: 'lower', unit: 'tasks' }
}

const AREAS = ['foundation', 'queue', 'labels', 'reception', 'documents', 'work-orders', 'reports', 'sync', 'bulk', 'exports', 'renderer']

const json = process.argv.includes('--json')
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',')
const figures: Record<string, number> = {}
const log = (line: string) => {
  if (!json) console.log(line)
}

for (const area of AREAS) {
  if (only && !only.includes(area)) continue
  const file = join(import.meta.dirname, `${area}.ts`)
  if (!existsSync(file)) continue
  log(`\n${area}`)
  const module = (await import(`./${area}.ts`)) as { run(): Promise<Record<string, number>> }
  const result = await module.run()
  for (const [key, value] of Object.entries(result)) {
    figures[key] = Number(value.toPrecision(4))
    const budget = BUDGETS[key]
    const verdict = budget ? ((budget.better === 'lower' ? value < budget.limit : value > budget.limit) ? 'ok  ' : 'OVER') : '    '
    const target = budget ? `${budget.better === 'lower' ? '<' : '>'} ${budget.limit} ${budget.unit}` : ''
    log(`  ${verdict} ${key.padEnd(28)} ${String(figures[key]).padStart(10)}   budget ${target}`)
  }
}

if (json) console.log(JSON.stringify(figures))
