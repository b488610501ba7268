import { z } from 'zod'
import { LANGUAGES } from './vocabulary'

export const Language = z.enum(LANGUAGES)
export type Language = z.infer<typeof Language>
export const DEFAULT_LANGUAGE: Language = 'es'
