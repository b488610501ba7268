import type { Database } from 'better-sqlite3'
import { initialSchema } from './001-initial'
import { jobsSchema } from './002-jobs'
import { receptionSchema } from './003-reception'

export interface Migration {
  /** Versions only go up; a released migration is never edited, a new one is added. */
  readonly version: number
  readonly name: string
  up(db: Database): void
}

export const MIGRATIONS: readonly Migration[] = [initialSchema, jobsSchema, receptionSchema]
