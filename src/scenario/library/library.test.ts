/**
 * The built-in scenario library (./index.ts, one JSON file per story). Three kinds of tests:
 *  1. the files: valid, narrated on every step (one to three sentences naming a kernel function), referenced
 *     (RFC patch subjects exactly as sent, review messages by author and date), listed in index.ts;
 *  2. every story replayed in every variant and configuration it is meant to show, with its outcome asserted
 *     step by step: results, the branch IDs of kernel-semantics.md §2, printed reports, entries (level, pfn, write,
 *     special bit), RSS counters, folio refcount/mapcount, VMAs. A table per story maps (variant, preset,
 *     config) to the expected outcome; the values come from kernel-semantics.md (section named at each table), not
 *     from the model, so a model change that alters a story fails here;
 *  3. every story in every variant, with its own preset and with the default x86-64, runs to the end without a
 *     model exception (kernel BUGs are results, not exceptions).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { presetConfig } from '../../model/config';
import type { StepRecord } from '../../model/run';
import type { ReportKind } from '../../model/trace';
import { VARIANT_IDS, type VariantId, variantInfo } from '../../model/variants';
import {
  branches,
  family,
  isMerged,
  type LabRun,
  lab,
  type Preset,
  pmdSpecialBit,
  printed,
  pteSpecial,
  reportCounts,
  rfcAtLeast,
} from '../lab';
import { COMMITS, mergedCommit, threadMail } from '../narration/thread';
import { type Clause, clausesFor, type Kernel, variantsOfSpec } from '../narration/when';
import type { ScenarioInput } from '../schema';
import { type EntryInRun, entryAtAddress, procSummary, type StateSummary } from '../summary';
import { validateScenario } from '../validate';
import { LIBRARY, libraryScenario } from './index';

// ---- variants, presets, branch helpers ----------------------------------------------------------------

interface Config {
  debugVm?: boolean;
  thpAllocSucceeds?: boolean;
  findNormalPage?: boolean;
}
interface Case {
  variant: VariantId;
  preset: Preset;
  config?: Config;
}

const ALL: readonly VariantId[] = VARIANT_IDS;
/** RFC 08 / v6.18: huge zero PMDs are pmd_mkspecial()'d (a no-op without the bit). */
const hugeZeroPmdSpecial = (v: VariantId, p: Preset) => (rfcAtLeast(v, 8) || isMerged(v)) && pmdSpecialBit(p);

const BR = (v: VariantId, p: Preset, ids: { base: string; rfc: string; merged: string }, n?: typeof ids) =>
  (pteSpecial(p) || !n ? ids : n)[family(v)];
/** §2.2-§2.4: the shared zero page (special with pte_special, is_zero_pfn() without). */
const zeroPteBranch = (v: VariantId, p: Preset) =>
  BR(v, p, { base: 'B-P4', rfc: 'R-P1c', merged: 'M-S1c' }, { base: 'B-N3', rfc: 'R-N3', merged: 'M-N3' });
/** §2.2-§2.4: an ordinary anon page. */
const normalPteBranch = (v: VariantId, p: Preset) =>
  BR(v, p, { base: 'B-P7', rfc: 'R-C1', merged: 'M-OK' }, { base: 'B-N5', rfc: 'R-NORMAL', merged: 'M-OK' });
/** A remapped PTE of a CoW PFNMAP over RAM that is not anon: special bit, linearity or R-F3 (§2.7 row "P, linear"). */
function pfnmapLinearBranch(v: VariantId, p: Preset): string {
  if (pteSpecial(p)) return BR(v, p, { base: 'B-P3', rfc: 'R-P1b', merged: 'M-S1b' });
  if (family(v) === 'rfc') return rfcAtLeast(v, 11) ? 'R-F3' : 'R-N2a';
  return family(v) === 'base' ? 'B-N2a' : 'M-N2a';
}
/** A CoW'ed anon page in a CoW PFNMAP (§2.7 row "P, CoW'ed anon pfn"). */
function cowCopyBranch(v: VariantId, p: Preset): string {
  if (pteSpecial(p) || family(v) !== 'rfc') return normalPteBranch(v, p);
  return rfcAtLeast(v, 11) ? 'R-F4' : 'R-NORMAL';
}

const ZERO = 0x42;
const HZ = 0x200;

// ---- running (cached by the harness: the sweep and the tables share runs) ----------------------------

type Run = LabRun;

function scenarioOf(id: string): ScenarioInput {
  const e = libraryScenario(id);
  if (!e) throw new Error(`no library scenario ${id}`);
  return e.scenario;
}

function run(id: string, c: Case): Run {
  return lab(scenarioOf(id)).in(c).run(id);
}

// ---- reading a step --------------------------------------------------------------------------------------

/** Distinct branch IDs of kernel-semantics.md §2 taken in a step, in order. */
const classBranches = (st: StepRecord): string[] => branches(st, true);

const procOf = procSummary;
type EntryAt = EntryInRun;
const entryAt = entryAtAddress;

function folioAt(s: StateSummary, pfn: number) {
  return s.folios.find((f) => Number(f.pfn) <= pfn && pfn < Number(f.pfn) + 2 ** f.order);
}

const hex = (n: number) => `0x${n.toString(16)}`;

// ---- expectations ------------------------------------------------------------------------------------------

interface EntryExpect extends Partial<EntryAt> {
  proc: string;
  addr: number;
}
interface FolioExpect {
  pfn: number;
  kind?: string;
  order?: number;
  refcount?: number;
  mapcount?: number;
  anonExclusive?: boolean;
  content?: string;
}
interface VmaExpect {
  proc: string;
  addr: number;
  pgoff?: string;
  flags?: string[];
  cow?: boolean;
  anonVma?: boolean;
}

/** What one step must show. Omitted fields are not checked. */
interface StepExpect {
  result?: string | RegExp;
  /** The distinct §2 branch IDs of the step, exactly (queries and walks: one classification). */
  branch?: string[];
  /** §2 branch IDs the step must include (steps that classify many entries). */
  branchIncludes?: string[];
  /** Printed reports by kind, exactly: kinds not listed must not print ("info" notes aside). */
  reports?: Partial<Record<ReportKind, number>>;
  /** A printed report's lines must include each of these (regexps over the joined lines). */
  reportText?: RegExp[];
  entries?: EntryExpect[];
  /** No entry maps these user addresses. */
  absent?: { proc: string; addr: number }[];
  folios?: FolioExpect[];
  /** No folio covers these pfns (never allocated, or freed). */
  freed?: number[];
  counters?: Record<string, Partial<Record<'anon' | 'file' | 'pgtables', number>>>;
  status?: Record<string, 'running' | 'oopsed' | 'exited'>;
  hugeZeroRef?: Record<string, boolean>;
  vmas?: VmaExpect[];
  /** Relations a table cannot state (e.g. "unchanged since step 0"). */
  check?: (r: Run) => void;
}
type Story = Record<number, StepExpect>;

function checkStep(r: Run, i: number, ex: StepExpect): void {
  const st = r.steps[i];
  if (!st) throw new Error(`no step ${i}`);
  const at = `step ${i} (${st.title})`;
  if (ex.result !== undefined) {
    if (typeof ex.result === 'string') expect(st.result, `${at}: result`).toBe(ex.result);
    else expect(st.result, `${at}: result`).toMatch(ex.result);
  }
  if (ex.branch) expect(classBranches(st), `${at}: branches`).toEqual(ex.branch);
  if (ex.branchIncludes)
    for (const b of ex.branchIncludes) expect(classBranches(st), `${at}: branches`).toContain(b);
  if (ex.reports) expect(reportCounts(st), `${at}: printed reports`).toEqual(ex.reports);
  if (ex.reportText) {
    const text = printed(st)
      .map((x) => x.lines.join('\n'))
      .join('\n');
    for (const re of ex.reportText) expect(text, `${at}: report text`).toMatch(re);
  }
  const needState =
    ex.entries || ex.absent || ex.folios || ex.freed || ex.counters || ex.status || ex.hugeZeroRef || ex.vmas;
  if (needState) {
    const s = r.sum(i);
    for (const e of ex.entries ?? []) {
      const { proc, addr, ...want } = e;
      const got = entryAt(s, proc, addr);
      expect(got, `${at}: an entry maps ${hex(addr)} in ${proc}`).toBeDefined();
      expect(got, `${at}: entry at ${hex(addr)} in ${proc}`).toMatchObject(want);
    }
    for (const a of ex.absent ?? [])
      expect(entryAt(s, a.proc, a.addr), `${at}: nothing maps ${hex(a.addr)} in ${a.proc}`).toBeUndefined();
    for (const f of ex.folios ?? []) {
      const { pfn, ...want } = f;
      const got = folioAt(s, pfn);
      expect(got, `${at}: a folio covers ${hex(pfn)}`).toBeDefined();
      expect(got, `${at}: folio ${hex(pfn)}`).toMatchObject({ pfn: hex(pfn), ...want });
    }
    for (const p of ex.freed ?? []) expect(folioAt(s, p), `${at}: no folio at ${hex(p)}`).toBeUndefined();
    for (const [name, c] of Object.entries(ex.counters ?? {}))
      expect(procOf(s, name).counters, `${at}: counters of ${name}`).toMatchObject(c);
    for (const [name, st2] of Object.entries(ex.status ?? {}))
      expect(procOf(s, name).status, `${at}: status of ${name}`).toBe(st2);
    for (const [name, h] of Object.entries(ex.hugeZeroRef ?? {}))
      expect(procOf(s, name).hugeZeroRef, `${at}: huge zero reference of ${name}`).toBe(h);
    for (const v of ex.vmas ?? []) {
      const vma = procOf(s, v.proc).vmas.find((m) => Number(m.range.split('-')[0]) === v.addr);
      expect(vma, `${at}: a VMA starts at ${hex(v.addr)} in ${v.proc}`).toBeDefined();
      if (v.pgoff !== undefined) expect(vma?.pgoff, `${at}: vm_pgoff`).toBe(v.pgoff);
      if (v.cow !== undefined) expect(vma?.cow, `${at}: is_cow_mapping()`).toBe(v.cow);
      if (v.anonVma !== undefined) expect(vma?.anonVma, `${at}: anon_vma`).toBe(v.anonVma);
      for (const f of v.flags ?? []) expect(vma?.flags, `${at}: vm_flags`).toContain(f);
    }
  }
  ex.check?.(r);
}

/**
 * One table: the rows (variant x preset x config) a story is meant to show, each with the expected outcome of
 * its steps. `quiet` asserts that no step prints a report unless the story says so.
 */
function table(
  id: string,
  variants: readonly VariantId[],
  presets: readonly Preset[],
  expected: (c: Case) => Story,
  opts: { config?: Config; quiet?: boolean; timeout?: number } = {},
): void {
  for (const variant of variants)
    for (const preset of presets) {
      const c: Case = { variant, preset, ...(opts.config ? { config: opts.config } : {}) };
      const name = `${variant} ${preset}${opts.config ? ` ${JSON.stringify(opts.config)}` : ''}`;
      it(
        name,
        () => {
          const r = run(id, c);
          const story = expected(c);
          const n = r.steps.length - 1;
          for (let i = 1; i <= n; i++) {
            const ex = story[i] ?? {};
            const full = opts.quiet && !ex.reports ? { ...ex, reports: {} } : ex;
            checkStep(r, i, full);
          }
        },
        opts.timeout,
      );
    }
}

/** The huge zero folio's references at a step, relative to the initial state. */
function hugeZeroRefcount(delta: number, step: number) {
  return (r: Run) =>
    expect(r.sum(step).hugeZeroRefcount, `step ${step}: huge zero folio references`).toBe(
      r.sum(0).hugeZeroRefcount + delta,
    );
}

function zeroPageUntouched(step: number) {
  return (r: Run) =>
    expect(folioAt(r.sum(step), ZERO)?.refcount, `step ${step}: zero page refcount`).toBe(
      folioAt(r.sum(0), ZERO)?.refcount,
    );
}

// ---- 1. the files ----------------------------------------------------------------------------------------

const DIR = fileURLToPath(new URL('./', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** The kernel a story is written for: its own variant, preset and options. */
function ownKernel(s: ScenarioInput): Kernel {
  const preset = (s.kernel.preset ?? 'x86-64') as Preset;
  return { variant: s.kernel.variant as VariantId, config: { ...presetConfig(preset), ...s.kernel.config } };
}

/** A note's sentences: split after ". " before a capital, a quote or a parenthesis. */
const sentences = (s: string) => s.trim().split(/(?<=[.!?])\s+(?=[A-Z"(])/);

describe('library files', () => {
  it('index.ts lists every file under src/scenario/library/, in file order, with unique ids', () => {
    expect(LIBRARY.map((e) => e.file)).toEqual(FILES);
    expect(FILES).toHaveLength(15);
    expect(new Set(LIBRARY.map((e) => e.id)).size).toBe(LIBRARY.length);
  });
  for (const e of LIBRARY) {
    describe(e.file, () => {
      const s = e.scenario;
      it('is the file on disk, and valid', () => {
        expect(s).toEqual(JSON.parse(readFileSync(`${DIR}${e.file}`, 'utf8')));
        const v = validateScenario(s);
        expect(v.ok ? [] : v.problems).toEqual([]);
        expect(s.version).toBe(1);
      });
      it('has the short id of its file name, a title, a summary citing kernel-semantics.md, and tags', () => {
        expect(e.file).toMatch(/^\d\d-[a-z0-9-]+\.json$/);
        expect(s.id).toBe(e.file.replace(/^\d\d-/, '').replace(/\.json$/, ''));
        expect(e.id).toBe(s.id);
        expect(s.title?.length).toBeGreaterThan(10);
        expect(s.summary).toMatch(/semantics\.md §/);
        expect(s.tags?.length).toBeGreaterThan(0);
      });
      it('narrates every step: a plain-words line and the detail, each tagged by kernel, for its own kernel too', () => {
        const own = ownKernel(s);
        s.steps.forEach((st, i) => {
          const at = `step ${i + 1}`;
          const n = s.narration?.find((e) => e.step === i + 1);
          expect(n, `${at} has a narration`).toBeDefined();
          // The narration replaces the note: nothing is said twice.
          expect(st.note, `${at} has no separate note`).toBeUndefined();
          if (!n) return;
          const learner = typeof n.learner === 'string' ? [{ text: n.learner }] : n.learner;
          for (const c of [...learner, ...n.clauses])
            expect(sentences(c.text).length, `${at}: "${c.text}"`).toBeLessThanOrEqual(3);
          // Plain words: no function, no branch ID.
          for (const c of learner) {
            expect(c.text, `${at}, plain words`).not.toMatch(/[A-Za-z_][A-Za-z0-9_]*\(/);
            expect(c.text, `${at}, plain words`).not.toMatch(/\b[BRM]-[A-Z]+\d*[a-z]?\b/);
          }
          expect(n.clauses.map((c) => c.text).join(' '), `${at} names a function`).toMatch(
            /[A-Za-z_][A-Za-z0-9_]*\(/,
          );
          // The story's own kernel is told something at both levels.
          expect(
            clausesFor(n.learner as Clause[] | string, own).here.length,
            `${at}, plain words here`,
          ).toBeGreaterThan(0);
          expect(clausesFor(n.clauses as Clause[], own).here.length, `${at}, detail here`).toBeGreaterThan(0);
        });
      });
      it('tags its clauses with kernels that exist, and tells every variant something in plain words', () => {
        for (const n of s.narration ?? []) {
          const lists = [n.clauses, ...(typeof n.learner === 'string' ? [] : [n.learner])];
          for (const list of lists)
            for (const c of list)
              if (typeof c.when === 'object')
                for (const spec of Array.isArray(c.when) ? c.when : [c.when])
                  for (const v of spec.variants ?? []) expect(typeof variantsOfSpec(v), v).not.toBe('string');
          // Every variant, under the story's own configuration, sees a plain-words line.
          for (const variant of VARIANT_IDS)
            expect(
              clausesFor(n.learner as Clause[] | string, { ...ownKernel(s), variant }).here.length,
              `step ${n.step} in ${variant}`,
            ).toBeGreaterThan(0);
        }
      });
      it('has references: RFC patch subjects as sent, messages by author and date', () => {
        const refs = s.references ?? [];
        expect(refs.length).toBeGreaterThan(0);
        for (const ref of refs) {
          expect(ref.subject, JSON.stringify(ref)).toBeTruthy();
          expect(ref.author, JSON.stringify(ref)).toBeTruthy();
          expect(ref.date, JSON.stringify(ref)).toMatch(/^20\d\d-\d\d-\d\d$/);
          expect(ref.note, JSON.stringify(ref)).toBeTruthy();
          // Every reference links to its mail: a Message-ID read in a source (narration/thread.ts), of a mail
          // by the reference's author on its date.
          const mail = threadMail(ref.messageId ?? '');
          expect(mail, `${JSON.stringify(ref)}: a verified Message-ID`).toBeDefined();
          expect(ref.messageId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
          expect(mail?.from.startsWith(ref.author ?? '?'), JSON.stringify(ref)).toBe(true);
          expect(mail?.date.slice(0, 10), JSON.stringify(ref)).toBe(ref.date);
          if (ref.commit !== undefined) expect(mergedCommit(ref.commit), ref.commit).toBeDefined();
          if (ref.patch !== undefined && mail?.patch === ref.patch) {
            // The patch mail itself: linked to the merged commit where the patch was merged.
            const merged = COMMITS.find((c) => c.rfc === ref.patch);
            expect(ref.commit && mergedCommit(ref.commit), `RFC ${ref.patch}'s merged commit`).toBe(merged);
          }
          if (ref.patch !== undefined) {
            const v = `rfc-${String(ref.patch).padStart(2, '0')}` as VariantId;
            expect(ref.subject).toBe(variantInfo(v).subject);
            // The series and its review thread ran from 2025-06-17 to 2025-07-14.
            expect(ref.date && ref.date >= '2025-06-17' && ref.date <= '2025-07-14').toBe(true);
          }
        }
      });
    });
  }
});

// ---- 3. every story in every variant runs to the end ---------------------------------------------------

describe('every story runs to the end in every variant (own preset and x86-64)', () => {
  for (const e of LIBRARY) {
    // The 1 GiB story is checked by its own table in the variants that differ (baseline, rfc-11,
    // v6.18); running it in all 19 would make this file take minutes. Its cost is measured by npm run bench.
    if (e.id === 'scale-1gib-remap') continue;
    const own = (e.scenario.kernel.preset ?? 'x86-64') as Preset;
    const presets: Preset[] = own === 'x86-64' ? ['x86-64'] : [own, 'x86-64'];
    for (const variant of ALL)
      for (const preset of presets)
        it(
          `${e.id} ${variant} ${preset}`,
          () => {
            const r = run(e.id, { variant, preset });
            expect(r.steps).toHaveLength(e.scenario.steps.length + 1);
            for (const st of r.steps.slice(1)) expect(st.result).not.toBe('');
          },
          e.id === 'scale-1gib-remap' ? 60_000 : undefined,
        );
  }
});

// ---- 2. the stories --------------------------------------------------------------------------------------

const PTE_PRESETS: readonly Preset[] = ['x86-64', 'x86-64-la57', 'no-pte-special', 'x86-32-thp'];
const YN: readonly Preset[] = ['x86-64', 'no-pte-special'];

describe('01 zero page (§3.5, §3.7, §2.7; S-47, S-48, S-59, S-63)', () => {
  table(
    'zero-page',
    ALL,
    PTE_PRESETS,
    ({ variant: v, preset: p }): Story => ({
      1: { result: '0x10000000' },
      2: {
        result: '0',
        entries: [
          { proc: 'A', addr: 0x10001000, level: 'pte', pfn: ZERO, write: false, special: pteSpecial(p) },
        ],
        counters: { A: { anon: 0 } },
        vmas: [{ proc: 'A', addr: 0x10000000, anonVma: false, cow: true }],
        check: zeroPageUntouched(2),
      },
      3: { result: 'NULL', branch: [zeroPteBranch(v, p)] },
      4: { result: 'not found', branch: [zeroPteBranch(v, p)] },
      5: { result: 'found 0x42 (zeropage, pte)' },
      6: { result: '0', entries: [{ proc: 'A', addr: 0x10002000, pfn: ZERO }] },
      7: {
        result: '0',
        branch: [zeroPteBranch(v, p)],
        entries: [{ proc: 'A', addr: 0x10001000, pfn: 0x10000, write: true, dirty: true, special: false }],
        folios: [
          { pfn: 0x10000, kind: 'anon', refcount: 1, mapcount: 1, anonExclusive: true, content: 'hello' },
        ],
        counters: { A: { anon: 1 } },
        vmas: [{ proc: 'A', addr: 0x10000000, anonVma: true }],
        check: zeroPageUntouched(7),
      },
      8: { result: 'page 0x10000', branch: [normalPteBranch(v, p)] },
      9: {
        result: '0',
        counters: { A: { anon: 0, file: 0 } },
        freed: [0x10000],
        absent: [
          { proc: 'A', addr: 0x10001000 },
          { proc: 'A', addr: 0x10002000 },
        ],
        check: zeroPageUntouched(9),
      },
      10: { result: '0', status: { A: 'exited' } },
    }),
    { quiet: true },
  );
});

describe('02 THP: huge zero PMD, THP on write, split fallback (§3.6, §3.8, §2.5, §2.7; S-49..S-51)', () => {
  /** §2.7 "PMD huge zero with special bit missing": RFC 10-14 and v6.18 (mm-2026) return the page, W. */
  const hzBug = (v: VariantId, p: Preset) =>
    p === 'x86-32-thp' && (family(v) === 'rfc' || v === 'v6.18' || v === 'mm-2026');
  function hzPmdBranch(v: VariantId, p: Preset): string {
    const sp = hugeZeroPmdSpecial(v, p);
    if (family(v) === 'base') return sp ? 'B-M1' : 'B-M4';
    if (family(v) === 'rfc') return sp ? 'R-M1' : pteSpecial(p) ? 'R-C1' : 'R-N3';
    if (sp) return 'M-S1c';
    return hzBug(v, p) ? 'M-OK' : 'M-N3';
  }
  const story =
    (thp: boolean) =>
    (c: Case): Story => {
      const { variant: v, preset: p } = c;
      const written = thp ? 0x7fd00 : 0x7fd01;
      return {
        3: {
          result: '0',
          entries: [
            {
              proc: 'A',
              addr: 0x40000000,
              level: 'pmd',
              pfn: HZ,
              write: false,
              special: hugeZeroPmdSpecial(v, p),
            },
          ],
          // PUD + PMD tables and the deposited PTE table (nr_ptes +1); mm_pgtables_bytes() does not count the
          // PGD (kernel-semantics.md §3.16). No RSS.
          counters: { A: { anon: 0, file: 0, pgtables: 3 } },
          hugeZeroRef: { A: true },
          vmas: [{ proc: 'A', addr: 0x40000000, anonVma: true }],
          check: hugeZeroRefcount(1, 3),
        },
        4: {
          result: hzBug(v, p) ? `page ${hex(HZ)}` : 'NULL',
          branch: [hzPmdBranch(v, p)],
          reports: hzBug(v, p) ? { vm_warn: 1 } : {},
        },
        5: {
          result: '0',
          entries: [{ proc: 'A', addr: 0x40400000, level: 'pmd', pfn: HZ }],
          counters: { A: { pgtables: 4 } },
          check: hugeZeroRefcount(1, 5),
        },
        6: thp
          ? {
              result: '0',
              entries: [
                { proc: 'A', addr: 0x40000000, level: 'pmd', pfn: 0x7fe00, write: true, special: false },
              ],
              folios: [{ pfn: 0x7fe00, order: 9, kind: 'anon', refcount: 1, mapcount: 1 }],
              counters: { A: { anon: 512, pgtables: 4 } },
            }
          : {
              result: '0',
              entries: [
                { proc: 'A', addr: 0x40001000, level: 'pte', pfn: 0x7fd00, write: true, special: false },
                {
                  proc: 'A',
                  addr: 0x40000000,
                  level: 'pte',
                  pfn: ZERO,
                  write: false,
                  special: pteSpecial(p),
                },
              ],
              counters: { A: { anon: 1, pgtables: 4 } },
            },
        7: {
          result: '0',
          entries: [
            {
              proc: 'A',
              addr: 0x40401000,
              level: 'pte',
              pfn: written,
              write: true,
              dirty: true,
              special: false,
            },
            { proc: 'A', addr: 0x40402000, level: 'pte', pfn: ZERO, write: false, special: pteSpecial(p) },
            { proc: 'A', addr: 0x405ff000, level: 'pte', pfn: ZERO },
          ],
          folios: [{ pfn: written, kind: 'anon', refcount: 1, mapcount: 1, content: 'T2 data' }],
          counters: { A: { anon: thp ? 513 : 2, pgtables: 4 } },
        },
        8: { result: 'NULL', branch: [zeroPteBranch(v, p)] },
        9: { result: `page ${hex(written)}`, branch: [normalPteBranch(v, p)] },
        10: {
          result: '0',
          counters: { A: { anon: 0, file: 0, pgtables: 0 } },
          hugeZeroRef: { A: false },
          status: { A: 'exited' },
          check: hugeZeroRefcount(0, 10),
        },
      };
    };
  table('thp-huge-zero', ALL, ['x86-64', 'no-pte-special', 'x86-32-thp'], story(true), { quiet: true });
  table('thp-huge-zero', ['baseline', 'rfc-08', 'rfc-14', 'v6.18', 'fix-2026'], ['x86-64'], story(false), {
    config: { thpAllocSucceeds: false },
    quiet: true,
  });
});

describe('03 /dev/mem MAP_PRIVATE: CoW copy vs remapped pages (§3.1, §3.2, §3.9, §2.7; S-39, S-52, S-60)', () => {
  table(
    'devmem-private-cow',
    ALL,
    ['x86-64', 'x86-64-la57', 'no-pte-special'],
    ({ variant: v, preset: p }): Story => ({
      1: {
        result: '0x20000000',
        vmas: [
          {
            proc: 'A',
            addr: 0x20000000,
            pgoff: '0x4000',
            cow: true,
            flags: ['IO', 'PFNMAP', 'DONTEXPAND', 'DONTDUMP'],
          },
        ],
        entries: [0, 1, 2, 3].map((i) => ({
          proc: 'A',
          addr: 0x20000000 + i * 4096,
          level: 'pte' as const,
          pfn: 0x4000 + i,
          write: false,
          special: pteSpecial(p),
        })),
      },
      2: { result: 'NULL', branch: [pfnmapLinearBranch(v, p)] },
      3: {
        result: '0',
        entries: [{ proc: 'A', addr: 0x20001000, pfn: 0x10000, write: true, dirty: true, special: false }],
        folios: [
          {
            pfn: 0x10000,
            kind: 'anon',
            refcount: 1,
            mapcount: 1,
            anonExclusive: true,
            content: 'private copy',
          },
        ],
        freed: [0x4001],
        counters: { A: { anon: 1, file: 0 } },
        vmas: [{ proc: 'A', addr: 0x20000000, anonVma: true }],
      },
      4: { result: 'page 0x10000', branch: [cowCopyBranch(v, p)] },
      5: { result: 'NULL', branch: [pfnmapLinearBranch(v, p)] },
      6: { result: '0' },
      7: {
        result: '0',
        counters: { A: { anon: 0, file: 0 } },
        freed: [0x10000],
        absent: [0, 1, 2, 3].map((i) => ({ proc: 'A', addr: 0x20000000 + i * 4096 })),
      },
    }),
    { quiet: true },
  );
});

describe('04 remap_pfn_range() on part of a CoW VMA (§3.2, §0.3; S-40..S-43)', () => {
  table(
    'remap-partial-cow',
    ALL,
    YN,
    ({ variant: v, preset: p }): Story => {
      const rfc11 = rfcAtLeast(v, 11);
      const refusesAnon = rfc11 && !pteSpecial(p);
      return {
        2: rfc11
          ? {
              result: '0',
              entries: [{ proc: 'A', addr: 0x30001000, pfn: 0x7000, special: pteSpecial(p) }],
              absent: [{ proc: 'A', addr: 0x30000000 }],
              vmas: [{ proc: 'A', addr: 0x30000000, pgoff: '0x0', flags: ['PFNMAP', 'IO'] }],
            }
          : {
              result: '-EINVAL',
              absent: [{ proc: 'A', addr: 0x30001000 }],
              vmas: [{ proc: 'A', addr: 0x30000000, pgoff: '0x0', cow: true }],
            },
        3: rfc11
          ? { result: 'NULL', branch: [pteSpecial(p) ? 'R-P1b' : 'R-F3'] }
          : { result: /^no pte leaf at 0x30001000/ },
        5: {
          result: '0',
          entries: [{ proc: 'A', addr: 0x30101000, pfn: 0x7000, special: pteSpecial(p) }],
          vmas: [{ proc: 'A', addr: 0x30100000, pgoff: '0x0', cow: false }],
        },
        7: {
          result: '0',
          vmas: [{ proc: 'A', addr: 0x30200000, pgoff: rfc11 ? '0x0' : '0x7000' }],
          entries: [0, 1, 2, 3].map((i) => ({ proc: 'A', addr: 0x30200000 + i * 4096, pfn: 0x7000 + i })),
        },
        8: { result: 'NULL', branch: [pfnmapLinearBranch(v, p)] },
        10: refusesAnon
          ? {
              result: '-EINVAL',
              absent: [0, 1, 2, 3].map((i) => ({ proc: 'A', addr: 0x30300000 + i * 4096 })),
              folios: [{ pfn: 0x1001, kind: 'anon', refcount: 1, mapcount: 1 }],
            }
          : {
              result: '0',
              entries: [0, 1, 2, 3].map((i) => ({ proc: 'A', addr: 0x30300000 + i * 4096, pfn: 0x1000 + i })),
              folios: [{ pfn: 0x1001, kind: 'anon', refcount: 1, mapcount: 1 }],
            },
      };
    },
    { quiet: true },
  );
});

describe('05 vmf_insert_pfn() into a CoW PFNMAP (§3.3, §3.4, §4.1; S-44)', () => {
  table(
    'insert-pfn-cow-pfnmap',
    ALL,
    ['x86-64', 'x86-64-la57', 'no-pte-special'],
    ({ variant: v, preset: p }): Story => {
      if (!rfcAtLeast(v, 11)) {
        // BUG_ON(VM_PFNMAP && is_cow_mapping()) in vmf_insert_pfn_prot() and vmf_insert_pfn_pmd().
        const esrch = { result: 'ESRCH', reports: {} };
        return {
          2: {
            result: 'BUG',
            reports: { bug: 1 },
            status: { A: 'oopsed' },
            absent: [{ proc: 'A', addr: 0x30000000 }],
          },
          3: esrch,
          4: esrch,
          5: esrch,
          6: esrch,
          7: { result: '0x40000000', reports: {} },
          8: {
            result: 'BUG',
            reports: { bug: 1 },
            status: { B: 'oopsed' },
            absent: [{ proc: 'B', addr: 0x40000000 }],
          },
        };
      }
      const y = pteSpecial(p);
      return {
        2: {
          result: 'VM_FAULT_NOPAGE',
          reports: {},
          entries: [{ proc: 'A', addr: 0x30000000, level: 'pte', pfn: 0x7000, special: y }],
          status: { A: 'running' },
        },
        3: y
          ? {
              result: 'VM_FAULT_NOPAGE',
              reports: {},
              entries: [{ proc: 'A', addr: 0x30001000, pfn: 0x1001, special: true }],
              folios: [{ pfn: 0x1001, refcount: 1, mapcount: 1 }],
            }
          : {
              result: 'VM_FAULT_SIGBUS',
              reports: {},
              absent: [{ proc: 'A', addr: 0x30001000 }],
              folios: [{ pfn: 0x1001, refcount: 1, mapcount: 1 }],
            },
        4: { result: 'NULL', reports: {}, branch: [y ? 'R-P1b' : 'R-F3'] },
        5: {
          result: '0',
          reports: {},
          entries: [{ proc: 'A', addr: 0x30000000, pfn: 0x10000, write: true, special: false }],
          folios: [{ pfn: 0x10000, kind: 'anon', refcount: 1, mapcount: 1, content: 'A private copy' }],
          counters: { A: { anon: 1 } },
        },
        6: { result: 'page 0x10000', reports: {}, branch: [y ? 'R-C1' : 'R-F4'] },
        8: y
          ? {
              result: 'VM_FAULT_NOPAGE',
              reports: {},
              entries: [
                { proc: 'B', addr: 0x40000000, level: 'pmd', pfn: 0x1400, special: pmdSpecialBit(p) },
              ],
              folios: [{ pfn: 0x1400, refcount: 1, mapcount: 1 }],
            }
          : {
              result: 'VM_FAULT_SIGBUS',
              reports: {},
              absent: [{ proc: 'B', addr: 0x40000000 }],
              folios: [{ pfn: 0x1400, refcount: 1, mapcount: 1 }],
            },
      };
    },
  );
});

describe('06 the /dev/mem hazard that made RFC 11 be dropped (§4.1; S-60)', () => {
  table('devmem-anon-hazard', ALL, YN, ({ variant: v, preset: p }): Story => {
    const common: Story = {
      3: {
        result: '0',
        entries: [{ proc: 'B', addr: 0x10002000, pfn: 0x4002, write: true }],
        folios: [{ pfn: 0x4002, kind: 'anon', refcount: 1, mapcount: 1, anonExclusive: true }],
        counters: { B: { anon: 1 } },
      },
    };
    if (rfcAtLeast(v, 11) && !pteSpecial(p)) {
      return {
        ...common,
        4: { result: 'page 0x4002', branch: ['R-F4'], reports: {} },
        5: {
          result: /^\d+$/,
          reports: {},
          counters: { E: { anon: 1 } },
          folios: [{ pfn: 0x4002, refcount: 2, mapcount: 2, anonExclusive: false }],
        },
        6: {
          result: '0',
          reports: {},
          counters: { D: { anon: -1 } },
          folios: [{ pfn: 0x4002, refcount: 1, mapcount: 1 }],
        },
        7: {
          result: '0',
          reports: {},
          status: { E: 'exited' },
          counters: { E: { anon: 0 } },
          freed: [0x4002],
        },
        8: {
          result: '0',
          reports: { bad_page_map: 1 },
          reportText: [/^BUG: Bad page map in process B/m, /page dumped because/],
          // The freed page is no longer anon: its RSS change lands in MM_FILEPAGES (mm_counter()).
          counters: { B: { anon: 1, file: -1 } },
        },
        9: { result: '0', reports: { bad_rss: 1 }, reportText: [/MM_ANONPAGES val:-1 Comm:D/] },
        10: {
          result: '0',
          reports: { bad_rss: 1 },
          reportText: [/MM_ANONPAGES val:1 Comm:B/, /MM_FILEPAGES val:-1 Comm:B/],
        },
      };
    }
    const fine = (extra: StepExpect = {}): StepExpect => ({
      reports: {},
      folios: [{ pfn: 0x4002, kind: 'anon', refcount: 1, mapcount: 1, anonExclusive: true }],
      ...extra,
    });
    return {
      ...common,
      4: { result: 'NULL', branch: [pfnmapLinearBranch(v, p)], reports: {} },
      5: fine({ result: /^\d+$/, counters: { E: { anon: 0 } } }),
      6: fine({ result: '0', counters: { D: { anon: 0 } } }),
      7: fine({ result: '0', status: { E: 'exited' } }),
      8: { result: '0', reports: {}, counters: { B: { anon: 0, file: 0 } }, freed: [0x4002] },
      9: { result: '0', reports: {} },
      10: { result: '0', reports: {} },
    };
  });
});

describe('07 a corrupted PTE beyond the memmap (§4.4, §3.15, Appendix A; S-61)', () => {
  const story = (c: Case): Story => {
    const { variant: v, preset: p } = c;
    const debugVm = c.config?.debugVm ?? true;
    const common: Story = {
      2: { result: '0', reports: {}, counters: { A: { anon: 1 } } },
      3: {
        result: '0',
        reports: {},
        entries: [{ proc: 'A', addr: 0x10003000, pfn: 0x123456, special: false }],
      },
    };
    if (!rfcAtLeast(v, 1)) {
      // Baseline print_bad_pte() (B-P6, B-N4) and v6.18 print_bad_page_map() (M-H) keep the check.
      const bad = family(v) === 'merged' ? 'M-H' : pteSpecial(p) ? 'B-P6' : 'B-N4';
      return {
        ...common,
        4: {
          result: 'NULL',
          branch: [bad],
          reports: { bad_page_map: 1 },
          reportText: [/^BUG: Bad page map in process A {2}pte:/m],
          check: (r) => expect(r.sum(4).taint).toContain('[B]'),
        },
        5: { result: 'not found', branch: [bad], reports: { bad_page_map: 1 } },
        6: {
          result: '0',
          reports: { bad_page_map: 1 },
          counters: { A: { anon: 0, file: 0 } },
          freed: [0x10000],
          absent: [{ proc: 'A', addr: 0x10003000 }],
          check: (r) =>
            expect(
              (r.steps[6] as StepRecord).events.some((e) => e.t === 'folio' && e.pfn === '0x123456'),
            ).toBe(false),
        },
        7: { result: '0', reports: {}, check: (r) => expect(r.sum(7).taint).toContain('[B]') },
      };
    }
    const branch = pteSpecial(p)
      ? family(v) === 'rfc'
        ? 'R-C1'
        : 'B-P7'
      : family(v) === 'rfc'
        ? 'R-NORMAL'
        : 'B-N5';
    return {
      ...common,
      4: { result: 'page 0x123456', branch: [branch], reports: debugVm ? { vm_warn: 1 } : {} },
      5: { result: /^found 0x123456 \(/, branch: [branch], reports: {} },
      6: {
        result: '0',
        reports: {},
        counters: { A: { anon: 0, file: 0 } },
        freed: [0x10000],
        absent: [{ proc: 'A', addr: 0x10003000 }],
      },
      7: {
        result: '0',
        reports: {},
        check: (r) => {
          const t = r.sum(7).taint;
          expect(t).not.toContain('[B]');
          if (debugVm) expect(t).toContain('[W]');
          else expect(t).toBe('Not tainted');
        },
      },
    };
  };
  table('corrupted-pte', ALL, YN, story);
  table('corrupted-pte', ['baseline', 'rfc-01', 'rfc-14', 'v6.18'], ['x86-64'], story, {
    config: { debugVm: false },
  });
});

describe('08 Xen gntdev: find_special_page() / find_normal_page() (§4.5, §2.2 B-P2, §2.3 R-P1a, §2.4 M-S1a)', () => {
  const story = (c: Case): Story => {
    const { variant: v, preset: p } = c;
    // The callback is unconditional before RFC 14; RFC 14 and v6.18 compile it only with CONFIG_FIND_NORMAL_PAGE.
    const gated = rfcAtLeast(v, 14) || isMerged(v);
    const cb = pteSpecial(p) && (!gated || (c.config?.findNormalPage ?? true));
    let branch: string;
    if (!pteSpecial(p)) branch = { base: 'B-N1a', rfc: 'R-N1a', merged: 'M-N1a' }[family(v)];
    else if (cb) branch = { base: 'B-P2', rfc: 'R-P1a', merged: 'M-S1a' }[family(v)];
    else branch = { base: 'B-P3', rfc: 'R-P1b', merged: 'M-S1b' }[family(v)];
    return {
      1: {
        result: '0x50000000',
        vmas: [{ proc: 'Q', addr: 0x50000000, flags: ['MIXEDMAP', 'DONTCOPY', 'SHARED'] }],
      },
      2: { result: '0', entries: [{ proc: 'Q', addr: 0x50000000, pfn: 0x90000, special: true }] },
      4: { result: cb ? 'page 0x6000' : 'NULL', branch: [branch] },
      5: { result: cb ? 'found 0x6001 (kernel, pte)' : 'not found', branch: [branch] },
      6: {
        result: /^\d+$/,
        check: (r) => {
          expect(procOf(r.sum(6), 'Q2').vmas).toEqual([]);
          expect(procOf(r.sum(6), 'Q2').mappings).toEqual([]);
        },
      },
      9: {
        result: '0',
        absent: [
          { proc: 'Q', addr: 0x50000000 },
          { proc: 'Q', addr: 0x50001000 },
        ],
        folios: [
          { pfn: 0x6000, refcount: 1, mapcount: 0 },
          { pfn: 0x6001, refcount: 1, mapcount: 0 },
        ],
        counters: { Q: { anon: 0, file: 0 } },
      },
    };
  };
  table('xen-gntdev-find-normal-page', ALL, ['x86-64'], story, {
    config: { findNormalPage: true },
    quiet: true,
  });
  table('xen-gntdev-find-normal-page', ALL, ['x86-64'], story, {
    config: { findNormalPage: false },
    quiet: true,
  });
  table('xen-gntdev-find-normal-page', ['baseline', 'rfc-13', 'rfc-14', 'v6.18'], ['no-pte-special'], story, {
    config: { findNormalPage: true },
    quiet: true,
  });
});

describe('09 DAX hole: huge zero PMD, PMD faults that find the PMD populated (§3.14, §4.3, §3.13; S-53, S-64)', () => {
  /** fs/dax.c: the step's PMD fault never got to dax_pmd_load_hole() (grab_mapping_entry() fell back). */
  const noLoadHole = (step: number) => (r: Run) => {
    const st = r.steps[step] as StepRecord;
    const calls = st.events.flatMap((e) => (e.t === 'call' ? [e.fn] : []));
    expect(calls, `step ${step}: dax_iomap_pmd_fault() ran`).toContain('dax_iomap_pmd_fault');
    expect(calls, `step ${step}: dax_pmd_load_hole() is not reached`).not.toContain('dax_pmd_load_hole');
    expect(
      st.events.some((e) => e.t === 'branch' && e.id === 'DAX-entry-conflict'),
      `step ${step}: grab_mapping_entry(..., PMD_ORDER) fell back`,
    ).toBe(true);
  };
  table(
    'dax-pmd-hole',
    ALL,
    YN,
    ({ variant: v, preset: p }): Story => {
      const sp = hugeZeroPmdSpecial(v, p);
      const nopage = rfcAtLeast(v, 7) || isMerged(v);
      const hzBranch = {
        base: sp ? 'B-M1' : 'B-M4',
        rfc: sp ? 'R-M1' : 'R-N3',
        merged: sp ? 'M-S1c' : 'M-N3',
      }[family(v)];
      const zeroPte = (proc: string) => ({
        proc,
        addr: 0x40200000,
        level: 'pte' as const,
        pfn: ZERO,
        write: false,
        special: pteSpecial(p),
      });
      return {
        2: {
          result: '0',
          entries: [{ proc: 'A', addr: 0x40000000, level: 'pmd', pfn: HZ, write: false, special: sp }],
          counters: { A: { anon: 0, file: 0 } },
          hugeZeroRef: { A: true },
          folios: [{ pfn: HZ, mapcount: 0 }],
        },
        3: { result: 'NULL', branch: [hzBranch] },
        4: { result: 'found 0x200 (zeropage, pmd)', branch: [hzBranch] },
        5: { result: '0x40200000', vmas: [{ proc: 'B', addr: 0x40200000, pgoff: '0x200' }] },
        6: { result: '0', entries: [zeroPte('B')], counters: { B: { anon: 0, file: 0 } } },
        7: { result: '0', entries: [zeroPte('A')], hugeZeroRef: { B: false }, check: noLoadHole(7) },
        8: { result: 'VM_FAULT_FALLBACK', entries: [zeroPte('A')], check: noLoadHole(8) },
        9: nopage
          ? {
              result: 'VM_FAULT_NOPAGE',
              entries: [{ proc: 'A', addr: 0x40000000, level: 'pmd', pfn: HZ, special: sp }],
            }
          : { result: 'VM_FAULT_FALLBACK', absent: [{ proc: 'A', addr: 0x40000000 }] },
        10: {
          result: '0',
          counters: { A: { anon: 0, file: 0 } },
          absent: [
            { proc: 'A', addr: 0x40000000 },
            { proc: 'A', addr: 0x40200000 },
          ],
          entries: [zeroPte('B')],
        },
      };
    },
    { quiet: true },
  );
});

describe('10 PUD PFNMAP and folio_walk_start() (§2.3 R-U*, §2.4, §2.7, §3.13)', () => {
  table('pud-pfnmap', ALL, ['x86-64', 'x86-64-la57'], ({ variant: v }): Story => {
    const pud = rfcAtLeast(v, 13) || isMerged(v);
    return {
      2: {
        result: '0',
        reports: {},
        entries: [{ proc: 'A', addr: 0x40000000, level: 'pud', pfn: 0x100000, special: true }],
        counters: { A: { anon: 0, file: 0 } },
      },
      3: pud
        ? { result: 'NULL', reports: {}, branch: [isMerged(v) ? 'M-S1b' : 'R-U1'] }
        : { result: 'ENOSYS', reports: {} },
      4: { result: 'not found', reports: {}, branch: pud ? [isMerged(v) ? 'M-S1b' : 'R-U1'] : [] },
      6: { result: '0', reports: {} },
      7: pud
        ? isMerged(v)
          ? {
              result: 'not found',
              branch: ['M-S1d'],
              reports: { bad_page_map: 1 },
              reportText: [/^BUG: Bad page map in process A {2}pud:/m],
            }
          : { result: 'not found', branch: ['R-U1'], reports: { vm_warn: 1 } }
        : { result: 'not found', branch: [], reports: {} },
      8: { result: '0', reports: {} },
      9: { result: '0', reports: {}, absent: [{ proc: 'A', addr: 0x40000000 }] },
    };
  });
});

describe('11 write upgrade over a non-present entry (§3.3, §4.2; S-46)', () => {
  table(
    'insert-over-nonpresent',
    ALL,
    YN,
    ({ variant: v, preset: p }): Story => {
      const present = rfcAtLeast(v, 3); // v6.18 does not have RFC 03
      return {
        2: {
          result: 'VM_FAULT_NOPAGE',
          entries: [{ proc: 'A', addr: 0x30003000, pfn: 0xfe003, write: false, special: pteSpecial(p) }],
        },
        3: {
          result: 'VM_FAULT_NOPAGE',
          entries: [{ proc: 'A', addr: 0x30003000, pfn: 0xfe003, write: true, dirty: true, young: true }],
        },
        5: {
          result: 'VM_FAULT_NOPAGE',
          reports: present ? {} : { warn: 1 },
          entries: [{ proc: 'A', addr: 0x30000000, kind: 'swap', pfn: 0x1234, write: false }],
        },
        7: {
          result: present ? 'VM_FAULT_NOPAGE' : 'VM_FAULT_SIGBUS',
          reports: present ? {} : { warn: 1 },
          entries: [{ proc: 'A', addr: 0x30001000, kind: 'migration', pfn: 0x2000 }],
          folios: [{ pfn: 0x2000, kind: 'file', refcount: 1, mapcount: 0 }],
          counters: { A: { file: 0 } },
        },
        9: {
          result: 'VM_FAULT_NOPAGE',
          reports: {},
          entries: [{ proc: 'A', addr: 0x30002000, kind: 'swap', pfn: 0x7f0010, write: !present }],
        },
      };
    },
    { quiet: true },
  );
});

describe('12 fork with CoW PFNMAP, anon and zero pages (§3.10, §3.7, §3.9; S-55..S-58)', () => {
  table(
    'fork-cow-pfnmap-anon-zero',
    ALL,
    ['x86-64', 'x86-64-la57', 'no-pte-special'],
    ({ variant: v, preset: p }): Story => {
      // RFC 08-14 mark the huge zero PMD special but keep copy_huge_pmd()'s pmd_special() shortcut; v6.18 excludes it.
      const shortcut = rfcAtLeast(v, 8) && pmdSpecialBit(p);
      const y = pteSpecial(p);
      const linear = [0, 2, 3].flatMap((i) =>
        ['A', 'B'].map((proc) => ({
          proc,
          addr: 0x20000000 + i * 4096,
          pfn: 0x4000 + i,
          write: false,
          special: y,
        })),
      );
      return {
        2: { result: '0', reports: {}, counters: { A: { anon: 1 } } },
        4: { result: '0', reports: {}, counters: { A: { anon: 2 } } },
        7: { result: '0', reports: {}, entries: [{ proc: 'A', addr: 0x40000000, level: 'pmd', pfn: HZ }] },
        10: {
          result: /^\d+$/,
          reports: {},
          entries: [
            ...linear,
            { proc: 'A', addr: 0x20001000, pfn: 0x10000, write: false },
            { proc: 'B', addr: 0x20001000, pfn: 0x10000, write: false, special: false },
            { proc: 'A', addr: 0x10000000, pfn: 0x10001, write: false },
            { proc: 'B', addr: 0x10000000, pfn: 0x10001, write: false },
            { proc: 'B', addr: 0x10002000, pfn: ZERO, write: false, special: y },
            { proc: 'A', addr: 0x10101000, pfn: ZERO },
            { proc: 'A', addr: 0x40000000, level: 'pmd', pfn: HZ, write: false },
            { proc: 'B', addr: 0x40000000, level: 'pmd', pfn: HZ, write: false, young: false },
          ],
          absent: [{ proc: 'B', addr: 0x10101000 }],
          folios: [
            { pfn: 0x10000, kind: 'anon', refcount: 2, mapcount: 2, anonExclusive: false },
            { pfn: 0x10001, kind: 'anon', refcount: 2, mapcount: 2, anonExclusive: false },
          ],
          freed: [0x4000, 0x4001, 0x4002, 0x4003],
          counters: { A: { anon: 2, file: 0 }, B: { anon: 2, file: 0 } },
          hugeZeroRef: { A: true, B: !shortcut },
          check: (r) => {
            expect(procOf(r.sum(10), 'B').vmas).toHaveLength(4);
            hugeZeroRefcount(shortcut ? 1 : 2, 10)(r);
            const a = procOf(r.sum(10), 'A').counters.pgtables;
            // The child's own deposited table (nr_ptes +1); none through the special shortcut.
            expect(procOf(r.sum(10), 'B').counters.pgtables).toBe(shortcut ? a - 1 : a);
          },
        },
        11: { result: 'NULL', reports: {}, branch: [pfnmapLinearBranch(v, p)] },
        12: {
          result: '0',
          reports: {},
          entries: [{ proc: 'B', addr: 0x20001000, pfn: 0x10002, write: true, special: false }],
          folios: [
            { pfn: 0x10000, refcount: 1, mapcount: 1 },
            {
              pfn: 0x10002,
              kind: 'anon',
              refcount: 1,
              mapcount: 1,
              anonExclusive: true,
              content: "B's own copy",
            },
          ],
          counters: { B: { anon: 2 } },
        },
        13: {
          result: '0',
          reports: {},
          entries: [{ proc: 'A', addr: 0x20001000, pfn: 0x10000, write: true }],
          folios: [{ pfn: 0x10000, refcount: 1, mapcount: 1, anonExclusive: true, content: 'A again' }],
        },
        14: { result: '0', reports: {}, entries: [{ proc: 'B', addr: 0x10101000, pfn: ZERO, special: y }] },
        // With the shortcut, B's huge zero PMD has no deposited table: zap_deposited_table() oopses (§3.10, §3.11).
        15: shortcut
          ? { result: 'BUG', reports: { bug: 1 }, reportText: [/NULL pointer dereference/] }
          : {
              result: '0',
              reports: {},
              status: { B: 'exited' },
              counters: { B: { anon: 0, file: 0 } },
              hugeZeroRef: { B: false },
            },
        16: shortcut
          ? { result: '0', reports: {}, status: { A: 'exited' } }
          : {
              result: '0',
              reports: {},
              status: { A: 'exited' },
              counters: { A: { anon: 0, file: 0 } },
              freed: [0x10000, 0x10001, 0x10002],
              check: hugeZeroRefcount(0, 16),
            },
      };
    },
  );
});

describe('13 no PMD special bit: the huge zero PMD taken for a normal page (§2.5, §2.6, §4.7; S-49, S-63)', () => {
  table('x86-32-huge-zero-pmd', ALL, ['x86-32-thp'], ({ variant: v }): Story => {
    const recognised = family(v) === 'base' || v === 'fix-2026';
    const zapBug = v === 'mm-2026';
    const branch = recognised ? (v === 'fix-2026' ? 'M-N3' : 'B-M4') : family(v) === 'rfc' ? 'R-C1' : 'M-OK';
    return {
      2: {
        result: '0',
        reports: {},
        entries: [{ proc: 'A', addr: 0x40000000, level: 'pmd', pfn: HZ, special: false }],
      },
      3: zapBug
        ? {
            result: '0',
            branch: ['M-OK'],
            reports: { vm_warn: 1, warn: 1 },
            counters: { A: { anon: 0, file: -512 } },
            folios: [{ pfn: HZ, mapcount: -1 }],
          }
        : {
            result: '0',
            branch: v === 'fix-2026' ? ['M-N3'] : [],
            reports: {},
            counters: { A: { anon: 0, file: 0 } },
            folios: [{ pfn: HZ, mapcount: 0 }],
          },
      4: zapBug
        ? {
            result: '0',
            // check_mm(): the rss counter and pgtables_bytes are two messages of their own kinds.
            reports: { bad_rss: 1, bad_pgtables: 1 },
            reportText: [/MM_FILEPAGES val:-512 Comm:A/, /non-zero pgtables_bytes on freeing mm: 4096/],
          }
        : { result: '0', reports: {} },
      6: {
        result: '0',
        reports: {},
        entries: [{ proc: 'B', addr: 0x40000000, level: 'pmd', pfn: HZ, special: false }],
      },
      7: {
        result: recognised ? 'NULL' : 'page 0x200',
        branch: [branch],
        // The VM_WARN_ON_ONCE prints here unless mm-2026's zap already printed it.
        reports: recognised || zapBug ? {} : { vm_warn: 1 },
      },
      8: { result: recognised ? 'NULL' : 'folio 0x200', branch: [branch], reports: {} },
      9: { result: recognised ? 'not found' : 'found 0x200 (huge_zero, pmd)', branch: [branch], reports: {} },
      // Retold with the shrinker (§3.19): B's exit no longer prints "Bad page state"; the shrinker does.
      10: zapBug
        ? {
            result: '0',
            reports: { bad_rss: 1, bad_pgtables: 1 },
            reportText: [/MM_FILEPAGES val:-512 Comm:B/],
            folios: [{ pfn: HZ, refcount: 1, mapcount: -2 }],
            check: hugeZeroRefcount(0, 10),
          }
        : {
            result: '0',
            reports: {},
            status: { B: 'exited' },
            counters: { B: { anon: 0, file: 0 } },
            folios: [{ pfn: HZ, refcount: 1, mapcount: 0 }],
            check: hugeZeroRefcount(0, 10),
          },
      11: zapBug
        ? {
            result: '512',
            reports: { bad_page_state: 1 },
            reportText: [/^BUG: Bad page state in process kswapd0 {2}pfn:00201$/m, /nonzero entire_mapcount/],
            folios: [{ pfn: HZ, kind: 'kernel', refcount: 0, mapcount: -2 }],
            check: (r) => expect(r.sum(11).hugeZeroRefcount).toBe(0),
          }
        : {
            result: '512',
            reports: {},
            check: (r) => {
              expect(r.sum(11).hugeZeroRefcount).toBe(0);
              expect(folioAt(r.sum(11), HZ)).toBeUndefined();
            },
          },
    };
  });
  table(
    'x86-32-huge-zero-pmd',
    ALL,
    ['x86-64'],
    ({ variant: v }): Story => {
      const sp = rfcAtLeast(v, 8) || isMerged(v);
      const branch = { base: sp ? 'B-M1' : 'B-M4', rfc: 'R-M1', merged: 'M-S1c' }[family(v)];
      return {
        2: { result: '0', entries: [{ proc: 'A', addr: 0x40000000, level: 'pmd', pfn: HZ, special: sp }] },
        3: { result: '0', counters: { A: { file: 0 } } },
        7: { result: 'NULL', branch: [branch] },
        8: { result: 'NULL', branch: [branch] },
        9: { result: 'not found', branch: [branch] },
        10: { result: '0', counters: { B: { anon: 0, file: 0 } } },
        11: { result: '512', check: (r) => expect(r.sum(11).hugeZeroRefcount).toBe(0) },
      };
    },
    { quiet: true },
  );
});

describe('14 scale: 1 GiB remap_pfn_range(), fork, munmap (§3.1, §3.2, §3.10, §3.11, §3.12)', () => {
  const one = (s: StateSummary, name: string) => procOf(s, name).mappings;
  table(
    'scale-1gib-remap',
    ['baseline', 'rfc-11', 'v6.18'],
    YN,
    ({ variant: v, preset: p }): Story => {
      const y = pteSpecial(p);
      let branch: string;
      if (y) branch = { base: 'B-P3', rfc: 'R-P1b', merged: 'M-S1b' }[family(v)];
      else if (family(v) === 'rfc') branch = rfcAtLeast(v, 11) ? 'R-F1' : 'R-N2a';
      else branch = family(v) === 'base' ? 'B-N2a' : 'M-N2a';
      const run1 = { level: 'pte', count: 262144, pfn: '0x40000', pfnStep: 1, special: y };
      const folded = (i: number) => (r: Run) =>
        expect((r.steps[i] as StepRecord).events.length, `step ${i}: folded trace`).toBeLessThan(400);
      return {
        1: {
          result: '0x40000000',
          vmas: [{ proc: 'A', addr: 0x40000000, pgoff: '0x40000', cow: false, flags: ['PFNMAP', 'SHARED'] }],
          counters: { A: { pgtables: 514 } },
          check: (r) => {
            expect(one(r.sum(1), 'A')).toEqual([expect.objectContaining({ ...run1, write: true })]);
            folded(1)(r);
          },
        },
        2: { result: 'NULL', branch: [branch] },
        3: { result: '0' },
        4: {
          result: /^\d+$/,
          counters: { B: { anon: 0, file: 0, pgtables: 514 } },
          check: (r) => {
            expect(one(r.sum(4), 'B')).toEqual([expect.objectContaining({ ...run1, write: true })]);
            expect((r.steps[4] as StepRecord).events.some((e) => e.t === 'folio')).toBe(false);
            folded(4)(r);
          },
        },
        5: {
          result: '0',
          check: (r) => {
            expect(one(r.sum(5), 'A')).toEqual([expect.objectContaining({ ...run1, write: false })]);
            folded(5)(r);
          },
        },
        6: {
          result: '0',
          counters: { B: { pgtables: 258 } },
          vmas: [{ proc: 'B', addr: 0x60000000, pgoff: '0x60000' }],
          check: (r) => {
            expect(one(r.sum(6), 'B')).toEqual([
              expect.objectContaining({ from: '0x60000000', count: 131072, pfn: '0x60000' }),
            ]);
            folded(6)(r);
          },
        },
        7: { result: '0', status: { B: 'exited' } },
        8: {
          result: '0',
          counters: { A: { anon: 0, file: 0, pgtables: 0 } },
          check: (r) => expect(one(r.sum(8), 'A')).toEqual([]),
        },
      };
    },
    { quiet: true, timeout: 60_000 },
  );
});

describe('15 fork with a pinned page (§3.18, §3.10, §3.7; S-56)', () => {
  const BIAS = 1024;
  table(
    'fork-pinned-page',
    ALL,
    YN,
    ({ variant: v, preset: p }): Story => ({
      2: {
        result: '0',
        folios: [{ pfn: 0x10000, kind: 'anon', refcount: 1, mapcount: 1, anonExclusive: true }],
      },
      4: {
        result: '0',
        entries: [{ proc: 'A', addr: 0x10002000, pfn: ZERO, write: false, special: pteSpecial(p) }],
        counters: { A: { anon: 2 } },
      },
      5: {
        result: '1',
        branch: [normalPteBranch(v, p)],
        entries: [{ proc: 'A', addr: 0x10000000, pfn: 0x10000, write: true }],
        folios: [{ pfn: 0x10000, refcount: 1 + BIAS, mapcount: 1, anonExclusive: true }],
      },
      6: {
        result: '1',
        branchIncludes: [zeroPteBranch(v, p), normalPteBranch(v, p)],
        entries: [{ proc: 'A', addr: 0x10002000, pfn: 0x10002, write: false, dirty: false, special: false }],
        folios: [{ pfn: 0x10002, kind: 'anon', content: 'zeroes', refcount: 1 + BIAS, anonExclusive: true }],
        counters: { A: { anon: 3 } },
        check: zeroPageUntouched(6),
      },
      7: {
        result: /^\d+$/,
        branch: [normalPteBranch(v, p)],
        entries: [
          { proc: 'A', addr: 0x10000000, pfn: 0x10000, write: true },
          { proc: 'B', addr: 0x10000000, pfn: 0x10003, write: true, dirty: true, special: false },
          { proc: 'A', addr: 0x10001000, pfn: 0x10001, write: false },
          { proc: 'B', addr: 0x10001000, pfn: 0x10001, write: false },
          { proc: 'A', addr: 0x10002000, pfn: 0x10002, write: false },
          { proc: 'B', addr: 0x10002000, pfn: 0x10004, write: true, dirty: true },
        ],
        folios: [
          { pfn: 0x10000, refcount: 1 + BIAS, mapcount: 1, anonExclusive: true },
          { pfn: 0x10001, refcount: 2, mapcount: 2, anonExclusive: false },
          { pfn: 0x10002, refcount: 1 + BIAS, mapcount: 1, anonExclusive: true },
          { pfn: 0x10003, content: 'dma-buffer', refcount: 1, mapcount: 1, anonExclusive: true },
          { pfn: 0x10004, content: 'zeroes', refcount: 1, mapcount: 1, anonExclusive: true },
        ],
        counters: { A: { anon: 3 }, B: { anon: 3 } },
      },
      8: {
        result: '0',
        branch: [],
        folios: [
          { pfn: 0x10000, content: 'from-device', refcount: 1 + BIAS },
          { pfn: 0x10003, content: 'dma-buffer' },
        ],
      },
      9: {
        result: '0',
        branch: [],
        folios: [
          { pfn: 0x10003, content: 'child-data' },
          { pfn: 0x10000, content: 'from-device' },
        ],
      },
      10: {
        result: '0',
        branch: [normalPteBranch(v, p)],
        entries: [
          { proc: 'A', addr: 0x10001000, pfn: 0x10005, write: true },
          { proc: 'B', addr: 0x10001000, pfn: 0x10001, write: false },
        ],
        folios: [{ pfn: 0x10001, refcount: 1, mapcount: 1 }],
      },
      11: { result: '0', folios: [{ pfn: 0x10000, refcount: 1, mapcount: 1, anonExclusive: true }] },
      12: {
        result: /^\d+$/,
        entries: [
          { proc: 'A', addr: 0x10000000, pfn: 0x10000, write: false },
          { proc: 'C', addr: 0x10000000, pfn: 0x10000, write: false },
          { proc: 'C', addr: 0x10001000, pfn: 0x10005, write: false },
          { proc: 'A', addr: 0x10002000, pfn: 0x10002, write: false },
          { proc: 'C', addr: 0x10002000, pfn: 0x10006, write: true, dirty: true },
        ],
        folios: [
          { pfn: 0x10000, refcount: 2, mapcount: 2, anonExclusive: false },
          { pfn: 0x10002, refcount: 1 + BIAS, mapcount: 1, anonExclusive: true },
          { pfn: 0x10006, content: 'zeroes', refcount: 1, anonExclusive: true },
        ],
        counters: { C: { anon: 3 } },
      },
    }),
    { quiet: true },
  );
});
