/**
 * The scenario format: plain JSON, the single source of truth that the worker, the CLI, share links and the
 * tests all speak. docs/scenario.schema.json is generated from these zod schemas (`npm run schema`).
 *
 * Written with zod/mini, zod 4's functional API over the same core as the classic one: a schema carries no
 * methods, so the bundles keep only the checks used here (the classic API's every method and its JSON Schema
 * hooks came with any schema). Each `.check(...)` lists the checks in the order the classic chain had them,
 * as the order of the issues a value gets follows it.
 */
import { z } from 'zod/mini';
import { ARCH_PRESETS } from '../model/config';
import { VARIANT_IDS } from '../model/variants';
import { VM_FLAG_NAMES } from '../model/vma';
import { LIMITS } from './limits';
import { CONDITION_KEYS, type ConditionKey } from './narration/when';

// Done by the classic API on its first schema, left to the caller by zod/mini: zod's English messages (the
// ones validate.ts passes on) and the memoizer its containers parse with. Before any schema is made.
z.config(z.locales.en());
z.config({ memoizer: z.memoizer() });

export const SCENARIO_VERSION = 1;

// LIMITS has no zod in it: it lives in limits.ts so the page's editor can check bounds without bundling zod.
export { LIMITS } from './limits';

/**
 * What a number field takes, said with an example rather than the grammar: the page lists it beside the
 * field's name ("Step 2 › addr: …"), where an example reads faster than "decimal or 0x-hex".
 */
export const NUM_EXPECTED = 'expected a number such as 0x40000000 or 4096';

/** A non-negative integer given as a JSON number or as a decimal or 0x-hex string. */
export const Num = z
  .union(
    [
      z
        .number()
        .check(
          z.int('expected a whole number'),
          z.nonnegative('must not be negative'),
          z.lte(Number.MAX_SAFE_INTEGER, 'too large for a JSON number: write it as a 0x-hex string'),
        ),
      z
        .string()
        .check(
          z.maxLength(40, 'too long for a number'),
          z.regex(/^\s*(0x_*[0-9a-fA-F][0-9a-fA-F_]*|_*[0-9][0-9_]*)\s*$/, NUM_EXPECTED),
        ),
    ],
    {
      error: (iss) =>
        iss.input === undefined
          ? 'required'
          : `${NUM_EXPECTED} (a JSON number or a string), got ${JSON.stringify(iss.input)?.slice(0, 40)}`,
    },
  )
  .register(z.globalRegistry, {
    description: 'a non-negative integer: a JSON number, or a string in decimal or 0x-hex',
  });

/** A boolean that is false unless given. */
const flag = (d = false) => z._default(z.boolean(), d);
/** A string of at most `n` characters. */
const str = (n: number) => z.string().check(z.maxLength(n));
/** An integer in [min, max]. */
const int = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

const Text = str(LIMITS.textLength);
const ProcName = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'));
const fileName = () => z.string().check(z.minLength(1), z.maxLength(256));

const common = {
  /** Process the operation runs in; defaults to the first process. */
  proc: z.optional(ProcName),
  /**
   * What this step shows, in a sentence or three, for every kernel. A story that says different things for
   * different kernels uses the scenario's `narration` instead.
   */
  note: z.optional(Text),
};

export const Prot = z.array(z.enum(['read', 'write', 'exec'])).check(z.maxLength(3));

const numOrNullList = () => z.array(z.union([Num, z.null()])).check(z.maxLength(4096));

export const BackingSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('anon') }),
  z.strictObject({
    type: z.literal('devmem'),
    /** Open mode of /dev/mem; a MAP_SHARED mapping of an O_RDONLY fd is not a CoW mapping. */
    openMode: z._default(z.enum(['rdonly', 'rdwr']), 'rdwr'),
  }),
  z.strictObject({ type: z.literal('file'), file: fileName() }),
  z.strictObject({ type: z.literal('dax'), file: fileName() }),
  z.strictObject({
    type: z.literal('pfnmap-driver'),
    pfnBase: Num,
    fault: z._default(z.enum(['pte', 'pmd', 'pud', 'none']), 'pte'),
  }),
  z.strictObject({ type: z.literal('mixedmap-driver'), pfnBase: Num }),
  z.strictObject({ type: z.literal('gntdev'), pages: numOrNullList() }),
  z.strictObject({
    type: z.literal('raw'),
    flags: z.array(z.enum(VM_FLAG_NAMES as [string, ...string[]])).check(z.maxLength(32)),
    pgoff: z._default(Num, 0),
    findPage: z.optional(numOrNullList()),
  }),
]);

const LeafLevel = z.enum(['pte', 'pmd', 'pud']);

export const InjectEntry = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('leaf'),
    pfn: Num,
    special: flag(),
    write: flag(),
    dirty: flag(),
    young: flag(),
  }),
  z.strictObject({
    type: z.enum(['swap', 'migration', 'marker']),
    offset: z._default(Num, 0),
    write: flag(),
  }),
  z.strictObject({ type: z.literal('none') }),
]);

export const Step = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('mmap'),
    ...common,
    addr: Num,
    length: Num,
    prot: Prot,
    shared: flag(),
    backing: BackingSpec,
    /** File offset in bytes; for /dev/mem the physical address (mmap's offset argument). */
    offset: z._default(Num, 0),
    /** madvise(MADV_HUGEPAGE) right after the mmap. */
    hugepage: flag(),
    name: z.optional(str(64)),
  }),
  z.strictObject({ op: z.literal('remap_pfn_range'), ...common, addr: Num, pfn: Num, length: Num }),
  z.strictObject({ op: z.literal('vmf_insert_pfn'), ...common, addr: Num, pfn: Num }),
  z.strictObject({ op: z.literal('vmf_insert_pfn_pmd'), ...common, addr: Num, pfn: Num, write: flag() }),
  z.strictObject({ op: z.literal('vmf_insert_pfn_pud'), ...common, addr: Num, pfn: Num, write: flag() }),
  z.strictObject({ op: z.literal('vmf_insert_mixed'), ...common, addr: Num, pfn: Num, mkwrite: flag() }),
  z.strictObject({
    op: z.literal('vmf_insert_page_mkwrite'),
    ...common,
    addr: Num,
    pfn: Num,
    write: flag(true),
  }),
  z.strictObject({
    op: z.literal('vmf_insert_folio_pmd'),
    ...common,
    addr: Num,
    /** Head pfn of a PMD-order folio, or "huge_zero" for the huge zero folio. */
    folio: z.union([Num, z.literal('huge_zero')]),
    write: flag(),
  }),
  z.strictObject({ op: z.literal('read'), ...common, addr: Num }),
  z.strictObject({
    op: z.literal('write'),
    ...common,
    addr: Num,
    /** Content token stored into the page. */
    value: z.optional(str(64)),
    /** Make the page allocator hand out this pfn for the next allocation (the /dev/mem hazard). */
    allocPfn: z.optional(Num),
  }),
  z.strictObject({ op: z.literal('fork'), ...common, child: ProcName }),
  z.strictObject({ op: z.literal('munmap'), ...common, addr: Num, length: Num }),
  z.strictObject({ op: z.literal('mprotect'), ...common, addr: Num, length: Num, prot: Prot }),
  /** madvise(2) of [addr, addr + length) with one of the advices ptlab models. */
  z.strictObject({
    op: z.literal('madvise'),
    ...common,
    addr: Num,
    length: Num,
    advice: z.enum(['dontneed', 'hugepage', 'nohugepage', 'collapse']),
  }),
  /**
   * mremap(2) of [addr, addr + oldLength) to newLength. newAddr is MREMAP_FIXED's target or
   * MREMAP_DONTUNMAP's hint; for a move whose address the kernel chooses, it stands for that address.
   */
  z.strictObject({
    op: z.literal('mremap'),
    ...common,
    addr: Num,
    oldLength: Num,
    newLength: Num,
    flags: z._default(z.array(z.enum(['maymove', 'fixed', 'dontunmap'])).check(z.maxLength(3)), []),
    newAddr: z.optional(Num),
  }),
  z.strictObject({
    op: z.literal('folio_walk_start'),
    ...common,
    addr: Num,
    flags: z._default(z.array(z.enum(['zeropage', 'migration'])).check(z.maxLength(2)), []),
  }),
  z.strictObject({ op: z.literal('inject'), ...common, addr: Num, level: LeafLevel, entry: InjectEntry }),
  z.strictObject({
    op: z.literal('query'),
    ...common,
    addr: Num,
    fn: z.enum([
      'vm_normal_page',
      'vm_normal_page_pmd',
      'vm_normal_page_pud',
      'vm_normal_folio',
      'vm_normal_folio_pmd',
    ]),
  }),
  z.strictObject({ op: z.literal('dax_pmd_load_hole'), ...common, addr: Num }),
  z.strictObject({
    op: z.literal('pin_user_pages'),
    ...common,
    addr: Num,
    /** nr_pages: how many pages from addr. */
    nrPages: int(0, LIMITS.pinPages),
    /** FOLL_WRITE */
    write: flag(),
    /** FOLL_LONGTERM */
    longterm: flag(),
  }),
  /** unpin_user_pages() of the pages the latest pin_user_pages() of this process at addr returned. */
  z.strictObject({ op: z.literal('unpin_user_pages'), ...common, addr: Num }),
  z.strictObject({
    op: z.literal('tick'),
    note: z.optional(Text),
    seconds: z.number().check(z.nonnegative(), z.lte(1e6)),
  }),
  /** Reclaim runs the huge zero folio's shrinker once (kswapd under memory pressure, or drop_caches). */
  z.strictObject({ op: z.literal('shrink'), note: z.optional(Text) }),
  z.strictObject({ op: z.literal('exit'), ...common }),
]);

const FolioSpec = z.strictObject({
  pfn: Num,
  order: z._default(int(0, 18), 0),
  kind: z.enum(['anon', 'file', 'slab', 'kernel']),
  content: z.optional(str(64)),
  owner: z.optional(str(64)),
  refcount: z.optional(int(0, 1e9)),
  mapcount: z.optional(int(0, 1e9)),
});

export const MemorySpec = z.strictObject({
  /** Physical ranges in pfns, end exclusive. Default: RAM 0x0-0x80000 (2 GiB), MMIO 0xfe000-0x100000. */
  ranges: z.optional(
    z
      .array(
        z.strictObject({
          start: Num,
          end: Num,
          type: z.enum(['ram', 'device', 'hole']),
          name: z.optional(str(64)),
        }),
      )
      .check(z.maxLength(LIMITS.ranges)),
  ),
  zeroPfn: z.optional(Num),
  /**
   * Coloured zero pages (__HAVE_COLOR_ZERO_PAGE, MIPS and s390): how many start at zeroPfn, a power of two
   * up to 128; my_zero_pfn(addr) picks one by the address. Default 1.
   */
  zeroPages: z.optional(int(1, 128)),
  hugeZeroPfn: z.optional(Num),
  /** highest_memmap_pfn; default: the last RAM pfn. */
  highestMemmapPfn: z.optional(Num),
  allocStart: z.optional(Num),
  folios: z._default(z.array(FolioSpec).check(z.maxLength(LIMITS.folios)), []),
});

/** Options on top of a preset: every one optional (z.partial keeps strictObject's refusal of other keys). */
const ConfigSpec = z.partial(
  z.strictObject({
    pteSpecial: z.boolean(),
    pmdPfnmap: z.boolean(),
    pudPfnmap: z.boolean(),
    debugVm: z.boolean(),
    thp: z.boolean(),
    useZeroPage: z.boolean(),
    findNormalPage: z.boolean(),
    pgtableLevels: z.union([z.literal(4), z.literal(5)]),
    thpAllocSucceeds: z.boolean(),
  }),
);

/** The kernels a clause holds for (src/scenario/narration/when.ts); variants and ranges are checked in validate.ts. */
export const WhenSpec = z.strictObject({
  /** Variant ids, or ranges "first..last" in the order of the variant list. */
  variants: z.optional(z.array(str(40)).check(z.minLength(1), z.maxLength(32))),
  ...(Object.fromEntries(CONDITION_KEYS.map((k) => [k, z.optional(z.boolean())])) as Record<
    ConditionKey,
    z.ZodMiniOptional<z.ZodMiniBoolean>
  >),
});

/** One condition, a list of conditions of which any may hold, or "otherwise". */
export const When = z.union([
  z.literal('otherwise'),
  WhenSpec,
  z.array(WhenSpec).check(z.minLength(1), z.maxLength(8)),
]);

/** One sentence or three of a step's narration, for the kernels `when` names (every kernel without it). */
export const Clause = z.strictObject({ when: z.optional(When), text: Text.check(z.minLength(1)) });

const clauses = () => z.array(Clause).check(z.minLength(1), z.maxLength(16));

/** A step's narration: a line in plain words and the reviewer's detail, each tagged by kernel. */
export const StepNarrationSpec = z.strictObject({
  /** The step, counted from 1. */
  step: int(1, LIMITS.steps),
  /** What happened to memory and why it matters, in plain words: one text, or clauses by kernel. */
  learner: z.union([Text.check(z.minLength(1)), clauses()]),
  /** Functions, branches and patches, by kernel. */
  clauses: clauses(),
});

export const ScenarioSchema = z.strictObject({
  version: z.literal(SCENARIO_VERSION),
  id: z.optional(str(64)),
  title: z.optional(Text),
  summary: z.optional(Text),
  tags: z.optional(z.array(str(32)).check(z.maxLength(16))),
  /** What the scenario illustrates: RFC patches and review messages. */
  references: z.optional(
    z
      .array(
        z.strictObject({
          /** RFC patch number, 1-14. */
          patch: z.optional(int(1, 14)),
          subject: z.optional(Text),
          author: z.optional(str(100)),
          /** YYYY-MM-DD */
          date: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'))),
          /** The mail's Message-ID; the page links it when it is one of the thread's (narration/thread.ts). */
          messageId: z.optional(str(200)),
          /** The merged commit, 12 to 40 hex digits; the page links it when it is in narration/thread.ts. */
          commit: z.optional(
            z.string().check(z.regex(/^[0-9a-f]{12,40}$/, 'a commit id: 12 to 40 lowercase hex digits')),
          ),
          note: z.optional(Text),
        }),
      )
      .check(z.maxLength(32)),
  ),
  kernel: z.strictObject({
    variant: z.enum(VARIANT_IDS),
    preset: z._default(z.enum(ARCH_PRESETS.map((p) => p.id) as [string, ...string[]]), 'x86-64'),
    /** Options on top of the preset. */
    config: z._default(ConfigSpec, {}),
  }),
  memory: z._default(MemorySpec, { folios: [] }),
  /**
   * Kernel functions a step's note names that the step's trace does not show in any variant: named for
   * contrast ("is not called"), for another path, or for what the model leaves out. The library's tests
   * require every other function a note names to appear in the step's trace.
   */
  context: z.optional(
    z
      .array(
        z.strictObject({
          /** The step, counted from 1. */
          step: int(1, LIMITS.steps),
          functions: z
            .array(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a function name, without "()"')))
            .check(z.minLength(1), z.maxLength(8)),
        }),
      )
      .check(z.maxLength(LIMITS.steps)),
  ),
  /**
   * Each step's narration, tagged clause by clause with the kernels it holds for (docs/scenario-format.md).
   * At most one entry per step; a step's `note` is its narration for every kernel when it has no entry.
   */
  narration: z.optional(z.array(StepNarrationSpec).check(z.maxLength(LIMITS.steps))),
  processes: z.array(z.strictObject({ name: ProcName })).check(z.minLength(1), z.maxLength(LIMITS.processes)),
  steps: z.array(Step).check(z.maxLength(LIMITS.steps)),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type StepSpec = z.output<typeof Step>;
export type StepOp = StepSpec['op'];

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input' });
}
