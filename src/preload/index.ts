import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildBenchApi } from '../shared/bench-api'

/**
 * Exposes exactly the contract: one function per request name and `on` for the contract's
 * events. No generic invoke, no ipcRenderer, nothing else reaches the page.
 */
contextBridge.exposeInMainWorld(
  'bench',
  buildBenchApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    subscribe: (channel, listener) => {
      const wrapped = (_event: IpcRendererEvent, name: unknown, payload: unknown) => listener(name, payload)
      ipcRenderer.on(channel, wrapped)
      return () => ipcRenderer.removeListener(channel, wrapped)
    }
  })
)
