/**
 * Every mail and commit ptlab cites, with where its identifier was read. A story's reference links to the
 * public archive only by a Message-ID in THREAD, and to a merged commit only by an id in COMMITS; the tests
 * (thread.test.ts, library.test.ts, e2e/narration.spec.ts) hold every link the page shows to these lists.
 * Nothing here is guessed: an identifier not read in a source does not go in, and its reference stays
 * unlinked.
 */

export interface ThreadMail {
  /** The Message-ID, without the angle brackets. */
  readonly id: string;
  readonly from: string;
  /** UTC, "YYYY-MM-DD HH:MM" (day only where the source gives no time). */
  readonly date: string;
  readonly subject: string;
  /** The RFC patch the mail posts (1-14), for the patch mails themselves. */
  readonly patch?: number;
  /** Where the Message-ID was read. */
  readonly verified: string;
}

const RFC = 'mm: vm_normal_page*() + CoW PFNMAP improvements';
const OWN = 'its own Message-ID header, in the list copy';

/** The RFC patch subjects, as sent (kernel-semantics.md Appendix A). */
const SUBJECTS = [
  'mm/memory: drop highest_memmap_pfn sanity check in vm_normal_page()',
  'mm: drop highest_memmap_pfn',
  'mm: compare pfns only if the entry is present when inserting pfns/pages',
  'mm/huge_memory: move more common code into insert_pmd()',
  'mm/huge_memory: move more common code into insert_pud()',
  'mm/huge_memory: support huge zero folio in vmf_insert_folio_pmd()',
  'fs/dax: use vmf_insert_folio_pmd() to insert the huge zero folio',
  'mm/huge_memory: mark PMD mappings of the huge zero folio special',
  'mm/memory: introduce is_huge_zero_pfn() and use it in vm_normal_page_pmd()',
  'mm/memory: factor out common code from vm_normal_page_*()',
  'mm: remove "horrible special case to handle copy-on-write behaviour"',
  'mm: drop addr parameter from vm_normal_*_pmd()',
  'mm: introduce and use vm_normal_page_pud()',
  'mm: rename vm_ops->find_special_page() to vm_ops->find_normal_page()',
] as const;

const nn = (n: number) => String(n).padStart(2, '0');
const re = (n: number) => `Re: [PATCH RFC ${nn(n)}/14] ${SUBJECTS[n - 1]}`;
const DAVID = 'David Hildenbrand';
const OSCAR = 'Oscar Salvador';

export const THREAD: readonly ThreadMail[] = [
  {
    id: '20250617154345.2494405-1-david@redhat.com',
    from: DAVID,
    date: '2025-06-17 15:43',
    subject: `[PATCH RFC 00/14] ${RFC}`,
    verified: OWN,
  },
  ...SUBJECTS.map(
    (subject, i): ThreadMail => ({
      id: `20250617154345.2494405-${i + 2}-david@redhat.com`,
      from: DAVID,
      date: '2025-06-17 15:43',
      subject: `[PATCH RFC ${nn(i + 1)}/14] ${subject}`,
      patch: i + 1,
      verified: OWN,
    }),
  ),
  {
    id: 'e7a6b0de-3f2a-4584-bc77-078569f69f55@redhat.com',
    from: DAVID,
    date: '2025-06-17 16:18',
    subject: `Re: [PATCH RFC 00/14] ${RFC}`,
    verified: OWN,
  },
  {
    id: '338bc820-3e43-4da6-b09e-936bf55f657f@redhat.com',
    from: DAVID,
    date: '2025-06-17 18:25',
    subject: `Re: [PATCH RFC 00/14] ${RFC}`,
    verified: `${OWN}; its In-Reply-To is the 16:18 mail`,
  },
  {
    id: 'aFVZCvOpIpBGAf9w@localhost.localdomain',
    from: OSCAR,
    date: '2025-06-20 12:50',
    subject: re(1),
    verified: OWN,
  },
  {
    id: 'aFVhvYbRH2dtiFKY@localhost.localdomain',
    from: OSCAR,
    date: '2025-06-20 13:27',
    subject: re(3),
    verified: OWN,
  },
  {
    id: 'dq5r2xmw3ypfk2luffas45up525aig4nu7qogojajspukak74o@gtg4kwwvjb5c',
    from: 'Pedro Falcato',
    date: '2025-06-20 18:24',
    subject: re(3),
    verified: OWN,
  },
  {
    id: '155d1f58-6568-4efa-968e-af3873707ad0@redhat.com',
    from: DAVID,
    date: '2025-06-23 19:19',
    subject: re(3),
    verified: `${OWN}; its In-Reply-To is Pedro Falcato's mail`,
  },
  {
    id: '4d35795f-df24-40eb-a1e8-2914b0f5d697@redhat.com',
    from: DAVID,
    date: '2025-06-23 19:22',
    subject: re(3),
    verified: OWN,
  },
  {
    id: 'cneygxe547b73gcfyjqfgdv2scxjeluwj5cpcsws4gyhx7ejgr@nxkrhie7o2th',
    from: 'Alistair Popple',
    date: '2025-06-24 01:16',
    subject: re(7),
    verified: OWN,
  },
  {
    id: 'aFu0H_AgdM2W2-R_@localhost.localdomain',
    from: OSCAR,
    date: '2025-06-25 08:32',
    subject: re(8),
    verified: OWN,
  },
  {
    id: '5f4c0a45-f219-4d95-b5d7-b4ca1bc9540b@redhat.com',
    from: DAVID,
    date: '2025-06-25 08:47',
    subject: re(11),
    verified:
      'In-Reply-To and References of Oscar Salvador\'s reply of 2025-06-25 09:02 UTC, which quotes it ("On Wed, Jun 25, 2025 at 10:47:49AM +0200, David Hildenbrand wrote"); the mail\'s own copy was not found',
  },
  {
    id: 'aFu7C0S_SjSOqO8G@localhost.localdomain',
    from: OSCAR,
    date: '2025-06-25 09:02',
    subject: re(11),
    verified: OWN,
  },
  {
    id: 'aFu_0VLYN5s8GPPe@localhost.localdomain',
    from: OSCAR,
    date: '2025-06-25 09:22',
    subject: re(13),
    verified: OWN,
  },
  {
    id: 'aFvCwYDzEOQfpu0G@localhost.localdomain',
    from: OSCAR,
    date: '2025-06-25 09:34',
    subject: re(14),
    verified: OWN,
  },
  {
    id: 'CABzRoyZtxBgJUZK4p0V1sPAqbNr=6S-aE1S68u8tKo=cZ2ELSw@mail.gmail.com',
    from: 'Lance Yang',
    date: '2025-07-03 12:34',
    subject: re(1),
    verified: OWN,
  },
  {
    id: '36a8f286-1b09-43bd-9efa-5831ef3f315b@redhat.com',
    from: DAVID,
    date: '2025-07-04 13:22',
    subject: re(7),
    verified: OWN,
  },
  {
    id: 'b0984e6e-eabd-ed71-63c3-4c4d362553e8@google.com',
    from: 'Hugh Dickins',
    date: '2025-07-07 06:31',
    subject: re(1),
    verified: OWN,
  },
  {
    id: 'orevbupi4lg2qficqzcb6qorctdxw6exexa4xqxcmf5g44ybnc@wzgw7reerin4',
    from: 'Alistair Popple',
    date: '2025-07-07 11:50',
    subject: re(7),
    verified: OWN,
  },
  {
    id: '36dd6b12-f683-48a2-8b9c-c8cd0949dfdc@redhat.com',
    from: DAVID,
    date: '2025-07-07 13:19',
    subject: re(1),
    verified: OWN,
  },
  {
    id: '0b1cb496-4e50-252e-5bcf-74a89a78a8c0@google.com',
    from: 'Hugh Dickins',
    date: '2025-07-08 02:52',
    subject: re(1),
    verified: OWN,
  },
  {
    id: '056787ba-eed1-4517-89cd-20c7cc9935dc@redhat.com',
    from: DAVID,
    date: '2025-07-11 15:30',
    subject: re(1),
    verified: OWN,
  },
  {
    id: '3db65a9c-4ee4-4bba-ba8b-f1171f942766@redhat.com',
    from: DAVID,
    date: '2025-07-14 12:41',
    subject: re(8),
    verified: OWN,
  },
  {
    id: '417888bf-db7d-4334-a8df-678c14c0d442@redhat.com',
    from: DAVID,
    date: '2025-07-14 14:19',
    subject: re(14),
    verified: OWN,
  },
  {
    id: '20250715132350.2448901-1-david@redhat.com',
    from: DAVID,
    date: '2025-07-15',
    subject: '[PATCH v1 0/9] mm: vm_normal_page*() improvements',
    verified: 'kernel-semantics.md §0.1 (V1)',
  },
  {
    id: '20250811112631.759341-1-david@redhat.com',
    from: DAVID,
    date: '2025-08-11',
    subject: '[PATCH v3 00/11] mm: vm_normal_page*() improvements',
    verified: 'kernel-semantics.md §0.1 (V3)',
  },
  {
    id: '20260430-pmd_special-v1-1-dbcbcfd72c20@kernel.org',
    from: 'David Hildenbrand (Arm)',
    date: '2026-04-30',
    subject: '[PATCH] mm: fix __vm_normal_page() to handle missing support for pmd_special()/pud_special()',
    verified:
      'its own Message-Id header (stable list copy) and the Link: tag of the 6.18-stable review mail; kernel-semantics.md §0.1 (FIX)',
  },
  {
    id: 'afnffbs-5cy7KGua@lucifer',
    from: 'Lorenzo Stoakes',
    date: '2026-05-05 12:20',
    subject:
      'Re: [PATCH] mm: fix __vm_normal_page() to handle missing support for pmd_special()/pud_special()',
    verified: OWN,
  },
];

export interface MergedCommit {
  /** The full commit id. */
  readonly id: string;
  readonly subject: string;
  /** The RFC patch it merged, where it did (reworked or not). */
  readonly rfc?: number;
  readonly verified: string;
}

const SERIES = "the list of the series' commits with full ids; kernel-semantics.md §0.3";

export const COMMITS: readonly MergedCommit[] = [
  { id: 'b7298e418e298545b195aef51c01cceed816558e', subject: SUBJECTS[3], rfc: 4, verified: SERIES },
  { id: '77e493280e92301d3151d6a18a2e17f0c30a582c', subject: SUBJECTS[4], rfc: 5, verified: SERIES },
  { id: '5528ef06da011aa35fc9704127e41a154649a6df', subject: SUBJECTS[5], rfc: 6, verified: SERIES },
  { id: 'b0f86aaebed1fc2bdc7475b14675ebc9d542e5d3', subject: SUBJECTS[6], rfc: 7, verified: SERIES },
  { id: 'd82d09e482199e6bbc204df10b2082f764cbe1f4', subject: SUBJECTS[7], rfc: 8, verified: SERIES },
  {
    id: 'ec63a44011dccebca24e7ef7e8a9521306de1bc9',
    subject: 'mm/memory: convert print_bad_pte() to print_bad_page_map()',
    verified: SERIES,
  },
  { id: 'af38538801c6a97565b44700ee6695d7d60ad779', subject: SUBJECTS[9], rfc: 10, verified: SERIES },
  { id: '2db308160b5a191b494746fd167dbbaaead3fb26', subject: SUBJECTS[12], rfc: 13, verified: SERIES },
  { id: '4c89792ea0a224340ff198abc7caffa211baccd6', subject: SUBJECTS[13], rfc: 14, verified: SERIES },
  {
    id: 'd80a9cb1a64ab9c817b6262c7e4e433b6a3581a0',
    subject: 'mm/huge_memory: add and use normal_or_softleaf_folio_pmd()',
    verified:
      "a log of the mainline tree with full ids, next to the merge of an April 2026 mm-stable tag; named in the 2026 fix's description",
  },
  {
    id: 'c0c6ccd9828c3a1950623b546fa57292a77b5c73',
    subject: 'mm: fix __vm_normal_page() to handle missing support for pmd_special()/pud_special()',
    verified: 'the "commit … upstream" line of the 6.18-stable review mail; kernel-semantics.md §0.1 (FIX)',
  },
];

/** The mail with this Message-ID (with or without angle brackets), if it is in THREAD. */
export function threadMail(messageId: string): ThreadMail | undefined {
  const id = messageId.replace(/^<|>$/g, '');
  return THREAD.find((m) => m.id === id);
}

/** The merged commit whose id starts with this (at least 12 hex digits), if it is in COMMITS. */
export function mergedCommit(id: string): MergedCommit | undefined {
  const k = id.toLowerCase();
  return k.length >= 12 ? COMMITS.find((c) => c.id.startsWith(k)) : undefined;
}

/** The mail that posted RFC patch `n` (0: the cover letter). */
export function rfcMail(n: number): ThreadMail | undefined {
  return THREAD.find((m) => (n === 0 ? m.id === THREAD[0]?.id : m.patch === n));
}
