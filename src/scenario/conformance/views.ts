/**
 * What userspace can see of a scenario after each step, in one form for both sides of a conformance check:
 * decoded from the JSON lines an exported program (exportC.ts) prints on a real kernel, or derived from the
 * model's state the way the kernel's /proc files would show it. Pfns are kept raw here; roles.ts names them.
 */

/** One named page as one process sees it. `null`: this side cannot observe it. */
export interface PageView {
  readonly present: boolean | null;
  /** The pfn pagemap reports (show_pfn: root), raw. */
  readonly pfn: number | null;
  /** pagemap PM_FILE: a page that is not anon (PTE: vm_normal_page(); PMD: pmd_page()). */
  readonly file: boolean | null;
  /** pagemap PM_MMAP_EXCLUSIVE. */
  readonly excl: boolean | null;
  /** From /proc/kpageflags: zero, huge_zero, anon, anon-thp, mmio (no struct page), other. */
  readonly kind: string | null;
  /** /proc/kpagecount of an anon page. */
  readonly mapcount: number | null;
  /** The first word of the page's MMIO, through a second MAP_SHARED mapping of /dev/mem: a token or "zero". */
  readonly mmio: string | null;
  /** The VMA is VM_PFNMAP: walk_page_test() skips it, so pagemap says nothing of it. */
  readonly pfnmap?: boolean;
}

export interface ProcView {
  /** MM_ANONPAGES and MM_FILEPAGES, in pages, beyond what the process held before the scenario. */
  readonly rssAnon: number | null;
  readonly rssFile: number | null;
  readonly pages: Readonly<Record<string, PageView>>;
}

export interface StepView {
  readonly step: number;
  readonly op: string;
  readonly proc: string;
  /** ok, SIGSEGV, SIGBUS, BUG, -EINVAL…; null for a lookup that exports as an observation only. */
  readonly result: string | null;
  /** What the access read back from the first word of the page: a token, "zero" or another word. */
  readonly value: string | null;
  readonly procs: Readonly<Record<string, ProcView>>;
  /** Kinds of kernel reports printed during the step, sorted: bad_page_map, bad_rss, bad_page_state, warn, bug. */
  readonly reports: readonly string[] | null;
}

/** A result as the two sides can both say it. */
export function normalResult(r: string): string {
  if (r === 'SIGSEGV' || r === 'VM_FAULT_SIGSEGV') return 'SIGSEGV';
  if (r === 'SIGBUS' || r === 'VM_FAULT_SIGBUS') return 'SIGBUS';
  if (r === 'BUG' || r === 'no answer') return 'BUG';
  if (/^-E[A-Z]+$/.test(r) || r === 'ESRCH') return r;
  if (r === 'VM_FAULT_OOM') return 'SIGKILL';
  return 'ok';
}

/** The kind of a kernel log line that reports trouble, or undefined for any other line. */
export function reportKind(line: string): string | undefined {
  if (/BUG: Bad page map/.test(line)) return 'bad_page_map';
  if (/BUG: Bad rss-counter state/.test(line)) return 'bad_rss';
  if (/BUG: Bad page state/.test(line)) return 'bad_page_state';
  if (/kernel BUG at|BUG: unable to handle/.test(line)) return 'bug';
  if (/WARNING: /.test(line)) return 'warn';
  return undefined;
}
