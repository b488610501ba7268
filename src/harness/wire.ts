import { z } from 'zod'

/** A call from the page to the harness, the WebSocket twin of ipcRenderer.invoke. */
export const HarnessRequest = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  input: z.unknown()
})
