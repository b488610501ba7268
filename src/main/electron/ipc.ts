import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { EVENT_CHANNEL, REQUEST_NAMES, requestChannel, type Result } from '../../shared/contract'
import type { BenchHost } from '../host'
import { isTrustedRendererUrl } from './trusted-sender'

/**
 * Binds every contract request to ipcMain. The sender is checked first (our window, our page,
 * its main frame); then the host's dispatcher validates the payload. Events go only to our window.
 */
export function bindIpc(host: BenchHost, getWindowContents: () => WebContents | null, rendererEntry: string): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const contents = getWindowContents()
    const frame = event.senderFrame
    return (
      contents !== null &&
      event.sender.id === contents.id &&
      frame !== null &&
      frame === contents.mainFrame &&
      isTrustedRendererUrl(frame.url, rendererEntry)
    )
  }
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), async (event, input: unknown): Promise<Result<unknown>> => {
      if (!trusted(event)) return { ok: false, error: { code: 'forbidden_sender', message: 'sender is not the bench window' } }
      return host.dispatch(name, input)
    })
  }
  const unsubscribe = host.subscribe((name, payload) => {
    const contents = getWindowContents()
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload)
  })
  return () => {
    unsubscribe()
    for (const name of REQUEST_NAMES) ipcMain.removeHandler(requestChannel(name))
  }
}
