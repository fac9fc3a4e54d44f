/**
 * Share poster: one 750×1334 PNG (the proportions WeChat uses for a saved-to-album share image).
 *
 * Layout, top to bottom, 40 px side padding (all numbers are in the constants below):
 *   - header (y 40–136): the promoter's avatar as a 96 px circle (their picture, or the first
 *     character of their name on a coloured disc), their name, and "推荐你一件好物 · <shop name>".
 *   - product picture (y 160–780): 670×620, drawn cover-fit (scaled to fill, centre cropped) with
 *     rounded corners; a missing or undecodable picture becomes a plain coloured panel.
 *   - title (from y 812): bold, at most 2 lines, the second ends with "…" when the title is longer.
 *   - price row (baseline y 984): optional label pill ("2人团"), the price in red (¥39.90), and the
 *     optional original price in grey, struck through.
 *   - a thin divider (y 1020), then the bottom band: copy line ("长按识别二维码 立即购买") and the
 *     shop name on the left, the QR code of the share link on the right (260 px box from y 1048,
 *     whole pixels per module and a 4-module white quiet zone, so phone cameras read it from a
 *     screenshot). A link so long that a module would be under 3 px is refused rather than drawn.
 * The link itself is not printed: people scan it, and long links only add clutter.
 * Everything is drawn from code, so the poster needs no template files; only the font is loaded.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createCanvas, GlobalFonts, type Image, loadImage, type SKRSContext2D } from '@napi-rs/canvas'
import { qrModules } from './qr.js'

export interface SharePosterInput {
  shopName: string
  productTitle: string
  /** PNG or JPEG bytes; missing or broken → a plain panel. */
  productImage?: Buffer | null
  priceFen: number
  originalPriceFen?: number | null
  /** A short tag before the price, e.g. "2人团". */
  label?: string | null
  promoterName: string
  promoterAvatar?: Buffer | null
  /** Defaults to "长按识别二维码 立即购买". */
  copy?: string
  link: string
}

export const POSTER_WIDTH = 750
export const POSTER_HEIGHT = 1334

const PAD = 40
const AVATAR = { y: 40, size: 96 }
const PICTURE = { y: 160, w: POSTER_WIDTH - 2 * PAD, h: 620, radius: 16 }
const TITLE = { y: 812, size: 36, lineHeight: 50 }
const PRICE_BASELINE = 984
const DIVIDER_Y = 1020
const QR = { box: 260, y: 1048 }
const RED = '#e4393c'
/** Below 3 px a module blurs once the poster is recompressed by a chat app. */
const MIN_MODULE_PX = 3

/** Servers rarely have a Chinese font, so we load the Noto Sans SC that ships as a dependency (as card.ts does). */
const FONT = 'Liebian Poster Sans'
let fontReady = false

function ensureFont() {
  if (fontReady) return
  // The package exports only its metadata module; its font files sit beside it.
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')
  const fonts = join(dirname(entry), '..', 'fonts')
  for (const file of ['NotoSansHans-Bold.otf', 'NotoSansHans-Regular.otf']) {
    if (!GlobalFonts.registerFromPath(join(fonts, file), FONT)) throw new Error(`cannot load font ${file}`)
  }
  fontReady = true
}

/** 3990 → "¥39.90". Integer fen only: a fraction of a fen is a bug upstream. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new Error(`price must be whole non-negative fen, got ${fen}`)
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** Breaks `text` into at most `maxLines` lines of `width`, ending the last with "…" if text is left over. */
export function wrapLines(
  measure: (s: string) => number,
  text: string,
  width: number,
  maxLines: number,
): string[] {
  const lines: string[] = []
  let line = ''
  const chars = Array.from(text.replace(/\s+/g, ' ').trim())
  for (let i = 0; i < chars.length; i++) {
    if (line && measure(line + chars[i]) > width) {
      if (lines.length === maxLines - 1) {
        // Last allowed line: trim until the ellipsis fits.
        while (line && measure(`${line}…`) > width) line = Array.from(line).slice(0, -1).join('')
        lines.push(`${line}…`)
        return lines
      }
      lines.push(line)
      line = chars[i] === ' ' ? '' : chars[i]
    } else line += chars[i]
  }
  if (line) lines.push(line)
  return lines
}

async function decode(bytes: Buffer | null | undefined): Promise<Image | undefined> {
  if (!bytes || bytes.length === 0) return undefined
  try {
    const img = await loadImage(bytes)
    return img.width > 0 && img.height > 0 ? img : undefined
  } catch {
    return undefined // a broken upload must not stop the promoter from sharing
  }
}

/** Draws `img` to fill the box, cropping the overflow evenly (CSS object-fit: cover). */
function drawCover(g: SKRSContext2D, img: Image, x: number, y: number, w: number, h: number) {
  const scale = Math.max(w / img.width, h / img.height)
  const sw = w / scale
  const sh = h / scale
  g.drawImage(img, (img.width - sw) / 2, (img.height - sh) / 2, sw, sh, x, y, w, h)
}

/** Same name → same colour, so a promoter's initials disc looks the same on every poster. */
function nameColour(name: string) {
  let h = 0
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 360
  return `hsl(${h}, 55%, 55%)`
}

/** Cuts `text` to fit `width` on one line, with "…" if cut. */
function fitOneLine(g: SKRSContext2D, text: string, width: number) {
  return wrapLines((s) => g.measureText(s).width, text, width, 1)[0] ?? ''
}

function drawQr(g: SKRSContext2D, link: string, x: number, y: number, box: number) {
  const modules = qrModules(link, 'M')
  const quiet = 4
  const n = modules.length + 2 * quiet
  // Whole pixels per module: fractional modules blur edges and hurt scanning.
  const px = Math.floor(box / n)
  if (px < MIN_MODULE_PX) throw new Error('share link is too long for a readable poster QR code')
  const side = px * n
  const ox = x + Math.floor((box - side) / 2)
  const oy = y + Math.floor((box - side) / 2)
  g.fillStyle = '#ffffff'
  g.fillRect(ox, oy, side, side)
  g.fillStyle = '#000000'
  modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) g.fillRect(ox + (c + quiet) * px, oy + (r + quiet) * px, px, px)
    })
  })
}

/** Renders the share poster described at the top of this file. */
export async function renderSharePoster(input: SharePosterInput): Promise<Buffer> {
  ensureFont()
  const price = formatYuan(input.priceFen)
  const original = input.originalPriceFen != null ? formatYuan(input.originalPriceFen) : undefined
  const [picture, avatar] = await Promise.all([decode(input.productImage), decode(input.promoterAvatar)])

  const c = createCanvas(POSTER_WIDTH, POSTER_HEIGHT)
  const g = c.getContext('2d')
  const inner = POSTER_WIDTH - 2 * PAD
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT)
  g.textBaseline = 'alphabetic'

  // Header: avatar and who recommends what.
  const r = AVATAR.size / 2
  const acx = PAD + r
  const acy = AVATAR.y + r
  g.save()
  g.beginPath()
  g.arc(acx, acy, r, 0, Math.PI * 2)
  g.clip()
  if (avatar) drawCover(g, avatar, PAD, AVATAR.y, AVATAR.size, AVATAR.size)
  else {
    g.fillStyle = nameColour(input.promoterName)
    g.fillRect(PAD, AVATAR.y, AVATAR.size, AVATAR.size)
    g.fillStyle = '#ffffff'
    g.font = `bold 44px "${FONT}"`
    g.textAlign = 'center'
    g.textBaseline = 'middle'
    g.fillText((Array.from(input.promoterName.trim())[0] ?? '?').toUpperCase(), acx, acy + 2)
  }
  g.restore()
  const textX = PAD + AVATAR.size + 24
  const textW = POSTER_WIDTH - PAD - textX
  g.textAlign = 'left'
  g.textBaseline = 'alphabetic'
  g.fillStyle = '#222222'
  g.font = `bold 32px "${FONT}"`
  g.fillText(fitOneLine(g, input.promoterName, textW), textX, AVATAR.y + 42)
  g.fillStyle = '#888888'
  g.font = `26px "${FONT}"`
  g.fillText(fitOneLine(g, `推荐你一件好物 · ${input.shopName}`, textW), textX, AVATAR.y + 82)

  // Product picture, or a plain panel.
  g.save()
  g.beginPath()
  g.roundRect(PAD, PICTURE.y, PICTURE.w, PICTURE.h, PICTURE.radius)
  g.clip()
  if (picture) drawCover(g, picture, PAD, PICTURE.y, PICTURE.w, PICTURE.h)
  else {
    g.fillStyle = '#fbe3e1'
    g.fillRect(PAD, PICTURE.y, PICTURE.w, PICTURE.h)
    g.fillStyle = '#e9a8a4'
    g.font = `bold 48px "${FONT}"`
    g.textAlign = 'center'
    g.fillText(
      fitOneLine(g, input.shopName, PICTURE.w - 80),
      POSTER_WIDTH / 2,
      PICTURE.y + PICTURE.h / 2 + 16,
    )
  }
  g.restore()

  // Title, two lines at most.
  g.textAlign = 'left'
  g.fillStyle = '#222222'
  g.font = `bold ${TITLE.size}px "${FONT}"`
  const lines = wrapLines((s) => g.measureText(s).width, input.productTitle, inner, 2)
  lines.forEach((line, i) => {
    g.fillText(line, PAD, TITLE.y + TITLE.size + i * TITLE.lineHeight)
  })

  // Price row: label, price, struck original.
  let x = PAD
  if (input.label) {
    g.font = `bold 26px "${FONT}"`
    const label = fitOneLine(g, input.label, 200)
    const w = g.measureText(label).width + 24
    g.fillStyle = RED
    g.beginPath()
    g.roundRect(x, PRICE_BASELINE - 36, w, 44, 8)
    g.fill()
    g.fillStyle = '#ffffff'
    g.fillText(label, x + 12, PRICE_BASELINE - 5)
    x += w + 16
  }
  g.fillStyle = RED
  g.font = `bold 30px "${FONT}"`
  g.fillText('¥', x, PRICE_BASELINE)
  x += g.measureText('¥').width + 2
  g.font = `bold 56px "${FONT}"`
  const amount = price.slice(1)
  g.fillText(amount, x, PRICE_BASELINE)
  x += g.measureText(amount).width + 20
  if (original && input.originalPriceFen !== input.priceFen) {
    g.fillStyle = '#999999'
    g.font = `28px "${FONT}"`
    const w = g.measureText(original).width
    g.fillText(original, x, PRICE_BASELINE)
    g.fillRect(x, PRICE_BASELINE - 10, w, 2)
  }

  g.fillStyle = '#eeeeee'
  g.fillRect(PAD, DIVIDER_Y, inner, 2)

  // Bottom band: copy on the left, QR on the right.
  const qrX = POSTER_WIDTH - PAD - QR.box
  const leftW = qrX - PAD - 24
  g.fillStyle = '#222222'
  g.font = `bold 32px "${FONT}"`
  const copy = wrapLines((s) => g.measureText(s).width, input.copy ?? '长按识别二维码 立即购买', leftW, 2)
  copy.forEach((line, i) => {
    g.fillText(line, PAD, QR.y + 90 + i * 46)
  })
  g.fillStyle = '#888888'
  g.font = `26px "${FONT}"`
  g.fillText(fitOneLine(g, input.shopName, leftW), PAD, QR.y + 90 + copy.length * 46 + 24)
  drawQr(g, input.link, qrX, QR.y, QR.box)

  return c.toBuffer('image/png')
}
