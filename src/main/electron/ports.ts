import { BrowserWindow, dialog, shell, type WebContents } from 'electron'
import { randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { SaveFileFilter, ShellPorts } from '../platform/shell-ports'

/**
 * The dialogs and printing only Electron can offer, as the host's shell ports. Thin adapters:
 * typechecked against electron.d.ts, exercised where an Electron binary exists.
 */
export function createElectronPorts(getWindow: () => BrowserWindow | null): Required<Pick<ShellPorts, 'chooseSavePath' | 'printPdf' | 'revealFile'>> {
  return {
    async chooseSavePath(suggestedName: string, filters: SaveFileFilter[]) {
      const window = getWindow()
      const options = { defaultPath: suggestedName, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[] }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    printPdf: (pdf, title) => printWithSystemDialog(pdf, title),
    revealFile: (path) => shell.showItemInFolder(path)
  }
}

/**
 * A hidden window shows the PDF from a temp file (a data: URL would cap its size) in Chromium's
 * viewer, and the system print dialog prints it; the file is removed afterwards either way.
 */
async function printWithSystemDialog(pdf: Uint8Array, title: string): Promise<void> {
  const file = join(tmpdir(), `reception-bench-print-${randomUUID()}.pdf`)
  await writeFile(file, pdf)
  const window = new BrowserWindow({
    show: false,
    title,
    webPreferences: {
      // Chromium's PDF viewer is a plugin; nothing else runs in this window.
      plugins: true,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick'
    }
  })
  try {
    await window.loadURL(pathToFileURL(file).href)
    await printContents(window.webContents)
  } finally {
    window.destroy()
    await rm(file, { force: true })
  }
}

function printContents(contents: WebContents): Promise<void> {
  return new Promise((resolve, reject) => {
    contents.print({ silent: false, printBackground: true }, (success, failureReason) => {
      // Cancelling the dialog is the user's choice, not a failure.
      if (success || failureReason === 'cancelled') resolve()
      else reject(new Error(`printing failed: ${failureReason || 'no reason given'}`))
    })
  })
}
