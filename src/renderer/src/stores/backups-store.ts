import { create } from 'zustand'
import type { BackupsConfigureInput, BackupsRestoreResult, BackupsStatus, Snapshot } from '../../../shared/backups'
import { call } from '../bench-client'
import { useAppStore } from './app-store'

interface BackupsState {
  status: BackupsStatus | null
  busy: 'snapshot' | 'restore' | 'pull' | null
  lastMade: Snapshot | null
  /** Set after a restore that followed damage: the clerk is shown step 2 (pull from the server). */
  restoredAfterDamage: BackupsRestoreResult | null
  pulled: boolean
  load(): Promise<void>
  statusChanged(status: BackupsStatus): void
  configure(input: BackupsConfigureInput): Promise<void>
  snapshotNow(): Promise<void>
  restore(name: string): Promise<void>
  pullFromServer(): Promise<void>
  /** Leaves the recovery screens: every page reloads from the restored database. */
  finishRecovery(): void
}

export const useBackupsStore = create<BackupsState>((set, get) => {
  const guard = async (busy: BackupsState['busy'], work: () => Promise<void>) => {
    if (get().busy) return
    set({ busy })
    try {
      await work()
    } catch (error) {
      useAppStore.getState().showError(error)
    } finally {
      set({ busy: null })
    }
  }
  return {
    status: null,
    busy: null,
    lastMade: null,
    restoredAfterDamage: null,
    pulled: false,
    load: async () => {
      try {
        set({ status: await call('backups.status', {}) })
      } catch (error) {
        useAppStore.getState().showError(error)
      }
    },
    statusChanged: (status) => set({ status }),
    configure: (input) => guard(null, async () => set({ status: await call('backups.configure', input) })),
    snapshotNow: () =>
      guard('snapshot', async () => {
        const made = await call('backups.snapshotNow', {})
        set({ lastMade: made, status: await call('backups.status', {}) })
      }),
    restore: (name) =>
      guard('restore', async () => {
        const result = await call('backups.restore', { name, confirm: true })
        if (result.pullFromServerNext) {
          set({ restoredAfterDamage: result, status: await call('backups.status', {}) })
        } else {
          // Every store holds rows of the replaced database: start the page over.
          location.reload()
        }
      }),
    pullFromServer: () =>
      guard('pull', async () => {
        await call('sync.now', { wait: true })
        set({ pulled: true })
      }),
    finishRecovery: () => location.reload()
  }
})
