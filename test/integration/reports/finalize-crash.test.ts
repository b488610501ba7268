import { createHash } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { createBenchHost, DATABASE_FILE } from '../../../src/main/host'
import { openDatabase } from '../../../src/main/platform/db/database'
import { makeTempDir } from '../../support/temp-dir'
import { pdfPageCount, pdfText } from '../../support/pdf-tools'
import { isAlive, until } from '../jobs/queue-fixture'
import type { CrashStop } from './finalize-host'
import { reportWorkers } from './support'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

interface Child {
  process: ChildProcess
  /** Resolves with the words of the first stdout line starting with `word`. */
  line(word: string): Promise<string[]>
}

function startChild(dataDir: string, stop: CrashStop): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'finalize-host.ts'), dataDir, stop], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const seen: string[][] = []
  const waiting: { word: string; resolve: (words: string[]) => void }[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const words = line.split(' ')
    seen.push(words)
    for (const waiter of waiting.filter((w) => w.word === words[0])) {
      waiting.splice(waiting.indexOf(waiter), 1)
      waiter.resolve(words)
    }
  })
  return {
    process: child,
    line: (word) =>
      new Promise((resolve, reject) => {
        const found = seen.find((words) => words[0] === word)
        if (found) return resolve(found)
        waiting.push({ word, resolve })
        child.once('exit', (code, signal) => reject(new Error(`finalize host exited (${code ?? signal}) before "${word}"`)))
      })
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  expect(child.signalCode).toBe('SIGKILL')
}

/** What the database says about the report at the moment of the kill, before any recovery. */
function stateAtKill(dataDir: string, reportId: string): { status: string; step: string | null; pdfs: number } {
  const db = openDatabase(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    return db
      .prepare(
        `SELECT r.status, r.finalize_step AS step, (SELECT count(*) FROM report_pdfs p WHERE p.report_id = r.id) AS pdfs
         FROM reports r WHERE r.id = ?`
      )
      .get(reportId) as { status: string; step: string | null; pdfs: number }
  } finally {
    db.close()
  }
}

/** Where each stop must have left the report: proof the kill landed at that step. */
const EXPECTED_AT_KILL: Record<CrashStop, { status: string; step: string | null; pdfs: number }> = {
  requested: { status: 'finalizing', step: 'requested', pdfs: 0 },
  claimed: { status: 'finalizing', step: 'requested', pdfs: 0 },
  'worker-rendering': { status: 'finalized', step: 'finalized', pdfs: 1 },
  'app-rendering': { status: 'finalizing', step: 'requested', pdfs: 0 },
  storing: { status: 'finalizing', step: 'requested', pdfs: 0 },
  stored: { status: 'finalizing', step: 'rendered', pdfs: 1 },
  finalizing: { status: 'finalizing', step: 'rendered', pdfs: 1 },
  finalized: { status: 'finalized', step: 'finalized', pdfs: 1 }
}

describe('finalize killed with SIGKILL at each step, then recovered by a new host on the same folder', () => {
  it.each(Object.keys(EXPECTED_AT_KILL) as CrashStop[])(
    'killed at "%s": one finalized version with its PDF and hash, one e-mail, one status change',
    async (stop) => {
      const dir = makeTempDir('report-crash-')
      const child = startChild(dir.path, stop)
      try {
        const [, reportId, protocolId] = await child.line('report')
        if (stop === 'worker-rendering' || stop === 'app-rendering') {
          const [, workerPid] = await child.line('worker-rendering')
          if (stop === 'worker-rendering') {
            // The worker dies under the render; the app retries on a fresh worker and finishes.
            process.kill(Number(workerPid), 'SIGKILL')
            await child.line('finalized')
          } else {
            await kill(child.process)
            // The orphaned worker notices its parent is gone and leaves.
            await until(() => !isAlive(Number(workerPid)), `worker ${workerPid} gone`)
          }
        } else {
          await child.line('stopped')
        }
        await kill(child.process)
        expect(stateAtKill(dir.path, reportId!)).toEqual(EXPECTED_AT_KILL[stop])

        const host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', workerCount: 1, log: () => {}, spawnWorker: reportWorkers() })
        try {
          const db = host.db
          const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T
          await until(() => one<{ status: string }>(`SELECT status FROM reports WHERE id = ?`, reportId).status === 'finalized', 'report finalized')
          await until(() => one<{ n: number }>(`SELECT count(*) AS n FROM jobs WHERE kind = 'report.finalize' AND state IN ('queued', 'running')`).n === 0, 'finalize job finished')

          expect(one(`SELECT count(*) AS n FROM reports WHERE protocol_id = ?`, protocolId)).toEqual({ n: 1 })
          const report = one<{ pdf_sha256: string; finalized_at: string }>(`SELECT pdf_sha256, finalized_at FROM reports WHERE id = ? AND status = 'finalized'`, reportId)
          const pdf = one<{ sha256: string; bytes: Buffer }>(`SELECT sha256, bytes FROM report_pdfs WHERE report_id = ?`, reportId)
          const bytes = new Uint8Array(pdf.bytes)
          expect(sha256(bytes)).toBe(report.pdf_sha256)
          expect(pdf.sha256).toBe(report.pdf_sha256)
          expect(await pdfPageCount(bytes)).toBeGreaterThanOrEqual(1)
          expect(await pdfText(bytes)).toContain('Sarcoma de tejidos blandos de grado I')

          expect(one(`SELECT count(*) AS n FROM notifications WHERE protocol_id = ? AND kind = 'report_ready' AND report_id = ?`, protocolId, reportId)).toEqual({ n: 1 })
          expect(one(`SELECT count(*) AS n FROM outbox WHERE entity = 'notification' AND payload_json LIKE ?`, `%"reportId":"${reportId}"%`)).toEqual({ n: 1 })
          expect(one(`SELECT count(*) AS n FROM protocol_status_history WHERE protocol_id = ? AND to_status = 'reported'`, protocolId)).toEqual({ n: 1 })
          expect(one(`SELECT status FROM protocols WHERE id = ?`, protocolId)).toEqual({ status: 'reported' })
          expect(one(`SELECT count(*) AS n FROM audit_log WHERE action = 'report.finalized' AND entity_id = ?`, reportId)).toEqual({ n: 1 })
          // One job, however many attempts it took.
          expect(db.prepare(`SELECT state FROM jobs WHERE kind = 'report.finalize'`).pluck().all()).toEqual(['succeeded'])
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
          // What the page shows after the restart: the finished job, and the PDF behind the hash.
          const view = await host.dispatch('reports.get', { id: reportId })
          expect(view).toMatchObject({ ok: true, value: { status: 'finalized', pdfSha256: report.pdf_sha256, finalizeJob: { state: 'succeeded' } } })
        } finally {
          await host.close()
        }
      } finally {
        if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL')
        dir.cleanup()
      }
    },
    90_000
  )
})
