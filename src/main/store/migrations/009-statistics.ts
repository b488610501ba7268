import type { Migration } from './index'

/** Daily and weekly statistics summaries (being written). */
export const statisticsSchema: Migration = {
  version: 9,
  name: 'statistics',
  up() {}
}
