/**
 * The scenario format: plain JSON, the single source of truth that the worker, the CLI, share links and the
 * tests all speak. docs/scenario.schema.json is generated from these zod schemas (`npm run schema`).
 */
import { z } from 'zod';
import { ARCH_PRESETS } from '../model/config';
import { VARIANT_IDS } from '../model/variants';
import { VM_FLAG_NAMES } from '../model/vma';
import { LIMITS } from './limits';
import { CONDITION_KEYS, type ConditionKey } from './narration/when';

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
        .int('expected a whole number')
        .nonnegative('must not be negative')
        .max(Number.MAX_SAFE_INTEGER, 'too large for a JSON number: write it as a 0x-hex string'),
      z
        .string()
        .max(40, 'too long for a number')
        .regex(/^\s*(0x_*[0-9a-fA-F][0-9a-fA-F_]*|_*[0-9][0-9_]*)\s*$/, NUM_EXPECTED),
    ],
    {
      error: (iss) =>
        iss.input === undefined
          ? 'required'
          : `${NUM_EXPECTED} (a JSON number or a string), got ${JSON.stringify(iss.input)?.slice(0, 40)}`,
    },
  )
  .describe('a non-negative integer: a JSON number, or a string in decimal or 0x-hex');

const Text = z.string().max(LIMITS.textLength);
const ProcName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

const common = {
  /** Process the operation runs in; defaults to the first process. */
  proc: ProcName.optional(),
  /**
   * What this step shows, in a sentence or three, for every kernel. A story that says different things for
   * different kernels uses the scenario's `narration` instead.
   */
  note: Text.optional(),
};

export const Prot = z.array(z.enum(['read', 'write', 'exec'])).max(3);

export const BackingSpec = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('anon') }),
  z.strictObject({
    type: z.literal('devmem'),
    /** Open mode of /dev/mem; a MAP_SHARED mapping of an O_RDONLY fd is not a CoW mapping. */
    openMode: z.enum(['rdonly', 'rdwr']).default('rdwr'),
  }),
  z.strictObject({ type: z.literal('file'), file: z.string().min(1).max(256) }),
  z.strictObject({ type: z.literal('dax'), file: z.string().min(1).max(256) }),
  z.strictObject({
    type: z.literal('pfnmap-driver'),
    pfnBase: Num,
    fault: z.enum(['pte', 'pmd', 'pud', 'none']).default('pte'),
  }),
  z.strictObject({ type: z.literal('mixedmap-driver'), pfnBase: Num }),
  z.strictObject({ type: z.literal('gntdev'), pages: z.array(z.union([Num, z.null()])).max(4096) }),
  z.strictObject({
    type: z.literal('raw'),
    flags: z.array(z.enum(VM_FLAG_NAMES as [string, ...string[]])).max(32),
    pgoff: Num.default(0),
    findPage: z
      .array(z.union([Num, z.null()]))
      .max(4096)
      .optional(),
  }),
]);

const LeafLevel = z.enum(['pte', 'pmd', 'pud']);

export const InjectEntry = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('leaf'),
    pfn: Num,
    special: z.boolean().default(false),
    write: z.boolean().default(false),
    dirty: z.boolean().default(false),
    young: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.enum(['swap', 'migration', 'marker']),
    offset: Num.default(0),
    write: z.boolean().default(false),
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
    shared: z.boolean().default(false),
    backing: BackingSpec,
    /** File offset in bytes; for /dev/mem the physical address (mmap's offset argument). */
    offset: Num.default(0),
    /** madvise(MADV_HUGEPAGE) right after the mmap. */
    hugepage: z.boolean().default(false),
    name: z.string().max(64).optional(),
  }),
  z.strictObject({ op: z.literal('remap_pfn_range'), ...common, addr: Num, pfn: Num, length: Num }),
  z.strictObject({ op: z.literal('vmf_insert_pfn'), ...common, addr: Num, pfn: Num }),
  z.strictObject({
    op: z.literal('vmf_insert_pfn_pmd'),
    ...common,
    addr: Num,
    pfn: Num,
    write: z.boolean().default(false),
  }),
  z.strictObject({
    op: z.literal('vmf_insert_pfn_pud'),
    ...common,
    addr: Num,
    pfn: Num,
    write: z.boolean().default(false),
  }),
  z.strictObject({
    op: z.literal('vmf_insert_mixed'),
    ...common,
    addr: Num,
    pfn: Num,
    mkwrite: z.boolean().default(false),
  }),
  z.strictObject({
    op: z.literal('vmf_insert_page_mkwrite'),
    ...common,
    addr: Num,
    pfn: Num,
    write: z.boolean().default(true),
  }),
  z.strictObject({
    op: z.literal('vmf_insert_folio_pmd'),
    ...common,
    addr: Num,
    /** Head pfn of a PMD-order folio, or "huge_zero" for the huge zero folio. */
    folio: z.union([Num, z.literal('huge_zero')]),
    write: z.boolean().default(false),
  }),
  z.strictObject({ op: z.literal('read'), ...common, addr: Num }),
  z.strictObject({
    op: z.literal('write'),
    ...common,
    addr: Num,
    /** Content token stored into the page. */
    value: z.string().max(64).optional(),
    /** Make the page allocator hand out this pfn for the next allocation (the /dev/mem hazard). */
    allocPfn: Num.optional(),
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
    flags: z
      .array(z.enum(['maymove', 'fixed', 'dontunmap']))
      .max(3)
      .default([]),
    newAddr: Num.optional(),
  }),
  z.strictObject({
    op: z.literal('folio_walk_start'),
    ...common,
    addr: Num,
    flags: z
      .array(z.enum(['zeropage', 'migration']))
      .max(2)
      .default([]),
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
    nrPages: z.number().int().min(0).max(LIMITS.pinPages),
    /** FOLL_WRITE */
    write: z.boolean().default(false),
    /** FOLL_LONGTERM */
    longterm: z.boolean().default(false),
  }),
  /** unpin_user_pages() of the pages the latest pin_user_pages() of this process at addr returned. */
  z.strictObject({ op: z.literal('unpin_user_pages'), ...common, addr: Num }),
  z.strictObject({
    op: z.literal('tick'),
    note: Text.optional(),
    seconds: z.number().nonnegative().max(1e6),
  }),
  /** Reclaim runs the huge zero folio's shrinker once (kswapd under memory pressure, or drop_caches). */
  z.strictObject({ op: z.literal('shrink'), note: Text.optional() }),
  z.strictObject({ op: z.literal('exit'), ...common }),
]);

const FolioSpec = z.strictObject({
  pfn: Num,
  order: z.number().int().min(0).max(18).default(0),
  kind: z.enum(['anon', 'file', 'slab', 'kernel']),
  content: z.string().max(64).optional(),
  owner: z.string().max(64).optional(),
  refcount: z.number().int().min(0).max(1e9).optional(),
  mapcount: z.number().int().min(0).max(1e9).optional(),
});

export const MemorySpec = z.strictObject({
  /** Physical ranges in pfns, end exclusive. Default: RAM 0x0-0x80000 (2 GiB), MMIO 0xfe000-0x100000. */
  ranges: z
    .array(
      z.strictObject({
        start: Num,
        end: Num,
        type: z.enum(['ram', 'device', 'hole']),
        name: z.string().max(64).optional(),
      }),
    )
    .max(LIMITS.ranges)
    .optional(),
  zeroPfn: Num.optional(),
  /**
   * Coloured zero pages (__HAVE_COLOR_ZERO_PAGE, MIPS and s390): how many start at zeroPfn, a power of two
   * up to 128; my_zero_pfn(addr) picks one by the address. Default 1.
   */
  zeroPages: z.number().int().min(1).max(128).optional(),
  hugeZeroPfn: Num.optional(),
  /** highest_memmap_pfn; default: the last RAM pfn. */
  highestMemmapPfn: Num.optional(),
  allocStart: Num.optional(),
  folios: z.array(FolioSpec).max(LIMITS.folios).default([]),
});

const ConfigSpec = z
  .object({
    pteSpecial: z.boolean(),
    pmdPfnmap: z.boolean(),
    pudPfnmap: z.boolean(),
    debugVm: z.boolean(),
    thp: z.boolean(),
    useZeroPage: z.boolean(),
    findNormalPage: z.boolean(),
    pgtableLevels: z.union([z.literal(4), z.literal(5)]),
    thpAllocSucceeds: z.boolean(),
  })
  .partial()
  .strict();

/** The kernels a clause holds for (src/scenario/narration/when.ts); variants and ranges are checked in validate.ts. */
export const WhenSpec = z
  .object({
    /** Variant ids, or ranges "first..last" in the order of the variant list. */
    variants: z.array(z.string().max(40)).min(1).max(32).optional(),
    ...(Object.fromEntries(CONDITION_KEYS.map((k) => [k, z.boolean().optional()])) as Record<
      ConditionKey,
      z.ZodOptional<z.ZodBoolean>
    >),
  })
  .strict();

/** One condition, a list of conditions of which any may hold, or "otherwise". */
export const When = z.union([z.literal('otherwise'), WhenSpec, z.array(WhenSpec).min(1).max(8)]);

/** One sentence or three of a step's narration, for the kernels `when` names (every kernel without it). */
export const Clause = z.object({ when: When.optional(), text: Text.min(1) }).strict();

/** A step's narration: a line in plain words and the reviewer's detail, each tagged by kernel. */
export const StepNarrationSpec = z
  .object({
    /** The step, counted from 1. */
    step: z.number().int().min(1).max(LIMITS.steps),
    /** What happened to memory and why it matters, in plain words: one text, or clauses by kernel. */
    learner: z.union([Text.min(1), z.array(Clause).min(1).max(16)]),
    /** Functions, branches and patches, by kernel. */
    clauses: z.array(Clause).min(1).max(16),
  })
  .strict();

export const ScenarioSchema = z.strictObject({
  version: z.literal(SCENARIO_VERSION),
  id: z.string().max(64).optional(),
  title: Text.optional(),
  summary: Text.optional(),
  tags: z.array(z.string().max(32)).max(16).optional(),
  /** What the scenario illustrates: RFC patches and review messages. */
  references: z
    .array(
      z.strictObject({
        /** RFC patch number, 1-14. */
        patch: z.number().int().min(1).max(14).optional(),
        subject: Text.optional(),
        author: z.string().max(100).optional(),
        /** YYYY-MM-DD */
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
          .optional(),
        /** The mail's Message-ID; the page links it when it is one of the thread's (narration/thread.ts). */
        messageId: z.string().max(200).optional(),
        /** The merged commit, 12 to 40 hex digits; the page links it when it is in narration/thread.ts. */
        commit: z
          .string()
          .regex(/^[0-9a-f]{12,40}$/, 'a commit id: 12 to 40 lowercase hex digits')
          .optional(),
        note: Text.optional(),
      }),
    )
    .max(32)
    .optional(),
  kernel: z.strictObject({
    variant: z.enum(VARIANT_IDS),
    preset: z.enum(ARCH_PRESETS.map((p) => p.id) as [string, ...string[]]).default('x86-64'),
    /** Options on top of the preset. */
    config: ConfigSpec.default({}),
  }),
  memory: MemorySpec.default({ folios: [] }),
  /**
   * Kernel functions a step's note names that the step's trace does not show in any variant: named for
   * contrast ("is not called"), for another path, or for what the model leaves out. The library's tests
   * require every other function a note names to appear in the step's trace.
   */
  context: z
    .array(
      z
        .object({
          /** The step, counted from 1. */
          step: z.number().int().min(1).max(LIMITS.steps),
          functions: z
            .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a function name, without "()"'))
            .min(1)
            .max(8),
        })
        .strict(),
    )
    .max(LIMITS.steps)
    .optional(),
  /**
   * Each step's narration, tagged clause by clause with the kernels it holds for (docs/scenario-format.md).
   * At most one entry per step; a step's `note` is its narration for every kernel when it has no entry.
   */
  narration: z.array(StepNarrationSpec).max(LIMITS.steps).optional(),
  processes: z
    .array(z.strictObject({ name: ProcName }))
    .min(1)
    .max(LIMITS.processes),
  steps: z.array(Step).max(LIMITS.steps),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type StepSpec = z.output<typeof Step>;
export type StepOp = StepSpec['op'];

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input' });
}
