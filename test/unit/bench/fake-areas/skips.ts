import { AreaSkipped } from '../../../../bench/runner'

/** Cannot run on this machine, as the server areas without PostgreSQL. */
export async function run(): Promise<Record<string, number>> {
  throw new AreaSkipped('skipped: no PostgreSQL (SYNC_TEST_DATABASE_URL is not set)')
}
