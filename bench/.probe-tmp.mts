import { tsplText } from '../src/main/printing/languages/tspl'
import { DEFAULT_LABEL_SETTINGS } from '../src/main/printing/label-layout'
import { ACCENTED_LABEL } from '../test/unit/printing/label-fixtures'
console.log(tsplText({ ...ACCENTED_LABEL, animalName: 'Rex "el\ngrande"' }, DEFAULT_LABEL_SETTINGS))
