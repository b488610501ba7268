/** Label contents the printing tests share: Spanish accents, ñ, and names too long for 39 mm. */
import type { LabelContent } from '../../../src/shared/label-layout'

export const ACCENTED_LABEL: LabelContent = {
  type: 'HP',
  number: 'HP 26/0123',
  animalName: 'Ñandú Peña',
  species: 'Felino común',
  publicUrl: 'https://lab.example.org/p/7f3a9c1e-2b4d-4e8f-9a01-c2d3e4f5a6b7'
}

export const LONG_LABEL: LabelContent = {
  type: 'CT',
  number: 'CT 26/104512',
  animalName: 'Maximiliano Wenceslao de la Santísima Trinidad Muñoz',
  species: 'Canino mestizo de pastor alemán y dogo argentino',
  publicUrl: 'https://lab.example.org/p/0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'
}

/** Field data carrying ZPL's own control characters, which must reach the printer escaped. */
export const CONTROL_CHARS_LABEL: LabelContent = {
  type: 'HP',
  number: 'HP 26/0007',
  animalName: 'Rex ^XZ~JR',
  species: 'perro_mestizo',
  publicUrl: 'https://lab.example.org/~p/abc'
}
