import { PermanentTaskError, type TaskRegistry } from '../shared/worker-protocol'
import { renderStatisticsPdf } from './renderers/statistics-pdf'
import { WEEKLY_PDF_TASK, WeeklyStatisticsDocument } from '../shared/statistics'

/** The weekly statistics PDF. */
export const statisticsTasks: TaskRegistry = {
  [WEEKLY_PDF_TASK]: (input) => {
    const parsed = WeeklyStatisticsDocument.safeParse(input)
    if (!parsed.success) throw new PermanentTaskError(`${WEEKLY_PDF_TASK}: ${parsed.error.message}`)
    return renderStatisticsPdf(parsed.data)
  }
}
