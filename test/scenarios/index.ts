import type { Scenario } from './driver'
import { auditPageFindsAPrinterChange } from './admin'
import { backupFromSettingsThenRestoreIt, damagedDatabaseBlockedThenRestored } from './backups'
import { bulkReceiveUndoAndFailedReprints, exportSearchToCsv } from './bulk'
import { searchOpenDetailAndSwitchLanguage } from './foundation'
import { failedLabelJobRetriedOncePrinterExists, healthTurnsRedWhenThePrinterGoesAway, printerDownSaidWithoutTechnicalText, queuedLabelWaitsForThePrinterAndIsCancelled } from './jobs'
import { networkPrinterGetsTheLabelBytes } from './label-printing'
import { noticeOnAnotherPageWhenABulkRunEnds, perContainerRunPrintsOneLabelPerContainer } from './notices'
import { newVeterinarianInTheFormThenCorrection, scanPreRegisteredAndReceive, tooLongOwnerMarksTheFieldWithItsRule, walkInRejectedWithAReason } from './reception'
import { reportFinalizedInTheBackgroundAndViewed } from './reports'
import { statisticsCountStepAndWeeklyPdf } from './statistics'
import { pairReceiveAndReachTheServer } from './sync'
import { billAVeterinarianIssueViewAndSave, correctionIssuedAsANewVersion } from './work-orders'

/**
 * Every end-to-end scenario, by feature. test/e2e (Chromium through the harness) and test/electron
 * (the real Electron app) both run exactly this list, each with its own BenchDriver.
 */
export const SCENARIOS: Record<string, Record<string, Scenario>> = {
  foundation: {
    'starts, searches a seeded protocol, opens its detail and switches language': searchOpenDetailAndSwitchLanguage
  },
  reception: {
    'scan a pre-registered submission, Enter to open, Enter to receive: numbered at once': scanPreRegisteredAndReceive,
    'a walk-in rejection takes a reason and gives no number': walkInRejectedWithAReason,
    'a walk-in from a new clinic: the veterinarian is added in the form (F3), then the protocol is corrected from its detail': newVeterinarianInTheFormThenCorrection,
    'a too-long owner marks the field with its rule and receives nothing': tooLongOwnerMarksTheFieldWithItsRule
  },
  'label printing': {
    'configure a network printer, receive, and the label bytes arrive at the printer socket; the label QR scanned back opens the protocol': networkPrinterGetsTheLabelBytes,
    'one label per container: a receive with 3 containers prints 1/3, 2/3, 3/3 in one run, and container 2 is reprinted alone': perContainerRunPrintsOneLabelPerContainer
  },
  notices: {
    'a bulk run that ends is announced on another page, and the notice opens its result': noticeOnAnotherPageWhenABulkRunEnds
  },
  jobs: {
    'the Jobs page shows a failed label job with its reason, and Retry prints it once a printer exists': failedLabelJobRetriedOncePrinterExists,
    'a printer that is off is said in Spanish, in red, with the socket error only behind "detalles"': printerDownSaidWithoutTechnicalText,
    'a label for a switched-off printer is listed as queued, waiting for the printer with its reason, and is cancelled': queuedLabelWaitsForThePrinterAndIsCancelled,
    'the health panel and the badge turn red with the reason when the label printer goes away': healthTurnsRedWhenThePrinterGoesAway
  },
  bulk: {
    'bulk receive from a checked range, a status change undone as a whole, a failed reprint listed per item': bulkReceiveUndoAndFailedReprints,
    'exports the current search to CSV and says where': exportSearchToCsv
  },
  'work orders': {
    'bill a veterinarian: draft from pending protocols, edit by keyboard, issue, open the PDF in the app, save it': billAVeterinarianIssueViewAndSave,
    'a correction is a new version: issuing it cancels the first one and keeps its number': correctionIssuedAsANewVersion
  },
  reports: {
    'write a report from the keyboard, finalize it in the background, open its PDF inside the app': reportFinalizedInTheBackgroundAndViewed
  },
  statistics: {
    'the Statistics page counts what the bench just did, steps through periods by keyboard and opens the weekly PDF': statisticsCountStepAndWeeklyPdf
  },
  backups: {
    'Settings makes a verified backup, says when the last good one was, and restores it after confirmation': backupFromSettingsThenRestoreIt,
    'a database damaged on disk is found at start, blocks the bench, and the latest good backup brings it back': damagedDatabaseBlockedThenRestored
  },
  sync: {
    'pair from the Sync page with a one-time code, receive, and see the change reach the server': pairReceiveAndReachTheServer
  },
  administration: {
    'the audit page finds a printer change, and a veterinarian corrected there': auditPageFindsAPrinterChange
  }
}
