/**
 * Codes for failures whose only record is someone else's text: the mail server's answer to a
 * message for a veterinarian (it comes back from the lab server as the SMTP reply), and the
 * updater's failure. The screen says the code in words and keeps the text behind "detalles".
 * Plain data and pure functions, no zod: the protocol detail on the first screen reads them.
 */

export const MAIL_ERROR_CODES = ['mail_rejected', 'mail_deferred', 'mail_server_unreachable', 'mail_failed'] as const
export type MailErrorCode = (typeof MAIL_ERROR_CODES)[number]

export const UPDATE_ERROR_CODES = ['update_not_trusted', 'update_unreachable', 'update_failed'] as const
export type UpdateErrorCode = (typeof UPDATE_ERROR_CODES)[number]

const UNREACHABLE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)\b|timed? ?out|net::ERR_/i

/**
 * What a mail failure means for the clerk, from the SMTP reply: a 5xx refusal is final (a wrong or
 * closed address), a 4xx one is temporary, no connection is the lab's mail server being away.
 */
export function mailErrorCode(detail: string): MailErrorCode {
  if (UNREACHABLE.test(detail)) return 'mail_server_unreachable'
  const reply = /(?:^|\D)([45])\d\d(?:[ -]|\.\d|$)/.exec(detail)?.[1]
  if (reply === '5') return 'mail_rejected'
  if (reply === '4') return 'mail_deferred'
  return 'mail_failed'
}

/** What an update failure means: a download that failed its signature check, no connection, or anything else. */
export function updateErrorCode(detail: string): UpdateErrorCode {
  if (/signature|signed|sha512|checksum|digest|not trusted/i.test(detail)) return 'update_not_trusted'
  if (UNREACHABLE.test(detail)) return 'update_unreachable'
  return 'update_failed'
}

/** Why a file could not be written, from the system's error text (an export's stored error). */
export function fileErrorCode(detail: string): 'disk_full' | 'folder_read_only' | 'folder_missing' | 'file_write_failed' {
  if (/\b(ENOSPC|EDQUOT)\b|no space left/i.test(detail)) return 'disk_full'
  if (/\b(EROFS|EACCES|EPERM)\b/.test(detail)) return 'folder_read_only'
  if (/\bENOENT\b/.test(detail)) return 'folder_missing'
  return 'file_write_failed'
}
