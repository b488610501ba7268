import { create } from 'zustand'
import type { ProtocolSummary } from '../../../shared/domain'
import type { ReportCassette } from '../../../shared/documents'
import {
  nextCassetteCode,
  readinessIssues,
  type ProtocolReports,
  type ReadinessIssue,
  type ReportContent,
  type ReportsChanged,
  type ReportView
} from '../../../shared/reports'
import { base64ToBytes } from '../../../shared/artifacts'
import { call } from '../bench-client'
import { showingErrors, useAppStore } from './app-store'

export interface OpenPdf {
  bytes: Uint8Array
  fileName: string
  number: string
  version: number
}

interface ReportsState {
  matches: ProtocolSummary[]
  /** True after a search that found nothing. */
  searchedEmpty: boolean
  open: ProtocolReports | null
  /** The version on screen (the open draft by default). */
  selected: ReportView | null
  /** The editor's copy of the selected draft's content. */
  form: ReportContent
  dirty: boolean
  saved: boolean
  confirming: boolean
  busy: boolean
  pdf: OpenPdf | null
  search(text: string): Promise<void>
  openProtocol(protocolId: string): Promise<void>
  selectVersion(id: string): Promise<void>
  edit(patch: Partial<ReportContent>): void
  editCassette(index: number, patch: Partial<ReportCassette>): void
  addCassette(): void
  removeCassette(index: number): void
  save(): Promise<boolean>
  askFinalize(): void
  cancelFinalize(): void
  finalize(): Promise<void>
  /** Puts a finalize that failed back on the queue. */
  retryFinalize(): Promise<void>
  amend(): Promise<void>
  openPdf(): Promise<void>
  closePdf(): void
  changed(change: ReportsChanged): void
}

export const emptyContent = (): ReportContent => ({
  macroscopy: '',
  cassettes: [],
  diagnosis: '',
  comments: '',
  pathologist: { name: '', licence: '' }
})

/** What the editor shows for a version: its content, or an empty draft when none exists yet. */
const formOf = (report: ReportView | null): ReportContent => (report ? structuredClone(report.content) : emptyContent())

/** A draft the clerk may type into: a draft, or a finalize that ended without finishing. */
export function isEditable(report: ReportView | null, jobState: string | undefined): boolean {
  if (!report) return true
  if (report.status === 'draft') return true
  return report.status === 'finalizing' && (jobState === 'failed' || jobState === 'cancelled')
}

export function formIssues(form: ReportContent): ReadinessIssue[] {
  return [...new Set(readinessIssues(form).map((entry) => entry.issue))]
}

export const useReportsStore = create<ReportsState>((set, get) => {
  const guard = showingErrors
  /** Shows a version the server just answered with, keeping unsaved typing when it is the same draft. */
  const show = (report: ReportView, keepForm = false) =>
    set((state) => ({ selected: report, ...(keepForm && state.dirty ? {} : { form: formOf(report), dirty: false }) }))
  const refreshVersions = async () => {
    const open = get().open
    if (!open) return
    const next = await guard(() => call('reports.forProtocol', { protocolId: open.protocol.id }))
    if (next) set({ open: next })
  }

  return {
    matches: [],
    searchedEmpty: false,
    open: null,
    selected: null,
    form: emptyContent(),
    dirty: false,
    saved: false,
    confirming: false,
    busy: false,
    pdf: null,

    search: async (text) => {
      const result = await guard(() => call('reception.lookup', { text }))
      if (!result) return
      set({ matches: result.matches, searchedEmpty: result.matches.length === 0 })
      // A scanned label or a typed number names one protocol: open it straight away.
      const only = result.matches.length === 1 ? result.matches[0] : undefined
      if (only) await get().openProtocol(only.id)
    },

    openProtocol: async (protocolId) => {
      const open = await guard(() => call('reports.forProtocol', { protocolId }))
      if (!open) return
      set({ open, matches: [], searchedEmpty: false, selected: open.current, form: formOf(open.current), dirty: false, saved: false, confirming: false, pdf: null })
    },

    selectVersion: async (id) => {
      const report = await guard(() => call('reports.get', { id }))
      if (report) {
        set({ confirming: false, saved: false, pdf: null })
        show(report)
      }
    },

    edit: (patch) => set((state) => ({ form: { ...state.form, ...patch }, dirty: true, saved: false, confirming: false })),

    editCassette: (index, patch) =>
      set((state) => ({
        form: { ...state.form, cassettes: state.form.cassettes.map((cassette, i) => (i === index ? { ...cassette, ...patch } : cassette)) },
        dirty: true,
        saved: false
      })),

    addCassette: () =>
      set((state) => {
        const code = nextCassetteCode(state.form.cassettes.map((cassette) => cassette.code))
        return { form: { ...state.form, cassettes: [...state.form.cassettes, { code, tissue: '', pieces: 1, microscopy: '' }] }, dirty: true, saved: false }
      }),

    removeCassette: (index) =>
      set((state) => ({ form: { ...state.form, cassettes: state.form.cassettes.filter((_, i) => i !== index) }, dirty: true, saved: false })),

    save: async () => {
      const { open, selected, form, busy } = get()
      if (!open || busy) return false
      set({ busy: true })
      const report = await guard(() =>
        call('reports.saveDraft', { protocolId: open.protocol.id, ...(selected && selected.status !== 'finalized' ? { id: selected.id } : {}), content: form })
      )
      set({ busy: false })
      if (!report) return false
      useAppStore.getState().clearError()
      set({ saved: true, dirty: false })
      show(report)
      await refreshVersions()
      return true
    },

    askFinalize: () => set({ confirming: true }),
    cancelFinalize: () => set({ confirming: false }),

    finalize: async () => {
      if (get().dirty || !get().selected || get().selected?.status !== 'draft') {
        if (!(await get().save())) return
      }
      const selected = get().selected
      if (!selected || get().busy) return
      set({ busy: true })
      const report = await guard(() => call('reports.finalize', { id: selected.id }))
      set({ busy: false, confirming: false })
      if (!report) return
      show(report)
      await refreshVersions()
    },

    retryFinalize: async () => {
      const selected = get().selected
      if (!selected) return
      const report = await guard(() => call('reports.finalize', { id: selected.id }))
      if (report) show(report, true)
    },

    amend: async () => {
      const selected = get().selected
      if (!selected) return
      const report = await guard(() => call('reports.amend', { id: selected.id }))
      if (!report) return
      set({ pdf: null, saved: false })
      show(report)
      await refreshVersions()
    },

    openPdf: async () => {
      const { selected, open } = get()
      if (!selected || !open || selected.status !== 'finalized') return
      const pdf = await guard(() => call('reports.pdf', { id: selected.id }))
      if (pdf) set({ pdf: { bytes: base64ToBytes(pdf.pdfBase64), fileName: pdf.fileName, number: open.protocol.number ?? '', version: selected.version } })
    },

    closePdf: () => set({ pdf: null }),

    changed: (change) => {
      const { open, selected } = get()
      if (!open || change.protocolId !== open.protocol.id) return
      void refreshVersions()
      if (selected?.id === change.reportId) {
        void guard(() => call('reports.get', { id: change.reportId })).then((report) => report && show(report, true))
      }
    }
  }
})
