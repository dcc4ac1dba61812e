/**
 * pin_user_pages() and unpin_user_pages() (mm/gup.c): FOLL_PIN, with FOLL_WRITE and FOLL_LONGTERM, as a driver
 * calls them for the process it runs on behalf of. kernel-semantics.md §3.18.
 *
 * Read in mm/gup.c of v6.12: pin_user_pages, __gup_longterm_locked, __get_user_pages_locked,
 * __get_user_pages, check_vma_flags, writable_file_mapping_allowed, follow_page_mask, follow_pmd_mask,
 * follow_huge_pmd, follow_page_pte, follow_pfn_pte, faultin_page, try_grab_folio, gup_put_folio,
 * unpin_user_pages; mm/internal.h gup_must_unshare; include/linux/mm.h folio_maybe_dma_pinned and
 * GUP_PIN_COUNTING_BIAS. Every modelled variant has these functions under these names (slow GUP's
 * try_grab_folio() was try_grab_page() before "mm: gup: stop abusing try_grab_folio", 2024). Since 2025
 * they test folio_has_pincount() where v6.12 tests folio_test_large(): the same on 64-bit, which is how the
 * model counts (on 32-bit an order-1 folio also uses the bias).
 *
 * Not modelled: GUP-fast, FOLL_FORCE and FOLL_GET, the migration of ZONE_MOVABLE and CMA folios before a
 * FOLL_LONGTERM pin (the model has neither: check_and_migrate_movable_folios() finds nothing to move),
 * sanity_check_pinned_pages() (DEBUG_VM), PUD leaves and hugetlb.
 */
import { vmNormalPage } from '../callers';
import type { LeafEntry } from '../entry';
import type { Kernel } from '../kernel';
import type { Mm } from '../mm';
import type { Folio } from '../physmem';
import { asPfn, type Pfn, type Vpn } from '../units';
import { isCowMapping, VM, type Vma, vmaIsAnonymous } from '../vma';
import { A, hex, isResult, procOf } from './common';
import { faultinPage } from './fault';
import { folioPut } from './folio_ref';
import { GUP_PIN_COUNTING_BIAS } from './gup';
import { NOPAGE } from './insert';
import type { Op, OpResult } from './types';

interface GupFlags {
  /** FOLL_WRITE */
  readonly write: boolean;
  /** FOLL_LONGTERM */
  readonly longterm: boolean;
}

const flagText = (f: GupFlags) =>
  ['FOLL_PIN', ...(f.write ? ['FOLL_WRITE'] : []), ...(f.longterm ? ['FOLL_LONGTERM'] : [])].join('|');

/**
 * The pages each pin_user_pages() returned, as the driver keeps them until it unpins: per kernel, by process
 * and start address, the latest last.
 */
const held = new WeakMap<Kernel, Map<string, Pfn[][]>>();
const heldKey = (proc: string, v: number) => `${proc}@${v}`;

function pinsOf(k: Kernel): Map<string, Pfn[][]> {
  let m = held.get(k);
  if (!m) {
    m = new Map();
    held.set(k, m);
  }
  return m;
}

/** vma_needs_dirty_tracking() (mm/mmap.c): shared, writable, and a file system that writes the pages back. */
function vmaNeedsDirtyTracking(vma: Vma): boolean {
  const shared = (vma.flags & (VM.SHARED | VM.WRITE)) === (VM.SHARED | VM.WRITE);
  // The model's page-cache files are written back; drivers, /dev/mem and gntdev have no writeback.
  return shared && vma.backing.type === 'file';
}

/** check_vma_flags() (mm/gup.c) without FOLL_FORCE, FOLL_ANON or FOLL_SPLIT_PMD. Returns an errno or undefined. */
function checkVmaFlags(k: Kernel, vma: Vma, f: GupFlags): string | undefined {
  const fn = 'check_vma_flags';
  return k.call(fn, `${vma.name}, ${flagText(f)}`, () => {
    const refuse = (id: string, err: string, text: string) => {
      k.branch(fn, id, text);
      return err;
    };
    if (vma.flags & (VM.IO | VM.PFNMAP))
      return refuse('GUP-V1', '-EFAULT', 'VM_IO | VM_PFNMAP: GUP never looks at these entries: -EFAULT');
    if (f.longterm && vma.backing.type === 'dax')
      return refuse(
        'GUP-V2',
        '-EOPNOTSUPP',
        'FOLL_LONGTERM on a file-system DAX VMA (vma_is_fsdax()): -EOPNOTSUPP',
      );
    if (f.write) {
      // writable_file_mapping_allowed(): only FOLL_PIN | FOLL_LONGTERM is refused, where the fs tracks dirt.
      if (!vmaIsAnonymous(vma) && f.longterm && vmaNeedsDirtyTracking(vma))
        return refuse(
          'GUP-V3',
          '-EFAULT',
          'FOLL_WRITE | FOLL_LONGTERM on a shared file mapping that needs dirty tracking: -EFAULT',
        );
      if (!(vma.flags & VM.WRITE))
        return refuse('GUP-V4', '-EFAULT', 'FOLL_WRITE without VM_WRITE (and no FOLL_FORCE): -EFAULT');
    } else if (!(vma.flags & VM.READ)) {
      return refuse('GUP-V5', '-EFAULT', 'no VM_READ (and no FOLL_FORCE): -EFAULT');
    }
    k.branch(fn, 'GUP-V0', 'the VMA may be pinned');
    return undefined;
  });
}

/**
 * gup_must_unshare() (mm/internal.h) for a R/O pin of a read-only entry (a FOLL_WRITE pin never gets here:
 * a read-only entry is a write fault first). Anon: unless PageAnonExclusive. Not anon: only a FOLL_LONGTERM
 * pin in a CoW mapping, which must break CoW now so that later writes through the page tables stay visible.
 */
function gupMustUnshare(k: Kernel, vma: Vma, f: GupFlags, folio: Folio): boolean {
  const fn = 'gup_must_unshare';
  return k.call(fn, `pfn ${hex(folio.pfn)}, ${flagText(f)}`, () => {
    if (folio.kind !== 'anon') {
      if (!f.longterm) {
        k.branch(fn, 'GUP-U2', 'not anon, a short-term R/O pin: nothing to unshare');
        return false;
      }
      const cow = isCowMapping(vma.flags);
      k.branch(
        fn,
        cow ? 'GUP-U3a' : 'GUP-U3b',
        cow
          ? 'not anon, a FOLL_LONGTERM R/O pin in a CoW mapping: unshare (break CoW now)'
          : 'not anon, FOLL_LONGTERM, not a CoW mapping: nothing to unshare',
      );
      return cow;
    }
    const must = !folio.anonExclusive;
    k.branch(
      fn,
      must ? 'GUP-U4a' : 'GUP-U4b',
      must ? 'an anon page that is not PageAnonExclusive: unshare' : 'an exclusive anon page: no unshare',
    );
    return must;
  });
}

/**
 * try_grab_folio() with FOLL_PIN (mm/gup.c): nothing for the shared zero page; a large folio gets `refs`
 * references and `refs` in _pincount; an order-0 folio refs * GUP_PIN_COUNTING_BIAS references.
 */
function tryGrabFolio(k: Kernel, f0: Folio, refs: number): string | undefined {
  const fn = 'try_grab_folio';
  return k.call(fn, `pfn ${hex(f0.pfn)}, ${refs}, FOLL_PIN`, () => {
    const f = k.mem.folioAt(f0.pfn) ?? f0;
    if (f.refcount <= 0) {
      k.warnOnce('mm/gup.c:try_grab_folio', 'folio_ref_count(folio) <= 0');
      k.branch(fn, 'GUP-T0', 'a folio without references (a free page): -ENOMEM');
      return '-ENOMEM';
    }
    if (f.kind === 'zero') {
      k.branch(fn, 'GUP-T1', 'is_zero_folio(): the shared zero page is not pinned (no reference taken)');
      return undefined;
    }
    if (f.order > 0) {
      k.branch(fn, 'GUP-T2', `a large folio: refcount +${refs}, _pincount +${refs}`);
      k.updateFolio(f, { refcount: f.refcount + refs, pincount: (f.pincount ?? 0) + refs }, fn);
    } else {
      k.branch(fn, 'GUP-T3', `a small folio: refcount +${refs} * GUP_PIN_COUNTING_BIAS`);
      k.updateFolio(f, { refcount: f.refcount + refs * GUP_PIN_COUNTING_BIAS }, fn);
    }
    return undefined;
  });
}

/** What follow_page_mask() answers: a page (pinned), NULL or -EMLINK (fault, maybe unsharing), or an errno. */
type Follow =
  | { readonly kind: 'page'; readonly pfn: Pfn; readonly mask: number }
  | { readonly kind: 'fault'; readonly unshare: boolean }
  | { readonly kind: 'error'; readonly err: string };

const NO_PAGE: Follow = { kind: 'fault', unshare: false };

/** The struct page of a pfn the walk found; a pfn without one is beyond what the model follows. */
function pageFolio(k: Kernel, pfn: Pfn, fn: string): Folio | undefined {
  const f = k.mem.folioOrFree(pfn);
  if (!f)
    k.report('info', [
      `ptlab: ${fn}: pfn ${hex(pfn)} has no struct page; the kernel would use a bogus page (not modelled, -EFAULT here)`,
    ]);
  return f;
}

/**
 * The part common to follow_page_pte() and follow_huge_pmd() after the page is known: the unshare test on a
 * read-only entry, the anon-exclusive assertion, and the pin.
 */
function grab(k: Kernel, vma: Vma, e: LeafEntry, f: GupFlags, folio: Folio, fn: string): Follow | undefined {
  if (!e.write && gupMustUnshare(k, vma, f, folio)) {
    k.branch(fn, 'GUP-F5', 'a read-only entry that must be unshared: -EMLINK, fault with FAULT_FLAG_UNSHARE');
    return { kind: 'fault', unshare: true };
  }
  if (k.cfg.debugVm && folio.kind === 'anon' && !folio.anonExclusive)
    k.bug(`mm/gup.c:${fn}`, '(flags & FOLL_PIN) && PageAnon(page) && !PageAnonExclusive(page)');
  const err = tryGrabFolio(k, folio, 1);
  return err ? { kind: 'error', err } : undefined;
}

/** follow_page_pte() (mm/gup.c) with FOLL_PIN and without FOLL_TOUCH, as pin_user_pages() calls it. */
function followPagePte(k: Kernel, mm: Mm, vma: Vma, v: Vpn, e: LeafEntry, f: GupFlags): Follow {
  const fn = 'follow_page_pte';
  return k.call(fn, A(v), () => {
    const c = vmNormalPage(k, mm, vma, v, 'pte', e);
    if (f.write && !e.write) {
      k.branch(fn, 'GUP-F2', 'FOLL_WRITE and the PTE is read-only: NULL, fault it in for writing');
      return NO_PAGE;
    }
    let pfn = c.page;
    if (pfn === null) {
      if (!k.mem.isZeroPfn(e.pfn)) {
        k.branch(
          fn,
          'GUP-F4',
          'vm_normal_page() says special and the pfn is not the zero page: follow_pfn_pte() gives -EEXIST',
        );
        return { kind: 'error', err: '-EEXIST' };
      }
      k.branch(fn, 'GUP-F3', 'vm_normal_page() says special, but it is the shared zero page: pte_page()');
      pfn = e.pfn;
    }
    const folio = pageFolio(k, pfn, fn);
    if (!folio) return { kind: 'error', err: '-EFAULT' };
    return grab(k, vma, e, f, folio, fn) ?? { kind: 'page', pfn, mask: 0 };
  });
}

/**
 * follow_huge_pmd() (mm/gup.c): pmd_page() of the leaf, with no vm_normal_page_pmd() (a huge PFNMAP never gets
 * here: check_vma_flags() refused its VMA). The pin covers the rest of the PMD (ctx->page_mask = 511).
 */
function followHugePmd(k: Kernel, vma: Vma, v: Vpn, e: LeafEntry, f: GupFlags): Follow {
  const fn = 'follow_huge_pmd';
  return k.call(fn, A(v), () => {
    if (f.write && !e.write) {
      k.branch(fn, 'GUP-F2', 'FOLL_WRITE and the PMD is read-only: NULL, fault it in for writing');
      return NO_PAGE;
    }
    const folio = pageFolio(k, e.pfn, fn);
    if (!folio) return { kind: 'error', err: '-EFAULT' };
    return grab(k, vma, e, f, folio, fn) ?? { kind: 'page', pfn: asPfn(e.pfn + (v % 512)), mask: 511 };
  });
}

/** follow_page_mask() (mm/gup.c): the walk to the entry that maps `v`. */
function followPageMask(k: Kernel, mm: Mm, vma: Vma, v: Vpn, f: GupFlags): Follow {
  const fn = 'follow_page_mask';
  return k.call(fn, A(v), () => {
    const w = mm.pt.walk(v);
    const e = w.entry;
    if (e?.kind !== 'leaf') {
      k.branch(
        fn,
        'GUP-F1',
        e
          ? `a non-present ${w.level} entry: NULL, fault it in`
          : `nothing mapped at the ${w.level}: NULL, fault it in`,
      );
      return NO_PAGE;
    }
    if (w.level === 'pte') return followPagePte(k, mm, vma, v, e, f);
    if (w.level === 'pmd') return followHugePmd(k, vma, v, e, f);
    k.report('info', [
      `ptlab: follow_page_mask: a ${w.level} leaf is not followed by the model (-EFAULT here)`,
    ]);
    return { kind: 'error', err: '-EFAULT' };
  });
}

/** faultin_page()'s errno for a handle_mm_fault() result (vm_fault_to_errno()); 0 means retry the lookup. */
function faultErrno(r: string): string {
  if (r === '0' || r === NOPAGE) return '0';
  if (r === 'VM_FAULT_OOM') return '-ENOMEM';
  if (r === 'VM_FAULT_RETRY') return '-EBUSY';
  return '-EFAULT';
}

interface GupResult {
  readonly pages: Pfn[];
  /** Why the loop stopped early, as __get_user_pages() would return it with no page pinned. */
  readonly err: string;
}

/** A lookup that faults more often than this is a model bug, not a kernel path. */
const MAX_RETRIES = 4;

/**
 * __get_user_pages() (mm/gup.c): per page, the VMA (check_vma_flags() on entering one), follow_page_mask(),
 * faultin_page() and retry on NULL or -EMLINK, then the rest of a large mapping in one go.
 */
function getUserPages(k: Kernel, mm: Mm, start: Vpn, nrPages: number, f: GupFlags): GupResult {
  const fn = '__get_user_pages';
  const pages: Pfn[] = [];
  let vma: Vma | undefined;
  let v: number = start;
  let left = nrPages;
  const loop = k.trace.loopBegin();
  const one = (): string | undefined => {
    if (!vma || v >= vma.end) {
      vma = mm.findVma(v);
      if (!vma) {
        k.branch(fn, 'GUP-E1', `no VMA at ${A(v)}: -EFAULT`);
        return '-EFAULT';
      }
      const err = checkVmaFlags(k, vma, f);
      if (err) return err;
    }
    let page: Follow = NO_PAGE;
    for (let tries = 0; ; tries++) {
      page = followPageMask(k, mm, vma, v as Vpn, f);
      if (page.kind !== 'fault') break;
      if (tries === MAX_RETRIES) {
        k.report('info', [
          `ptlab: ${A(v)} still has no page after ${MAX_RETRIES} faults; the model gives up`,
        ]);
        return '-EFAULT';
      }
      const r = faultinPage(k, mm, vma, v as Vpn, f.write, page.unshare);
      const err = faultErrno(r);
      if (r === 'VM_FAULT_RETRY')
        // pin_user_pages() faults without FAULT_FLAG_ALLOW_RETRY: the kernel would swap in or wait here.
        k.report('info', [
          `ptlab: ${A(v)} needs a swap-in or a migration wait, which the model does not run; the pin stops here`,
        ]);
      if (err !== '0') {
        // faultin_page(): -EBUSY and -EAGAIN end the loop with what was pinned so far ("ret = 0").
        k.branch(fn, 'GUP-E2', `the fault returned ${r}: stop (${err === '-EBUSY' ? '0' : err})`);
        return err === '-EBUSY' ? '0' : err;
      }
      vma = mm.findVma(v) ?? vma;
    }
    if (page.kind === 'error') return page.err;
    if (page.kind !== 'page') return '-EFAULT';
    // page_increm: the rest of a PMD-mapped folio in one step, its extra pins taken by try_grab_folio(refs).
    const increm = Math.min(left, 1 + (~v & page.mask));
    if (increm > 1) {
      const folio = k.mem.folioAt(page.pfn);
      if (folio) tryGrabFolio(k, folio, increm - 1);
    }
    for (let j = 0; j < increm; j++) pages.push(asPfn(page.pfn + j));
    v += increm;
    left -= increm;
    return undefined;
  };
  let err = '0';
  while (left > 0) {
    k.trace.iterBegin(loop);
    const stop = one();
    k.trace.iterEnd(loop);
    if (stop !== undefined) {
      err = stop;
      break;
    }
  }
  return { pages, err };
}

/** Consecutive pfns of one list as "0x10000-0x10003, 0x20000". */
function pfnRuns(pfns: readonly Pfn[]): string {
  const out: string[] = [];
  for (let i = 0; i < pfns.length; ) {
    let j = i;
    while (j + 1 < pfns.length && (pfns[j + 1] as number) === (pfns[j] as number) + 1) j++;
    out.push(j > i ? `${hex(pfns[i] as number)}-${hex(pfns[j] as number)}` : hex(pfns[i] as number));
    i = j + 1;
  }
  return out.join(', ');
}

/**
 * pin_user_pages(start, nr_pages, gup_flags, pages) (mm/gup.c) -> __gup_longterm_locked() ->
 * __get_user_pages_locked(), which marks the mm MMF_HAS_PINNED before it looks at any page. Returns the number
 * of pages pinned, or an errno when none was.
 */
export function pinUserPagesOp(k: Kernel, op: Extract<Op, { op: 'pin_user_pages' }>): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const f: GupFlags = { write: op.write, longterm: op.longterm };
  const v = op.addr.vpn;
  return k.call('pin_user_pages', `${A(v)}, ${op.nrPages}, ${flagText(f)}`, () => {
    // __get_user_pages_locked(): "if (!nr_pages) return 0;" comes before it marks the mm.
    if (op.nrPages === 0) return { result: '0', detail: 'nr_pages is 0: nothing to pin' };
    k.call('mm_set_has_pinned_flag', mm.name, () => {
      if (mm.hasPinned) {
        k.branch('mm_set_has_pinned_flag', 'GUP-M0', 'MMF_HAS_PINNED is set already');
        return;
      }
      k.branch('mm_set_has_pinned_flag', 'GUP-M1', 'MMF_HAS_PINNED set on the mm: never cleared');
      mm.hasPinned = true;
    });
    const r = k.call('__get_user_pages', `${A(v)}, ${op.nrPages}`, () =>
      getUserPages(k, mm, v, op.nrPages, f),
    );
    if (f.longterm && r.pages.length > 0)
      k.call('check_and_migrate_movable_folios', `${r.pages.length} page(s)`, () =>
        k.branch(
          'check_and_migrate_movable_folios',
          'GUP-L1',
          'every pinned folio may be pinned long-term (the model has no ZONE_MOVABLE or CMA memory): none migrated',
        ),
      );
    if (r.pages.length === 0) return { result: r.err, detail: 'no page pinned' };
    const list = pinsOf(k);
    const key = heldKey(mm.name, v);
    list.set(key, [...(list.get(key) ?? []), r.pages]);
    const stopped = r.err !== '0' ? `; stopped at the next page with ${r.err}` : '';
    return {
      result: String(r.pages.length),
      detail: `pinned ${r.pages.length} page(s): pfn ${pfnRuns(r.pages)}${stopped}`,
    };
  });
}

/**
 * gup_put_folio(folio, refs, FOLL_PIN) (mm/gup.c): nothing for the zero page; _pincount -refs for a large
 * folio; then folio_put_refs() of refs (large) or refs * GUP_PIN_COUNTING_BIAS (small), which may free it.
 */
function gupPutFolio(k: Kernel, pfn: Pfn, refs: number): void {
  const fn = 'gup_put_folio';
  const f = k.mem.folioAt(pfn);
  if (!f) {
    k.report('info', [`ptlab: gup_put_folio: no folio at pfn ${hex(pfn)} any more (not modelled)`]);
    return;
  }
  k.call(fn, `pfn ${hex(f.pfn)}, ${refs}, FOLL_PIN`, () => {
    if (f.kind === 'zero') {
      k.branch(fn, 'GUP-P1', 'is_zero_folio(): the zero page holds no pin to drop');
      return;
    }
    let cur = f;
    let drop = refs;
    if (f.order > 0) {
      k.branch(fn, 'GUP-P2', `a large folio: _pincount -${refs}, then folio_put_refs(${refs})`);
      cur = k.updateFolio(f, { pincount: (f.pincount ?? 0) - refs }, fn);
    } else {
      k.branch(fn, 'GUP-P3', `a small folio: folio_put_refs(${refs} * GUP_PIN_COUNTING_BIAS)`);
      drop = refs * GUP_PIN_COUNTING_BIAS;
    }
    // folioPut() leaves the zero folios alone (their mappings are not refcounted in the model); a pin of the
    // huge zero folio did take a reference, so it is dropped here.
    if (cur.kind === 'huge_zero') k.updateFolio(cur, { refcount: cur.refcount - drop }, 'folio_put_refs');
    else folioPut(k, cur, drop, 'folio_put_refs');
  });
}

/**
 * unpin_user_pages() (mm/gup.c) of the pages the latest pin_user_pages() of this process at this address
 * returned (what a driver keeps in its pages[] array), one gup_put_folio() per run of pages of one folio.
 * The driver may unpin after the process has exited.
 */
export function unpinUserPagesOp(k: Kernel, op: Extract<Op, { op: 'unpin_user_pages' }>): OpResult {
  const v = op.addr.vpn;
  const lists = pinsOf(k).get(heldKey(op.proc, v));
  const pages = lists?.pop();
  if (!pages)
    return {
      result: 'ENOENT',
      detail: `no pages pinned by pin_user_pages() of ${op.proc} at ${A(v)} are held: nothing to unpin`,
    };
  return k.call('unpin_user_pages', `${pages.length} page(s)`, () => {
    for (let i = 0; i < pages.length; ) {
      const head = k.mem.folioAt(pages[i] as Pfn);
      let n = 1;
      // gup_folio_next(): the following entries of the array in the same folio go in one call.
      if (head)
        while (
          i + n < pages.length &&
          (pages[i + n] as number) >= head.pfn &&
          (pages[i + n] as number) < head.pfn + 2 ** head.order
        )
          n++;
      gupPutFolio(k, pages[i] as Pfn, n);
      i += n;
    }
    return { result: '0', detail: `unpinned ${pages.length} page(s): pfn ${pfnRuns(pages)}` };
  });
}
