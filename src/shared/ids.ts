import { v7 } from 'uuid'

/** UUIDv7: made on the bench without asking anyone, and time-ordered so new rows index well. */
export function newId(): string {
  return v7()
}
