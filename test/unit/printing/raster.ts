/** Where ink is on a rendered label, to check nothing runs past the label's edge. */
import type { RgbaImage } from '../../support/pdf-tools'

export interface InkBounds {
  left: number
  right: number
  top: number
  bottom: number
}

/** The box around every dark pixel (red channel under 128), or null for a blank image. */
export function inkBounds(image: RgbaImage): InkBounds | null {
  let left = Infinity
  let right = -1
  let top = Infinity
  let bottom = -1
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if ((image.data[(y * image.width + x) * 4] ?? 255) >= 128) continue
      if (x < left) left = x
      if (x > right) right = x
      if (y < top) top = y
      bottom = y
    }
  }
  return right < 0 ? null : { left, right, top, bottom }
}
