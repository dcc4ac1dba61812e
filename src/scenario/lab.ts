/**
 * The headless test harness: build a scenario, run it in a chosen kernel, and read back what a test
 * asserts (entries, folios, counters, branch IDs, reports). One harness for every suite, so that the
 * variant facts and trace readers are written once:
 *
 *   const r = lab().anon('A', '0x10000000', '0x4000').read('A', '0x10001000').in({ variant: 'rfc-11' }).run();
 *   expect(branches(r.step(2))).toEqual(['R-P1c']);
 *   expect(r.entry(2, 'A', 0x10001000)?.pfn).toBe(0x42);
 *
 * Not part of the app: only tests and benchmarks import it.
 */
import type { ArchPresetId, MachineConfig } from '../model/config';
import type { StepRecord } from '../model/run';
import type { ReportKind, TraceEvent } from '../model/trace';
import type { VariantId } from '../model/variants';
import { type RunResult, runScenarioInput } from './run';
import { type EntryInRun, entryAtAddress, procSummary, type StateSummary, summarizeState } from './summary';

// ---- the kernel a case runs in -------------------------------------------------------------------------

export type Preset = ArchPresetId;

/** A kernel to run a scenario in: a variant, a preset and config overrides on top of the scenario's. */
export interface Case {
  readonly variant: VariantId;
  readonly preset?: Preset;
  readonly config?: Partial<MachineConfig>;
}

/** The merged trees: v6.18, mm-2026 (v6.18 + zap via vm_normal_folio_pmd()) and the 2026 fix. */
export const MERGED: readonly VariantId[] = ['v6.18', 'mm-2026', 'fix-2026'];
export const isMerged = (v: VariantId): boolean => MERGED.includes(v);
/** The RFC patch number of an rfc-NN variant, 0 for any other. */
export const rfcNum = (v: VariantId): number => (v.startsWith('rfc-') ? Number(v.slice(4)) : 0);
/** RFC patch n (or later) applied: only the rfc-NN variants; v6.18 took a subset, named where it matters. */
export const rfcAtLeast = (v: VariantId, n: number): boolean => rfcNum(v) >= n;
export const rfc = (n: number): VariantId => `rfc-${String(n).padStart(2, '0')}` as VariantId;
export const rfcRange = (a: number, b: number): VariantId[] =>
  Array.from({ length: b - a + 1 }, (_, i) => rfc(a + i));

/**
 * Which body vm_normal_page*() has (kernel-semantics.md §2): the pre-series one up to RFC 09, RFC 10's
 * helper, v6.18's __vm_normal_page().
 */
export function family(v: VariantId): 'base' | 'rfc' | 'merged' {
  if (isMerged(v)) return 'merged';
  return rfcAtLeast(v, 10) ? 'rfc' : 'base';
}
/** CONFIG_ARCH_HAS_PTE_SPECIAL ("Y" in kernel-semantics.md): every preset but no-pte-special. */
export const pteSpecial = (p: Preset): boolean => p !== 'no-pte-special';
/** ARCH_SUPPORTS_PMD_PFNMAP / PUD_PFNMAP: real pmd_special()/pud_special(). */
export const pmdSpecialBit = (p: Preset): boolean => p === 'x86-64' || p === 'x86-64-la57';

// ---- reading a step -----------------------------------------------------------------------------------

export type ReportEvent = Extract<TraceEvent, { t: 'report' }>;

/** Branch IDs of vm_normal_page*() (B-*, R-*, M-*) taken in a step, in order; `distinct` drops repeats. */
export function branches(st: StepRecord, distinct = false): string[] {
  const ids = st.events.flatMap((e) => (e.t === 'branch' && /^[BRM]-/.test(e.id) ? [e.id] : []));
  return distinct ? [...new Set(ids)] : ids;
}

/** Every report of a step (printed or rate-limited), of one kind if given. */
export function reports(st: StepRecord, kind?: ReportKind): ReportEvent[] {
  return st.events.filter(
    (e): e is ReportEvent => e.t === 'report' && (kind === undefined || e.kind === kind),
  );
}

/** The reports the kernel printed (not rate-limited): of one kind, or every kind but "info". */
export function printed(st: StepRecord, kind?: ReportKind): ReportEvent[] {
  return reports(st, kind).filter((r) => !r.suppressed && (kind !== undefined || r.kind !== 'info'));
}

/** Printed reports of a step, counted by kind. */
export function reportCounts(st: StepRecord): Partial<Record<ReportKind, number>> {
  const out: Partial<Record<ReportKind, number>> = {};
  for (const r of printed(st)) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

// ---- running --------------------------------------------------------------------------------------------

/** A run, read step by step: state summaries are made on first use. */
export interface LabRun {
  readonly result: RunResult;
  readonly steps: readonly StepRecord[];
  step(i: number): StepRecord;
  /** The last step. */
  readonly last: StepRecord;
  /** The state after step i (0 = initial), summarized as the CLI prints it. */
  sum(i: number): StateSummary;
  proc(i: number, name?: string): StateSummary['procs'][number];
  entry(i: number, name: string, vaddr: number): EntryInRun | undefined;
}

function readRun(result: RunResult, name: string): LabRun {
  const steps = result.steps;
  const sums: StateSummary[] = [];
  const step = (i: number): StepRecord => {
    const st = steps[i];
    if (!st) throw new Error(`${name} has no step ${i} (it has ${steps.length})`);
    return st;
  };
  const sum = (i: number): StateSummary => {
    sums[i] ??= summarizeState(step(i).state);
    return sums[i];
  };
  return {
    result,
    steps,
    step,
    last: step(steps.length - 1),
    sum,
    proc: (i, p = 'A') => procSummary(sum(i), p),
    entry: (i, p, vaddr) => entryAtAddress(sum(i), p, vaddr),
  };
}

/** Runs a scenario given as JSON; an invalid one throws with its problems. */
export function runOk(input: unknown, name = 'scenario'): RunResult {
  const r = runScenarioInput(input);
  if (!r.ok) throw new Error(`invalid ${name}: ${JSON.stringify(r.problems)}`);
  return r.run;
}

/**
 * A scenario's whole run as text (results, details, events, subjects and every table at every step), to
 * compare two ways of running it: the run-based tables against the per-entry reference.
 */
export const transcriptOf = (input: unknown): string =>
  JSON.stringify(
    runOk(input).steps.map((st) => ({
      result: st.result,
      detail: st.detail,
      events: st.events,
      subjects: st.subjects,
      tables: st.state.procs.map((p) => p.root),
    })),
  );

/** The scenario with the case's kernel written over its own (config merged). */
export function inCase<T extends { kernel?: object }>(s: T, c: Case): T {
  const k = (s.kernel ?? {}) as { config?: object };
  return {
    ...s,
    kernel: {
      ...k,
      variant: c.variant,
      ...(c.preset ? { preset: c.preset } : {}),
      config: { ...(k.config ?? {}), ...(c.config ?? {}) },
    },
  };
}

const cache = new Map<string, LabRun>();

type Json = Record<string, unknown> & { steps?: unknown[]; processes?: unknown[]; kernel?: object };

/** A scenario under construction (plain JSON underneath, as a file or a link carries it). */
export class Lab {
  private constructor(private readonly s: Json) {}

  /** A scenario with no process and no step, in v6.18 on x86-64. */
  static empty(): Lab {
    return new Lab({ version: 1, kernel: { variant: 'v6.18' }, processes: [], steps: [] });
  }

  /** An existing scenario (a library story, a worked scenario, a fixture). */
  static of(s: object): Lab {
    return new Lab(JSON.parse(JSON.stringify(s)) as Json);
  }

  private with(over: Partial<Json>): Lab {
    return new Lab({ ...this.s, ...over });
  }

  /** The kernel the scenario runs in (config merged over the scenario's). */
  in(c: Case): Lab {
    return new Lab(inCase(this.s, c));
  }

  set(key: string, value: unknown): Lab {
    return this.with({ [key]: value });
  }

  /** Adds processes (names not yet present). */
  procs(...names: string[]): Lab {
    const have = (this.s.processes ?? []) as { name: string }[];
    const more = names.filter((n) => !have.some((p) => p.name === n)).map((name) => ({ name }));
    return this.with({ processes: [...have, ...more] });
  }

  /** Appends steps as written in the scenario format. */
  steps(...steps: unknown[]): Lab {
    return this.with({ steps: [...(this.s.steps ?? []), ...steps] });
  }

  /** A private anonymous mapping (the process is added if new). */
  anon(proc: string, addr: string, length: string, prot: string[] = ['read', 'write']): Lab {
    return this.procs(proc).steps({ op: 'mmap', proc, addr, length, prot, backing: { type: 'anon' } });
  }

  read(proc: string, addr: string): Lab {
    return this.steps({ op: 'read', proc, addr });
  }

  write(proc: string, addr: string): Lab {
    return this.steps({ op: 'write', proc, addr });
  }

  fork(proc: string, child: string): Lab {
    return this.steps({ op: 'fork', proc, child });
  }

  /** The scenario as JSON. */
  json(): Json {
    return JSON.parse(JSON.stringify(this.s)) as Json;
  }

  /** Runs it (the same scenario runs once per test file). */
  run(name = String(this.s.id ?? this.s.title ?? 'scenario')): LabRun {
    const key = JSON.stringify(this.s);
    let r = cache.get(key);
    if (!r) {
      r = readRun(runOk(this.s, name), name);
      cache.set(key, r);
    }
    return r;
  }
}

/** lab() starts an empty scenario; lab(s) starts from `s`. */
export function lab(s?: object): Lab {
  return s ? Lab.of(s) : Lab.empty();
}
