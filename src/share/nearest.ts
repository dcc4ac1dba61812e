/**
 * The nearest valid value for what a link names that ptlab does not know: a kernel variant or an
 * architecture preset mistyped, in another spelling, or from a newer ptlab. A link is opened with that
 * value and a message naming the replacement (state/url.ts), rather than refused whole.
 */
import { ARCH_PRESETS, type ArchPresetId } from '../model/config';
import { VARIANT_IDS, type VariantId } from '../model/variants';
import { nearestOf } from '../scenario/spelling';

export { editDistance, nearestOf } from '../scenario/spelling';

const RFC_PATCHES = 14;
/** The tagged kernel releases ptlab models, oldest first, by [major, minor]. */
const RELEASES: readonly (readonly [number, number, VariantId])[] = [
  [6, 17, 'v6.17'],
  [6, 18, 'v6.18'],
];

/**
 * The variant nearest to `raw`: the same id in another case; an RFC patch number, clamped to the series
 * (rfc-7 is rfc-07, rfc-15 is rfc-14); a kernel release, the closest modelled one (v6.18.3 and v6.19 are
 * v6.18; anything before v6.17 is the baseline, which precedes the series); else a close spelling.
 */
export function nearestVariant(raw: string): VariantId | undefined {
  const rfc = /^rfc[-_ ]?0*(\d{1,4})$/i.exec(raw.trim());
  if (rfc) {
    const n = Math.min(RFC_PATCHES, Math.max(1, Number(rfc[1])));
    return `rfc-${String(n).padStart(2, '0')}` as VariantId;
  }
  const rel = /^v?(\d{1,3})\.(\d{1,3})(?:[.-].*)?$/i.exec(raw.trim());
  if (rel) {
    const v = Number(rel[1]) * 1000 + Number(rel[2]);
    const first = RELEASES[0];
    if (first && v < first[0] * 1000 + first[1]) return 'baseline';
    let out: VariantId | undefined;
    for (const [maj, min, id] of RELEASES) if (v >= maj * 1000 + min) out = id;
    return out;
  }
  return nearestOf(raw, VARIANT_IDS);
}

export function nearestPreset(raw: string): ArchPresetId | undefined {
  return nearestOf(
    raw,
    ARCH_PRESETS.map((p) => p.id),
  );
}
