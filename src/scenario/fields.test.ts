/**
 * No input is silently ignored. The test walks the JSON Schema of the scenario format (the one `npm run
 * schema` writes) and checks, for every operation and every backing or entry type in it:
 *
 * - every field it declares is used: changing the field's value changes the run (a result, an event, a
 *   note or the state after it), shown with a fixture below;
 * - every other field is refused by validation, with a message naming the field and the op (or type).
 *
 * An operation, type or field added to the schema without a fixture here fails the first test, naming what
 * is missing: write the fixture (a field the operation would not use belongs out of its schema).
 */
import { describe, expect, it } from 'vitest';
import { runScenarioInput } from './run';
import { type ScenarioInput, scenarioJsonSchema } from './schema';
import { summarizeState } from './summary';
import { validateScenario } from './validate';

type Json = Record<string, unknown>;
type StepIn = Json & { op: string };

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
}

const schema = scenarioJsonSchema() as JsonSchema;
const stepsSchema = schema.properties?.steps as (JsonSchema & { items?: JsonSchema }) | undefined;
const stepArms = stepsSchema?.items?.oneOf ?? [];
const armsOf = (s: JsonSchema) => s.oneOf ?? s.anyOf ?? [];
/** The arms of a nested discriminated union ("backing", "entry"): objects tagged by `type`. */
const taggedArms = (s: JsonSchema) =>
  armsOf(s).filter((a) => a.properties?.type && (a.properties.type.const ?? a.properties.type.enum));
const tagsOf = (a: JsonSchema): string[] =>
  a.properties?.type?.const !== undefined
    ? [String(a.properties.type.const)]
    : (a.properties?.type?.enum ?? []).map(String);

const OPS = stepArms.map((a) => String(a.properties?.op?.const));
/** The ops that run in a process (tick and shrink run in none): their arms declare `proc`. */
const RUNS_IN_A_PROCESS = new Set(
  stepArms.filter((a) => a.properties?.proc).map((a) => String(a.properties?.op?.const)),
);

// ---- fixtures: a run where each field matters ----------------------------------------------------------

interface Fixture {
  /** Steps before the one under test (in process A unless they say). */
  setup?: StepIn[];
  /** Steps after it that show its effect. */
  after?: StepIn[];
  step: StepIn;
  /** For each field of the step: a value that changes the run. */
  alt: Json;
  kernel?: Json;
  memory?: Json;
}

const MB = 0x100000;
const rawMmap = (addr: number, length: number, flags: string[], extra: Json = {}): StepIn => ({
  op: 'mmap',
  addr: `0x${addr.toString(16)}`,
  length: `0x${length.toString(16)}`,
  prot: flags.includes('WRITE') ? ['read', 'write'] : ['read'],
  ...(flags.includes('SHARED') ? { shared: true } : {}),
  backing: { type: 'raw', flags, ...extra },
});
const SHARED_PFNMAP = ['READ', 'WRITE', 'MAYREAD', 'MAYWRITE', 'SHARED', 'MAYSHARE', 'PFNMAP', 'IO'];
const SHARED_MIXEDMAP = ['READ', 'WRITE', 'MAYREAD', 'MAYWRITE', 'SHARED', 'MAYSHARE', 'MIXEDMAP'];
const anon = (pages = 4, addr = 0x10000000): StepIn => ({
  op: 'mmap',
  addr: `0x${addr.toString(16)}`,
  length: `0x${(pages * 4096).toString(16)}`,
  prot: ['read', 'write'],
  backing: { type: 'anon' },
});
const common = { proc: 'B', note: 'another note' };

const OP_FIXTURES: Record<string, Fixture> = {
  mmap: {
    step: {
      op: 'mmap',
      addr: '0x10000000',
      length: '0x4000',
      prot: ['read'],
      backing: { type: 'file', file: 'f' },
    },
    alt: {
      ...common,
      addr: '0x20000000',
      length: '0x8000',
      prot: ['read', 'write'],
      shared: true,
      backing: { type: 'anon' },
      offset: '0x1000',
      hugepage: true,
      name: 'x',
    },
  },
  remap_pfn_range: {
    setup: [rawMmap(0x30000000, 0x4000, SHARED_PFNMAP)],
    step: { op: 'remap_pfn_range', addr: '0x30000000', pfn: '0x7000', length: '0x1000' },
    alt: { ...common, addr: '0x30001000', pfn: '0x7001', length: '0x2000' },
  },
  vmf_insert_pfn: {
    setup: [rawMmap(0x30000000, 0x4000, SHARED_PFNMAP)],
    step: { op: 'vmf_insert_pfn', addr: '0x30000000', pfn: '0xfe000' },
    alt: { ...common, addr: '0x30001000', pfn: '0xfe001' },
  },
  vmf_insert_pfn_pmd: {
    setup: [rawMmap(0x40000000, 2 * MB, SHARED_PFNMAP)],
    step: { op: 'vmf_insert_pfn_pmd', addr: '0x40000000', pfn: '0x40000' },
    alt: { ...common, addr: '0x40200000', pfn: '0x40200', write: true },
  },
  vmf_insert_pfn_pud: {
    setup: [rawMmap(0x40000000, 1024 * MB, SHARED_PFNMAP)],
    step: { op: 'vmf_insert_pfn_pud', addr: '0x40000000', pfn: '0x40000' },
    alt: { ...common, addr: '0x80000000', pfn: '0x80000', write: true },
  },
  vmf_insert_mixed: {
    setup: [rawMmap(0x30000000, 0x4000, SHARED_MIXEDMAP)],
    step: { op: 'vmf_insert_mixed', addr: '0x30000000', pfn: '0xfe000' },
    alt: { ...common, addr: '0x30001000', pfn: '0xfe001', mkwrite: true },
  },
  vmf_insert_page_mkwrite: {
    memory: {
      folios: [
        { pfn: '0x2000', kind: 'file' },
        { pfn: '0x2001', kind: 'file' },
      ],
    },
    setup: [rawMmap(0x30000000, 0x4000, SHARED_MIXEDMAP)],
    step: { op: 'vmf_insert_page_mkwrite', addr: '0x30000000', pfn: '0x2000' },
    alt: { ...common, addr: '0x30001000', pfn: '0x2001', write: false },
  },
  vmf_insert_folio_pmd: {
    memory: { folios: [{ pfn: '0x1400', order: 9, kind: 'file' }] },
    setup: [rawMmap(0x40000000, 2 * MB, SHARED_MIXEDMAP)],
    step: { op: 'vmf_insert_folio_pmd', addr: '0x40000000', folio: 'huge_zero' },
    alt: { ...common, addr: '0x40200000', folio: '0x1400', write: true },
  },
  read: {
    setup: [anon()],
    step: { op: 'read', addr: '0x10000000' },
    alt: { ...common, addr: '0x10001000' },
  },
  write: {
    setup: [anon()],
    step: { op: 'write', addr: '0x10000000' },
    after: [{ op: 'read', addr: '0x10000000' }],
    alt: { ...common, addr: '0x10001000', value: 'v', allocPfn: '0x5000' },
  },
  fork: { step: { op: 'fork', child: 'C' }, alt: { ...common, child: 'D' } },
  munmap: {
    setup: [anon()],
    step: { op: 'munmap', addr: '0x10000000', length: '0x1000' },
    alt: { ...common, addr: '0x10001000', length: '0x2000' },
  },
  mprotect: {
    setup: [anon()],
    step: { op: 'mprotect', addr: '0x10000000', length: '0x1000', prot: ['read'] },
    alt: { ...common, addr: '0x10001000', length: '0x2000', prot: ['read', 'write'] },
  },
  folio_walk_start: {
    setup: [anon(), { op: 'read', addr: '0x10000000' }],
    step: { op: 'folio_walk_start', addr: '0x10000000' },
    alt: { ...common, addr: '0x10001000', flags: ['zeropage'] },
  },
  inject: {
    setup: [anon()],
    step: { op: 'inject', addr: '0x10000000', level: 'pte', entry: { type: 'leaf', pfn: '0x2000' } },
    alt: { ...common, addr: '0x10001000', level: 'pmd', entry: { type: 'none' } },
  },
  query: {
    setup: [anon(), { op: 'write', addr: '0x10000000' }],
    step: { op: 'query', addr: '0x10000000', fn: 'vm_normal_page' },
    alt: { ...common, addr: '0x10001000', fn: 'vm_normal_folio' },
  },
  dax_pmd_load_hole: {
    setup: [
      {
        op: 'mmap',
        addr: '0x40000000',
        length: '0x400000',
        prot: ['read'],
        shared: true,
        backing: { type: 'dax', file: 'd' },
      },
    ],
    step: { op: 'dax_pmd_load_hole', addr: '0x40000000' },
    alt: { ...common, addr: '0x40200000' },
  },
  pin_user_pages: {
    setup: [anon()],
    step: { op: 'pin_user_pages', addr: '0x10000000', nrPages: 1 },
    after: [{ op: 'fork', child: 'C' }],
    alt: { ...common, addr: '0x10001000', nrPages: 2, write: true, longterm: true },
  },
  unpin_user_pages: {
    setup: [
      anon(),
      { op: 'write', addr: '0x10000000' },
      { op: 'pin_user_pages', addr: '0x10000000', nrPages: 1 },
    ],
    step: { op: 'unpin_user_pages', addr: '0x10000000' },
    alt: { ...common, addr: '0x10001000' },
  },
  madvise: {
    setup: [anon(), { op: 'write', addr: '0x10000000' }, { op: 'write', addr: '0x10001000' }],
    step: { op: 'madvise', addr: '0x10000000', length: '0x1000', advice: 'dontneed' },
    alt: { ...common, addr: '0x10001000', length: '0x2000', advice: 'nohugepage' },
  },
  mremap: {
    setup: [anon(), { op: 'write', addr: '0x10000000' }],
    step: {
      op: 'mremap',
      addr: '0x10000000',
      oldLength: '0x4000',
      newLength: '0x4000',
      flags: ['maymove', 'fixed'],
      newAddr: '0x20000000',
    },
    alt: {
      ...common,
      addr: '0x10001000',
      oldLength: '0x2000',
      newLength: '0x2000',
      flags: [],
      newAddr: '0x30000000',
    },
  },
  shrink: { step: { op: 'shrink' }, alt: { note: 'another note' } },
  tick: { step: { op: 'tick', seconds: 5 }, alt: { note: 'another note', seconds: 6 } },
  exit: { setup: [anon()], step: { op: 'exit' }, alt: { ...common } },
};

/** For a nested union field of an op ("mmap.backing"): per type, the step using it and each field's alternative. */
const NESTED_FIXTURES: Record<string, Record<string, Fixture>> = {
  'mmap.backing': {
    anon: { step: anon(), alt: {} },
    devmem: {
      step: { ...anon(), prot: ['read'], shared: true, backing: { type: 'devmem' }, offset: '0xfe000000' },
      alt: { openMode: 'rdonly' },
    },
    file: { step: { ...anon(), backing: { type: 'file', file: 'f' } }, alt: { file: 'g' } },
    dax: { step: { ...anon(), shared: true, backing: { type: 'dax', file: 'f' } }, alt: { file: 'g' } },
    'pfnmap-driver': {
      step: { ...anon(), shared: true, backing: { type: 'pfnmap-driver', pfnBase: '0xfe000' } },
      after: [{ op: 'read', addr: '0x10000000' }],
      alt: { pfnBase: '0xfe100', fault: 'none' },
    },
    'mixedmap-driver': {
      step: { ...anon(), shared: true, backing: { type: 'mixedmap-driver', pfnBase: '0xfe000' } },
      after: [{ op: 'read', addr: '0x10000000' }],
      alt: { pfnBase: '0xfe100' },
    },
    gntdev: {
      kernel: { variant: 'baseline' },
      step: { ...anon(), prot: ['read'], shared: true, backing: { type: 'gntdev', pages: ['0x6000'] } },
      after: [
        {
          op: 'inject',
          addr: '0x10000000',
          level: 'pte',
          entry: { type: 'leaf', pfn: '0x6000', special: true },
        },
        { op: 'query', addr: '0x10000000', fn: 'vm_normal_page' },
      ],
      alt: { pages: ['0x6001'] },
    },
    raw: {
      kernel: { variant: 'baseline' },
      step: rawMmap(0x10000000, 0x4000, ['READ', 'MAYREAD', 'SHARED', 'MAYSHARE', 'PFNMAP'], {
        findPage: [null],
      }),
      after: [
        {
          op: 'inject',
          addr: '0x10000000',
          level: 'pte',
          entry: { type: 'leaf', pfn: '0x6000', special: true },
        },
        { op: 'query', addr: '0x10000000', fn: 'vm_normal_page' },
      ],
      alt: {
        flags: ['READ', 'MAYREAD', 'SHARED', 'MAYSHARE', 'MIXEDMAP'],
        pgoff: '0x5',
        findPage: ['0x6000'],
      },
    },
  },
  'inject.entry': {
    leaf: {
      setup: [anon()],
      step: { op: 'inject', addr: '0x10000000', level: 'pte', entry: { type: 'leaf', pfn: '0x2000' } },
      alt: { pfn: '0x2001', special: true, write: true, dirty: true, young: true },
    },
    swap: {
      setup: [anon()],
      step: { op: 'inject', addr: '0x10000000', level: 'pte', entry: { type: 'swap', offset: '0x10' } },
      alt: { type: 'migration', offset: '0x11', write: true },
    },
    none: {
      setup: [anon(), { op: 'write', addr: '0x10000000' }],
      step: { op: 'inject', addr: '0x10000000', level: 'pte', entry: { type: 'none' } },
      alt: {},
    },
  },
};

// ---- running them --------------------------------------------------------------------------------------

function scenario(f: Fixture, step: StepIn): ScenarioInput {
  const inA = (s: StepIn): StepIn => (!RUNS_IN_A_PROCESS.has(s.op) || 'proc' in s ? s : { proc: 'A', ...s });
  return {
    version: 1,
    kernel: { variant: 'v6.18', ...f.kernel } as ScenarioInput['kernel'],
    ...(f.memory ? { memory: f.memory } : {}),
    processes: [{ name: 'A' }, { name: 'B' }],
    steps: [...(f.setup ?? []), step, ...(f.after ?? [])].map(inA) as ScenarioInput['steps'],
  };
}

/** What a run shows: each step's result, detail, note and events, and the state after the last step. */
function fingerprint(input: ScenarioInput): string {
  const r = runScenarioInput(input);
  if (!r.ok) throw new Error(`fixture refused: ${JSON.stringify(r.problems)}`);
  const steps = r.run.steps;
  const last = steps[steps.length - 1];
  return JSON.stringify([
    steps.map((s) => [s.result, s.detail, s.note, s.events]),
    last ? summarizeState(last.state) : null,
  ]);
}

const stepIndex = (f: Fixture) => (f.setup ?? []).length;

/** Every field name any step, backing or entry declares, and one nobody does. */
const ALL_FIELDS = new Set<string>(['bogus']);
for (const a of stepArms) {
  for (const [k, p] of Object.entries(a.properties ?? {})) {
    ALL_FIELDS.add(k);
    for (const n of taggedArms(p)) for (const nk of Object.keys(n.properties ?? {})) ALL_FIELDS.add(nk);
  }
}

describe('every field the schema declares is used by its operation', () => {
  it('has a fixture for every op, nested type and field of the schema', () => {
    const missing: string[] = [];
    for (const arm of stepArms) {
      const op = String(arm.properties?.op?.const);
      const f = OP_FIXTURES[op];
      if (!f) {
        missing.push(`op "${op}"`);
        continue;
      }
      for (const [k, p] of Object.entries(arm.properties ?? {})) {
        if (k === 'op') continue;
        if (!(k in f.alt)) missing.push(`${op}.${k}`);
        const nested = taggedArms(p);
        if (!nested.length) continue;
        const nf = NESTED_FIXTURES[`${op}.${k}`];
        for (const n of nested) {
          // An arm tagged by an enum ("swap" | "migration" | "marker") is covered by a fixture of any tag.
          const tags = tagsOf(n);
          const tf = tags.map((t) => nf?.[t]).find((x) => x !== undefined);
          if (!tf) {
            missing.push(`${op}.${k} type "${tags.join('" | "')}"`);
            continue;
          }
          for (const nk of Object.keys(n.properties ?? {}))
            if (nk !== 'type' && !(nk in tf.alt)) missing.push(`${op}.${k}.${nk} (type "${tags[0]}")`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  for (const op of OPS) {
    const f = OP_FIXTURES[op];
    if (!f) continue;
    const arm = stepArms.find((a) => a.properties?.op?.const === op);
    const fields = Object.keys(arm?.properties ?? {}).filter((k) => k !== 'op' && k in f.alt);
    it(`${op}: ${fields.join(', ')}`, () => {
      const base = fingerprint(scenario(f, f.step));
      for (const k of fields) {
        const changed = fingerprint(scenario(f, { ...f.step, [k]: f.alt[k] }));
        expect(changed, `${op}.${k} = ${JSON.stringify(f.alt[k])} changes nothing`).not.toBe(base);
      }
    });
  }

  for (const [where, types] of Object.entries(NESTED_FIXTURES)) {
    const field = where.split('.')[1] as string;
    for (const [tag, f] of Object.entries(types)) {
      it(`${where} type "${tag}": ${Object.keys(f.alt).join(', ') || '(no other field)'}`, () => {
        const base = fingerprint(scenario(f, f.step));
        const inner = f.step[field] as Json;
        for (const [k, v] of Object.entries(f.alt)) {
          const changed = fingerprint(scenario(f, { ...f.step, [field]: { ...inner, [k]: v } }));
          expect(changed, `${where}.${k} = ${JSON.stringify(v)} (type "${tag}") changes nothing`).not.toBe(
            base,
          );
        }
      });
    }
  }
});

describe('every other field is refused, naming the field and the operation', () => {
  for (const op of OPS) {
    const f = OP_FIXTURES[op];
    if (!f) continue;
    const arm = stepArms.find((a) => a.properties?.op?.const === op);
    const own = new Set(Object.keys(arm?.properties ?? {}));
    const foreign = [...ALL_FIELDS].filter((k) => !own.has(k));
    it(`${op}: ${foreign.length} foreign fields`, () => {
      const i = stepIndex(f);
      for (const k of foreign) {
        const v = validateScenario(scenario(f, { ...f.step, [k]: 1 }));
        expect(v.ok, `${op} with "${k}"`).toBe(false);
        if (v.ok) continue;
        expect(v.problems).toContainEqual({
          path: `$.steps[${i}].${k}`,
          message: expect.stringMatching(new RegExp(`^"${k}" is not a field of op "${op}"`)),
        });
      }
    });
  }

  for (const [where, types] of Object.entries(NESTED_FIXTURES)) {
    const [op, field] = where.split('.') as [string, string];
    const arm = stepArms.find((a) => a.properties?.op?.const === op);
    const nested = taggedArms(arm?.properties?.[field] ?? {});
    for (const [tag, f] of Object.entries(types)) {
      const own = new Set(Object.keys(nested.find((n) => tagsOf(n).includes(tag))?.properties ?? {}));
      const foreign = [...ALL_FIELDS].filter((k) => !own.has(k));
      it(`${where} type "${tag}": ${foreign.length} foreign fields`, () => {
        const inner = f.step[field] as Json;
        for (const k of foreign) {
          const v = validateScenario(scenario(f, { ...f.step, [field]: { ...inner, [k]: 1 } }));
          expect(v.ok, `${where} "${tag}" with "${k}"`).toBe(false);
          if (v.ok) continue;
          expect(v.problems).toContainEqual({
            path: `$.steps[${stepIndex(f)}].${field}.${k}`,
            message: expect.stringMatching(new RegExp(`^"${k}" is not a field of ${field} type "${tag}"`)),
          });
        }
      });
    }
  }
});

describe('fields a backing makes mmap ignore are refused, naming the field and the op', () => {
  const refused = (step: StepIn, path: string, message: RegExp) => {
    const v = validateScenario(scenario({ step, alt: {} }, step));
    expect(v.ok).toBe(false);
    if (!v.ok)
      expect(v.problems).toContainEqual({
        path: `$.steps[0].${path}`,
        message: expect.stringMatching(message),
      });
  };
  const raw = rawMmap(0x30000000, 0x4000, ['READ', 'MAYREAD', 'SHARED', 'MAYSHARE']);

  it('offset of anonymous memory (do_mmap() sets vm_pgoff from the address, or 0)', () => {
    refused(
      { ...anon(), offset: '0x1000' },
      'offset',
      /^op "mmap" does not use an offset for anonymous memory/,
    );
    refused({ ...anon(), shared: true, offset: 4096 }, 'offset', /^op "mmap" does not use an offset/);
    expect(validateScenario(scenario({ step: anon(), alt: {} }, { ...anon(), offset: 0 })).ok).toBe(true);
  });

  it('offset, and prot or shared that disagree with the flags, of a raw VMA', () => {
    refused(
      { ...raw, offset: '0x1000' },
      'offset',
      /^op "mmap" with a raw backing takes vm_pgoff from backing.pgoff/,
    );
    refused(
      { ...raw, prot: ['read', 'write'] },
      'prot',
      /^op "mmap" with a raw backing .* prot must say .*\["read"\]/,
    );
    refused({ ...raw, shared: false }, 'shared', /^op "mmap" with a raw backing .* shared must be true/);
    // shared left out is not given, so not ignored: the flags decide (S-42 maps so).
    const { shared: _s, ...noShared } = raw;
    expect(validateScenario(scenario({ step: raw, alt: {} }, noShared as StepIn)).ok).toBe(true);
  });

  it('openMode "rdonly" of a private /dev/mem mapping is used: do_mmap() says it checks FMODE_WRITE only for MAP_SHARED', () => {
    const devmem: StepIn = {
      ...anon(),
      prot: ['read', 'write'],
      backing: { type: 'devmem', openMode: 'rdonly' },
    };
    const f: Fixture = { step: devmem, alt: {} };
    const rw = fingerprint(scenario(f, { ...devmem, backing: { type: 'devmem', openMode: 'rdwr' } }));
    expect(fingerprint(scenario(f, devmem))).not.toBe(rw);
  });
});
