import type { Migration } from './index'

/**
 * Local numbering ranges registered with the sync server. A local range is only safe once the
 * server has it as this device's (its numbers are accepted then, and no other bench is leased
 * into it), so each local block remembers the device it was claimed for and how that went:
 * claimed, or refused because another bench holds part of it (the block is then closed).
 */
export const claimedRangesSchema: Migration = {
  version: 10,
  name: 'claimed-ranges',
  up(db) {
    db.exec(`
      ALTER TABLE number_blocks ADD COLUMN claim_device TEXT;
      ALTER TABLE number_blocks ADD COLUMN claim_status TEXT CHECK (claim_status IN ('claimed', 'refused'));
    `)
  }
}
