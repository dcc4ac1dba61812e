/**
 * The built-in stories as the page lists them before it loads any: id, file and title, in reading order,
 * and what the start view says of each (who it is for, a one-line teaser, the step it opens at). The page
 * loads a story's JSON only when it is opened (state/library.ts), so the stories stay out of the
 * JavaScript the page loads to open. catalog.test.ts holds this list to the files.
 */

/** Who a story is for, as the start view groups them. */
export const AUDIENCES = [
  { id: 'learn', title: 'Learning how Linux maps memory' },
  { id: 'driver', title: 'Writing a driver that maps pfns' },
  { id: 'review', title: 'Reviewing mm patches' },
] as const;
export type Audience = (typeof AUDIENCES)[number]['id'];

export interface CatalogEntry {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly audience: Audience;
  /** One line in plain words: what the story shows. */
  readonly teaser: string;
  /** The step the start view opens it at: its first interesting one (the operation, counted from 1). */
  readonly start: number;
}

/** What the start view adds to each story, by id (kept apart from the titles, which the files hold). */
const ABOUT: Record<string, Pick<CatalogEntry, 'audience' | 'teaser' | 'start'>> = {
  'zero-page': {
    audience: 'learn',
    teaser:
      'Read memory you never wrote and Linux maps one shared page of zeroes; a write gets a page of your own.',
    start: 2,
  },
  'thp-huge-zero': {
    audience: 'learn',
    teaser:
      'The same at 2 MiB: one PMD maps the huge zero page; a write gets a huge page, or splits when none is free.',
    start: 3,
  },
  'devmem-private-cow': {
    audience: 'driver',
    teaser:
      '/dev/mem mapped private: how the kernel tells the pfns it remapped from the copies a write makes.',
    start: 3,
  },
  'remap-partial-cow': {
    audience: 'driver',
    teaser: 'remap_pfn_range() on part of a private mapping: -EINVAL, except with RFC 11-14.',
    start: 2,
  },
  'insert-pfn-cow-pfnmap': {
    audience: 'driver',
    teaser:
      'vmf_insert_pfn() into a private mapping: a BUG_ON in the baseline and v6.18, an insertion with RFC 11-14.',
    start: 2,
  },
  'devmem-anon-hazard': {
    audience: 'review',
    teaser:
      "Why RFC 11 was dropped: without pte_special, /dev/mem takes another process's anon page for its own copy.",
    start: 4,
  },
  'corrupted-pte': {
    audience: 'review',
    teaser:
      'A corrupted PTE: "Bad page map" before and after the series; a warning, or nothing, with RFC 01.',
    start: 4,
  },
  'xen-gntdev-find-normal-page': {
    audience: 'driver',
    teaser: 'Xen grant mappings: a special PTE whose page only the driver can name (find_normal_page).',
    start: 4,
  },
  'dax-pmd-hole': {
    audience: 'driver',
    teaser: 'A hole in a DAX file maps the huge zero page by PMD; what a second PMD fault finds there.',
    start: 2,
  },
  'pud-pfnmap': {
    audience: 'driver',
    teaser: 'A 1 GiB BAR mapped by one PUD entry, and how the page walker reads it.',
    start: 2,
  },
  'insert-over-nonpresent': {
    audience: 'review',
    teaser:
      'Making an entry writable over a swap or migration entry: a WARN in the baseline and v6.18; RFC 03-14 leave it.',
    start: 5,
  },
  'fork-cow-pfnmap-anon-zero': {
    audience: 'learn',
    teaser: 'fork(): which pages the child shares, which are counted, and which become copy-on-write.',
    start: 10,
  },
  'x86-32-huge-zero-pmd': {
    audience: 'review',
    teaser:
      'No PMD special bit on x86-32: v6.18 takes the huge zero page for a normal one, until the 2026 fix.',
    start: 3,
  },
  'scale-1gib-remap': {
    audience: 'learn',
    teaser: 'Map 1 GiB of RAM through /dev/mem: 262,144 entries in 512 tables, forked and unmapped.',
    start: 1,
  },
  'fork-pinned-page': {
    audience: 'driver',
    teaser:
      "Pin a buffer for a device, then fork(): the child gets its own copy at once, so the device keeps the parent's page.",
    start: 5,
  },
};

/** Id, file and title, in reading order; ABOUT adds the rest. */
const FILES: readonly Pick<CatalogEntry, 'id' | 'file' | 'title'>[] = [
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
  {
    id: 'fork-pinned-page',
    file: '15-fork-pinned-page.json',
    title:
      'fork() with a pinned page: the child gets its own copy at once, so the device and the parent keep sharing one page',
  },
];

export const CATALOG: readonly CatalogEntry[] = FILES.map((f) => {
  const about = ABOUT[f.id];
  if (!about) throw new Error(`the catalog has no teaser for story ${f.id}`);
  return { ...f, ...about };
});
