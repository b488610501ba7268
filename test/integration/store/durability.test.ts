import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { openDatabase } from '../../../src/main/platform/db/database'
import { DATABASE_FILE } from '../../../src/main/host'
import { makeTempDir } from '../../support/temp-dir'

describe('durability under kill -9', () => {
  it('keeps every committed write and a sound file after SIGKILL mid-stream', async () => {
    const dir = makeTempDir()
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'durability-writer.ts'), dir.path], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const committed: string[] = []
    let buffer = ''
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject)
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString()
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        committed.push(...lines)
        // Kill while the writer is in full flow, not at a quiet moment.
        if (committed.length >= 400 && !child.killed) {
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    await new Promise((resolve) => child.on('exit', resolve))
    expect(child.signalCode).toBe('SIGKILL')

    const db = openDatabase(join(dir.path, DATABASE_FILE))
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const stored = new Set(db.prepare(`SELECT id FROM protocols WHERE owner = 'Kill Nine'`).pluck().all() as string[])
    const missing = committed.filter((id) => !stored.has(id))
    expect(missing).toEqual([])
    // The search index stayed consistent with the table through the crash.
    expect(db.prepare(`SELECT count(*) FROM protocols_fts WHERE protocols_fts MATCH '"kill" "nine"'`).pluck().get()).toBe(stored.size)
    db.close()
    dir.cleanup()
  })
})
