/** One line under a field where its name alone does not say enough (kernel meaning, input syntax). */
export const HINTS: Readonly<Record<string, string>> = {
  allocPfn: 'the pfn the page allocator hands out next',
  folio: 'head pfn of a PMD-order folio, or huge_zero',
  value: 'a content token written to the page',
  pages: 'pfns or null, comma-separated',
  findPage: 'pfns or null, comma-separated',
  offset: 'file offset in bytes; for /dev/mem the physical address',
  pgoff: 'vm_pgoff, in pages',
  hugepage: 'madvise(MADV_HUGEPAGE) right after the mmap',
  child: 'the process fork() creates',
  nrPages: 'nr_pages: how many pages from addr (at most 512)',
  longterm: 'FOLL_LONGTERM: a pin held for long (RDMA, vfio)',
  zeroPfn: 'the shared zero page',
  zeroPages: 'coloured zero pages from zeroPfn on (MIPS, s390): 1, 2, 4 … 128',
  hugeZeroPfn: 'the huge zero folio (a multiple of 512)',
};
