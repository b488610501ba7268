import { create } from 'zustand'
import type { ContractError } from '../../../shared/contract'
import type { AppInfo } from '../../../shared/app'
import type { Language } from '../../../shared/languages'
import type { FirstRunStatus } from '../../../shared/setup'
import { call, BenchCallError } from '../bench-client'
import { changeLanguage } from '../i18n'
import type { Page } from '../pages'

interface AppState {
  page: Page
  info: AppInfo | null
  language: Language
  helpOpen: boolean
  error: ContractError | null
  /** Whether this bench still has to be set up (a new install), or tries the app with demo data. */
  setup: FirstRunStatus | null
  setupChanged(setup: FirstRunStatus): void
  setPage(page: Page): void
  toggleHelp(open?: boolean): void
  loadInfo(): Promise<void>
  setLanguage(language: Language): Promise<void>
  /** Applies a language change that came from main (another window or the harness). */
  languageChanged(language: Language): Promise<void>
  showError(error: unknown): void
  clearError(): void
}

export const useAppStore = create<AppState>((set, get) => ({
  page: 'reception',
  info: null,
  language: 'es',
  helpOpen: false,
  error: null,
  setup: null,
  setupChanged: (setup) => set({ setup }),
  setPage: (page) => set({ page }),
  toggleHelp: (open) => set({ helpOpen: open ?? !get().helpOpen }),
  loadInfo: async () => {
    try {
      set({ info: await call('app.info', {}) })
    } catch (error) {
      get().showError(error)
    }
  },
  setLanguage: async (language) => {
    try {
      const preferences = await call('preferences.update', { language })
      await get().languageChanged(preferences.language)
    } catch (error) {
      get().showError(error)
    }
  },
  languageChanged: async (language) => {
    if (language === get().language) return
    await changeLanguage(language)
    set({ language })
  },
  showError: (error) =>
    set({
      error: error instanceof BenchCallError ? error.error : { code: 'internal', message: error instanceof Error ? error.message : String(error) }
    }),
  clearError: () => set({ error: null })
}))

/** Runs a call; a failure is shown in the error banner and comes back as undefined. */
export async function showingErrors<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work()
  } catch (error) {
    useAppStore.getState().showError(error)
    return undefined
  }
}
