import { openPostgresStorage } from './postgres'
import { openSqliteStorage } from './sqlite'
import { migrate } from './migrations'
import type { Storage } from './types'

export type StorageOptions =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; connectionString: string; schema?: string }

/** Opens the configured backend and brings its schema up to date. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const storage =
    options.kind === 'sqlite'
      ? openSqliteStorage(options.file)
      : await openPostgresStorage({ connectionString: options.connectionString, schema: options.schema })
  try {
    await migrate(storage)
    return storage
  } catch (error) {
    await storage.close()
    throw error
  }
}
