/**
 * The closed lists of the domain as plain tuples: the zod enums of domain.ts and bulk.ts are made
 * from them, and the renderer fills its selects from them, so the first screen loads no zod.
 */

export const PROTOCOL_TYPES = ['HP', 'CT'] as const

/** In the order a protocol lives them (see ProtocolStatus in domain.ts). */
export const PROTOCOL_STATUSES = ['registered', 'received', 'rejected', 'processing', 'reported', 'voided'] as const

export const SEXES = ['male', 'female', 'male_neutered', 'female_spayed', 'unknown'] as const

export const CONTAINER_CONDITIONS = ['good', 'leaking', 'broken', 'unfixed', 'insufficient_fixative', 'unlabelled'] as const

/** Spanish first: the benches are in Spanish-speaking labs; English is the alternative. */
export const LANGUAGES = ['es', 'en'] as const

/** Statuses a clerk may set in bulk; received/rejected are reception decisions, reported needs a report. */
export const BULK_STATUS_TARGETS = ['processing', 'received', 'voided'] as const
