import { hex, type Pfn, type Vpn } from './units';

/** vm_flags bits, with the kernel's values (include/linux/mm.h) so reports print real-looking flags. */
export const VM = {
  READ: 0x1,
  WRITE: 0x2,
  EXEC: 0x4,
  SHARED: 0x8,
  MAYREAD: 0x10,
  MAYWRITE: 0x20,
  MAYEXEC: 0x40,
  MAYSHARE: 0x80,
  PFNMAP: 0x400,
  UFFD_WP: 0x1000,
  IO: 0x4000,
  DONTCOPY: 0x20000,
  DONTEXPAND: 0x40000,
  DONTDUMP: 0x4000000,
  MIXEDMAP: 0x10000000,
  HUGEPAGE: 0x20000000,
  NOHUGEPAGE: 0x40000000,
} as const;
export type VmFlagName = keyof typeof VM;
export const VM_FLAG_NAMES = Object.keys(VM) as VmFlagName[];

export function flagsFromNames(names: readonly VmFlagName[]): number {
  let f = 0;
  for (const n of names) f |= VM[n];
  return f;
}

export function flagNames(flags: number): VmFlagName[] {
  return VM_FLAG_NAMES.filter((n) => (flags & VM[n]) !== 0);
}

/** is_cow_mapping(): VM_MAYWRITE set and VM_SHARED clear (include/linux/mm.h). */
export function isCowMapping(flags: number): boolean {
  return (flags & (VM.SHARED | VM.MAYWRITE)) === VM.MAYWRITE;
}

/** What backs a VMA and which vm_ops it has. */
export type Backing =
  | { type: 'anon' }
  /** /dev/mem through mmap_mem(): remap_pfn_range() of the whole VMA at vm_pgoff. */
  | { type: 'devmem' }
  /** A regular file: its pages live in the page cache. */
  | { type: 'file'; file: string }
  /** A file on a DAX filesystem (fsdax); unwritten blocks are holes. */
  | { type: 'dax'; file: string }
  /** A driver VMA with VM_PFNMAP whose fault handler calls vmf_insert_pfn*(pfnBase + offset). */
  | { type: 'pfnmap-driver'; pfnBase: Pfn; fault: 'pte' | 'pmd' | 'pud' | 'none' }
  /** A driver VMA with VM_MIXEDMAP whose fault handler calls vmf_insert_mixed(pfnBase + offset). */
  | { type: 'mixedmap-driver'; pfnBase: Pfn }
  /** Xen gntdev: MIXEDMAP; find_special_page()/find_normal_page() returns pages[index]. */
  | { type: 'gntdev'; pages: readonly (Pfn | null)[] }
  /** Exploration: flags, pgoff and (optionally) a find_*_page callback exactly as given. */
  | { type: 'raw'; findPage?: readonly (Pfn | null)[] };

export interface Vma {
  readonly id: number;
  readonly start: Vpn;
  /** Exclusive. */
  readonly end: Vpn;
  readonly pgoff: number;
  readonly flags: number;
  readonly backing: Backing;
  /** Whether an anon_vma is attached (anon_vma_prepare() ran). */
  readonly anonVma: boolean;
  readonly name: string;
}

/** The page the gntdev-like callback returns for `v`, or undefined when the VMA has no callback. */
export function findPageCallback(vma: Vma, v: number): { page: Pfn | null } | undefined {
  const pages =
    vma.backing.type === 'gntdev'
      ? vma.backing.pages
      : vma.backing.type === 'raw'
        ? vma.backing.findPage
        : undefined;
  if (!pages) return undefined;
  return { page: pages[v - vma.start] ?? null };
}

export function vmaContains(vma: Vma, v: number): boolean {
  return v >= vma.start && v < vma.end;
}

export function vmaRangeText(vma: Vma): string {
  return `${hex(BigInt(vma.start) << 12n)}-${hex(BigInt(vma.end) << 12n)}`;
}

/** True when the VMA is a private or shared anonymous mapping (vma_is_anonymous()). */
export function vmaIsAnonymous(vma: Vma): boolean {
  return vma.backing.type === 'anon';
}

/**
 * Whether vma->vm_page_prot grants write: only shared writable mappings (a private mapping's
 * vm_page_prot is read-only so that the first write faults into CoW; mm/mmap.c vm_get_page_prot()).
 */
export function vmPageProtWrite(vma: Vma): boolean {
  return (vma.flags & VM.SHARED) !== 0 && (vma.flags & VM.WRITE) !== 0;
}
