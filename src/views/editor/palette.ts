/** The palette's groups of operations; an operation the schema gains later lands in "Other" until placed. */
export const PALETTE: readonly { readonly label: string; readonly ops: readonly string[] }[] = [
  { label: 'Mappings', ops: ['mmap', 'munmap', 'mprotect', 'madvise', 'mremap', 'remap_pfn_range'] },
  { label: 'User access', ops: ['read', 'write'] },
  {
    label: 'Fault handlers',
    ops: [
      'vmf_insert_pfn',
      'vmf_insert_pfn_pmd',
      'vmf_insert_pfn_pud',
      'vmf_insert_mixed',
      'vmf_insert_page_mkwrite',
      'vmf_insert_folio_pmd',
      'dax_pmd_load_hole',
    ],
  },
  { label: 'Pins (GUP)', ops: ['pin_user_pages', 'unpin_user_pages'] },
  { label: 'Inspect and inject', ops: ['query', 'folio_walk_start', 'inject'] },
  { label: 'Processes and time', ops: ['fork', 'exit', 'tick', 'shrink'] },
];

export function paletteGroups(ops: readonly string[]): { label: string; ops: string[] }[] {
  const placed = new Set(PALETTE.flatMap((g) => g.ops));
  const groups = PALETTE.map((g) => ({ label: g.label, ops: g.ops.filter((o) => ops.includes(o)) }));
  const other = ops.filter((o) => !placed.has(o));
  return [...groups, { label: 'Other', ops: other }].filter((g) => g.ops.length > 0);
}
