/** The bench itself: what it is (`app.info`), its preferences and its settings as the renderer sees them. */
import { z } from 'zod'
import { BenchSettings, BenchSettingsPatch, PinInput, PublicClerk } from './bench-settings'
import { Language } from './languages'
import { NoInput, type RequestDef } from './request-def'

export const AppInfo = z.object({
  version: z.string(),
  benchName: z.string(),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  demoData: z.boolean(),
  shell: z.enum(['electron', 'browser-harness'])
})
export type AppInfo = z.infer<typeof AppInfo>

export const Preferences = z.object({
  language: Language
})
export type Preferences = z.infer<typeof Preferences>

/** Settings as the renderer sees them: whether PINs are set, never their hashes. */
export const PublicSettings = BenchSettings.omit({ clerks: true, adminPinHash: true }).extend({ clerks: z.array(PublicClerk), hasAdminPin: z.boolean() })
export type PublicSettings = z.infer<typeof PublicSettings>

export const appRequests = {
  'app.info': { input: NoInput, output: AppInfo },
  /**
   * How many protocols the bench holds: counting them reads a whole index (~0.1 s at 200,000),
   * so only the page that shows it asks, never the first screen's `app.info`.
   */
  'app.protocolCount': { input: NoInput, output: z.object({ count: z.number().int() }) },
  'preferences.get': { input: NoInput, output: Preferences },
  'preferences.update': { input: Preferences.partial().strict(), output: Preferences },
  'settings.get': { input: NoInput, output: PublicSettings },
  'settings.update': { input: BenchSettingsPatch, output: PublicSettings },
  /**
   * Sets the admin PIN (pairing and the server address need it). The first one needs nothing;
   * changing it needs the current one.
   */
  'settings.setAdminPin': { input: z.object({ pin: PinInput, currentPin: z.string().max(8).optional() }).strict(), output: PublicSettings }
} as const satisfies Record<string, RequestDef>

export const appEvents = {
  'preferences.changed': Preferences,
  'settings.changed': PublicSettings
} as const
