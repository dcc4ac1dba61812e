/**
 * Which vm_normal_page*() branch IDs of one body are the same check, with the same outcome, as IDs of
 * another body (kernel-semantics.md §2: B- the pre-series body, R- the RFC 10-14 body, M- the v6.18 body).
 * A patch that renames a check or moves it to another place of the body maps its old ID onto its new one,
 * so two runs compared by class tell a refactor (one class: no difference) from another check deciding
 * (two classes: a different code path). Whether the outcome differs is not decided here: the warnings
 * and reports a branch prints are compared as behaviour (facts.ts).
 *
 * Only the IDs that decide are listed; the "go on" rows (B-P1, R-P2, R-M2, R-U2, R-N1b, R-N2, R-F0, M-Y0,
 * M-N1b) never end a call, so a trace never records them. An ID of no class is its own class.
 *
 * Pure data and one lookup. BRANCH_CLASS_SOURCES says where each class comes from; only the tests read
 * it, so the page's bundle leaves it out.
 */

/** Each class: the branch IDs that are one check, separated by spaces. The class is its string. */
export const BRANCH_CLASSES: readonly string[] = [
  'B-P2 R-P1a M-S1a',
  'B-P3 R-P1b M-S1b',
  'B-P4 R-P1c M-S1c',
  'B-P5 R-P1d M-S1d',
  'B-M1 R-M1 R-U1',
  'B-N1a B-M2a R-N1a M-N1a',
  'B-N1c B-M2b',
  'B-N2a B-M3a R-N2a M-N2a',
  'B-N2b B-M3b R-N2b R-F1 M-N2b',
  'R-F2',
  'R-F3',
  'R-F4',
  'B-N1b B-N3 B-M4 R-N3 M-N3',
  'B-P6 B-N4 M-H',
  'B-M5',
  'B-P7 B-N5 B-M6 R-C1 R-NORMAL M-OK',
  'n/a',
];

/** Per class: a short name, the check in words, and the sections of kernel-semantics.md that define its IDs. */
export const BRANCH_CLASS_SOURCES: Record<
  string,
  { readonly name: string; readonly check: string; readonly cite: string }
> = {
  'B-P2 R-P1a M-S1a': {
    name: 'callback',
    check: 'a special entry whose VMA has the driver callback: the callback decides',
    cite: '§2.2 B-P2, §2.3 R-P1a, §2.4 M-S1a; the callback renamed in RFC 14 (§4.5)',
  },
  'B-P3 R-P1b M-S1b': {
    name: 'special-mapped',
    check: 'a special entry in a VM_PFNMAP or VM_MIXEDMAP VMA: NULL',
    cite: '§2.2 B-P3, §2.3 R-P1b, §2.4 M-S1b; §2.7 rows "PTE in P"',
  },
  'B-P4 R-P1c M-S1c': {
    name: 'special-zero',
    check:
      'a special entry of the shared zero page: NULL (M-S1c also takes the huge zero folio, which B-P5 and R-P1d report: that case differs in its reports)',
    cite: '§2.2 B-P4, §2.3 R-P1c, §2.4 M-S1c; §2.7 row "PTE, special, zero pfn"',
  },
  'B-P5 R-P1d M-S1d': {
    name: 'special-stray',
    check: 'a special entry with no reason to be special: "Bad page map", NULL',
    cite: '§2.2 B-P5, §2.3 R-P1d, §2.4 M-S1d; §2.7 row "PTE, special, random pfn"',
  },
  'B-M1 R-M1 R-U1': {
    name: 'special-huge',
    check: 'a special PMD or PUD, NULL without asking why (R-M1 and R-U1 add a VM_WARN_ON_ONCE, a report)',
    cite: '§2.2 B-M1, §2.3 R-M1 and R-U1; §2.7 row "PMD, special, non-PFNMAP VMA T"',
  },
  'B-N1a B-M2a R-N1a M-N1a': {
    name: 'mixed-no-page',
    check: 'VM_MIXEDMAP and no struct page: NULL',
    cite: '§2.2 B-N1a and B-M2a, §2.3 R-N1a, §2.4 M-N1a',
  },
  'B-N1c B-M2b': {
    name: 'mixed-page',
    check: 'VM_MIXEDMAP with a struct page: a normal page at once, no zero or highest_memmap_pfn test',
    cite: '§2.2 B-N1c and B-M2b; §2.4 "A valid MIXEDMAP pfn now passes the zero and HIGH checks"',
  },
  'B-N2a B-M3a R-N2a M-N2a': {
    name: 'pfnmap-linear',
    check: 'VM_PFNMAP and the pfn follows the linearity rule: NULL',
    cite: '§2.2 B-N2a and B-M3a, §2.3 R-N2a, §2.4 M-N2a; §2.7 rows "PTE in P"',
  },
  'B-N2b B-M3b R-N2b R-F1 M-N2b': {
    name: 'pfnmap-not-cow',
    check: 'VM_PFNMAP that is not a CoW mapping: NULL (RFC 11 tests it first, as R-F1)',
    cite: '§2.2 B-N2b and B-M3b, §2.3 R-N2b and R-F1, §2.4 M-N2b; §2.7 row "PTE in Sh"',
  },
  'R-F2': {
    name: 'pfnmap-no-page',
    check: 'RFC 11: a CoW VM_PFNMAP pfn without a struct page: NULL',
    cite: '§2.3 R-F2',
  },
  'R-F3': {
    name: 'pfnmap-not-anon',
    check: 'RFC 11: a CoW VM_PFNMAP pfn that is not an anon folio: NULL',
    cite: '§2.3 R-F3; §4.1',
  },
  'R-F4': {
    name: 'pfnmap-anon',
    check: 'RFC 11: a CoW VM_PFNMAP pfn that is an anon folio: a normal page',
    cite: '§2.3 R-F4; §4.1',
  },
  'B-N1b B-N3 B-M4 R-N3 M-N3': {
    name: 'zero',
    check:
      'not special: the shared zero page or the huge zero folio, NULL (RFC 01 moves the MIXEDMAP case B-N1b into the common test)',
    cite: '§2.2 B-N1b, B-N3 and B-M4, §2.3 R-N3, §2.4 M-N3; Appendix A patch 01; §2.7 rows "PTE, not special, zero pfn" and "PMD of the huge zero folio"',
  },
  'B-P6 B-N4 M-H': {
    name: 'beyond-memmap',
    check: 'pfn > highest_memmap_pfn: "Bad page map", NULL',
    cite: '§2.2 B-P6 and B-N4, §2.4 M-H; §2.7 row "PTE, not special, pfn > HIGH"',
  },
  'B-M5': {
    name: 'beyond-memmap-silent',
    check: 'a PMD with pfn > highest_memmap_pfn: NULL, silently',
    cite: '§2.2 B-M5; §2.7 row "PMD, not special, pfn > HIGH"',
  },
  'B-P7 B-N5 B-M6 R-C1 R-NORMAL M-OK': {
    name: 'normal',
    check: 'no test said special: a normal page',
    cite: '§2.2 B-P7, B-N5 and B-M6, §2.3 R-C1 and R-NORMAL, §2.4 M-OK (one ID for both configurations); §2.7 rows "PTE, not special, zero pfn" and "PTE in P, CoW\'ed anon pfn"',
  },
  'n/a': {
    name: 'missing',
    check: 'vm_normal_page_pud() does not exist in the variant',
    cite: '§2.2 (no vm_normal_page_pud() before RFC 13); §2.7 rows "PUD"',
  },
};

const CLASS_OF: ReadonlyMap<string, string> = new Map(
  BRANCH_CLASSES.flatMap((c) => c.split(' ').map((id) => [id, c] as const)),
);

/** The class of a branch ID: its check under any body. An ID of no class is its own. */
export function branchClass(id: string): string {
  return CLASS_OF.get(id) ?? id;
}
