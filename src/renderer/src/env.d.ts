import type { BenchApi } from '../../shared/contract'

declare global {
  interface Window {
    /** Present in Electron (preload); absent in the browser harness, which bridges over a WebSocket. */
    readonly bench?: BenchApi
  }
}
