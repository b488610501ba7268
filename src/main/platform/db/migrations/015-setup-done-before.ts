import type { Migration } from './index'

/**
 * The first-run setup opens on a new install only. A database that was already in use when the
 * setup came (it has a `created_at`, written at its first start, which a brand-new file gets only
 * after its migrations) is a bench that went live before: it is marked set up since it was
 * created, so an update never sends a working bench back to the setup screen.
 */
export const setupDoneBeforeSchema: Migration = {
  version: 15,
  name: 'setup-done-before',
  up(db) {
    db.exec(`
      INSERT OR IGNORE INTO meta (key, value)
        SELECT 'setup_completed_at', value FROM meta WHERE key = 'created_at';
    `)
  }
}
