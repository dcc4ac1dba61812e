/** Bounds a scenario may ask for; larger ones are refused before any work starts. */
export const LIMITS = {
  steps: 5000,
  processes: 64,
  folios: 4096,
  ranges: 64,
  /** Bytes one operation may map or unmap: 512 GiB (one PUD table's worth of PTEs is far less). */
  mapBytes: 2 ** 39,
  textLength: 2000,
  /**
   * Page-table entries a scenario may make remap_pfn_range() write, counting every copy fork makes: 2^21
   * entries (a 1 GiB /dev/mem mapping forked three times), about 170 MB of model state.
   */
  entries: 2 ** 21,
  /** Pages one pin_user_pages() may ask for: a PMD's worth (2 MiB), so a step costs at most a THP fault's work. */
  pinPages: 512,
} as const;
