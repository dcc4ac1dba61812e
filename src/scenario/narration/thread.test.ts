/**
 * Every link the page can show for a citation: its form, and that every Message-ID it carries is one of
 * THREAD's (where each was read is recorded there) and every commit one of COMMITS'.
 */
import { describe, expect, it } from 'vitest';
import { VARIANT_IDS } from '../../model/variants';
import { codeLinks, type DecisionFn, type Link, linkProblem, referenceLinks } from './links';
import { COMMITS, mergedCommit, rfcMail, THREAD, threadMail } from './thread';

describe('the thread table', () => {
  it('holds each Message-ID once, without brackets, each with where it was read', () => {
    expect(new Set(THREAD.map((m) => m.id)).size).toBe(THREAD.length);
    for (const m of THREAD) {
      expect(m.id).toMatch(/^[^<>\s]+@[^<>\s]+$/);
      expect(m.verified.length, m.id).toBeGreaterThan(10);
      expect(m.date).toMatch(/^20\d\d-\d\d-\d\d( \d\d:\d\d)?$/);
    }
  });
  it('has the cover letter and every RFC patch, as sent on 2025-06-17 15:43 UTC', () => {
    expect(rfcMail(0)?.subject).toBe('[PATCH RFC 00/14] mm: vm_normal_page*() + CoW PFNMAP improvements');
    for (let n = 0; n <= 14; n++) {
      const m = rfcMail(n);
      expect(m?.date, `patch ${n}`).toBe('2025-06-17 15:43');
      expect(m?.from).toBe('David Hildenbrand');
    }
    expect(THREAD.filter((m) => m.patch !== undefined)).toHaveLength(14);
  });
  it('finds a mail with or without angle brackets, and a commit by a 12-digit prefix', () => {
    expect(threadMail('<afnffbs-5cy7KGua@lucifer>')?.from).toBe('Lorenzo Stoakes');
    expect(threadMail('afnffbs-5cy7KGua@lucifer')).toBeDefined();
    expect(threadMail('<nobody@example.org>')).toBeUndefined();
    expect(mergedCommit('af38538801c6')?.rfc).toBe(10);
    expect(mergedCommit('af3853')).toBeUndefined();
    for (const c of COMMITS) expect(c.id).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('every link the page can show', () => {
  const all: Link[] = [];
  for (const v of VARIANT_IDS)
    for (const fn of ['vm_normal_page', 'vm_normal_page_pmd', 'vm_normal_page_pud'] as DecisionFn[])
      all.push(...codeLinks(v, fn));
  for (const m of THREAD) all.push(...referenceLinks({ messageId: `<${m.id}>` }));
  for (const c of COMMITS) all.push(...referenceLinks({ commit: c.id }));

  it('has the form of a lore mail of the thread, a merged commit or an identifier at a tag', () => {
    expect(all.length).toBeGreaterThan(THREAD.length + COMMITS.length);
    expect(all.map((l) => linkProblem(l.href)).filter(Boolean)).toEqual([]);
    for (const l of all) {
      expect(l.text.length).toBeGreaterThan(0);
      expect(l.title.length).toBeGreaterThan(0);
    }
  });
  it('pins code to the variant: the tag for releases, the patch mail for the RFC, commits for 2026', () => {
    const hrefs = (v: (typeof VARIANT_IDS)[number]) => codeLinks(v, 'vm_normal_page').map((l) => l.href);
    expect(hrefs('v6.17')).toEqual(['https://elixir.bootlin.com/linux/v6.17/A/ident/vm_normal_page']);
    expect(hrefs('v6.18')).toEqual(['https://elixir.bootlin.com/linux/v6.18/A/ident/__vm_normal_page']);
    expect(hrefs('rfc-11')).toEqual(['https://lore.kernel.org/r/20250617154345.2494405-12-david@redhat.com']);
    expect(hrefs('baseline')).toEqual([
      'https://lore.kernel.org/r/20250617154345.2494405-2-david@redhat.com',
    ]);
    expect(hrefs('mm-2026')[1]).toMatch(/d80a9cb1a64ab9c817b6262c7e4e433b6a3581a0$/);
    expect(hrefs('fix-2026').at(-1)).toMatch(/c0c6ccd9828c3a1950623b546fa57292a77b5c73$/);
    expect(codeLinks('v6.17', 'vm_normal_page_pud')[0]?.href).toMatch(/v6\.17\/A\/ident\/folio_walk_start$/);
    for (let n = 1; n <= 14; n++) {
      const v = `rfc-${String(n).padStart(2, '0')}` as (typeof VARIANT_IDS)[number];
      expect(hrefs(v)[0]).toBe(`https://lore.kernel.org/r/20250617154345.2494405-${n + 1}-david@redhat.com`);
    }
  });
  it('escapes what a path may not hold, and links nothing it cannot vouch for', () => {
    expect(referenceLinks({ messageId: '<nobody@example.org>', commit: '0123456789ab' })).toEqual([]);
    const lance = referenceLinks({
      messageId: '<CABzRoyZtxBgJUZK4p0V1sPAqbNr=6S-aE1S68u8tKo=cZ2ELSw@mail.gmail.com>',
    });
    expect(lance[0]?.href).toBe(
      'https://lore.kernel.org/r/CABzRoyZtxBgJUZK4p0V1sPAqbNr=6S-aE1S68u8tKo=cZ2ELSw@mail.gmail.com',
    );
  });
});
