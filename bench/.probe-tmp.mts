import { run } from './labels'
import { renderLabelPdf } from '../src/workers/renderers/label-pdf'
import { DEFAULT_LABEL_SETTINGS } from '../src/main/printing/label-layout'
import { ACCENTED_LABEL } from '../test/unit/printing/label-fixtures'
console.log(await run()); console.log(await run()); console.log('size', renderLabelPdf(ACCENTED_LABEL, DEFAULT_LABEL_SETTINGS).length)
