// Child process for the durability test: commits protocols one transaction at a time and
// reports each id on stdout only after its commit returned. The parent kills it with SIGKILL.
import { createBenchHost } from '../../../src/main/host'
import { createProtocolsRepository } from '../../../src/main/features/protocols/protocols-repository'
import { newId } from '../../../src/shared/ids'

const dataDir = process.argv[2]!
const host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: '0', demoProtocols: 1, log: () => {} })
const repo = createProtocolsRepository(host.db)
const vetId = host.db.prepare(`SELECT id FROM veterinarians LIMIT 1`).pluck().get() as string
const insert = host.db.transaction((id: string) => {
  repo.insert({
    id,
    type: 'HP',
    year: null,
    seq: null,
    number: null,
    externalId: null,
    status: 'registered',
    veterinarianId: vetId,
    animal: { name: 'Durable', species: 'Perro', breed: '', sex: 'unknown', age: '', owner: 'Kill Nine' },
    sample: { sampleType: 'Biopsia', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    rejectionReason: null,
    receivedAt: null,
    receivedBy: null,
    createdAt: new Date().toISOString(),
    demo: false
  })
})
for (;;) {
  const id = newId()
  insert(id)
  process.stdout.write(`${id}\n`)
}
