/** Sizes of the tree drawing, in SVG pixels. Text is monospace, so widths follow character counts. */
export const M = {
  font: 11,
  /** Advance of one monospace character at `font` (0.6 em, with a little slack for wider fonts). */
  charW: 6.65,
  lineH: 15,
  padX: 6,
  /** Room for the ▸ that lists a run's entries, then for its badge glyph. */
  expanderW: 12,
  glyphW: 16,
  headerH: 40,
  entryH: 19,
  /** Horizontal gap between depth columns and vertical gap between sibling nodes. */
  colGap: 18,
  siblingGap: 12,
  /** Characters between aligned columns. */
  colSpace: 2,
} as const;

/** Centre of a run's badge glyph, and where its text starts, inside its node. */
export const GLYPH_X = M.padX + M.expanderW + M.glyphW / 2;
export const TEXT_X = M.padX + M.expanderW + M.glyphW + 4;

export const textW = (chars: number): number => Math.ceil(chars * M.charW);
