/**
 * What fork (and pin_user_pages() itself) ask of a folio's pins (include/linux/mm.h): GUP_PIN_COUNTING_BIAS
 * and folio_maybe_dma_pinned(). The operations pin_user_pages() and unpin_user_pages() are in pin.ts,
 * whose code the page loads on first use (rare.ts); fork, which every page may run, needs only this.
 */
import type { Folio } from '../physmem';

/** include/linux/mm.h: what one FOLL_PIN adds to an order-0 folio's refcount. */
export const GUP_PIN_COUNTING_BIAS = 1024;

/**
 * folio_maybe_dma_pinned() (include/linux/mm.h): a large folio counts pins in _pincount; an order-0 folio is
 * "maybe pinned" once its refcount reaches GUP_PIN_COUNTING_BIAS (1024 ordinary references look the same).
 */
export function folioMaybeDmaPinned(f: Folio): boolean {
  if (f.order > 0) return (f.pincount ?? 0) > 0;
  return f.refcount >= GUP_PIN_COUNTING_BIAS;
}
