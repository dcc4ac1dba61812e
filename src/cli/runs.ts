/**
 * mappingRuns() (scenario/summary.ts) for every step of a long run, without walking every entry of every
 * process at every step. A snapshot's tables never change (a write clones a frozen table), so the runs of
 * one table can be computed once and kept for as long as the table lives. A table's runs are built from
 * its children's runs by feeding them, in address order, to mappingRuns()'s own coalescing rule; feeding a
 * whole run costs the same as feeding one entry (see `feed`). A step that changes one PTE then costs the
 * runs of the tables on that PTE's path, not the 262,144 entries of a 1 GiB mapping beside it.
 *
 * runs.test.ts checks the result against mappingRuns() on every step of the built-in scenarios and of
 * random ones.
 */
import type { Level } from '../model/entry';
import { entrySpan } from '../model/geometry';
import type { Table } from '../model/pagetable';
import { hex } from '../model/units';
import type { MappingRun } from '../scenario/summary';

/** A run as mappingRuns() builds it, with page numbers instead of address strings. */
interface Run {
  readonly level: Level;
  readonly kind: MappingRun['kind'];
  readonly firstV: number;
  readonly firstPfn: number;
  lastV: number;
  lastPfn: number;
  count: number;
  pfnStep: number;
  readonly write: boolean;
  readonly dirty: boolean;
  readonly young: boolean;
  readonly special: boolean;
}

interface Cached {
  readonly base: number;
  readonly levels: 4 | 5;
  readonly runs: readonly Run[];
}

/** Whether mappingRuns() would add the entry (v, pfn) of run `r`'s kind to the open run `cur`. */
function joins(cur: Run, r: Run, v: number, pfn: number, span: number): boolean {
  if (
    cur.level !== r.level ||
    cur.kind !== r.kind ||
    cur.lastV + span !== v ||
    cur.write !== r.write ||
    cur.dirty !== r.dirty ||
    cur.young !== r.young ||
    cur.special !== r.special
  )
    return false;
  const step = pfn - cur.lastPfn;
  const want = cur.count === 1 ? (step === 0 || step === span ? step : -1) : cur.pfnStep * span;
  return step === want && want !== -1;
}

function add(cur: Run, v: number, pfn: number): void {
  if (cur.count === 1) cur.pfnStep = pfn === cur.lastPfn ? 0 : 1;
  cur.count++;
  cur.lastV = v;
  cur.lastPfn = pfn;
}

/**
 * Feeds the entries of `r` (a run built from a fresh start, never changed here) to mappingRuns()'s rule,
 * whose runs so far are `out` (owned by the caller). Entry j of r is at r.firstV + j·span with pfn
 * r.firstPfn + j·r.pfnStep·span. If the open run takes entries 0 and 1, its pfn step is r's, so it takes
 * the rest too. If it refuses entry j (0 or 1), entry j starts a new run, and from there the rule rebuilds
 * r's own run (or its tail): the next entry's step is r's, which a run of one entry accepts.
 */
function feed(out: Run[], r: Run, levels: 4 | 5): void {
  const span = entrySpan(r.level, levels);
  const cur = out[out.length - 1];
  let j = 0;
  if (cur) {
    while (j < r.count && j < 2) {
      const v = r.firstV + j * span;
      const pfn = r.firstPfn + j * r.pfnStep * span;
      if (!joins(cur, r, v, pfn, span)) break;
      add(cur, v, pfn);
      j++;
    }
    if (j === r.count) return;
    if (j === 2) {
      cur.count += r.count - 2;
      cur.lastV = r.lastV;
      cur.lastPfn = r.lastPfn;
      return;
    }
  }
  const count = r.count - j;
  out.push({
    ...r,
    firstV: r.firstV + j * span,
    firstPfn: r.firstPfn + j * r.pfnStep * span,
    count,
    pfnStep: count === 1 ? 1 : r.pfnStep,
  });
}

export class RunCache {
  private readonly tables = new WeakMap<Table, Cached>();

  /** Equal to mappingRuns(root, levels). */
  mappingRuns(root: Table, levels: 4 | 5): MappingRun[] {
    return this.runsOf(root, levels, 0).map((r) => ({
      level: r.level,
      from: hex(BigInt(r.firstV) << 12n),
      to: hex(BigInt(r.lastV) << 12n),
      count: r.count,
      kind: r.kind,
      pfn: hex(r.firstPfn),
      pfnStep: r.pfnStep,
      write: r.write,
      dirty: r.dirty,
      young: r.young,
      special: r.special,
    }));
  }

  private runsOf(t: Table, levels: 4 | 5, base: number): readonly Run[] {
    const hit = this.tables.get(t);
    if (hit && hit.base === base && hit.levels === levels) return hit.runs;
    const span = entrySpan(t.level, levels);
    const out: Run[] = [];
    // A table's stored runs (model/slots.ts), each fed whole: a row of alike leaves is what mappingRuns()
    // builds from a fresh start over them, and a row of alike tables (model/family.ts) is its head's runs
    // again, each table on, without making the tables.
    for (const { start, len, e } of t.entries.runs()) {
      const v = base + start * span;
      if (e.kind === 'table') {
        const head = this.runsOf(e.table, levels, v);
        const only = head.length === 1 ? (head[0] as Run) : undefined;
        if (len > 1 && only && only.kind === 'leaf' && only.pfnStep === 1 && only.firstV === v) {
          const ls = entrySpan(only.level, levels);
          if (only.lastV + ls === v + span && only.lastPfn - only.firstPfn === span - ls) {
            // Each table one run over all of it, the next going on from it: one run over all of them.
            feed(
              out,
              {
                ...only,
                lastV: v + len * span - ls,
                lastPfn: only.firstPfn + len * span - ls,
                count: only.count * len,
              },
              levels,
            );
            continue;
          }
        }
        for (let j = 0; j < len; j++) {
          const dv = j * span;
          for (const r of head) {
            const dp = r.kind === 'leaf' ? dv : 0;
            feed(
              out,
              {
                ...r,
                firstV: r.firstV + dv,
                lastV: r.lastV + dv,
                firstPfn: r.firstPfn + dp,
                lastPfn: r.lastPfn + dp,
              },
              levels,
            );
          }
        }
        continue;
      }
      const last = v + (len - 1) * span;
      const run: Run =
        e.kind === 'leaf'
          ? {
              level: t.level,
              kind: 'leaf',
              firstV: v,
              firstPfn: e.pfn,
              lastV: last,
              lastPfn: e.pfn + (len - 1) * span,
              count: len,
              pfnStep: 1,
              write: e.write,
              dirty: e.dirty,
              young: e.young,
              special: e.special,
            }
          : {
              level: t.level,
              kind: e.type,
              firstV: v,
              firstPfn: e.offset,
              lastV: v,
              lastPfn: e.offset,
              count: 1,
              pfnStep: 1,
              write: e.write,
              dirty: false,
              young: false,
              special: false,
            };
      feed(out, run, levels);
    }
    this.tables.set(t, { base, levels, runs: out });
    return out;
  }
}
