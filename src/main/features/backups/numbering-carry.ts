/**
 * A restore must never hand out a protocol number again. The snapshot's number blocks are older
 * than the database they replace: each block's next number is moved forward to where the
 * replaced database had got, and blocks received after the snapshot (a new server lease, a new
 * local range) are added back. Raw SQL over `number_blocks` because it runs on files no bench
 * has open: before the swap on the replaced file, after it on the restored one.
 */
import Database from 'better-sqlite3'
import type { Db } from '../../platform/db/database'

export type NumberBlockRows = Record<string, unknown>[]

/** The blocks of an open database, or of a (possibly damaged) file read-only; null when unreadable. */
export function readNumberBlocks(source: Db | string): NumberBlockRows | null {
  let db: Db | null = null
  try {
    db = typeof source === 'string' ? new Database(source, { readonly: true, fileMustExist: true }) : source
    return db.prepare('SELECT * FROM number_blocks').all() as NumberBlockRows
  } catch {
    // A damaged file may not give its blocks up; the caller says numbering could not be carried.
    return null
  } finally {
    if (typeof source === 'string') db?.close()
  }
}

/** Applies the replaced database's blocks to the restored file; returns how many blocks moved or came back. */
export function carryNumberBlocks(restoredFile: string, blocks: NumberBlockRows): number {
  const db = new Database(restoredFile, { fileMustExist: true })
  try {
    const columns = new Set((db.prepare('PRAGMA table_info(number_blocks)').all() as { name: string }[]).map((column) => column.name))
    const forward = db.prepare('UPDATE number_blocks SET next_seq = ? WHERE id = ? AND next_seq < ?')
    const exists = db.prepare('SELECT 1 FROM number_blocks WHERE id = ?').pluck()
    let changed = 0
    db.transaction(() => {
      for (const block of blocks) {
        if (exists.get(block['id'])) {
          changed += forward.run(block['next_seq'], block['id'], block['next_seq']).changes
        } else {
          // Only the columns the snapshot's schema knows: migrations at the next open add the rest.
          const shared = Object.keys(block).filter((name) => columns.has(name))
          db.prepare(`INSERT INTO number_blocks (${shared.join(', ')}) VALUES (${shared.map(() => '?').join(', ')})`).run(...shared.map((name) => block[name]))
          changed++
        }
      }
    })()
    return changed
  } finally {
    db.close()
  }
}

/**
 * When the replaced database's blocks cannot be read, nobody knows how far they had got: every
 * block of the restored file is closed, so the bench hands out no number until it gets a new
 * block (a server lease, a new local range). A gap in the numbers is harmless; a number on two
 * samples is not.
 */
export function closeNumberBlocks(restoredFile: string): number {
  const db = new Database(restoredFile, { fileMustExist: true })
  try {
    return db.prepare('UPDATE number_blocks SET next_seq = range_end + 1 WHERE next_seq <= range_end').run().changes
  } finally {
    db.close()
  }
}
