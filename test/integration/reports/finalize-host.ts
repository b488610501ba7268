// Child process for the finalize crash test: a real bench host on the data folder it is given,
// which writes a report, asks to finalize it and stops dead at one step of the way, saying so on
// stdout. The parent kills it there with SIGKILL (or kills its worker) and recovers.
//
// Stops are made with TEMP triggers that call a function of this connection:
//  - 'inside' blocks while the step's transaction is still open (the kill rolls it back);
//  - 'after' blocks on the next turn, once the step's transaction has committed.
// Blocking is a synchronous Atomics.wait: nothing else of the host runs after that point.
import { join } from 'node:path'
import { writeSync } from 'node:fs'
import { createBenchHost } from '../../../src/main/host'
import { callerOf } from '../../support/call'
import { receiveProtocol, reportWorkers, sampleContent } from './support'

export type CrashStop =
  | 'requested'
  | 'claimed'
  | 'worker-rendering'
  | 'app-rendering'
  | 'storing'
  | 'stored'
  | 'finalizing'
  | 'finalized'

const dataDir = process.argv[2]!
const stop = process.argv[3] as CrashStop
const say = (line: string) => writeSync(1, `${line}\n`)

const pausesInWorker = stop === 'worker-rendering' || stop === 'app-rendering'
const host = createBenchHost({
  dataDir,
  shell: 'browser-harness',
  appVersion: '0',
  demoProtocols: 5,
  workerCount: 1,
  log: () => {},
  spawnWorker: reportWorkers(pausesInWorker ? { REPORT_TEST_PAUSE_FILE: join(dataDir, 'render-paused') } : {})
})

const blockForever = (): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
}

// Said only from where the host stands still: said earlier, the kill could overtake the commit.
const stopHere = (where: unknown) => {
  say(`stopped ${String(where)}`)
  blockForever()
}

host.db.function('test_stop', (where: unknown, when: unknown) => {
  if (when === 'inside') stopHere(where)
  else setImmediate(() => stopHere(where))
  return null
})

const TRIGGERS: Partial<Record<CrashStop, string>> = {
  requested: `AFTER UPDATE OF status ON reports WHEN NEW.status = 'finalizing' BEGIN SELECT test_stop('requested', 'after'); END`,
  claimed: `AFTER UPDATE OF state ON jobs WHEN NEW.state = 'running' AND NEW.kind = 'report.finalize' BEGIN SELECT test_stop('claimed', 'after'); END`,
  storing: `AFTER UPDATE OF finalize_step ON reports WHEN NEW.finalize_step = 'rendered' BEGIN SELECT test_stop('storing', 'inside'); END`,
  stored: `AFTER UPDATE OF finalize_step ON reports WHEN NEW.finalize_step = 'rendered' BEGIN SELECT test_stop('stored', 'after'); END`,
  finalizing: `AFTER UPDATE OF status ON reports WHEN NEW.status = 'finalized' BEGIN SELECT test_stop('finalizing', 'inside'); END`,
  finalized: `AFTER UPDATE OF status ON reports WHEN NEW.status = 'finalized' BEGIN SELECT test_stop('finalized', 'after'); END`
}

const call = callerOf(host)

host.subscribe((event, payload) => {
  if (event === 'reports.changed' && (payload as { status: string }).status === 'finalized') say('finalized')
})
await call('session.setClerk', { name: 'Ana (demo)' })
const { protocol } = await receiveProtocol(call)
const draft = await call('reports.saveDraft', { protocolId: protocol.id, content: sampleContent() })
const trigger = TRIGGERS[stop]
if (trigger) host.db.exec(`CREATE TEMP TRIGGER test_stop_${stop.replace('-', '_')} ${trigger}`)
say(`report ${draft.id} ${protocol.id}`)
await call('reports.finalize', { id: draft.id })
// Kept alive until the parent kills it.
setInterval(() => {}, 60_000)
