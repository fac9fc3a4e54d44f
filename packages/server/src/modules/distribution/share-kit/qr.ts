import QRCode from 'qrcode'

/** M recovers ~15% damage: enough for a printed or screenshotted poster without making the code dense. */
export type QrLevel = 'L' | 'M' | 'Q' | 'H'

export interface QrOptions {
  level?: QrLevel
  /** Quiet zone in modules; scanners need about 4, we never go below 1. */
  margin?: number
  /** Output width in pixels (PNG) or user units (SVG). */
  width?: number
}

/** Share links are short; anything longer is a mistake and would make a code too dense to scan. */
export const QR_MAX_TEXT = 1024
const MIN_WIDTH = 64
const MAX_WIDTH = 2048

function options(text: string, opts: QrOptions = {}) {
  if (typeof text !== 'string' || text.length === 0) throw new Error('QR text is empty')
  if (text.length > QR_MAX_TEXT) throw new Error(`QR text is longer than ${QR_MAX_TEXT} characters`)
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, opts.width ?? 512)))
  const margin = Math.round(Math.min(10, Math.max(1, opts.margin ?? 4)))
  return { errorCorrectionLevel: opts.level ?? 'M', margin, width }
}

/** The QR code of `text` as a PNG. */
export function qrPng(text: string, opts?: QrOptions): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...options(text, opts), type: 'png' })
}

/** The QR code of `text` as an SVG document (one path for the dark modules). */
export function qrSvg(text: string, opts?: QrOptions): Promise<string> {
  return QRCode.toString(text, { ...options(text, opts), type: 'svg' })
}

/** The module grid of `text` (true = dark), for drawing the code straight onto a canvas. */
export function qrModules(text: string, level: QrLevel = 'M'): boolean[][] {
  options(text)
  const { modules } = QRCode.create(text, { errorCorrectionLevel: level })
  const n = modules.size
  return Array.from({ length: n }, (_, y) => Array.from({ length: n }, (_, x) => modules.get(y, x) === 1))
}
