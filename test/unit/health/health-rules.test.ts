import { describe, expect, it } from 'vitest'
import {
  DISK_AMBER_BYTES,
  DISK_RED_BYTES,
  INTEGRITY_STALE_MS,
  judgeBacklog,
  judgeDatabase,
  judgeDisk,
  judgePrinter,
  judgeSync,
  judgeWorkers,
  SYNC_AMBER_MS,
  SYNC_RED_MS
} from '../../../src/main/features/health/health-rules'
import { worstLevel } from '../../../src/shared/health'

const NOW = Date.UTC(2026, 5, 11, 8, 0, 0)

describe('health rules', () => {
  it('database: green after a passing check, red after a failing one, amber when none is recent', () => {
    expect(judgeDatabase({ at: NOW - 1000, ok: true, detail: '' }, NOW)).toMatchObject({ level: 'green', reason: 'database_ok' })
    expect(judgeDatabase({ at: NOW - 1000, ok: false, detail: 'row 3 missing from index' }, NOW)).toMatchObject({ level: 'red', reason: 'database_damaged', detail: 'row 3 missing from index' })
    expect(judgeDatabase(null, NOW)).toMatchObject({ level: 'amber', reason: 'database_unchecked' })
    expect(judgeDatabase({ at: NOW - INTEGRITY_STALE_MS - 1, ok: true, detail: '' }, NOW).level).toBe('amber')
  })

  it('disk: by free bytes, unknown when it could not be read', () => {
    expect(judgeDisk(DISK_AMBER_BYTES)).toMatchObject({ level: 'green', facts: { freeMb: 2048 } })
    expect(judgeDisk(DISK_AMBER_BYTES - 1).level).toBe('amber')
    expect(judgeDisk(DISK_RED_BYTES - 1)).toMatchObject({ level: 'red', reason: 'disk_critical' })
    expect(judgeDisk(null, 'ENOENT')).toMatchObject({ level: 'amber', reason: 'disk_unknown', detail: 'ENOENT' })
  })

  it('printer: what the printer says, red when it cannot print, amber when it does not say or none is set', () => {
    expect(judgePrinter(null)).toMatchObject({ level: 'amber', reason: 'printer_none' })
    expect(judgePrinter({ name: 'Z', status: { ready: true, reason: 'ok' } })).toMatchObject({ level: 'green', reason: 'printer_ready', facts: { printer: 'Z' } })
    expect(judgePrinter({ name: 'Z', status: { ready: false, reason: 'head_open' } })).toMatchObject({ level: 'red', reason: 'printer_head_open' })
    expect(judgePrinter({ name: 'Z', status: { ready: false, reason: 'unreachable', detail: 'ECONNREFUSED' } })).toMatchObject({ level: 'red', detail: 'ECONNREFUSED' })
    expect(judgePrinter({ name: 'Z', status: { ready: false, reason: 'unknown' } }).level).toBe('amber')
  })

  it('sync: by the age of the last successful round', () => {
    expect(judgeSync({ paired: false, lastSuccessAt: null, lastError: null }, NOW).reason).toBe('sync_unpaired')
    expect(judgeSync({ paired: true, lastSuccessAt: null, lastError: 'network: ECONNREFUSED' }, NOW)).toMatchObject({ level: 'red', reason: 'sync_never' })
    expect(judgeSync({ paired: true, lastSuccessAt: NOW - SYNC_AMBER_MS + 1, lastError: null }, NOW).level).toBe('green')
    expect(judgeSync({ paired: true, lastSuccessAt: NOW - SYNC_AMBER_MS, lastError: null }, NOW)).toMatchObject({ level: 'amber', reason: 'sync_late', facts: { minutes: 15 } })
    expect(judgeSync({ paired: true, lastSuccessAt: NOW - SYNC_RED_MS, lastError: null }, NOW)).toMatchObject({ level: 'red', reason: 'sync_stale' })
  })

  it('workers: all ready, some starting, none', () => {
    expect(judgeWorkers([{ ready: true, restarts: 0 }, { ready: true, restarts: 2 }])).toMatchObject({ level: 'green', facts: { ready: 2, total: 2, restarts: 2 } })
    expect(judgeWorkers([{ ready: true, restarts: 0 }, { ready: false, restarts: 1 }]).level).toBe('amber')
    expect(judgeWorkers([{ ready: false, restarts: 0 }]).level).toBe('red')
    expect(judgeWorkers([])).toMatchObject({ level: 'green', reason: 'workers_idle', facts: { ready: 0, total: 0 } })
  })

  it('backlog: late only when a server should have taken it', () => {
    expect(judgeBacklog({ pending: 0, oldestAt: null, paired: true }, NOW)).toMatchObject({ level: 'green', reason: 'backlog_empty' })
    expect(judgeBacklog({ pending: 500, oldestAt: NOW - SYNC_RED_MS * 3, paired: false }, NOW)).toMatchObject({ level: 'green', reason: 'backlog_unpaired' })
    expect(judgeBacklog({ pending: 3, oldestAt: NOW - 60_000, paired: true }, NOW)).toMatchObject({ level: 'green', reason: 'backlog_waiting', facts: { count: 3, minutes: 1 } })
    expect(judgeBacklog({ pending: 3, oldestAt: NOW - SYNC_AMBER_MS, paired: true }, NOW).level).toBe('amber')
    expect(judgeBacklog({ pending: 3, oldestAt: NOW - SYNC_RED_MS, paired: true }, NOW).level).toBe('red')
  })

  it('the overall level is the worst one', () => {
    expect(worstLevel([])).toBe('green')
    expect(worstLevel(['green', 'amber', 'green'])).toBe('amber')
    expect(worstLevel(['amber', 'red', 'green'])).toBe('red')
  })
})
