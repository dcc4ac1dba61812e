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
   * PMD tables' worth of PTE tables (1 GiB of PTEs each) a scenario may make remap_pfn_range() fill,
   * counting every copy fork makes: 2,048, a 256 GiB /dev/mem mapping forked seven times. The model keeps
   * the alike PTE tables under one PMD table as a few runs (model/family.ts), so its work and memory go by
   * these, not by the entries (a 256 GiB mapping is 67,108,864 of them).
   */
  pmdTables: 2048,
  /** Pages one pin_user_pages() may ask for: a PMD's worth (2 MiB), so a step costs at most a THP fault's work. */
  pinPages: 512,
} as const;

/** Pages of PTEs under one PMD table: 512 × 512 (1 GiB). */
const PMD_TABLE_PAGES = 2 ** 18;

/**
 * The PMD tables' worth of PTEs (LIMITS.pmdTables) a scenario's steps ask remap_pfn_range() and fork to
 * fill, step by step: `pages` of each step that remaps (remap_pfn_range, or mmap of /dev/mem), null for the
 * others, and whether it forks. The running total at each step, as validateScenario() and the CLI's
 * bound on an array of scenarios count it.
 */
export function remapWork(steps: readonly { pages: number; fork: boolean }[]): number[] {
  let live = 0;
  let total = 0;
  return steps.map((st) => {
    const tables = Math.ceil(st.pages / PMD_TABLE_PAGES);
    live += tables;
    total += tables;
    if (st.fork) total += live;
    return total;
  });
}
