/**
 * Which kernels a sentence of a story holds for. A story's narration (docs/scenario-format.md, "Narration")
 * tags each clause with the variants and configuration options it is true for; the page shows the clauses
 * that hold for the kernel the reader chose and folds the others. Pure: no zod, no run.
 */
import type { MachineConfig } from '../../model/config';
import { VARIANT_IDS, type VariantId } from '../../model/variants';

/** The configuration options a clause may be conditioned on: the boolean Kconfig options and knobs. */
export const CONDITION_KEYS = [
  'pteSpecial',
  'pmdPfnmap',
  'pudPfnmap',
  'debugVm',
  'thp',
  'useZeroPage',
  'findNormalPage',
  'thpAllocSucceeds',
] as const satisfies readonly (keyof MachineConfig)[];
export type ConditionKey = (typeof CONDITION_KEYS)[number];

/**
 * The kernels a clause holds for: the variants it names (ids or ranges such as "rfc-01..rfc-10", in the
 * order of VARIANT_IDS; every variant when absent) and the options it needs (any value when absent).
 */
export type WhenSpec = { readonly variants?: readonly string[] } & {
  readonly [K in ConditionKey]?: boolean;
};
/**
 * A clause without `when` holds for every kernel; a list of specs holds where any of them does; "otherwise"
 * holds where no other conditioned clause of its list does.
 */
export type When = WhenSpec | readonly WhenSpec[] | 'otherwise';

export interface Clause {
  readonly when?: When;
  readonly text: string;
}

/** A step's narration: one line in plain words and the reviewer's detail, each tagged by kernel. */
export interface StepNarration {
  /** The step, counted from 1. */
  readonly step: number;
  /** What happened to memory and why it matters, in plain words: for every kernel, or clause by clause. */
  readonly learner: string | readonly Clause[];
  /** Functions, branches and patches, clause by clause. */
  readonly clauses: readonly Clause[];
}

/** The kernel a reader looks at: a variant and its effective configuration. */
export interface Kernel {
  readonly variant: VariantId;
  readonly config: Pick<MachineConfig, ConditionKey>;
}

const RANGE = '..';

/** The variants one entry of `variants` names, or an error message. */
export function variantsOfSpec(spec: string): VariantId[] | string {
  const parts = spec.split(RANGE);
  if (parts.length > 2) return `"${spec}" is not a variant or a range "first..last"`;
  const idx = parts.map((p) => VARIANT_IDS.indexOf(p as VariantId));
  const bad = parts.find((_, i) => (idx[i] as number) < 0);
  if (bad !== undefined) return `unknown variant "${bad}" (known: ${VARIANT_IDS.join(', ')})`;
  const [a, b = a] = idx as [number, number?];
  if ((b as number) < a) return `the range "${spec}" runs backwards: ${parts[1]} comes before ${parts[0]}`;
  return VARIANT_IDS.slice(a, (b as number) + 1) as VariantId[];
}

/** Every variant a `variants` list names (unknown entries are left out: validation reports them). */
export function variantSet(specs: readonly string[] | undefined): Set<VariantId> {
  if (!specs) return new Set(VARIANT_IDS);
  const out = new Set<VariantId>();
  for (const s of specs) {
    const v = variantsOfSpec(s);
    if (typeof v !== 'string') for (const id of v) out.add(id);
  }
  return out;
}

function specHolds(w: WhenSpec, k: Kernel): boolean {
  if (w.variants && !variantSet(w.variants).has(k.variant)) return false;
  return CONDITION_KEYS.every((key) => w[key] === undefined || w[key] === k.config[key]);
}

/** The specs of a condition: one, or the list of which any may hold. */
export function specsOf(w: WhenSpec | readonly WhenSpec[]): readonly WhenSpec[] {
  return Array.isArray(w) ? w : [w as WhenSpec];
}

function conditionHolds(w: WhenSpec | readonly WhenSpec[], k: Kernel): boolean {
  return specsOf(w).some((s) => specHolds(s, k));
}

/** Whether a clause holds for a kernel; "otherwise" is read against the other clauses of its list. */
export function holds(c: Clause, k: Kernel, siblings: readonly Clause[]): boolean {
  if (c.when === undefined) return true;
  if (c.when === 'otherwise')
    return !siblings.some((o) => o !== c && typeof o.when === 'object' && conditionHolds(o.when, k));
  return conditionHolds(c.when, k);
}

/** The clauses that hold for the kernel, in their order, and the others. */
export function clausesFor(
  clauses: string | readonly Clause[],
  k: Kernel,
): { here: readonly Clause[]; other: readonly Clause[] } {
  if (typeof clauses === 'string') return { here: [{ text: clauses }], other: [] };
  const here: Clause[] = [];
  const other: Clause[] = [];
  for (const c of clauses) (holds(c, k, clauses) ? here : other).push(c);
  return { here, other };
}

/** The text a step's record carries for one run (the trace file the page exports): the detail that holds. */
export function narrationText(n: StepNarration, k: Kernel): string | undefined {
  const detail = clausesFor(n.clauses, k).here;
  const use = detail.length ? detail : clausesFor(n.learner, k).here;
  return use.length ? use.map((c) => c.text).join(' ') : undefined;
}

// ---- labels -------------------------------------------------------------------------------------------

function variantName(v: VariantId): string {
  const m = /^rfc-(\d\d)$/.exec(v);
  return m ? `RFC ${m[1]}` : v;
}

/** "baseline, v6.17, RFC 01-10 and v6.18": the variants in order, runs of RFC patches as ranges. */
export function variantsLabel(set: ReadonlySet<VariantId>): string {
  const ids = VARIANT_IDS.filter((v) => set.has(v));
  if (ids.length === VARIANT_IDS.length) return 'every variant';
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    const v = ids[i] as VariantId;
    let j = i;
    if (v.startsWith('rfc-'))
      while (
        j + 1 < ids.length &&
        (ids[j + 1] as string).startsWith('rfc-') &&
        VARIANT_IDS.indexOf(ids[j + 1] as VariantId) === VARIANT_IDS.indexOf(ids[j] as VariantId) + 1
      )
        j++;
    parts.push(j > i ? `RFC ${v.slice(4)}-${(ids[j] as string).slice(4)}` : variantName(v));
    i = j + 1;
  }
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
    : (parts[0] ?? 'no variant');
}

const CONDITION_WORDS: Record<ConditionKey, [yes: string, no: string]> = {
  pteSpecial: ['with pte_special', 'without pte_special'],
  pmdPfnmap: ['with a PMD special bit', 'without a PMD special bit'],
  pudPfnmap: ['with a PUD special bit', 'without a PUD special bit'],
  debugVm: ['with CONFIG_DEBUG_VM', 'without CONFIG_DEBUG_VM'],
  thp: ['with THP', 'without THP'],
  useZeroPage: ['with use_zero_page', 'without use_zero_page'],
  findNormalPage: ['with CONFIG_FIND_NORMAL_PAGE', 'without CONFIG_FIND_NORMAL_PAGE'],
  thpAllocSucceeds: ['when the THP allocation succeeds', 'when the THP allocation fails'],
};

/** The kernels a clause holds for, in words: "Baseline, RFC 01-10 and v6.18, without pte_special". */
export function whenLabel(w: When | undefined): string {
  if (w === undefined) return 'Every kernel';
  if (w === 'otherwise') return 'Every other kernel';
  const s = specsOf(w).map(specLabel).join('; or ');
  // "Baseline, …", "Every variant, …"; a version stays as written ("v6.18, …", "mm-2026").
  return /^(baseline|every)/.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function specLabel(w: WhenSpec): string {
  const conds = CONDITION_KEYS.filter((k) => w[k] !== undefined).map((k) => CONDITION_WORDS[k][w[k] ? 0 : 1]);
  const vs = w.variants ? variantsLabel(variantSet(w.variants)) : 'every variant';
  return conds.length ? `${vs}, ${conds.join(', ')}` : vs;
}

/** The kernel in words, for "this kernel": "v6.18, without pte_special". */
export function kernelLabel(k: Kernel): string {
  const bits = [CONDITION_WORDS.pteSpecial[k.config.pteSpecial ? 0 : 1]];
  // Only where it differs from what pte_special suggests: x86-32 has the PTE bit but no PMD one.
  if (k.config.pteSpecial && !k.config.pmdPfnmap) bits.push(CONDITION_WORDS.pmdPfnmap[1]);
  return `${variantName(k.variant)}, ${bits.join(', ')}`;
}
