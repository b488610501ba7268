import type { Migration } from './index'

/** Sync state: cursor, conflicts for review (being written). */
export const syncSchema: Migration = {
  version: 7,
  name: 'sync',
  up() {}
}
