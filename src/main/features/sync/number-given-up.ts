/**
 * A local row that gave its number up to the server row just applied (the server accepted that
 * number first): it keeps the number as an alias and waits, refused as `number_taken`, for
 * "Renumerar". The pulled row is never the one dropped.
 */
export interface NumberGivenUp {
  entity: 'protocol' | 'work_order'
  /** The local row that gave the number up. */
  id: string
  number: string
  /** The server row that holds the number now. */
  takenBy: string
  before: unknown
  after: unknown
}
