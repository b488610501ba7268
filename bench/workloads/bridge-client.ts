/**
 * A client of the browser harness's WebSocket bridge, speaking to the host exactly as the page
 * does (same channels, same answers), for areas that drive a harness running in its own process.
 */
import WebSocket from 'ws'
import { IPC_PREFIX, type RequestInput, type RequestName, type RequestOutput, type Result } from '../../src/shared/contract'
import { okValue } from './host'

export interface BridgeClient {
  call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>>
  close(): void
}

export async function connectBridge(pageUrl: string): Promise<BridgeClient> {
  const url = new URL(pageUrl)
  const token = url.hash.replace('#bridge=', '')
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${token}`, { headers: { origin: url.origin } })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const pending = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }>()
  let lastId = 0
  ws.on('message', (data) => {
    const answer = JSON.parse(data.toString()) as { id?: number; result?: Result<unknown> }
    if (answer.id === undefined) return // an event
    const waiter = pending.get(answer.id)
    if (!waiter) return
    pending.delete(answer.id)
    if (answer.result) waiter.resolve(answer.result)
    else waiter.reject(new Error(`the bridge answered ${data.toString().slice(0, 200)}`))
  })
  ws.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the bridge closed'))
    pending.clear()
  })
  return {
    async call(name, input) {
      const id = ++lastId
      const result = await new Promise<Result<unknown>>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        ws.send(JSON.stringify({ id, channel: `${IPC_PREFIX}${name}`, input }))
      })
      return okValue(name, result as never)
    },
    close: () => ws.close()
  }
}
