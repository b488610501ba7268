import { create } from 'zustand'
import type { Session } from '../../../shared/session'
import type { Animal, Protocol, ProtocolSummary, ProtocolType, Sample, Veterinarian } from '../../../shared/domain'
import type { NumberStatus, ReceiveResult, TodaySummary } from '../../../shared/reception'
import { call } from '../bench-client'
import { afterPaint } from '../after-paint'
import { showingErrors, useAppStore } from './app-store'
import { useProtocolsStore } from './protocols-store'

export interface ReceiveDraft {
  id?: string
  /** Set when correcting an already decided protocol: its number, which never changes. */
  editing?: { number: string | null }
  externalId: string | null
  type: ProtocolType
  veterinarianId: string
  animal: Animal
  sample: Sample
}

export const emptyDraft = (): ReceiveDraft => ({
  externalId: null,
  type: 'HP',
  veterinarianId: '',
  animal: { name: '', species: '', breed: '', sex: 'unknown', age: '', owner: '' },
  sample: { sampleType: '', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] }
})

interface ReceptionState {
  session: Session | null
  veterinarians: Veterinarian[]
  today: TodaySummary | null
  numbers: NumberStatus | null
  matches: ProtocolSummary[]
  draft: ReceiveDraft | null
  duplicates: ProtocolSummary[]
  /** The last decision (or correction, flagged `edited`) made at the bench. */
  last: (ReceiveResult & { edited?: boolean }) | null
  busy: boolean
  load(): Promise<void>
  refreshToday(): Promise<void>
  lookup(text: string): Promise<void>
  startWalkIn(): void
  startFrom(match: ProtocolSummary): Promise<void>
  /** Shows a decided protocol (received, rejected) in its detail on the Protocols page. */
  openProtocol(match: ProtocolSummary): Promise<void>
  startEdit(protocol: Protocol): void
  addVeterinarian(vet: Veterinarian): void
  updateDraft(patch: Partial<ReceiveDraft>): void
  checkDuplicates(): Promise<void>
  submit(decision: 'accept' | 'reject', rejectionReason?: string): Promise<boolean>
  cancel(): void
  setClerk(name: string, pin?: string): Promise<boolean>
  sessionChanged(session: Session): void
}

export const useReceptionStore = create<ReceptionState>((set, get) => {
  const guard = showingErrors
  return {
    session: null,
    veterinarians: [],
    today: null,
    numbers: null,
    matches: [],
    draft: null,
    duplicates: [],
    last: null,
    busy: false,
    load: async () => {
      await guard(async () => {
        const [session, veterinarians, today, numbers] = await Promise.all([
          call('session.get', {}),
          call('veterinarians.list', {}),
          call('reception.today', {}),
          call('numbers.status', {})
        ])
        set({ session, veterinarians, today, numbers })
      })
    },
    refreshToday: async () => {
      await guard(async () => set({ today: await call('reception.today', {}), numbers: await call('numbers.status', {}) }))
    },
    lookup: async (text) => {
      const result = await guard(() => call('reception.lookup', { text }))
      if (!result) return
      set({ matches: result.matches })
      // A scan that names exactly one protocol opens it: a waiting submission in the receive form,
      // anything already decided (a label the lab printed) in its detail.
      const only = result.matches.length === 1 ? result.matches[0] : undefined
      if (!only || result.scan === 'text') return
      if (only.status === 'registered') await get().startFrom(only)
      else await get().openProtocol(only)
    },
    openProtocol: async (match) => {
      set({ matches: [] })
      await useProtocolsStore.getState().open(match.id)
      useAppStore.getState().setPage('protocols')
    },
    startWalkIn: () => set({ draft: emptyDraft(), duplicates: [], matches: [] }),
    startFrom: async (match) => {
      const detail = await guard(() => call('protocols.get', { id: match.id }))
      if (!detail) return
      const { protocol } = detail
      set({
        draft: { id: protocol.id, externalId: protocol.externalId, type: protocol.type, veterinarianId: protocol.veterinarianId, animal: protocol.animal, sample: protocol.sample },
        matches: [],
        duplicates: []
      })
      void get().checkDuplicates()
    },
    startEdit: (protocol) =>
      set({
        draft: {
          id: protocol.id,
          editing: { number: protocol.number },
          externalId: protocol.externalId,
          type: protocol.type,
          veterinarianId: protocol.veterinarianId,
          animal: protocol.animal,
          sample: protocol.sample
        },
        matches: [],
        duplicates: []
      }),
    addVeterinarian: (vet) => {
      set({ veterinarians: [...get().veterinarians, vet].sort((a, b) => a.name.localeCompare(b.name)) })
      get().updateDraft({ veterinarianId: vet.id })
    },
    updateDraft: (patch) => {
      const draft = get().draft
      if (draft) set({ draft: { ...draft, ...patch } })
    },
    checkDuplicates: async () => {
      const draft = get().draft
      if (!draft || !draft.veterinarianId || !draft.animal.name) return set({ duplicates: [] })
      const duplicates = await guard(() =>
        call('reception.duplicates', {
          veterinarianId: draft.veterinarianId,
          animalName: draft.animal.name,
          owner: draft.animal.owner,
          ...(draft.id ? { excludeId: draft.id } : {})
        })
      )
      set({ duplicates: duplicates ?? [] })
    },
    submit: async (decision, rejectionReason = '') => {
      const draft = get().draft
      if (!draft || get().busy) return false
      set({ busy: true })
      if (draft.editing && draft.id) {
        const id = draft.id
        const edited = await guard(() => call('reception.edit', { id, veterinarianId: draft.veterinarianId, animal: draft.animal, sample: draft.sample }))
        set({ busy: false })
        if (!edited) return false
        useAppStore.getState().clearError()
        set({ last: { ...edited, numbersLeft: 0, lowOnNumbers: false, edited: true }, draft: null, duplicates: [] })
        afterPaint(() => void get().refreshToday())
        return true
      }
      const result = await guard(() =>
        call('reception.receive', {
          ...(draft.id ? { id: draft.id } : {}),
          type: draft.type,
          veterinarianId: draft.veterinarianId,
          animal: draft.animal,
          sample: draft.sample,
          decision,
          rejectionReason
        })
      )
      set({ busy: false })
      if (!result) return false
      useAppStore.getState().clearError()
      set({ last: result, draft: null, duplicates: [] })
      afterPaint(() => void get().refreshToday())
      return true
    },
    cancel: () => set({ draft: null, duplicates: [], matches: [] }),
    setClerk: async (name, pin) => {
      const session = await guard(() => call('session.setClerk', { name, ...(pin ? { pin } : {}) }))
      if (session) set({ session })
      return session !== undefined
    },
    sessionChanged: (session) => set({ session })
  }
})
