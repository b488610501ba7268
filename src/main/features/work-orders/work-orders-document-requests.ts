/**
 * `documents.get/save/print`: what the in-app PDF viewer asks of main, for any stored artifact
 * (work orders and reports alike) or for bytes the viewer already holds. Registered once, by the
 * work-orders module, which owns the artifact cache.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { HandledError, type Handlers } from '../../platform/dispatch'
import type { Platform } from '../../platform/module'
import type { DocumentSource } from '../../../shared/artifacts'
import type { ArtifactCache } from '../artifacts/artifact-cache'

export const EXPORTS_DIR = 'exports'

/** Where a save lands without a dialog: the name as given, or `name (2).pdf`… when taken. */
export function freeExportPath(dir: string, fileName: string): string {
  const extension = extname(fileName)
  const stem = basename(fileName, extension)
  for (let n = 1; ; n++) {
    const candidate = join(dir, n === 1 ? fileName : `${stem} (${n})${extension}`)
    if (!existsSync(candidate)) return candidate
  }
}

/** Whole file or nothing: a half-written PDF never carries the name the clerk will open. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(tmp, bytes, { flush: true })
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

export function createDocumentRequests(ctx: Pick<Platform, 'dataDir' | 'log' | 'ports'>, cache: ArtifactCache): Pick<Handlers, 'documents.get' | 'documents.save' | 'documents.print'> {
  const stored = (key: string): Uint8Array => {
    const bytes = cache.lookup(key)
    if (!bytes) throw new HandledError('document_not_stored', `document ${key} is not stored (not rendered yet, or pruned)`)
    return bytes
  }
  const bytesOf = (source: DocumentSource): Uint8Array => ('key' in source ? stored(source.key) : new Uint8Array(Buffer.from(source.pdfBase64, 'base64')))

  return {
    'documents.get': ({ key }) => {
      const bytes = stored(key)
      return { key, pdfBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'), byteLength: bytes.length }
    },
    'documents.save': async (source) => {
      const bytes = bytesOf(source)
      let path: string
      if (ctx.ports.chooseSavePath) {
        const chosen = await ctx.ports.chooseSavePath(source.fileName, [{ name: 'PDF', extensions: ['pdf'] }])
        if (chosen === null) throw new HandledError('cancelled', 'save cancelled')
        path = chosen
      } else {
        const dir = join(ctx.dataDir, EXPORTS_DIR)
        await mkdir(dir, { recursive: true })
        path = freeExportPath(dir, source.fileName)
      }
      await writeAtomically(path, bytes)
      ctx.log('info', `saved ${source.fileName} to ${path}`)
      return { path }
    },
    'documents.print': async (source) => {
      const print = ctx.ports.printPdf
      if (!print) throw new HandledError('print_dialog_unavailable', 'this shell has no system print dialog')
      await print(bytesOf(source), source.fileName)
      return { printed: true as const }
    }
  }
}
