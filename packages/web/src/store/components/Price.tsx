import { formatFen, splitFen } from '../../shared/money'

/** A price tag with a small ¥ and cents, as Chinese shops show it. */
export function Price({
  fen,
  size = 'md',
  suffix,
  className,
}: {
  fen: number
  size?: 'sm' | 'md' | 'lg'
  suffix?: string
  className?: string
}) {
  const { sign, yuan, cents } = splitFen(fen)
  return (
    <span className={`price price-${size} ${className ?? ''}`} title={formatFen(fen)}>
      <span className="price-symbol">{sign}¥</span>
      <span className="price-yuan">{yuan}</span>
      <span className="price-cents">.{cents}</span>
      {suffix ? <span className="price-suffix">{suffix}</span> : null}
    </span>
  )
}

export function ListPrice({ fen }: { fen: number | null | undefined }) {
  if (!fen) return null
  return <span className="list-price">{formatFen(fen)}</span>
}
