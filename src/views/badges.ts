/**
 * How each classification badge looks, everywhere it is shown: a label, colour classes (Okabe-Ito tokens
 * from index.css) and a glyph of its own shape, so colour is never the only cue. What a badge means depends
 * on the kernel variant: kernelTexts.ts badgeDescription().
 */
import type { Badge } from '../model/inspect';

/** Shapes drawn by glyphPath(); each badge has a different one. */
export type GlyphShape =
  | 'disc'
  | 'triangle'
  | 'diamond'
  | 'ring'
  | 'double-ring'
  | 'cross'
  | 'open-square'
  | 'dash'
  | 'half-disc';

export interface BadgeStyle {
  readonly label: string;
  /** Text colour class: the glyph is drawn in currentColor. */
  readonly text: string;
  /** Border colour class, for outlines and the edge bar of a row. */
  readonly border: string;
  readonly shape: GlyphShape;
  /** Whether the glyph is filled (else stroked). */
  readonly filled: boolean;
}

export const BADGES: Record<Badge, BadgeStyle> = {
  normal: {
    label: 'normal',
    text: 'text-cls-normal',
    border: 'border-cls-normal',
    shape: 'disc',
    filled: true,
  },
  'normal-warn': {
    label: 'normal + VM_WARN',
    text: 'text-cls-warn',
    border: 'border-cls-warn',
    shape: 'triangle',
    filled: true,
  },
  special: {
    label: 'special',
    text: 'text-cls-special',
    border: 'border-cls-special',
    shape: 'diamond',
    filled: true,
  },
  zero: {
    label: 'zero page',
    text: 'text-cls-zero',
    border: 'border-cls-zero',
    shape: 'ring',
    filled: false,
  },
  'huge-zero': {
    label: 'huge zero',
    text: 'text-cls-hugezero',
    border: 'border-cls-hugezero',
    shape: 'double-ring',
    filled: false,
  },
  bad: {
    label: 'Bad page map',
    text: 'text-cls-bad',
    border: 'border-cls-bad',
    shape: 'cross',
    filled: false,
  },
  'no-vma': {
    label: 'no VMA',
    text: 'text-cls-bad',
    border: 'border-cls-bad',
    shape: 'open-square',
    filled: false,
  },
  'n/a': {
    label: 'n/a',
    text: 'text-muted',
    border: 'border-line',
    shape: 'dash',
    filled: false,
  },
  swap: {
    label: 'swap',
    text: 'text-cls-swap',
    border: 'border-cls-swap',
    shape: 'half-disc',
    filled: true,
  },
};

export const BADGE_ORDER: readonly Badge[] = [
  'normal',
  'normal-warn',
  'special',
  'zero',
  'huge-zero',
  'bad',
  'no-vma',
  'n/a',
  'swap',
];

const f = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * An SVG path for a glyph of size `s` centred on (cx, cy). The tree draws glyphs at their place rather
 * than under a transform: each SVG transform is a node of the browser's paint property tree, and a
 * hundred of them made every step's paint and layerization measurably slower.
 */
export function glyphPath(shape: GlyphShape, s: number, cx = 0, cy = 0): string {
  const r = s / 2;
  const p = (x: number, y: number) => `${f(cx + x)},${f(cy + y)}`;
  const circle = (q: number) =>
    `M${p(-q, 0)}a${f(q)},${f(q)} 0 1,0 ${f(2 * q)},0a${f(q)},${f(q)} 0 1,0 ${f(-2 * q)},0`;
  switch (shape) {
    case 'disc':
    case 'ring':
      return `${circle(r * 0.85)}Z`;
    case 'double-ring':
      return `${circle(r * 0.9)}Z${circle(r * 0.45)}Z`;
    case 'triangle':
      return `M${p(0, -r)}L${p(r, r * 0.8)}L${p(-r, r * 0.8)}Z`;
    case 'diamond':
      return `M${p(0, -r)}L${p(r, 0)}L${p(0, r)}L${p(-r, 0)}Z`;
    case 'cross': {
      const q = r * 0.8;
      return `M${p(-q, -q)}L${p(q, q)}M${p(q, -q)}L${p(-q, q)}`;
    }
    case 'open-square': {
      const q = r * 0.8;
      return `M${p(-q, -q)}H${f(cx + q)}V${f(cy + q)}H${f(cx - q)}Z`;
    }
    case 'dash':
      return `M${p(-r * 0.8, 0)}H${f(cx + r * 0.8)}`;
    case 'half-disc':
      return `M${p(-r * 0.85, 0)}a${f(r * 0.85)},${f(r * 0.85)} 0 0,1 ${f(r * 1.7)},0Z`;
  }
}
