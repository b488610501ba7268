import { create } from 'zustand'
import type { JobsChanged } from '../../../shared/jobs'
import type { JobSubject } from '../../../shared/job-subjects'
import { withJobNotices, type Notice } from '../notices/job-notices'
import { call } from '../bench-client'
import { useAppStore } from './app-store'
import { useBulkStore } from './bulk-store'
import { useProtocolsStore } from './protocols-store'

interface NoticesState {
  notices: Notice[]
  /** Takes the finished jobs out of a `jobs.changed` event. */
  jobsChanged(change: JobsChanged): void
  dismiss(key: string): void
  dismissAll(): void
  /** Goes to what the notice is about: the batch's results, the exported file, the report, the protocol. */
  open(notice: Notice): Promise<void>
}

async function openSubject(subject: JobSubject): Promise<void> {
  const app = useAppStore.getState()
  switch (subject.kind) {
    case 'bulk':
      app.setPage('protocols')
      await useBulkStore.getState().open(subject.batchId)
      return
    case 'label':
      app.setPage('protocols')
      await useProtocolsStore.getState().open(subject.protocolId)
      return
    case 'report': {
      const report = await call('reports.get', { id: subject.reportId })
      app.setPage('reports')
      // The Reports page loads on first visit; its store is loaded with it.
      const { useReportsStore } = await import('./reports-store')
      await useReportsStore.getState().openProtocol(report.protocolId)
      await useReportsStore.getState().selectVersion(report.id)
      return
    }
    case 'export':
      await call('exports.reveal', { id: subject.exportId })
  }
}

export const useNoticesStore = create<NoticesState>((set, get) => ({
  notices: [],
  jobsChanged: (change) => {
    const next = withJobNotices(get().notices, change.updated, useAppStore.getState().page)
    if (next.length !== get().notices.length || next.some((notice, i) => notice !== get().notices[i])) set({ notices: next })
  },
  dismiss: (key) => set({ notices: get().notices.filter((notice) => notice.key !== key) }),
  dismissAll: () => set({ notices: [] }),
  open: async (notice) => {
    try {
      await openSubject(notice.subject)
      get().dismiss(notice.key)
    } catch (error) {
      useAppStore.getState().showError(error)
    }
  }
}))
