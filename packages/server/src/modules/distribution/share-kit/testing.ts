import { createCanvas, loadImage } from '@napi-rs/canvas'
import jsqr from 'jsqr'

// jsqr is CommonJS with an ES-style typing: `.default` is the function both to tsc and at runtime.
const jsQR = jsqr.default

/** For tests: the PNG's size and the text of the first QR code in it, read as a phone would. */
export async function decodeQr(png: Buffer) {
  const img = await loadImage(png)
  const c = createCanvas(img.width, img.height)
  const g = c.getContext('2d')
  g.drawImage(img, 0, 0)
  const { data } = g.getImageData(0, 0, img.width, img.height)
  const text = jsQR(new Uint8ClampedArray(data), img.width, img.height)?.data
  return { text, width: img.width, height: img.height }
}
