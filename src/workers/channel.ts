/** Just what the worker needs of its link to the main process. */
export interface ParentChannel {
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
}

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

/**
 * Hides the one difference between the two worker hosts: an Electron utility process talks
 * through `process.parentPort` (messages wrapped in `{ data }`), a Node child through
 * `process.send` / `process.on('message')`. A Node child also exits when its parent goes
 * away, so an orphan never keeps rendering for nobody.
 */
export function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data))
    }
  }
  const send = process.send?.bind(process)
  if (!send) throw new Error('worker started without a parent channel (use utilityProcess.fork or child_process.fork)')
  process.on('disconnect', () => process.exit(0))
  return {
    send: (message) => {
      // A parent killed mid-task: nobody is listening, and the disconnect handler ends us next.
      if (process.connected) send(message)
    },
    onMessage: (listener) => {
      process.on('message', listener)
    }
  }
}
