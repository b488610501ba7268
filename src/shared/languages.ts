import { z } from 'zod'

/** Spanish first: the benches are in Spanish-speaking labs; English is the alternative. */
export const Language = z.enum(['es', 'en'])
export type Language = z.infer<typeof Language>
export const DEFAULT_LANGUAGE: Language = 'es'
