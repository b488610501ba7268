import type { Migration } from './index'

/** Work orders, their lines and versions, and the artifact cache (being written). */
export const workOrdersSchema: Migration = {
  version: 5,
  name: 'work-orders',
  up() {}
}
