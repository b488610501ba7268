import { create } from 'zustand'
import type { WorkOrderStatus } from '../../../shared/documents'
import type { Service } from '../../../shared/domain'
import type { PendingVeterinarian, WorkOrderCandidates, WorkOrderChange, WorkOrderDetail, WorkOrderSummary } from '../../../shared/work-orders'
import { base64ToBytes } from '../../../shared/artifacts'
import { bench, call } from '../bench-client'
import { useAppStore } from './app-store'

/** A line as the editor holds it: what the clerk sees, priced like the server will price it. */
export interface EditLine {
  /** The stored line this row came from; new rows have none. */
  id?: string
  protocolId: string | null
  protocolNumber: string | null
  serviceId: string
  code: string
  description: string
  unitPriceCents: number
  taxRatePercent: number
  quantity: number
  discountPercent: number
}

export interface Editor {
  lines: EditLine[]
  discountPercent: number
  notes: string
  dirty: boolean
}

/** The PDF being looked at: shown when its bytes are here, otherwise waiting for its render job. */
export interface PdfView {
  orderId: string
  key: string
  fileName: string
  title: string
  jobId: number | null
  bytes: Uint8Array | null
}

interface WorkOrdersState {
  statusFilter: WorkOrderStatus | null
  /** What the clerk typed to find an order by its number (or one it carried before a renumber). */
  numberFilter: string
  rows: WorkOrderSummary[]
  pending: PendingVeterinarian[]
  selected: WorkOrderDetail | null
  candidates: WorkOrderCandidates | null
  editor: Editor | null
  pdf: PdfView | null
  /** Last job that (re)rendered the selected order's PDF, for the inline progress. */
  pdfJobId: number | null
  notice: string | null
  busy: boolean
  load(): Promise<void>
  setFilter(status: WorkOrderStatus | null): Promise<void>
  setNumberFilter(text: string): Promise<void>
  open(id: string): Promise<void>
  close(): void
  /** A new draft; with `billPending`, one line for each protocol of the vet not yet billed nor on another draft. */
  create(veterinarianId: string, billPending: boolean): Promise<void>
  updateLine(index: number, patch: Partial<Pick<EditLine, 'quantity' | 'discountPercent' | 'protocolId' | 'serviceId'>>): void
  addLine(protocolId: string | null, serviceId: string): void
  removeLine(index: number): void
  setOrderFields(patch: Partial<Pick<Editor, 'discountPercent' | 'notes'>>): void
  save(): Promise<boolean>
  issue(): Promise<void>
  correct(): Promise<void>
  cancel(reason: string): Promise<void>
  discard(): Promise<void>
  openPdf(): Promise<void>
  closePdf(): void
  /** Events from main. */
  changed(ids: readonly string[]): void
  artifactStored(key: string): void
  subscribe(): () => void
}

export function editorOf(order: WorkOrderDetail): Editor {
  return {
    lines: order.lines.map((line) => ({
      id: line.id,
      protocolId: line.protocolId,
      protocolNumber: line.protocolNumber,
      serviceId: line.serviceId ?? '',
      code: line.code,
      description: line.description,
      unitPriceCents: line.unitPriceCents,
      taxRatePercent: line.taxRatePercent,
      quantity: line.quantity,
      discountPercent: line.discountPercent
    })),
    discountPercent: order.discountPercent,
    notes: order.notes,
    dirty: false
  }
}

const priced = (line: EditLine, service: Service): EditLine => ({
  ...line,
  serviceId: service.id,
  code: service.code,
  description: service.description,
  unitPriceCents: service.unitPriceCents,
  taxRatePercent: service.taxRatePercent
})

export const useWorkOrdersStore = create<WorkOrdersState>((set, get) => {
  const fail = (error: unknown) => {
    set({ busy: false })
    useAppStore.getState().showError(error)
  }
  /** Shows an order and remembers the PDF job its change queued. */
  const show = async (change: WorkOrderChange, notice: string | null) => {
    const order = change.order
    const candidates = order.status === 'draft' ? await call('workOrders.candidates', { veterinarianId: order.veterinarianId, workOrderId: order.id }) : null
    set({ selected: order, editor: order.status === 'draft' ? editorOf(order) : null, candidates, pdfJobId: change.pdfJobId, notice, busy: false })
    void get().load()
  }
  const servicesById = () => new Map((get().candidates?.services ?? []).map((service) => [service.id, service]))
  const edit = (update: (editor: Editor) => Editor) => {
    const editor = get().editor
    if (editor) set({ editor: { ...update(editor), dirty: true }, notice: null })
  }

  return {
    statusFilter: null,
    numberFilter: '',
    rows: [],
    pending: [],
    selected: null,
    candidates: null,
    editor: null,
    pdf: null,
    pdfJobId: null,
    notice: null,
    busy: false,

    load: async () => {
      try {
        const status = get().statusFilter
        const number = get().numberFilter.trim().slice(0, 20)
        const filter = { ...(status ? { status } : {}), ...(number ? { number } : {}) }
        const [list, pending] = await Promise.all([call('workOrders.list', filter), call('workOrders.pending', {})])
        set({ rows: list.rows, pending })
      } catch (error) {
        fail(error)
      }
    },
    setFilter: async (status) => {
      set({ statusFilter: status })
      await get().load()
    },
    setNumberFilter: async (text) => {
      set({ numberFilter: text })
      await get().load()
    },
    open: async (id) => {
      try {
        const order = await call('workOrders.get', { id })
        await show({ order, pdfJobId: null }, null)
      } catch (error) {
        fail(error)
      }
    },
    close: () => set({ selected: null, editor: null, candidates: null, pdf: null, notice: null, pdfJobId: null }),

    create: async (veterinarianId, billPending) => {
      set({ busy: true })
      try {
        const protocolIds = billPending
          ? (await call('workOrders.candidates', { veterinarianId })).protocols.filter((protocol) => !protocol.onDraft).map((protocol) => protocol.id)
          : []
        await show(await call('workOrders.create', { veterinarianId, protocolIds }), null)
      } catch (error) {
        fail(error)
      }
    },

    updateLine: (index, patch) =>
      edit((editor) => ({
        ...editor,
        lines: editor.lines.map((line, i) => {
          if (i !== index) return line
          const next = { ...line, ...patch }
          const service = patch.serviceId ? servicesById().get(patch.serviceId) : undefined
          if (patch.protocolId !== undefined) {
            next.protocolNumber = get().candidates?.protocols.find((protocol) => protocol.id === patch.protocolId)?.number ?? null
          }
          return service ? priced(next, service) : next
        })
      })),
    addLine: (protocolId, serviceId) => {
      const service = servicesById().get(serviceId)
      if (!service) return
      const protocolNumber = get().candidates?.protocols.find((protocol) => protocol.id === protocolId)?.number ?? null
      const line = priced({ protocolId, protocolNumber, serviceId, code: '', description: '', unitPriceCents: 0, taxRatePercent: 0, quantity: 1, discountPercent: 0 }, service)
      edit((editor) => ({ ...editor, lines: [...editor.lines, line] }))
    },
    removeLine: (index) => edit((editor) => ({ ...editor, lines: editor.lines.filter((_, i) => i !== index) })),
    setOrderFields: (patch) => edit((editor) => ({ ...editor, ...patch })),

    save: async () => {
      const { selected, editor } = get()
      if (!selected || !editor || selected.status !== 'draft') return false
      set({ busy: true })
      try {
        const change = await call('workOrders.save', {
          id: selected.id,
          expectedUpdatedAt: selected.updatedAt,
          discountPercent: editor.discountPercent,
          notes: editor.notes,
          lines: editor.lines.map((line) => ({
            ...(line.id ? { id: line.id } : {}),
            protocolId: line.protocolId,
            serviceId: line.serviceId,
            quantity: line.quantity,
            discountPercent: line.discountPercent
          }))
        })
        await show(change, 'saved')
        return true
      } catch (error) {
        fail(error)
        return false
      }
    },
    issue: async () => {
      const { selected, editor } = get()
      if (!selected || selected.status !== 'draft') return
      // What is on screen is what gets issued: unsaved edits are saved first.
      if (editor?.dirty && !(await get().save())) return
      set({ busy: true })
      try {
        await show(await call('workOrders.issue', { id: selected.id, expectedUpdatedAt: get().selected?.updatedAt }), 'issued')
      } catch (error) {
        fail(error)
      }
    },
    correct: async () => {
      const selected = get().selected
      // A copy from another bench is corrected there; the panel offers no "Corregir" for it.
      if (!selected || selected.status !== 'issued' || selected.copiedFrom) return
      set({ busy: true })
      try {
        await show(await call('workOrders.correct', { id: selected.id }), 'corrected')
      } catch (error) {
        fail(error)
      }
    },
    cancel: async (reason) => {
      const selected = get().selected
      if (!selected) return
      set({ busy: true })
      try {
        await show(await call('workOrders.cancel', { id: selected.id, reason }), 'cancelled')
      } catch (error) {
        fail(error)
      }
    },
    discard: async () => {
      const selected = get().selected
      if (!selected) return
      set({ busy: true })
      try {
        await call('workOrders.discard', { id: selected.id })
        get().close()
        set({ busy: false, notice: 'discarded' })
        await get().load()
      } catch (error) {
        fail(error)
      }
    },

    openPdf: async () => {
      const { selected, editor } = get()
      if (!selected) return
      if (editor?.dirty && !(await get().save())) return
      try {
        const answer = await call('workOrders.pdf', { id: selected.id })
        const view: PdfView = { orderId: selected.id, key: answer.key, fileName: answer.fileName, title: answer.title, jobId: null, bytes: null }
        if (answer.state === 'ready') set({ pdf: { ...view, bytes: base64ToBytes(answer.pdfBase64) } })
        else set({ pdf: { ...view, jobId: answer.jobId }, pdfJobId: answer.jobId ?? get().pdfJobId })
      } catch (error) {
        fail(error)
      }
    },
    closePdf: () => set({ pdf: null }),

    changed: (ids) => {
      void get().load()
      const selected = get().selected
      // Someone else's change to the order on screen (another window): reload it unless the clerk is mid-edit.
      if (selected && ids.includes(selected.id) && !get().editor?.dirty && !get().busy) void get().open(selected.id)
    },
    artifactStored: (key) => {
      const pdf = get().pdf
      if (pdf && pdf.key === key && !pdf.bytes) {
        call('documents.get', { key }).then(
          ({ pdfBase64 }) => {
            if (get().pdf?.key === key) set({ pdf: { ...pdf, bytes: base64ToBytes(pdfBase64) } })
          },
          (error: unknown) => fail(error)
        )
      }
      const selected = get().selected
      if (selected && selected.pdf.key === key) set({ selected: { ...selected, pdf: { key, ready: true } } })
    },
    subscribe: () => {
      const api = bench()
      const offChanged = api.on('workOrders.changed', ({ ids }) => get().changed(ids))
      const offStored = api.on('artifacts.stored', ({ key }) => get().artifactStored(key))
      return () => {
        offChanged()
        offStored()
      }
    }
  }
})
