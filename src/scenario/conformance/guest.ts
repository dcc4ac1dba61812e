/**
 * The real kernel's side of a conformance check: the JSON lines an exported program (exportC.ts) printed,
 * decoded into the same views as the model's (model.ts). Bit numbers are the kernel's ABI:
 * Documentation/admin-guide/mm/pagemap.rst and include/uapi/linux/kernel-page-flags.h.
 */
import { tokenWord } from '../exportC';
import { normalResult, type PageView, type ProcView, reportKind, type StepView } from './views';

const PM_PRESENT = 63n;
const PM_FILE = 61n;
const PM_MMAP_EXCLUSIVE = 56n;
const PFN_MASK = (1n << 55n) - 1n;
const KPF_ANON = 12n;
const KPF_NOPAGE = 20n;
const KPF_THP = 22n;
const KPF_ZERO_PAGE = 24n;

const bit = (x: bigint, b: bigint) => ((x >> b) & 1n) === 1n;

interface RawPage {
  addr: string;
  pm: string;
  kflags?: string;
  kcount?: number;
  mmio?: string;
}
interface RawObserve {
  step: number;
  proc: string;
  rss: { anon: number; file: number; shmem: number };
  pages: RawPage[];
}
interface RawResult {
  step: number;
  proc: string;
  op: string;
  result: string;
  value?: string;
}

export interface GuestRun {
  readonly kernel: string;
  readonly mmioBase: number;
  readonly steps: StepView[];
  /** The program reached its end line. */
  readonly complete: boolean;
}

/** Names a 32-bit word as the scenario's writes would: a token, "zero", or the word in hex. */
export function wordName(word: bigint, tokens: readonly string[]): string {
  if (word === 0n) return 'zero';
  for (const t of tokens) if (BigInt(tokenWord(t)) === word) return t;
  return 'other';
}

function pageView(p: RawPage, tokens: readonly string[]): PageView {
  const pm = BigInt(p.pm);
  const present = bit(pm, PM_PRESENT);
  const mmio = p.mmio !== undefined ? wordName(BigInt(p.mmio), tokens) : null;
  if (!present)
    return { present: false, pfn: null, file: null, excl: null, kind: null, mapcount: null, mmio };
  const kf = p.kflags !== undefined ? BigInt(p.kflags) : undefined;
  let kind: string | null = null;
  if (kf !== undefined) {
    if (bit(kf, KPF_ZERO_PAGE)) kind = bit(kf, KPF_THP) ? 'huge_zero' : 'zero';
    else if (bit(kf, KPF_NOPAGE)) kind = 'mmio';
    else if (bit(kf, KPF_ANON)) kind = bit(kf, KPF_THP) ? 'anon-thp' : 'anon';
    else kind = 'other';
  }
  return {
    present: true,
    pfn: Number(pm & PFN_MASK),
    file: bit(pm, PM_FILE),
    excl: bit(pm, PM_MMAP_EXCLUSIVE),
    kind,
    mapcount: kind === 'anon' || kind === 'anon-thp' ? (p.kcount ?? null) : null,
    mmio,
  };
}

/**
 * Decodes one program's output. `tokens` are the content tokens its scenario writes; `lookups` the steps
 * that exported as observations only (their result is not a kernel's answer).
 */
export function decodeGuest(
  lines: readonly string[],
  tokens: readonly string[],
  lookups: readonly number[],
): GuestRun {
  let kernel = '';
  let mmioBase = 0;
  let complete = false;
  const results = new Map<number, RawResult>();
  const observed = new Map<number, RawObserve[]>();
  const kmsg = new Map<number, string[]>();
  for (const line of lines) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(t);
    } catch {
      continue; // a line the console cut or mixed with a kernel message
    }
    if (j.ptlab === 'start') {
      kernel = String(j.kernel);
      mmioBase = Number(BigInt(String(j.mmio)));
    } else if (j.ptlab === 'end') complete = true;
    else if (typeof j.step === 'number') {
      if (Array.isArray(j.kmsg)) kmsg.set(j.step, j.kmsg.map(String));
      else if (j.rss) observed.set(j.step, [...(observed.get(j.step) ?? []), j as unknown as RawObserve]);
      else if (typeof j.result === 'string') results.set(j.step, j as unknown as RawResult);
    }
  }
  // RSS counts beyond what each process held before the first step; a fork's child starts from its
  // parent's, which is what every process held at step 0 (the same program, before any scenario step).
  const bases = new Map((observed.get(0) ?? []).map((o) => [o.proc, o.rss]));
  const firstBase = observed.get(0)?.[0]?.rss;
  const steps: StepView[] = [];
  const last = Math.max(0, ...observed.keys(), ...results.keys());
  for (let i = 0; i <= last; i++) {
    const r = results.get(i);
    const procs: Record<string, ProcView> = {};
    for (const o of observed.get(i) ?? []) {
      const base = bases.get(o.proc) ?? firstBase;
      const pages: Record<string, PageView> = {};
      for (const p of o.pages) pages[p.addr] = pageView(p, tokens);
      procs[o.proc] = {
        rssAnon: base ? (o.rss.anon - base.anon) / 4 : null,
        rssFile: base ? (o.rss.file - base.file) / 4 : null,
        pages,
      };
    }
    const reports = kmsg.get(i);
    steps.push({
      step: i,
      op: r?.op ?? 'init',
      proc: r?.proc ?? '',
      result: i === 0 || lookups.includes(i) || !r ? null : normalResult(r.result),
      value: r?.value !== undefined && r.result === '0' ? wordName(BigInt(r.value), tokens) : null,
      procs,
      reports: reports
        ? [...new Set(reports.flatMap((l) => reportKind(l) ?? []))].sort()
        : i === 0
          ? []
          : null,
    });
  }
  return { kernel, mmioBase, steps, complete };
}
