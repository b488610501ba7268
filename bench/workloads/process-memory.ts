/**
 * Resident memory of a process and its child processes (the host and its workers), read from
 * Linux's /proc: what the machine actually gives them, not what V8 reports about its heap.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** Resident set size in bytes, or 0 when the process is gone. */
export function residentBytes(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? 0 : Number(kb) * 1024
  } catch {
    return 0
  }
}

/** Pids whose parent is `pid` (the field after the command in /proc/<pid>/stat). */
export function childPids(pid: number): number[] {
  const children: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (parent === pid) children.push(Number(entry))
    } catch {
      // It ended while the folder was read.
    }
  }
  return children
}

/** The process and all its descendants, in bytes, with how many processes were counted. */
export function treeResidentBytes(pid: number): { bytes: number; processes: number } {
  let bytes = 0
  let processes = 0
  const queue = [pid]
  while (queue.length > 0) {
    const next = queue.shift()!
    const rss = residentBytes(next)
    if (rss === 0) continue
    bytes += rss
    processes++
    queue.push(...childPids(next))
  }
  return { bytes, processes }
}
