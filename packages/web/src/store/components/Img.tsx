import { useState } from 'react'

const palette = ['#ffe7e0', '#fff1d6', '#e6f4ff', '#e8f7ee', '#f3e8ff', '#fde8f1']

/** A product picture, or a soft tile with the product's first character when there is none. */
export function Img({
  src,
  alt,
  className,
  ratio = 1,
}: {
  src?: string | null
  alt: string
  className?: string
  ratio?: number
}) {
  const [broken, setBroken] = useState(false)
  const style = { aspectRatio: String(ratio) }
  if (!src || broken) {
    const code = [...alt].reduce((a, c) => a + c.charCodeAt(0), 0)
    return (
      <div
        className={`img-fallback ${className ?? ''}`}
        style={{ ...style, background: palette[code % palette.length] }}
        role="img"
        aria-label={alt}
      >
        <span>{[...alt.trim()][0] ?? '·'}</span>
      </div>
    )
  }
  return (
    <img
      className={`img ${className ?? ''}`}
      style={style}
      src={src}
      alt={alt}
      loading="lazy"
      onError={() => setBroken(true)}
    />
  )
}
