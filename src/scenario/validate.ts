import type { core } from 'zod/mini';
import { parseNum } from '../model/units';
import { parseJson } from './json';
import { remapWork } from './limits';
import { variantsOfSpec } from './narration/when';
import { LIMITS, type Scenario, ScenarioSchema } from './schema';
import { nearestOf } from './spelling';

export interface Problem {
  /** JSON path, e.g. "$.steps[3].addr". */
  path: string;
  message: string;
}

export type Validation = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path)
    s +=
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(p))
          ? `.${String(p)}`
          : `[${JSON.stringify(String(p))}]`;
  return s;
}

/** No paging mode has addresses at or above 2^57 (5-level paging's 57-bit virtual address space). */
const MAX_ADDR = 2n ** 57n;
/** x86-64's 52-bit physical addresses (MAX_PHYSMEM_BITS with 5-level paging): pfns below 2^40. */
const MAX_PFN = 2n ** 40n;
/** A file offset in bytes: /dev/mem's is a physical address, so 52 bits; vm_pgoff then fits in 40. */
const MAX_OFFSET = 2n ** 52n;
/** x86-64 __swp_entry() keeps 50 bits of swap offset (bits 9-58 of the PTE, inverted). */
const MAX_SWAP_OFFSET = 2n ** 50n;

const PROT_FLAGS = { read: 'READ', write: 'WRITE', exec: 'EXEC' } as const;

/**
 * mmap fields that the backing makes the model ignore, refused by name (no input is silently ignored):
 * - `offset` of anonymous memory: do_mmap() sets vm_pgoff to addr >> PAGE_SHIFT (private) or 0 (shared);
 * - `offset`, and `prot` or a given `shared` that disagree with the flags, of a raw VMA, whose flags and
 *   pgoff are given whole.
 */
function unusedMmapFields(
  st: Extract<Scenario['steps'][number], { op: 'mmap' }>,
  base: string,
  given: Record<string, unknown> | undefined,
): Problem[] {
  const out: Problem[] = [];
  const b = st.backing;
  const offset = parseNum(st.offset) ?? 0n;
  if (b.type === 'anon' && offset !== 0n)
    out.push({
      path: `${base}.offset`,
      message:
        'op "mmap" does not use an offset for anonymous memory: do_mmap() sets vm_pgoff from the address (MAP_PRIVATE) or to 0 (MAP_SHARED)',
    });
  if (b.type === 'raw') {
    if (offset !== 0n)
      out.push({
        path: `${base}.offset`,
        message: 'op "mmap" with a raw backing takes vm_pgoff from backing.pgoff, not from offset',
      });
    const want = (['read', 'write', 'exec'] as const).filter((p) => b.flags.includes(PROT_FLAGS[p]));
    if (want.join() !== (['read', 'write', 'exec'] as const).filter((p) => st.prot.includes(p)).join())
      out.push({
        path: `${base}.prot`,
        message: `op "mmap" with a raw backing takes the VMA's flags whole: prot must say what backing.flags say (${JSON.stringify(want)})`,
      });
    if (given && 'shared' in given && st.shared !== b.flags.includes('SHARED'))
      out.push({
        path: `${base}.shared`,
        message: `op "mmap" with a raw backing takes the VMA's flags whole: shared must be ${b.flags.includes('SHARED')}, as SHARED is ${b.flags.includes('SHARED') ? '' : 'not '}in backing.flags`,
      });
  }
  return out;
}

/** Parses and checks a scenario: schema, then the cross-field rules. Every problem is listed. */
export function validateScenario(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '$', message: 'a scenario is a JSON object' }] };
  }
  const r = ScenarioSchema.safeParse(input, {
    error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? 'required' : undefined),
  });
  if (!r.success) return { ok: false, problems: zodProblems(r.error, input) };
  const s = r.data;
  const problems: Problem[] = [];
  const names = new Set<string>();
  s.processes.forEach((p, i) => {
    if (names.has(p.name))
      problems.push({ path: `$.processes[${i}].name`, message: `process "${p.name}" is declared twice` });
    names.add(p.name);
  });
  const checkNum = (path: string, v: unknown, max: bigint, what: string) => {
    const n = parseNum(v);
    if (n === undefined) problems.push({ path, message: `not a number: ${JSON.stringify(v)}` });
    else if (n >= max)
      problems.push({
        path,
        message: `${what} ${`0x${n.toString(16)}`} is out of range (limit 0x${max.toString(16)})`,
      });
  };
  s.memory.ranges?.forEach((rg, i) => {
    checkNum(`$.memory.ranges[${i}].start`, rg.start, MAX_PFN, 'pfn');
    checkNum(`$.memory.ranges[${i}].end`, rg.end, MAX_PFN + 1n, 'pfn');
    const a = parseNum(rg.start);
    const b = parseNum(rg.end);
    if (a !== undefined && b !== undefined && b <= a)
      problems.push({ path: `$.memory.ranges[${i}]`, message: 'end must be greater than start' });
  });
  s.memory.folios.forEach((f, i) => {
    checkNum(`$.memory.folios[${i}].pfn`, f.pfn, MAX_PFN, 'pfn');
    const p = parseNum(f.pfn);
    if (p !== undefined && p % (1n << BigInt(f.order)) !== 0n)
      problems.push({
        path: `$.memory.folios[${i}].pfn`,
        message: `a folio of order ${f.order} must start at a multiple of ${2 ** f.order}`,
      });
  });
  for (const k of ['zeroPfn', 'hugeZeroPfn', 'highestMemmapPfn', 'allocStart'] as const) {
    const v = s.memory[k];
    if (v !== undefined) checkNum(`$.memory.${k}`, v, MAX_PFN, 'pfn');
  }
  const zp = s.memory.zeroPages;
  if (zp !== undefined && (zp & (zp - 1)) !== 0)
    problems.push({
      path: '$.memory.zeroPages',
      message: 'the coloured zero pages are one block of 2^order pages: give a power of two (1, 2, 4, … 128)',
    });
  const hz = parseNum(s.memory.hugeZeroPfn ?? 0);
  if (hz !== undefined && hz % 512n !== 0n)
    problems.push({
      path: '$.memory.hugeZeroPfn',
      message: 'the huge zero folio is PMD-sized: its pfn must be a multiple of 512',
    });

  const known = new Set(names);
  const first = s.processes[0]?.name;
  s.steps.forEach((st, i) => {
    const base = `$.steps[${i}]`;
    if ('proc' in st && st.proc !== undefined && !known.has(st.proc)) {
      problems.push({
        path: `${base}.proc`,
        message: `no process "${st.proc}" at this step (declared: ${[...known].join(', ')})`,
      });
    }
    if (st.op === 'fork') {
      if (known.has(st.child))
        problems.push({ path: `${base}.child`, message: `process "${st.child}" already exists` });
      known.add(st.child);
      // A forked process counts against the limit like a declared one (said once, at the first fork over).
      if (known.size === LIMITS.processes + 1)
        problems.push({
          path: `${base}`,
          message: `this fork makes ${known.size} processes; the limit is ${LIMITS.processes}`,
        });
    }
    if (st.op === 'mmap') {
      checkNum(`${base}.offset`, st.offset, MAX_OFFSET, 'file offset');
      problems.push(...unusedMmapFields(st, base, objectAt(input, ['steps', i])));
      const b = st.backing;
      if (b.type === 'pfnmap-driver' || b.type === 'mixedmap-driver')
        checkNum(`${base}.backing.pfnBase`, b.pfnBase, MAX_PFN, 'pfn');
      if (b.type === 'gntdev')
        b.pages.forEach((p, j) => {
          if (p !== null) checkNum(`${base}.backing.pages[${j}]`, p, MAX_PFN, 'pfn');
        });
      if (b.type === 'raw') {
        checkNum(`${base}.backing.pgoff`, b.pgoff, MAX_PFN, 'vm_pgoff');
        b.findPage?.forEach((p, j) => {
          if (p !== null) checkNum(`${base}.backing.findPage[${j}]`, p, MAX_PFN, 'pfn');
        });
      }
    }
    if (st.op === 'inject') {
      const e = st.entry;
      if (e.type === 'leaf') checkNum(`${base}.entry.pfn`, e.pfn, MAX_PFN, 'pfn');
      else if (e.type !== 'none') checkNum(`${base}.entry.offset`, e.offset, MAX_SWAP_OFFSET, 'swap offset');
    }
    if ('addr' in st) checkNum(`${base}.addr`, st.addr, MAX_ADDR, 'address');
    if ('pfn' in st) checkNum(`${base}.pfn`, st.pfn, MAX_PFN, 'pfn');
    if ('length' in st) checkNum(`${base}.length`, st.length, BigInt(LIMITS.mapBytes) + 1n, 'length');
    if (st.op === 'write' && st.allocPfn !== undefined)
      checkNum(`${base}.allocPfn`, st.allocPfn, MAX_PFN, 'pfn');
    if (st.op === 'vmf_insert_folio_pmd' && st.folio !== 'huge_zero')
      checkNum(`${base}.folio`, st.folio, MAX_PFN, 'pfn');
  });
  void first;
  // Narration: one entry per existing step, known variants and ranges, one "otherwise" per list.
  const narrated = new Map<number, string[]>();
  s.narration?.forEach((n, i) => {
    const base = `$.narration[${i}]`;
    if (!s.steps[n.step - 1]) {
      problems.push({
        path: `${base}.step`,
        message: `there is no step ${n.step} (${s.steps.length} steps)`,
      });
      return;
    }
    if (narrated.has(n.step))
      problems.push({ path: `${base}.step`, message: `step ${n.step} has a narration entry already` });
    const lists: [string, typeof n.clauses][] = [[`${base}.clauses`, n.clauses]];
    if (typeof n.learner !== 'string') lists.push([`${base}.learner`, n.learner]);
    const texts = typeof n.learner === 'string' ? [n.learner] : [];
    for (const [path, list] of lists) {
      if (list.filter((c) => c.when === 'otherwise').length > 1)
        problems.push({ path, message: 'at most one clause of a list may be "otherwise"' });
      list.forEach((c, j) => {
        texts.push(c.text);
        if (typeof c.when !== 'object') return;
        const specs = Array.isArray(c.when) ? c.when : [c.when];
        specs.forEach((spec, m) => {
          const at = Array.isArray(c.when) ? `${path}[${j}].when[${m}]` : `${path}[${j}].when`;
          spec.variants?.forEach((v, k) => {
            const r = variantsOfSpec(v);
            if (typeof r === 'string') problems.push({ path: `${at}.variants[${k}]`, message: r });
          });
        });
      });
    }
    narrated.set(n.step, texts);
  });
  // A context entry names functions that the step's note or narration names: a stale entry is a mistake.
  const contextSteps = new Set<number>();
  s.context?.forEach((c, i) => {
    const base = `$.context[${i}]`;
    const st = s.steps[c.step - 1];
    if (!st) {
      problems.push({
        path: `${base}.step`,
        message: `there is no step ${c.step} (${s.steps.length} steps)`,
      });
      return;
    }
    if (contextSteps.has(c.step))
      problems.push({ path: `${base}.step`, message: `step ${c.step} has a context entry already` });
    contextSteps.add(c.step);
    const told = [st.note ?? '', ...(narrated.get(c.step) ?? [])];
    c.functions.forEach((fn, j) => {
      if (!told.some((t) => t.includes(`${fn}(`)))
        problems.push({
          path: `${base}.functions[${j}]`,
          message: `step ${c.step}'s note does not name ${fn}()`,
        });
    });
  });
  // Work bounds, checked before anything runs: remap_pfn_range() (and /dev/mem mmap) fills PTE tables,
  // and every later fork copies what exists by then.
  const work = remapWork(s.steps.map(remapPages));
  const over = work.findIndex((n) => n > LIMITS.pmdTables);
  if (over >= 0) {
    problems.push({
      path: `$.steps[${over}]`,
      message: `by this step remap_pfn_range and the copies fork makes would fill about ${(work[over] as number).toLocaleString('en')} PMD tables' worth of PTE tables (1 GiB of PTEs each); the limit is ${LIMITS.pmdTables.toLocaleString('en')}`,
    });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, scenario: s };
}

function zodProblems(err: core.$ZodError, input: unknown): Problem[] {
  const out: Problem[] = [];
  for (const iss of err.issues) {
    if (iss.code === 'unrecognized_keys') {
      // A field the operation (or backing, or entry) does not take, or one the format does not have at
      // all: refused by name, never dropped.
      const owner = objectAt(input, iss.path);
      for (const key of iss.keys)
        out.push({
          path: jsonPath([...iss.path, key]),
          message:
            iss.path[0] === 'steps'
              ? notAField(key, iss.path, owner)
              : `"${key.slice(0, 40)}" is not a field of the scenario format here: ptlab would not use it (docs/scenario-format.md)`,
        });
      continue;
    }
    if (iss.code === 'invalid_union' && 'options' in iss && Array.isArray(iss.options)) {
      out.push({ path: jsonPath(iss.path), message: unknownTag(iss.options.map(String), iss.path, input) });
      continue;
    }
    // Unions report each arm; for a discriminated union zod already picks the arm by its tag.
    out.push({ path: jsonPath(iss.path), message: iss.message });
  }
  return out;
}

/**
 * A tag (an op, a backing or entry type) that names no arm of its union. zod lists every option, which for
 * the operations runs past a readable line; say what was given, the nearest option when it looks like a
 * typo, and the options themselves only while they are few.
 */
function unknownTag(options: readonly string[], path: readonly PropertyKey[], input: unknown): string {
  const key = String(path[path.length - 1] ?? 'tag');
  const given = objectAt(input, path.slice(0, -1))?.[key];
  const shown =
    typeof given === 'string' ? JSON.stringify(given.slice(0, 40)) : (JSON.stringify(given) ?? 'nothing');
  const near = typeof given === 'string' ? nearestOf(given, options) : undefined;
  const list =
    options.length <= 10
      ? `one of ${options.join(', ')}`
      : `one of the ${options.length} listed in docs/scenario-format.md (${options.slice(0, 3).join(', ')}, …)`;
  return `${shown.slice(0, 60)}: no such ${key}${near ? `; did you mean "${near}"?` : '.'} Expected ${list}`;
}

function objectAt(input: unknown, path: readonly PropertyKey[]): Record<string, unknown> | undefined {
  let at: unknown = input;
  for (const k of path)
    at = at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[k] : undefined;
  return at && typeof at === 'object' ? (at as Record<string, unknown>) : undefined;
}

/** "x" is not a field of op "read": named with the op (or the backing's or entry's type) it was given to. */
function notAField(
  key: string,
  path: readonly PropertyKey[],
  owner: Record<string, unknown> | undefined,
): string {
  const last = path[path.length - 1];
  const tag = (k: string) => (typeof owner?.[k] === 'string' ? JSON.stringify(owner[k]) : 'this');
  if (typeof last === 'number' && path[path.length - 2] === 'steps')
    return `"${key}" is not a field of op ${tag('op')}: the operation would not use it`;
  return `"${key}" is not a field of ${String(last)} type ${tag('type')}: it would not be used`;
}

/** Parses JSON text; a syntax error is a problem at "$". */
export function parseScenarioText(text: string): Validation {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problems: [{ path: '$', message: parsed.message }] };
  return validateScenario(parsed.value);
}

/** What one step asks of remap_pfn_range() and fork (limits.ts remapWork()). */
export function remapPages(st: Scenario['steps'][number]): { pages: number; fork: boolean } {
  const remaps = st.op === 'remap_pfn_range' || (st.op === 'mmap' && st.backing.type === 'devmem');
  return { pages: remaps ? Number((parseNum(st.length) ?? 0n) / 4096n) : 0, fork: st.op === 'fork' };
}
