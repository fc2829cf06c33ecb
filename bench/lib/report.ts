import type { Figure } from './benchmark.ts'

export const ratioOf = (figure: Figure): number =>
  figure.baseline.value === 0 ? Number.POSITIVE_INFINITY : figure.value / figure.baseline.value

export function targetMet(figure: Figure): boolean {
  if (!figure.target) return true
  const ratio = ratioOf(figure)
  switch (figure.target.op) {
    case '<=':
      return ratio <= figure.target.ratio
    case '>=':
      return ratio >= figure.target.ratio
    case '==':
      return Math.abs(ratio - figure.target.ratio) < 1e-9
  }
}

/** A target as people read it: `<= 0.823`, not `<= 0.823045267489712`. */
export const formatTarget = (target: NonNullable<Figure['target']>): string =>
  `${target.op} ${Number(target.ratio.toFixed(3))}`

export function formatFigure(figure: Figure): string {
  const target = figure.target
    ? ` (target ${formatTarget(figure.target)}: ${targetMet(figure) ? 'met' : 'NOT met'})`
    : ''
  return (
    `${figure.name}: ${figure.value.toLocaleString('en-US')} ${figure.unit} vs ` +
    `${figure.baseline.name} ${figure.baseline.value.toLocaleString('en-US')} ${figure.unit}, ` +
    `ratio ${ratioOf(figure).toFixed(3)}${target}`
  )
}
