/**
 * `ptlab run`'s JSON trace, written step by step as the model makes it. The text is the same, byte for
 * byte, as `JSON.stringify(trace, null, 1)` of the whole trace (trace.test.ts checks it), but no more than
 * one step is held at a time: the largest scenario's trace is gigabytes, more than a JavaScript string
 * can hold.
 *
 * A step's state repeats what did not change: a process whose tables, VMAs and counters are those of the
 * previous step is written from the previous step's text, and a chunk of the folio store that no step
 * wrote is too (both are frozen once a step is taken, see model/pagetable.ts and model/physmem.ts).
 */
import type { KernelSnapshot } from '../model/kernel';
import type { ProcSnapshot } from '../model/mm';
import type { Folio } from '../model/physmem';
import type { StepRecord } from '../model/run';
import { hex } from '../model/units';
import type { Scenario } from '../scenario/schema';
import { vmaSummary } from '../scenario/summary';
import { RunCache } from './runs';

const pad = (depth: number) => ' '.repeat(depth);

/** JSON.stringify(v, null, 1) as it reads nested `depth` levels deep in a larger value. */
export function json(v: unknown, depth: number): string {
  const s = JSON.stringify(v, null, 1);
  return depth ? s.replaceAll('\n', `\n${pad(depth)}`) : s;
}

interface ProcKey {
  readonly p: ProcSnapshot;
  readonly text: string;
}

function sameProc(a: ProcSnapshot, b: ProcSnapshot): boolean {
  return (
    a.root === b.root &&
    a.name === b.name &&
    a.pid === b.pid &&
    a.levels === b.levels &&
    a.hugeZeroRef === b.hugeZeroRef &&
    a.oopsed === b.oopsed &&
    a.exited === b.exited &&
    a.counters.anon === b.counters.anon &&
    a.counters.file === b.counters.file &&
    a.counters.pgtables === b.counters.pgtables &&
    a.vmas.length === b.vmas.length &&
    a.vmas.every((v, i) => v === b.vmas[i])
  );
}

/** summarizeState() (scenario/summary.ts) of one step after another, written as JSON text. */
export class StateWriter {
  private readonly runs = new RunCache();
  private readonly procs = new Map<string, ProcKey>();
  private readonly chunks = new WeakMap<object, readonly string[]>();
  private readonly folios = new WeakMap<Folio, string>();

  /**
   * `depth`: how deep the states sit in the trace (every step's state sits as deep); `out` takes the text
   * in pieces.
   */
  constructor(
    private readonly depth: number,
    private readonly out: (s: string) => void,
  ) {}

  /** Writes the text of summarizeState(s). */
  state(s: KernelSnapshot): void {
    const d = this.depth;
    const out = this.out;
    out(`{\n${pad(d + 1)}"procs": `);
    this.items(
      s.procs.map((p) => this.proc(p)),
      d + 1,
    );
    out(`,\n${pad(d + 1)}"folios": `);
    const keys = [...s.folios.chunks.keys()].sort((a, b) => a - b);
    const folios: string[] = [];
    for (const k of keys) {
      const c = s.folios.chunks.get(k);
      if (c) for (const t of this.chunk(c.folios)) folios.push(t);
    }
    this.items(folios, d + 1);
    out(
      `,\n${pad(d + 1)}"hugeZeroRefcount": ${json(s.hugeZeroRefcount, 0)},\n${pad(d + 1)}"taint": ${json(s.taint, 0)},\n${pad(d + 1)}"clock": ${json(s.clock, 0)}\n${pad(d)}}`,
    );
  }

  /** An array whose items are already written for `depth + 1`. */
  private items(texts: readonly string[], depth: number): void {
    if (!texts.length) {
      this.out('[]');
      return;
    }
    const sep = `,\n${pad(depth + 1)}`;
    this.out(`[\n${pad(depth + 1)}`);
    texts.forEach((t, i) => {
      if (i) this.out(sep);
      this.out(t);
    });
    this.out(`\n${pad(depth)}]`);
  }

  /** The texts of one chunk's folios, in pfn order. */
  private chunk(c: ReadonlyMap<number, Folio>): readonly string[] {
    let texts = this.chunks.get(c);
    if (texts) return texts;
    texts = [...c.values()]
      .sort((a, b) => a.pfn - b.pfn)
      .map((f) => {
        let t = this.folios.get(f);
        if (t === undefined) {
          t = json(folioSummary(f), this.depth + 2);
          this.folios.set(f, t);
        }
        return t;
      });
    this.chunks.set(c, texts);
    return texts;
  }

  private proc(p: ProcSnapshot): string {
    const last = this.procs.get(p.name);
    if (last && sameProc(last.p, p)) return last.text;
    const text = json(
      {
        name: p.name,
        pid: p.pid,
        status: p.exited ? 'exited' : p.oopsed ? 'oopsed' : 'running',
        counters: { ...p.counters },
        hugeZeroRef: p.hugeZeroRef,
        vmas: p.vmas.map(vmaSummary),
        mappings: this.runs.mappingRuns(p.root, p.levels),
      },
      this.depth + 2,
    );
    this.procs.set(p.name, { p, text });
    return text;
  }
}

function folioSummary(f: Folio) {
  return {
    pfn: hex(f.pfn),
    order: f.order,
    kind: f.kind,
    refcount: f.refcount,
    mapcount: f.mapcount,
    anonExclusive: f.anonExclusive,
    ...(f.pincount !== undefined ? { pincount: f.pincount } : {}),
    content: f.content,
    ...(f.owner ? { owner: f.owner } : {}),
  };
}

/**
 * Writes the trace of each run as the steps come: one scenario's object, or an array of them when the input
 * was an array. `out` receives the text in pieces, in order.
 */
export function writeTrace(
  runs: Iterable<{ scenario: Scenario; steps: Iterable<StepRecord> }>,
  asArray: boolean,
  out: (s: string) => void,
): void {
  const depth = asArray ? 1 : 0;
  const f = pad(depth + 1);
  let n = 0;
  for (const { scenario: sc, steps } of runs) {
    if (asArray) out(n === 0 ? `[\n${pad(1)}` : `,\n${pad(1)}`);
    n++;
    out(
      `{\n${f}"title": ${json(sc.title ?? sc.id ?? '', 0)},\n${f}"variant": ${json(sc.kernel.variant, 0)},\n${f}"steps": [`,
    );
    const sd = depth + 2;
    const g = pad(sd + 1);
    const writer = new StateWriter(sd + 1, out);
    let first = true;
    for (const s of steps) {
      out(
        `${first ? '' : ','}\n${pad(sd)}{\n${g}"index": ${json(s.index, 0)},\n${g}"title": ${json(s.title, 0)},\n${g}"result": ${json(s.result, 0)},\n`,
      );
      if (s.detail) out(`${g}"detail": ${json(s.detail, 0)},\n`);
      out(`${g}"events": ${json(s.events, sd + 1)},\n${g}"state": `);
      writer.state(s.state);
      out(`\n${pad(sd)}}`);
      first = false;
    }
    out(`${first ? ']' : `\n${f}]`}\n${pad(depth)}}`);
  }
  if (asArray) out(n === 0 ? '[]' : '\n]');
  out('\n');
}
