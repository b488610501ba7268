import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The Electron executable the npm package downloaded, or null where the download could not
 * happen. Read from the package's path.txt rather than `require('electron')`, which would try
 * (and here fail) to download the binary all over again.
 */
export function electronBinary(): string | null {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH']
  const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(override ?? join(packageDir, 'dist'), readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

export const NO_ELECTRON = 'skipped: no Electron binary'
