/**
 * The built-in stories as the page lists them before it loads any: id, file and title, in reading order.
 * The page loads a story's JSON only when it is opened (state/library.ts), so the stories stay out of the
 * JavaScript the page loads to open. catalog.test.ts holds this list to the files.
 */
export interface CatalogEntry {
  readonly id: string;
  readonly file: string;
  readonly title: string;
}

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'zero-page',
    file: '01-zero-page.json',
    title: 'The shared zero page: a read fault maps it, a write fault replaces it',
  },
  {
    id: 'thp-huge-zero',
    file: '02-thp-huge-zero.json',
    title: 'THP: the huge zero folio by PMD, a write fault that gets a THP and one that has to split',
  },
  {
    id: 'devmem-private-cow',
    file: '03-devmem-private-cow.json',
    title: '/dev/mem MAP_PRIVATE: a CoW PFNMAP, one CoW copy, and how vm_normal_page() tells them apart',
  },
  {
    id: 'remap-partial-cow',
    file: '04-remap-partial-cow.json',
    title: 'remap_pfn_range() on part of a CoW mapping: -EINVAL, except with RFC 11-14',
  },
  {
    id: 'insert-pfn-cow-pfnmap',
    file: '05-insert-pfn-cow-pfnmap.json',
    title: 'vmf_insert_pfn() into a CoW PFNMAP: BUG_ON before RFC 11, a SIGBUS sanity check after',
  },
  {
    id: 'devmem-anon-hazard',
    file: '06-devmem-anon-hazard.json',
    title: "Why RFC 11 was dropped: /dev/mem maps RAM that later becomes another process's anon memory",
  },
  {
    id: 'corrupted-pte',
    file: '07-corrupted-pte.json',
    title: 'A corrupted PTE beyond the memmap: "Bad page map", or a VM_WARN and a bogus page with RFC 01',
  },
  {
    id: 'xen-gntdev-find-normal-page',
    file: '08-xen-gntdev-find-normal-page.json',
    title:
      'Xen gntdev: a special PTE whose normal page only the driver knows (find_special_page -> find_normal_page)',
  },
  {
    id: 'dax-pmd-hole',
    file: '09-dax-pmd-hole.json',
    title: 'DAX holes: the huge zero folio by PMD, and the PMD faults that find the PMD populated',
  },
  {
    id: 'pud-pfnmap',
    file: '10-pud-pfnmap.json',
    title:
      'A PUD-level PFNMAP and folio_walk_start(): pud_special() in the walker, then vm_normal_page_pud()',
  },
  {
    id: 'insert-over-nonpresent',
    file: '11-insert-over-nonpresent.json',
    title:
      'Upgrading write permission over a swap or migration entry: insert_pfn() and vmf_insert_page_mkwrite() before and after RFC 03',
  },
  {
    id: 'fork-cow-pfnmap-anon-zero',
    file: '12-fork-cow-pfnmap-anon-zero.json',
    title:
      'fork() of a process with CoW PFNMAP pages, anon pages and zero pages: what is copied, refcounted and write-protected',
  },
  {
    id: 'x86-32-huge-zero-pmd',
    file: '13-x86-32-huge-zero-pmd.json',
    title: 'No PMD special bit (x86-32 with THP): v6.18 takes the huge zero PMD for a normal page',
  },
  {
    id: 'scale-1gib-remap',
    file: '14-scale-1gib-remap.json',
    title: 'Scale: remap_pfn_range() of 1 GiB of RAM through /dev/mem, fork and munmap',
  },
];
