import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas'

/** Servers rarely have a Chinese font, so the cards use the Noto Sans SC that ships as a dependency. */
const FONT = 'Liebian Sans'
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

export type Shape = 'fruit' | 'snack' | 'beauty' | 'home' | 'baby' | 'digital'

export interface Palette {
  from: string
  to: string
  accent: string
}

/** Each category's look: a gradient and the colour of its drawn object. */
export const palettes: Record<Shape, Palette> = {
  fruit: { from: '#ff9a44', to: '#fc6076', accent: '#e8323c' },
  snack: { from: '#f6d365', to: '#fda085', accent: '#b5651d' },
  beauty: { from: '#fbc2eb', to: '#a18cd1', accent: '#d6457a' },
  home: { from: '#84fab0', to: '#8fd3f4', accent: '#2f8f83' },
  baby: { from: '#ffecd2', to: '#fcb69f', accent: '#f08a5d' },
  digital: { from: '#667eea', to: '#764ba2', accent: '#2d3561' },
}

function roundRect(g: SKRSContext2D, x: number, y: number, w: number, h: number, r: number) {
  g.beginPath()
  g.roundRect(x, y, w, h, r)
}

/** A simple picture of the category's kind of thing, centred on (cx, cy) within about `s` pixels. */
function drawShape(g: SKRSContext2D, shape: Shape, cx: number, cy: number, s: number, color: string) {
  g.save()
  g.fillStyle = color
  g.strokeStyle = color
  g.lineCap = 'round'
  g.lineJoin = 'round'
  const u = s / 100
  switch (shape) {
    case 'fruit': {
      g.beginPath()
      g.arc(cx - 18 * u, cy + 6 * u, 30 * u, 0, Math.PI * 2)
      g.arc(cx + 18 * u, cy + 6 * u, 30 * u, 0, Math.PI * 2)
      g.fill()
      g.lineWidth = 5 * u
      g.beginPath()
      g.moveTo(cx, cy - 16 * u)
      g.quadraticCurveTo(cx + 2 * u, cy - 34 * u, cx + 8 * u, cy - 42 * u)
      g.stroke()
      g.fillStyle = '#3cb371'
      g.beginPath()
      g.ellipse(cx + 22 * u, cy - 36 * u, 16 * u, 7 * u, -0.5, 0, Math.PI * 2)
      g.fill()
      break
    }
    case 'snack': {
      roundRect(g, cx - 32 * u, cy - 40 * u, 64 * u, 82 * u, 10 * u)
      g.fill()
      g.fillStyle = 'rgba(255,255,255,0.85)'
      g.beginPath()
      g.arc(cx, cy + 2 * u, 17 * u, 0, Math.PI * 2)
      g.fill()
      g.fillStyle = color
      for (let i = -2; i <= 2; i++) {
        g.beginPath()
        g.moveTo(cx + i * 13 * u - 6 * u, cy - 40 * u)
        g.lineTo(cx + i * 13 * u, cy - 47 * u)
        g.lineTo(cx + i * 13 * u + 6 * u, cy - 40 * u)
        g.fill()
      }
      break
    }
    case 'beauty': {
      roundRect(g, cx - 24 * u, cy - 14 * u, 48 * u, 58 * u, 12 * u)
      g.fill()
      roundRect(g, cx - 10 * u, cy - 30 * u, 20 * u, 18 * u, 3 * u)
      g.fill()
      roundRect(g, cx - 14 * u, cy - 46 * u, 28 * u, 16 * u, 4 * u)
      g.fill()
      g.fillStyle = 'rgba(255,255,255,0.8)'
      roundRect(g, cx - 14 * u, cy + 2 * u, 28 * u, 20 * u, 4 * u)
      g.fill()
      break
    }
    case 'home': {
      g.beginPath()
      g.moveTo(cx - 44 * u, cy - 4 * u)
      g.lineTo(cx, cy - 44 * u)
      g.lineTo(cx + 44 * u, cy - 4 * u)
      g.closePath()
      g.fill()
      g.fillRect(cx - 32 * u, cy - 6 * u, 64 * u, 48 * u)
      g.fillStyle = 'rgba(255,255,255,0.85)'
      roundRect(g, cx - 10 * u, cy + 12 * u, 20 * u, 30 * u, 3 * u)
      g.fill()
      break
    }
    case 'baby': {
      g.beginPath()
      g.arc(cx, cy + 8 * u, 30 * u, 0, Math.PI * 2)
      g.fill()
      g.beginPath()
      g.arc(cx - 26 * u, cy - 16 * u, 12 * u, 0, Math.PI * 2)
      g.arc(cx + 26 * u, cy - 16 * u, 12 * u, 0, Math.PI * 2)
      g.fill()
      g.fillStyle = '#ffffff'
      g.beginPath()
      g.arc(cx - 11 * u, cy + 2 * u, 5 * u, 0, Math.PI * 2)
      g.arc(cx + 11 * u, cy + 2 * u, 5 * u, 0, Math.PI * 2)
      g.fill()
      g.strokeStyle = '#ffffff'
      g.lineWidth = 4 * u
      g.beginPath()
      g.arc(cx, cy + 14 * u, 9 * u, 0.15 * Math.PI, 0.85 * Math.PI)
      g.stroke()
      break
    }
    case 'digital': {
      roundRect(g, cx - 26 * u, cy - 46 * u, 52 * u, 92 * u, 10 * u)
      g.fill()
      g.fillStyle = 'rgba(255,255,255,0.85)'
      roundRect(g, cx - 20 * u, cy - 36 * u, 40 * u, 64 * u, 4 * u)
      g.fill()
      g.fillStyle = color
      g.beginPath()
      g.arc(cx, cy + 37 * u, 4 * u, 0, Math.PI * 2)
      g.fill()
      // A charging bolt on the screen.
      g.beginPath()
      g.moveTo(cx + 4 * u, cy - 26 * u)
      g.lineTo(cx - 10 * u, cy + 2 * u)
      g.lineTo(cx, cy + 2 * u)
      g.lineTo(cx - 4 * u, cy + 20 * u)
      g.lineTo(cx + 10 * u, cy - 8 * u)
      g.lineTo(cx, cy - 8 * u)
      g.closePath()
      g.fill()
      break
    }
  }
  g.restore()
}

/** Splits `text` into at most `maxLines` lines that fit `width`, shrinking the font until they do. */
function fitText(g: SKRSContext2D, text: string, width: number, start: number, maxLines: number) {
  for (let size = start; size >= 24; size -= 2) {
    g.font = `bold ${size}px "${FONT}"`
    const lines: string[] = []
    let line = ''
    for (const ch of text) {
      if (g.measureText(line + ch).width > width && line) {
        lines.push(line)
        line = ch.trim()
      } else line += ch
    }
    if (line) lines.push(line)
    if (lines.length <= maxLines) return { size, lines }
  }
  return { size: 24, lines: [text] }
}

export interface CardInput {
  title: string
  tag: string
  shape: Shape
  /** Shifts the gradient slightly so products of one category differ. */
  variant?: number
  size?: number
}

/** A product picture: the category's gradient, a drawn object, the product's name and a tag. */
export function renderProductCard(input: CardInput): Buffer {
  ensureFont()
  const size = input.size ?? 600
  const k = size / 600
  const p = palettes[input.shape]
  const c = createCanvas(size, size)
  const g = c.getContext('2d')
  // A vertical gradient keeps every row one colour, which PNG compresses to almost nothing.
  const bg = g.createLinearGradient(0, 0, 0, size)
  const shift = ((input.variant ?? 0) % 5) * 0.06
  bg.addColorStop(0, p.from)
  bg.addColorStop(Math.min(0.95, 0.7 + shift), p.to)
  bg.addColorStop(1, p.to)
  g.fillStyle = bg
  g.fillRect(0, 0, size, size)

  g.fillStyle = 'rgba(255,255,255,0.92)'
  g.beginPath()
  g.arc(size / 2, 230 * k, 150 * k, 0, Math.PI * 2)
  g.fill()
  drawShape(g, input.shape, size / 2, 232 * k, 190 * k, p.accent)

  g.font = `bold ${24 * k}px "${FONT}"`
  const tagWidth = g.measureText(input.tag).width + 32 * k
  g.fillStyle = 'rgba(255,255,255,0.9)'
  roundRect(g, 24 * k, 24 * k, tagWidth, 44 * k, 22 * k)
  g.fill()
  g.fillStyle = p.accent
  g.textBaseline = 'middle'
  g.fillText(input.tag, 40 * k, 47 * k)

  const { size: fontSize, lines } = fitText(g, input.title, 520 * k, 52 * k, 2)
  g.fillStyle = '#ffffff'
  g.textAlign = 'center'
  g.shadowColor = 'rgba(0,0,0,0.25)'
  g.shadowBlur = 8 * k
  const lineHeight = fontSize * 1.25
  const top = 470 * k - ((lines.length - 1) * lineHeight) / 2
  lines.forEach((line, i) => {
    g.fillText(line, size / 2, top + i * lineHeight)
  })
  g.shadowBlur = 0
  g.font = `${22 * k}px "${FONT}"`
  g.fillStyle = 'rgba(255,255,255,0.85)'
  g.fillText('裂变优选 · Liebian Select', size / 2, 565 * k)
  return c.toBuffer('image/png')
}

/** A small round category icon with the category's object. */
export function renderCategoryIcon(shape: Shape, size = 120): Buffer {
  const p = palettes[shape]
  const c = createCanvas(size, size)
  const g = c.getContext('2d')
  const bg = g.createLinearGradient(0, 0, 0, size)
  bg.addColorStop(0, p.from)
  bg.addColorStop(1, p.to)
  g.fillStyle = bg
  g.beginPath()
  g.arc(size / 2, size / 2, size / 2, 0, Math.PI * 2)
  g.fill()
  g.fillStyle = 'rgba(255,255,255,0.92)'
  g.beginPath()
  g.arc(size / 2, size / 2, size * 0.4, 0, Math.PI * 2)
  g.fill()
  drawShape(g, shape, size / 2, size / 2 + size * 0.01, size * 0.55, p.accent)
  return c.toBuffer('image/png')
}
