/**
 * Property tests over random operation sequences: a few processes mmap anonymous memory (small, or 4 MiB
 * with MADV_HUGEPAGE), /dev/mem (private, shared read-write, shared read-only) and PFNMAP driver VMAs
 * (shared or private), read, write, fork, munmap and exit, on a random variant, preset and DEBUG_VM /
 * THP-allocation setting. Seeded, so a failure reproduces; fast-check prints the shrunk counterexample.
 *
 *  (a) a run is deterministic: the same input gives the same results, events and states;
 *  (b) refcounts and mapcounts never go negative unless the run reported it ("Bad page map", "Bad page
 *      state") or oopsed (BUG) first;
 *  (c) the anon/file RSS counters of every running process equal what its page tables map;
 *  (d) no present entry maps a freed RAM pfn, unless it is special or in a PFNMAP VMA;
 *  (e) once every process has exited, no anon folio is left;
 *  (f) the run-based page tables (slots.ts) give the same run as the per-entry reference
 *      (slots.reference.ts): the same results, events, subjects and tables, entry for entry, at every step.
 *
 * (c)-(e) use /dev/mem and driver pfns in MMIO only (pfn >= 0xfe000, no memmap), which keeps the §4.1
 * /dev/mem hazard out; (a) and (b) also map RAM through /dev/mem and let the allocator hand out those pfns.
 */

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runOk } from '../scenario/lab';
import type { ScenarioInput } from '../scenario/schema';
import { type StateSummary, summarizeState } from '../scenario/summary';
import { withSlots } from './pagetable';
import type { StepRecord } from './run';
import { ArraySlots } from './slots.reference';
import type { TraceEvent } from './trace';
import { VARIANT_IDS } from './variants';

// ---- generated programs -------------------------------------------------------------------------------

const PRESETS = ['x86-64', 'x86-64-la57', 'no-pte-special', 'x86-32-thp'] as const;
const RFC11_14 = ['rfc-11', 'rfc-12', 'rfc-13', 'rfc-14'] as const;
const KINDS = [
  'anon',
  'anon',
  'anon-thp',
  'anon-thp',
  'devmem-private',
  'devmem-private',
  'devmem-shared',
  'devmem-rdonly',
  'pfnmap-shared',
  'pfnmap-private',
] as const;
type Kind = (typeof KINDS)[number];

const SLOTS = 4;
const SLOT_BASE = 0x10000000;
const SLOT_SIZE = 0x400000; // 4 MiB: room for two PMDs; slots are PMD aligned
const MMIO = 0xfe000;
const DEVMEM_RAM = 0x4000; // free RAM in the §5 world

type AOp =
  | { k: 'mmap'; p: number; slot: number; kind: Kind; pages: number; write: boolean; dev: number }
  | { k: 'read' | 'write'; p: number; slot: number; page: number; alloc: number | null }
  | { k: 'fork'; p: number }
  | { k: 'munmap'; p: number; slot: number; page: number; pages: number }
  | { k: 'exit'; p: number };

interface Program {
  variant: (typeof VARIANT_IDS)[number];
  preset: (typeof PRESETS)[number];
  debugVm: boolean;
  thpAllocSucceeds: boolean;
  nprocs: number;
  ops: AOp[];
}

const proc = fc.nat({ max: 7 });
const slot = fc.nat({ max: SLOTS - 1 });
/** For accesses and munmaps, `slot` and `page` pick among the mappings the process has at that point. */
const pick = fc.nat({ max: 7 });
const page = fc.oneof(fc.nat({ max: 7 }), fc.constantFrom(510, 511, 512, 513, 1023), fc.nat({ max: 1023 }));

function opArb(hazard: boolean): fc.Arbitrary<AOp> {
  const alloc = hazard ? fc.option(fc.nat({ max: 31 }), { freq: 2 }) : fc.constant(null);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        k: fc.constant('mmap' as const),
        p: proc,
        slot,
        kind: fc.constantFrom(...KINDS),
        pages: fc.integer({ min: 1, max: 8 }),
        write: fc.boolean(),
        dev: fc.nat({ max: 7 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        k: fc.constant('read' as const),
        p: proc,
        slot: pick,
        page,
        alloc: fc.constant(null),
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({ k: fc.constant('write' as const), p: proc, slot: pick, page, alloc }),
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('fork' as const), p: proc }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('munmap' as const),
        p: proc,
        slot: pick,
        page,
        pages: fc.constantFrom(1, 2, 8, 1024),
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('exit' as const), p: proc }) },
  );
}

function programArb(hazard: boolean): fc.Arbitrary<Program> {
  return fc.record({
    // With the hazard, half of the runs use RFC 11-14 without pte_special, where it bites (§4.1).
    variant: hazard
      ? fc.oneof(fc.constantFrom(...VARIANT_IDS), fc.constantFrom(...RFC11_14))
      : fc.constantFrom(...VARIANT_IDS),
    preset: hazard
      ? fc.oneof(fc.constantFrom(...PRESETS), fc.constant('no-pte-special' as const))
      : fc.constantFrom(...PRESETS),
    debugVm: fc.boolean(),
    thpAllocSucceeds: fc.boolean(),
    nprocs: fc.integer({ min: 1, max: 3 }),
    ops: fc.array(opArb(hazard), { minLength: 6, maxLength: 25 }),
  });
}

const hx = (n: number) => `0x${n.toString(16)}`;

/** Turns a program into a scenario; `hazard` lets /dev/mem map RAM that the allocator may hand out. */
function toScenario(g: Program, hazard: boolean, exitAll: boolean): ScenarioInput {
  const names = Array.from({ length: g.nprocs }, (_, i) => `p${i}`);
  // What each process has mapped, slot -> pages, as far as the program can tell (mmap may still fail).
  const maps = new Map<string, Map<number, number>>(names.map((n) => [n, new Map()]));
  // RAM pfns some /dev/mem mapping has covered: where a hazard write asks the allocator to allocate.
  const devmemRam: number[] = [];
  let forks = 0;
  const steps: ScenarioInput['steps'] = [];
  const who = (p: number) => names[p % names.length] as string;
  /** The address an access or munmap goes to: a page of one of the process's mappings, if it has any. */
  const target = (name: string, pickSlot: number, pg: number): number => {
    const m = maps.get(name);
    const slots = m ? [...m.keys()].sort((a, b) => a - b) : [];
    if (!slots.length) {
      // Nothing mapped yet: map 8 pages of anon memory first, so that the access has something to hit.
      const sl = pickSlot % SLOTS;
      steps.push({
        op: 'mmap',
        proc: name,
        addr: hx(SLOT_BASE + sl * SLOT_SIZE),
        length: hx(8 * 4096),
        prot: ['read', 'write'],
        backing: { type: 'anon' },
      });
      m?.set(sl, 8);
      return SLOT_BASE + sl * SLOT_SIZE + (pg % 8) * 4096;
    }
    const sl = slots[pickSlot % slots.length] as number;
    return SLOT_BASE + sl * SLOT_SIZE + (pg % (m?.get(sl) ?? 1)) * 4096;
  };
  for (const o of g.ops) {
    const name = who(o.p);
    if (o.k === 'mmap') {
      const addr = hx(SLOT_BASE + o.slot * SLOT_SIZE);
      const pages = o.kind === 'anon-thp' ? SLOT_SIZE / 4096 : o.pages;
      const length = hx(pages * 4096);
      const devPfn = (hazard && o.dev % 2 === 0 ? DEVMEM_RAM : MMIO) + o.dev * 8;
      // Anon memory is always read-write; device mappings are read-only or read-write (O_RDONLY: read-only).
      const writable = o.kind.startsWith('anon') || (o.write && o.kind !== 'devmem-rdonly');
      const prot: ('read' | 'write')[] = writable ? ['read', 'write'] : ['read'];
      const base = { op: 'mmap' as const, proc: name, addr, length, prot };
      maps.get(name)?.set(o.slot, pages);
      if (o.kind.startsWith('devmem') && devPfn < MMIO)
        for (let i = 0; i < pages; i++) devmemRam.push(devPfn + i);
      switch (o.kind) {
        case 'anon':
          steps.push({ ...base, backing: { type: 'anon' } });
          break;
        case 'anon-thp':
          steps.push({ ...base, backing: { type: 'anon' }, hugepage: true });
          break;
        case 'devmem-private':
        case 'devmem-shared':
        case 'devmem-rdonly':
          steps.push({
            ...base,
            shared: o.kind !== 'devmem-private',
            backing: { type: 'devmem', openMode: o.kind === 'devmem-rdonly' ? 'rdonly' : 'rdwr' },
            offset: hx(devPfn * 4096),
          });
          break;
        case 'pfnmap-shared':
        case 'pfnmap-private':
          steps.push({
            ...base,
            shared: o.kind === 'pfnmap-shared',
            backing: { type: 'pfnmap-driver', pfnBase: hx(MMIO + 0x100 + o.dev * 8), fault: 'pte' },
          });
          break;
      }
    } else if (o.k === 'read' || o.k === 'write') {
      const addr = hx(target(name, o.slot, o.page));
      if (o.k === 'read') steps.push({ op: 'read', proc: name, addr });
      else
        steps.push({
          op: 'write',
          proc: name,
          addr,
          value: `v${steps.length}`,
          ...(o.alloc !== null && devmemRam.length
            ? { allocPfn: hx(devmemRam[o.alloc % devmemRam.length] as number) }
            : {}),
        });
    } else if (o.k === 'fork') {
      const child = `c${forks++}`;
      steps.push({ op: 'fork', proc: name, child });
      names.push(child);
      maps.set(child, new Map(maps.get(name)));
    } else if (o.k === 'munmap') {
      const at = target(name, o.slot, o.page);
      steps.push({ op: 'munmap', proc: name, addr: hx(at), length: hx(o.pages * 4096) });
      const sl = Math.floor((at - SLOT_BASE) / SLOT_SIZE);
      if (o.pages >= 1024 && (at - SLOT_BASE) % SLOT_SIZE === 0) maps.get(name)?.delete(sl);
    } else {
      steps.push({ op: 'exit', proc: name });
      maps.get(name)?.clear();
    }
  }
  if (exitAll) for (const n of names) steps.push({ op: 'exit', proc: n });
  return {
    version: 1,
    kernel: {
      variant: g.variant,
      preset: g.preset,
      config: { debugVm: g.debugVm, thpAllocSucceeds: g.thpAllocSucceeds },
    },
    processes: Array.from({ length: g.nprocs }, (_, i) => ({ name: `p${i}` })),
    steps,
  };
}

// Not through lab().run(): its cache would keep every generated run alive.
const runIt = (s: ScenarioInput): readonly StepRecord[] => runOk(s, 'generated scenario').steps;

const PARAMS = { seed: 0x5eed_2025, numRuns: 150 } as const;
/** Generous: a run of 150 programs takes about a second; slow CI machines get headroom. */
const TIMEOUT = 60_000;

// ---- helpers over summaries ---------------------------------------------------------------------------

const SPAN: Record<string, number> = { pte: 1, pmd: 512, pud: 512 * 512 };

type ReportEvent = Extract<TraceEvent, { t: 'report' }>;
const reportsIn = (st: StepRecord) => st.events.filter((e): e is ReportEvent => e.t === 'report');

class FolioIndex {
  private readonly heads: { pfn: number; end: number; kind: string }[];
  constructor(s: StateSummary) {
    this.heads = s.folios
      .map((f) => ({ pfn: Number(f.pfn), end: Number(f.pfn) + 2 ** f.order, kind: f.kind }))
      .sort((a, b) => a.pfn - b.pfn);
  }
  at(pfn: number): { kind: string } | undefined {
    let lo = 0;
    let hi = this.heads.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = this.heads[mid] as { pfn: number; end: number; kind: string };
      if (pfn < f.pfn) hi = mid - 1;
      else if (pfn >= f.end) lo = mid + 1;
      else return f;
    }
    return undefined;
  }
}

/** Every present leaf entry of a process: its first virtual page, level, pfn, special bit. */
function* leaves(p: StateSummary['procs'][number]) {
  for (const r of p.mappings) {
    if (r.kind !== 'leaf') continue;
    const span = SPAN[r.level] ?? 1;
    const v0 = Number(BigInt(r.from) >> 12n);
    for (let i = 0; i < r.count; i++)
      yield {
        v: v0 + i * span,
        span,
        level: r.level,
        pfn: Number(r.pfn) + i * r.pfnStep * span,
        special: r.special,
      };
  }
}

function vmaFlags(p: StateSummary['procs'][number], v: number): string[] | undefined {
  for (const m of p.vmas) {
    const [a, b] = m.range.split('-').map((x) => Number(BigInt(x) >> 12n)) as [number, number];
    if (v >= a && v < b) return m.flags;
  }
  return undefined;
}

// ---- the properties -----------------------------------------------------------------------------------

describe('properties of random operation sequences', () => {
  it(
    '(a) runs are deterministic',
    () => {
      fc.assert(
        fc.property(programArb(true), (g) => {
          const s = toScenario(g, true, false);
          const a = runIt(s);
          const b = runIt(structuredClone(s));
          const view = (steps: readonly StepRecord[]) =>
            steps.map((st) => ({
              result: st.result,
              detail: st.detail,
              events: st.events,
              state: summarizeState(st.state),
            }));
          const va = view(a);
          const vb = view(b);
          if (!isDeepStrictEqual(va, vb)) expect(vb).toEqual(va);
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  it(
    '(f) run-based page tables run every program as the per-entry reference does',
    () => {
      fc.assert(
        fc.property(programArb(true), (g) => {
          const s = toScenario(g, true, false);
          const view = (steps: readonly StepRecord[]) =>
            JSON.stringify(
              steps.map((st) => ({
                result: st.result,
                detail: st.detail,
                events: st.events,
                subjects: st.subjects,
                // Every table of every process, slot by slot (both kinds of slots serialize as 512 slots).
                tables: st.state.procs.map((p) => p.root),
              })),
            );
          const runs = view(runIt(s));
          const ref = view(
            withSlots(
              (_level, stride) => new ArraySlots(stride),
              () => runIt(s),
            ),
          );
          if (runs !== ref) expect(runs).toBe(ref);
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  it(
    '(b) refcounts and mapcounts stay non-negative unless a report or BUG said so first',
    () => {
      fc.assert(
        fc.property(programArb(true), (g) => {
          const steps = runIt(toScenario(g, true, true));
          let reported = false;
          for (const st of steps) {
            if (
              reportsIn(st).some(
                (r) => r.kind === 'bad_page_map' || r.kind === 'bad_page_state' || r.kind === 'bug',
              )
            )
              reported = true;
            if (reported) return;
            const bad = summarizeState(st.state).folios.filter((f) => f.refcount < 0 || f.mapcount < 0);
            expect(bad, `step ${st.index} ${st.title}`).toEqual([]);
          }
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  it(
    '(c) RSS counters of running processes match their page tables',
    () => {
      fc.assert(
        fc.property(programArb(false), (g) => {
          const steps = runIt(toScenario(g, false, false));
          for (const st of steps) {
            const s = summarizeState(st.state);
            const folios = new FolioIndex(s);
            for (const p of s.procs) {
              if (p.status !== 'running') continue;
              let anon = 0;
              let file = 0;
              for (const e of leaves(p)) {
                const kind = folios.at(e.pfn)?.kind;
                if (kind === 'anon') anon += e.span;
                else if (kind === 'file') file += e.span;
              }
              expect({
                step: st.index,
                title: st.title,
                proc: p.name,
                anon: p.counters.anon,
                file: p.counters.file,
              }).toEqual({
                step: st.index,
                title: st.title,
                proc: p.name,
                anon,
                file,
              });
            }
          }
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  it(
    '(d) no present entry maps a freed RAM pfn unless special or in a PFNMAP VMA',
    () => {
      fc.assert(
        fc.property(programArb(false), (g) => {
          const steps = runIt(toScenario(g, false, true));
          for (const st of steps) {
            const s = summarizeState(st.state);
            const folios = new FolioIndex(s);
            const ram = (pfn: number) =>
              st.state.layout.ranges.some((r) => r.type === 'ram' && pfn >= r.start && pfn < r.end);
            for (const p of s.procs) {
              if (p.status === 'exited') continue;
              for (const e of leaves(p)) {
                if (e.special) continue;
                if (vmaFlags(p, e.v)?.includes('PFNMAP')) continue;
                for (let i = 0; i < e.span; i++) {
                  const pfn = e.pfn + i;
                  if (ram(pfn) && !folios.at(pfn)) {
                    expect.fail(
                      `step ${st.index} (${st.title}): ${p.name} maps freed pfn ${hx(pfn)} at ${hx(e.v * 4096)} by ${e.level}`,
                    );
                  }
                }
              }
            }
          }
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );

  it(
    '(e) once every process has exited, no anon folio is left',
    () => {
      fc.assert(
        fc.property(programArb(false), (g) => {
          const steps = runIt(toScenario(g, false, true));
          // A process killed by BUG() keeps its mm in the model (it is never torn down): skip such runs.
          if (steps.some((st) => reportsIn(st).some((r) => r.kind === 'bug'))) return;
          const last = summarizeState((steps[steps.length - 1] as StepRecord).state);
          expect(last.procs.filter((p) => p.status !== 'exited').map((p) => p.name)).toEqual([]);
          expect(last.folios.filter((f) => f.kind === 'anon')).toEqual([]);
        }),
        PARAMS,
      );
    },
    TIMEOUT,
  );
});
