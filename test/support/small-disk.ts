import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'

export interface SmallDisk {
  path: string
  unmount(): void
}

/**
 * A real file system of a few KiB (tmpfs), to see what a full disk or a read-only share does to
 * the bench. Mounting needs root with the right to mount; elsewhere the reason to skip is returned.
 */
export function mountSmallDisk(path: string, sizeKiB: number, options: { readOnly?: boolean } = {}): SmallDisk | string {
  mkdirSync(path, { recursive: true })
  if (process.getuid?.() !== 0) return 'skipped: mounting a small tmpfs needs root'
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k${options.readOnly ? ',ro' : ''}`, 'tmpfs', path], { stdio: 'ignore' })
  } catch {
    return 'skipped: this machine does not allow mounting a tmpfs (no CAP_SYS_ADMIN)'
  }
  return {
    path,
    unmount: () => execFileSync('umount', ['-l', path], { stdio: 'ignore' })
  }
}
