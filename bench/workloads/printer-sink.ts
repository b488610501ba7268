/**
 * A real TCP server on 127.0.0.1 standing in for a network label printer (raw port 9100).
 *
 * It keeps every byte it receives, per connection, and answers the two status queries the
 * drivers send: ZPL `~HS` (three STX...ETX strings, flags set from the chosen state) and TSPL
 * `ESC !?` (one status byte). In the `silent` state it reads and never answers, like a printer
 * that is switched on but wedged. Status queries are kept out of `jobs()`/`received()` so those
 * hold exactly the label bytes a printer would print.
 *
 * It also prints, as a thermal printer does: a label whose bytes have all arrived comes out at
 * once when the printer is ready, and is held in its buffer while it is out of paper, its head
 * is open or it is paused, coming out when the state is back to ready (`printed()` against
 * `jobs()`). `failAfterNextJob` makes the next label run the printer out of paper (or open its
 * head) as it is being printed: its bytes arrived, it did not come out. While a label is held the
 * `~HS` answer counts it among the formats in the buffer.
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
  /** The labels that came out of the printer, in order (held ones come out when it is ready again). */
  printed(): Buffer[]
  /** Labels received and not printed yet (held while the printer is not ready). */
  held(): number
  /** The next label to arrive puts the printer in `state` while it prints: it is held, not printed. */
  failAfterNextJob(state: Exclude<SinkState, 'ready' | 'silent'>): void
  /** Resolves with `printed()` once `count` labels have come out. */
  waitForPrinted(count: number, timeoutMs?: number): Promise<Buffer[]>
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

/**
 * The `~HS` answer a Zebra gives in `state` with `held` formats waiting in its buffer (field
 * layout from the ZPL II programming guide: string 1 field 5 is the formats in the receive buffer,
 * string 2 field 9 the labels remaining in the batch).
 */
export function zplHostStatusResponse(state: SinkState, held = 0): Buffer {
  const paperOut = state === 'paper_out' ? 1 : 0
  const paused = state === 'paused' ? 1 : 0
  const headUp = state === 'head_open' ? 1 : 0
  const ribbonOut = state === 'ribbon_out' ? 1 : 0
  const formats = String(Math.min(999, held)).padStart(3, '0')
  const remaining = String(Math.min(99_999_999, held)).padStart(8, '0')
  const line1 = `${STX}030,${paperOut},${paused},0160,${formats},0,0,0,000,0,0,0${ETX_CRLF}`
  const line2 = `${STX}001,0,${headUp},${ribbonOut},0,2,6,0,${remaining},1,000${ETX_CRLF}`
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

/** States in which a printer prints what it gets (a silent printer prints; it only never answers). */
const printsIn = (state: SinkState) => state === 'ready' || state === 'silent'

export async function startPrinterSink(options: PrinterSinkOptions = {}): Promise<PrinterSink> {
  let state: SinkState = options.state ?? 'ready'
  let failNext: SinkState | null = null
  const printed: Buffer[] = []
  const holding: Buffer[] = []
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
            socket.write(query === ZPL_STATUS_QUERY ? zplHostStatusResponse(state, holding.length) : Buffer.from([tsplStatusByte(state)]))
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
      if (connection.job.length > 0) {
        const label = Buffer.concat(connection.job)
        if (failNext) {
          state = failNext
          failNext = null
          holding.push(label)
        } else if (printsIn(state) && holding.length === 0) printed.push(label)
        else holding.push(label)
      }
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
    printed: () => [...printed],
    held: () => holding.length,
    failAfterNextJob: (next) => {
      failNext = next
    },
    waitForPrinted: (count, timeoutMs = 5000) => waitFor(() => (printed.length >= count ? [...printed] : undefined), timeoutMs, `${count} printed labels`),
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
      // Back to ready: what waited in the buffer comes out, in order.
      if (printsIn(state)) printed.push(...holding.splice(0))
      notify()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

/** A loopback port nothing listens on: a printer that is switched off. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
