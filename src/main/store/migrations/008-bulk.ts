import type { Migration } from './index'

/** Bulk batches with per-item results, and exports (being written). */
export const bulkSchema: Migration = {
  version: 8,
  name: 'bulk',
  up() {}
}
