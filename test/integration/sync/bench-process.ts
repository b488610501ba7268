// Child process of the bench-crash test: a real bench host on the given data folder that pairs,
// receives protocols, reports their ids, then syncs. The parent kills it with SIGKILL while the
// server holds the push answer back.
import { createBenchHost } from '../../../src/main/host'
import { callerOf } from '../../support/call'

const [dataDir, serverUrl, code, count] = process.argv.slice(2) as [string, string, string, string]
const host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: '0', log: () => {} })
const call = callerOf(host)
// A live bench (demo data would keep it from pairing): its clerk is added as Settings would.
await call('clerks.save', { name: 'Ana' })
await call('session.setClerk', { name: 'Ana' })
await call('settings.update', { syncIntervalSeconds: 3600 })
await call('sync.pair', { serverUrl, code, benchName: 'Bench killed', adminPin: '2468' })
await call('sync.now', { wait: true })
const vet = await call('veterinarians.create', { name: 'Dra. Crash', clinic: '', email: '', phone: '', licence: '' })
const ids: string[] = []
for (let i = 0; i < Number(count); i += 1) {
  const received = await call('reception.receive', {
    type: 'HP',
    veterinarianId: vet.id,
    animal: { name: `Toby ${i}`, species: 'Canine', breed: '', sex: 'unknown', age: '', owner: '' },
    sample: { sampleType: 'Biopsy', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    decision: 'accept',
    rejectionReason: ''
  })
  ids.push(received.protocol.id)
}
process.stdout.write(`received ${JSON.stringify(ids)}\n`)
await call('sync.now', { wait: true })
process.stdout.write('synced\n')
