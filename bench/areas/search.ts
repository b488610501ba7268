/**
 * search_1m_p95_ms: the protocol search the Protocols page sends while the clerk types, over a
 * database of 1,000,000 protocols (a lab with a decade of history and several benches). Every
 * prefix of each typed term is a request, as the page sends them (first page of 100 rows, no
 * filters: `protocols-store.ts`), so one letter, two letters and whole words are all timed.
 *
 * The data folder is built once and kept under .bench/data/ (see bench/workloads/datasets.ts: the
 * first build takes minutes); each run searches a private copy of it.
 */
import { rmSync } from 'node:fs'
import { formatProtocolNumber } from '../../src/shared/domain'
import { measure } from '../measure'
import { cachedDataFolder, copyDataFolder, PROTOCOLS_1M, SEEDED_AT } from '../workloads/datasets'
import { startHostOn } from '../workloads/host'

/** The page's first request for a query (PAGE_SIZE in protocols-store.ts). */
const PAGE_SIZE = 100
/** A number of the year before SEEDED_AT: a full year of the decade the data folder holds. */
const NUMBER_SEARCHED = formatProtocolNumber('HP', SEEDED_AT.getUTCFullYear() - 1, 12_345)
/** What clerks type: names, owners, numbers, submission ids, two words, accents and none. */
const TYPED = ['luna', 'garcía', 'pena', 'toby gato', 'fernández luna', 'martínez ruiz', 'ibáñez', 'SUB-123', NUMBER_SEARCHED, '0123']

/** Every text the page sends while the terms are typed one character at a time. */
export function typedPrefixes(terms: readonly string[]): string[] {
  return terms.flatMap((term) => Array.from({ length: term.length }, (_, i) => term.slice(0, i + 1)))
}

export async function run(): Promise<Record<string, number>> {
  const copy = copyDataFolder(await cachedDataFolder(PROTOCOLS_1M))
  const bench = await startHostOn(copy)
  try {
    const byNumber = await bench.call('protocols.search', { text: NUMBER_SEARCHED, offset: 0, limit: PAGE_SIZE })
    if (!byNumber.rows.some((row) => row.number === NUMBER_SEARCHED)) throw new Error(`searching ${NUMBER_SEARCHED} did not find it`)
    const texts = typedPrefixes(TYPED)
    const timing = await measure({ warmUp: texts.length, iterations: 4 * texts.length }, async (_, i) => {
      const answer = await bench.call('protocols.search', { text: texts[i % texts.length]!, offset: 0, limit: PAGE_SIZE })
      if (answer.rows.length === 0 && answer.total !== 0) throw new Error('a search answered a total without rows')
    })
    return { search_1m_p95_ms: timing.p95 }
  } finally {
    await bench.close()
    rmSync(copy, { recursive: true, force: true })
  }
}
