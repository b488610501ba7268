import type { Database } from 'better-sqlite3'
import { initialSchema } from './001-initial'
import { jobsSchema } from './002-jobs'
import { receptionSchema } from './003-reception'
import { notificationsSchema } from './004-notifications'
import { workOrdersSchema } from './005-work-orders'
import { reportsSchema } from './006-reports'
import { syncSchema } from './007-sync'
import { bulkSchema } from './008-bulk'
import { statisticsSchema } from './009-statistics'
import { claimedRangesSchema } from './010-claimed-ranges'
import { labelFateSchema } from './011-label-fate'
import { labNumbersSchema } from './012-lab-numbers'
import { monitorAndWorkOrderMailSchema } from './013-monitor-and-work-order-mail'
import { searchPrefixesSchema } from './014-search-prefixes'
import { documentCopiesSchema } from './015-document-copies'
import { statisticsLateDataSchema } from './016-statistics-late-data'
import { renumberSettlesRefusalSchema } from './017-renumber-settles-refusal'
import { documentOriginSchema } from './018-document-origin'

export interface Migration {
  /** Versions only go up; a released migration is never edited, a new one is added. */
  readonly version: number
  readonly name: string
  up(db: Database): void
}

export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  jobsSchema,
  receptionSchema,
  notificationsSchema,
  workOrdersSchema,
  reportsSchema,
  syncSchema,
  bulkSchema,
  statisticsSchema,
  claimedRangesSchema,
  labelFateSchema,
  labNumbersSchema,
  monitorAndWorkOrderMailSchema,
  searchPrefixesSchema,
  documentCopiesSchema,
  statisticsLateDataSchema,
  renumberSettlesRefusalSchema,
  documentOriginSchema
]
