import { describe, expect, it } from 'vitest'
import { MAX_NOTICES, noticeOfJob, withJobNotices, type NoticeJob } from '../../../src/renderer/src/notices/job-notices'
import { jobKeys, jobSubjectOf } from '../../../src/shared/job-subjects'
import { fileErrorCode, mailErrorCode, updateErrorCode } from '../../../src/shared/detail-codes'

const BATCH = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'
const PROTOCOL = '7f3a9c1e-2b4d-4e8f-9a01-c2d3e4f5a6b7'
const job = (patch: Partial<NoticeJob>): NoticeJob => ({ id: 1, kind: 'bulk.run', state: 'succeeded', uniqueKey: jobKeys.bulkRun(BATCH), error: null, lastError: null, ...patch })

describe('job subjects', () => {
  it('reads back every key the features write', () => {
    expect(jobSubjectOf(jobKeys.bulkRun(BATCH))).toEqual({ kind: 'bulk', batchId: BATCH })
    expect(jobSubjectOf(jobKeys.exportWrite(BATCH))).toEqual({ kind: 'export', exportId: BATCH })
    expect(jobSubjectOf(jobKeys.reportFinalize(BATCH))).toEqual({ kind: 'report', reportId: BATCH })
    for (const key of [jobKeys.labelReceived(PROTOCOL), jobKeys.labelCorrected(PROTOCOL, 'ab12'), jobKeys.labelReprint(PROTOCOL), jobKeys.labelReprint(PROTOCOL, 2)]) {
      expect(jobSubjectOf(key)).toEqual({ kind: 'label', protocolId: PROTOCOL })
    }
    expect(jobSubjectOf(null)).toBeNull()
    expect(jobSubjectOf('health:daily')).toBeNull()
    expect(jobSubjectOf('bulk:not-an-id')).toBeNull()
  })
})

describe('job notices', () => {
  it('announces a finished or failed bulk run, export, report finalize or label, and nothing else', () => {
    expect(noticeOfJob(job({}))).toMatchObject({ key: '1:done', outcome: 'done', subject: { kind: 'bulk', batchId: BATCH }, error: null, detail: null })
    const failed = noticeOfJob(job({ state: 'failed', error: { code: 'disk_full', params: {} }, lastError: 'ENOSPC: no space left on device' }))
    expect(failed).toMatchObject({ key: '1:failed', outcome: 'failed', error: { code: 'disk_full' }, detail: 'ENOSPC: no space left on device' })
    // A failure without a code is still said in words, never as its raw text.
    expect(noticeOfJob(job({ state: 'failed', error: null, lastError: 'boom' }))?.error).toEqual({ code: 'job_failed', params: {} })
    expect(noticeOfJob(job({ kind: 'export.write', uniqueKey: jobKeys.exportWrite(BATCH) }))?.subject).toEqual({ kind: 'export', exportId: BATCH })
    expect(noticeOfJob(job({ kind: 'report.finalize', uniqueKey: jobKeys.reportFinalize(BATCH) }))?.subject).toEqual({ kind: 'report', reportId: BATCH })
    expect(noticeOfJob(job({ kind: 'label.print', uniqueKey: jobKeys.labelReprint(PROTOCOL, 3) }))?.subject).toEqual({ kind: 'label', protocolId: PROTOCOL })
    for (const state of ['queued', 'running', 'cancelled']) expect(noticeOfJob(job({ state }))).toBeNull()
    expect(noticeOfJob(job({ kind: 'sync.round', uniqueKey: null }))).toBeNull()
    expect(noticeOfJob(job({ kind: 'health.check', uniqueKey: 'health:now' }))).toBeNull()
  })

  it('says each outcome of a job once, newest first, at most MAX_NOTICES', () => {
    let notices = withJobNotices([], [job({ id: 1 })], 'protocols')
    notices = withJobNotices(notices, [job({ id: 1 }), job({ id: 2 })], 'protocols')
    expect(notices.map((notice) => notice.key)).toEqual(['2:done', '1:done'])
    const many = Array.from({ length: MAX_NOTICES + 3 }, (_, i) => job({ id: 10 + i }))
    const capped = withJobNotices(notices, many, 'jobs')
    expect(capped).toHaveLength(MAX_NOTICES)
    expect(capped[0]!.jobId).toBe(10 + MAX_NOTICES + 2)
  })

  it('leaves a printed label to the Reception page, which says it already, but tells a failed one there', () => {
    const printed = job({ kind: 'label.print', uniqueKey: jobKeys.labelReceived(PROTOCOL) })
    expect(withJobNotices([], [printed], 'reception')).toEqual([])
    expect(withJobNotices([], [printed], 'protocols')).toHaveLength(1)
    expect(withJobNotices([], [{ ...printed, state: 'failed', error: { code: 'label_uncertain', params: {} } }], 'reception')).toHaveLength(1)
  })
})

describe('codes read from a mail server or updater text', () => {
  it('tells a refused address from a temporary refusal and an unreachable server', () => {
    expect(mailErrorCode('550 5.1.1 <x@example.org>: Recipient address rejected')).toBe('mail_rejected')
    expect(mailErrorCode('421 4.7.0 Try again later')).toBe('mail_deferred')
    expect(mailErrorCode('connect ECONNREFUSED 127.0.0.1:25')).toBe('mail_server_unreachable')
    expect(mailErrorCode('Greeting never received')).toBe('mail_failed')
  })

  it('tells an untrusted download from an unreachable feed', () => {
    expect(updateErrorCode('sha512 checksum mismatch, expected abc')).toBe('update_not_trusted')
    expect(updateErrorCode('release signature does not verify with the release key')).toBe('update_not_trusted')
    expect(updateErrorCode('getaddrinfo ENOTFOUND lab.example')).toBe('update_unreachable')
    expect(updateErrorCode('Cannot parse releases feed')).toBe('update_failed')
  })

  it("says why an export's file could not be written", () => {
    expect(fileErrorCode('ENOSPC: no space left on device, write')).toBe('disk_full')
    expect(fileErrorCode("EROFS: read-only file system, open '/mnt/x.csv.part'")).toBe('folder_read_only')
    expect(fileErrorCode("ENOENT: no such file or directory, open '/gone/x.csv.part'")).toBe('folder_missing')
    expect(fileErrorCode('something else')).toBe('file_write_failed')
  })
})
