import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../support/temp-dir'
import { startWorkOrderFixture, type WorkOrderFixture } from './fixture'
import type { ShellPorts } from '../../../src/main/platform/shell-ports'
import { freeExportPath } from '../../../src/main/features/work-orders/work-orders-document-requests'

describe('documents.get / save / print', () => {
  let f: WorkOrderFixture | null = null
  const target = makeTempDir('bench-save-')
  afterEach(async () => {
    await f?.bench.close()
    f = null
  })
  afterAll(() => target.cleanup())

  const storedPdf = async (ports?: ShellPorts) => {
    f = await startWorkOrderFixture(ports ? { ports } : {})
    const { order } = await f.bench.call('workOrders.create', { veterinarianId: f.vetId, protocolIds: f.protocolIds })
    await f.bench.host.queue.drained()
    const pdf = await f.bench.call('workOrders.pdf', { id: order.id })
    if (pdf.state !== 'ready') throw new Error('the pre-rendered PDF should be ready')
    return { bench: f.bench, pdf, bytes: Buffer.from(pdf.pdfBase64, 'base64') }
  }

  it('gets a stored artifact by key and says not_found for one never rendered', async () => {
    const { bench, pdf, bytes } = await storedPdf()
    const got = await bench.call('documents.get', { key: pdf.key })
    expect(got.byteLength).toBe(bytes.length)
    expect(Buffer.from(got.pdfBase64, 'base64').equals(bytes)).toBe(true)
    await expect(bench.call('documents.get', { key: `workorder.pdf-${'0'.repeat(64)}` })).rejects.toMatchObject({ code: 'document_not_stored' })
    await expect(bench.call('documents.get', { key: '../../etc/passwd' })).rejects.toMatchObject({ code: 'invalid_input' })
  })

  it('without a save dialog (browser harness) saves into <dataDir>/exports/, never overwriting', async () => {
    const { bench, pdf, bytes } = await storedPdf()
    const first = await bench.call('documents.save', { key: pdf.key, fileName: pdf.fileName })
    const second = await bench.call('documents.save', { pdfBase64: pdf.pdfBase64, fileName: pdf.fileName })
    expect(first.path).toBe(join(bench.dataDir, 'exports', pdf.fileName))
    expect(second.path).not.toBe(first.path)
    for (const saved of [first.path, second.path]) expect(readFileSync(saved).equals(bytes)).toBe(true)
    expect(readdirSync(join(bench.dataDir, 'exports')).filter((name) => name.endsWith('.tmp'))).toEqual([])
    await expect(bench.call('documents.save', { key: pdf.key, fileName: '../escape.pdf' })).rejects.toMatchObject({ code: 'invalid_input' })
  })

  it('with a save dialog writes where the clerk chose, and a cancelled dialog writes nothing', async () => {
    let answer: string | null = join(target.path, 'elegido.pdf')
    const asked: string[] = []
    const { bench, pdf, bytes } = await storedPdf({
      chooseSavePath: async (name) => {
        asked.push(name)
        return answer
      }
    })
    expect(await bench.call('documents.save', { key: pdf.key, fileName: pdf.fileName })).toEqual({ path: answer })
    expect(asked).toEqual([pdf.fileName])
    expect(readFileSync(answer!).equals(bytes)).toBe(true)
    answer = null
    await expect(bench.call('documents.save', { key: pdf.key, fileName: 'otro.pdf' })).rejects.toMatchObject({ code: 'cancelled' })
    expect(existsSync(join(bench.dataDir, 'exports'))).toBe(false)
  })

  it('prints through the shell port with the stored bytes, and is unavailable without one', async () => {
    const printed: { bytes: Uint8Array; title: string }[] = []
    const { bench, pdf, bytes } = await storedPdf({ printPdf: async (pdfBytes, title) => void printed.push({ bytes: pdfBytes, title }) })
    expect(await bench.call('documents.print', { key: pdf.key, fileName: pdf.fileName })).toEqual({ printed: true })
    expect(printed).toHaveLength(1)
    expect(Buffer.from(printed[0]!.bytes).equals(bytes)).toBe(true)
    expect(printed[0]!.title).toBe(pdf.fileName)
    await bench.close()
    f = null

    const plain = await storedPdf()
    await expect(plain.bench.call('documents.print', { key: plain.pdf.key, fileName: plain.pdf.fileName })).rejects.toMatchObject({ code: 'print_dialog_unavailable' })
  })
})

describe('saving without a dialog', () => {
  it('never overwrites an earlier export of the same name', () => {
    const dir = makeTempDir()
    try {
      expect(freeExportPath(dir.path, 'OT-26-0001-v1.pdf')).toBe(join(dir.path, 'OT-26-0001-v1.pdf'))
      writeFileSync(join(dir.path, 'OT-26-0001-v1.pdf'), 'x')
      writeFileSync(join(dir.path, 'OT-26-0001-v1 (2).pdf'), 'x')
      expect(freeExportPath(dir.path, 'OT-26-0001-v1.pdf')).toBe(join(dir.path, 'OT-26-0001-v1 (3).pdf'))
    } finally {
      dir.cleanup()
    }
  })
})
