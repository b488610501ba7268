/**
 * A real TCP server on 127.0.0.1 standing in for a network label printer (raw port 9100).
 *
 * It keeps every byte it receives, per connection, and answers the two status queries the
 * drivers send: ZPL `~HS` (three STX...ETX strings, flags set from the chosen state) and TSPL
 * `ESC !?` (one status byte). In the `silent` state it reads and never answers, like a printer
 * that is switched on but wedged. Status queries are kept out of `jobs()`/`received()` so those
 * hold exactly the label bytes a printer would print.
 *
 * It lives with the bench's workloads because `npm run bench` times labels to this socket; the
 * printing tests and e2e suites use the very same stand-in.
 */
import net from 'node:net'

export type SinkState = 'ready' | 'paper_out' | 'head_open' | 'paused' | 'ribbon_out' | 'silent'

export interface PrinterSinkOptions {
  state?: SinkState
}

export interface PrinterSink {
  readonly host: string
  readonly port: number
  /** Every label byte received so far, across connections, in arrival order. */
  received(): Buffer
  /** Label bytes per connection that carried any (status-only connections are left out). */
  jobs(): Buffer[]
  /** Everything received, status queries included, per connection. */
  raw(): Buffer[]
  /** Connections accepted so far. */
  connections(): number
  /** Resolves with `received()` once it holds `n` bytes or satisfies the predicate. */
  waitForBytes(expect: number | ((received: Buffer) => boolean), timeoutMs?: number): Promise<Buffer>
  /** Resolves with `jobs()` once `count` connections carrying label bytes have closed. */
  waitForJobs(count: number, timeoutMs?: number): Promise<Buffer[]>
  setState(state: SinkState): void
  close(): Promise<void>
}

const STX = '\x02'
const ETX_CRLF = '\x03\r\n'
const ZPL_STATUS_QUERY = Buffer.from('~HS', 'latin1')
const TSPL_STATUS_QUERY = Buffer.from([0x1b, 0x21, 0x3f])

/** The `~HS` answer a Zebra gives in `state` (field layout from the ZPL II programming guide). */
export function zplHostStatusResponse(state: SinkState): Buffer {
  const paperOut = state === 'paper_out' ? 1 : 0
  const paused = state === 'paused' ? 1 : 0
  const headUp = state === 'head_open' ? 1 : 0
  const ribbonOut = state === 'ribbon_out' ? 1 : 0
  const line1 = `${STX}030,${paperOut},${paused},0160,000,0,0,0,000,0,0,0${ETX_CRLF}`
  const line2 = `${STX}001,0,${headUp},${ribbonOut},0,2,6,0,00000000,1,000${ETX_CRLF}`
  const line3 = `${STX}1234,0${ETX_CRLF}`
  return Buffer.from(line1 + line2 + line3, 'latin1')
}

/** The `ESC !?` status byte a TSC printer gives in `state` (bit 0 head open, 2 paper, 3 ribbon, 4 pause). */
export function tsplStatusByte(state: SinkState): number {
  switch (state) {
    case 'head_open':
      return 0x01
    case 'paper_out':
      return 0x04
    case 'ribbon_out':
      return 0x08
    case 'paused':
      return 0x10
    default:
      return 0x00
  }
}

interface Connection {
  chunks: Buffer[]
  job: Buffer[]
  closed: boolean
  /** Tail of bytes not yet known to be outside a status query split across packets. */
  pending: Buffer
}

function startsWithPartial(buffer: Buffer, offset: number, query: Buffer): 'full' | 'partial' | 'no' {
  const available = buffer.length - offset
  const n = Math.min(available, query.length)
  for (let i = 0; i < n; i++) if (buffer[offset + i] !== query[i]) return 'no'
  return available >= query.length ? 'full' : 'partial'
}

export async function startPrinterSink(options: PrinterSinkOptions = {}): Promise<PrinterSink> {
  let state: SinkState = options.state ?? 'ready'
  const connections: Connection[] = []
  const sockets = new Set<net.Socket>()
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of [...listeners]) listener()
  }

  const received = () => Buffer.concat(connections.flatMap((c) => c.job))
  const jobs = () => connections.filter((c) => c.job.length > 0).map((c) => Buffer.concat(c.job))

  /** Splits incoming bytes into label bytes and status queries, answering the queries. */
  const consume = (connection: Connection, socket: net.Socket, data: Buffer) => {
    const buffer = connection.pending.length > 0 ? Buffer.concat([connection.pending, data]) : data
    connection.pending = Buffer.alloc(0)
    let start = 0
    let i = 0
    while (i < buffer.length) {
      const byte = buffer[i]
      const query = byte === 0x7e ? ZPL_STATUS_QUERY : byte === 0x1b ? TSPL_STATUS_QUERY : null
      if (query) {
        const match = startsWithPartial(buffer, i, query)
        if (match === 'partial') {
          connection.pending = Buffer.from(buffer.subarray(i))
          break
        }
        if (match === 'full') {
          if (i > start) connection.job.push(Buffer.from(buffer.subarray(start, i)))
          if (state !== 'silent') {
            socket.write(query === ZPL_STATUS_QUERY ? zplHostStatusResponse(state) : Buffer.from([tsplStatusByte(state)]))
          }
          i += query.length
          start = i
          continue
        }
      }
      i++
    }
    const end = connection.pending.length > 0 ? buffer.length - connection.pending.length : buffer.length
    if (end > start) connection.job.push(Buffer.from(buffer.subarray(start, end)))
  }

  const server = net.createServer((socket) => {
    const connection: Connection = { chunks: [], job: [], closed: false, pending: Buffer.alloc(0) }
    connections.push(connection)
    sockets.add(socket)
    socket.on('data', (data) => {
      connection.chunks.push(Buffer.from(data))
      consume(connection, socket, data)
      notify()
    })
    // A raw-port printer prints what it got once the host closes its side, then closes too.
    socket.on('end', () => {
      if (connection.pending.length > 0) connection.job.push(connection.pending)
      connection.pending = Buffer.alloc(0)
      socket.end()
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      connection.closed = true
      sockets.delete(socket)
      notify()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('printer sink: no TCP address')

  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check()
        if (value === undefined) return false
        clearTimeout(timer)
        listeners.delete(listener)
        resolve(value)
        return true
      }
      const listener = () => void attempt()
      const timer = setTimeout(() => {
        listeners.delete(listener)
        reject(new Error(`printer sink: timed out after ${timeoutMs} ms waiting for ${what} (have ${received().length} bytes)`))
      }, timeoutMs)
      listeners.add(listener)
      attempt()
    })

  return {
    host: '127.0.0.1',
    port: address.port,
    received,
    jobs,
    raw: () => connections.map((c) => Buffer.concat(c.chunks)),
    connections: () => connections.length,
    waitForBytes: (expect, timeoutMs = 5000) =>
      waitFor(
        () => {
          const bytes = received()
          const done = typeof expect === 'number' ? bytes.length >= expect : expect(bytes)
          return done ? bytes : undefined
        },
        timeoutMs,
        typeof expect === 'number' ? `${expect} bytes` : 'matching bytes'
      ),
    waitForJobs: (count, timeoutMs = 5000) =>
      waitFor(
        () => {
          const done = connections.filter((c) => c.closed && c.job.length > 0)
          return done.length >= count ? jobs() : undefined
        },
        timeoutMs,
        `${count} finished jobs`
      ),
    setState: (next) => {
      state = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
