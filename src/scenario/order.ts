/** The kernel variants in reading order, for the patch stepper and "what changed in patch N". Pure. */
import { VARIANTS, type VariantId } from '../model/variants';

/** The order the series is read in: the base, the RFC patches, what was merged, and what came after. */
export const STEPPER_ORDER: readonly VariantId[] = VARIANTS.map((v) => v.id).filter((id) => id !== 'v6.17');

/** The variant before `v` in reading order (baseline for RFC 01). */
export function previousVariant(v: VariantId): VariantId | undefined {
  const i = STEPPER_ORDER.indexOf(v);
  return i > 0 ? STEPPER_ORDER[i - 1] : undefined;
}
