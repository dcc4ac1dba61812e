/**
 * The form's field model, read off the zod schemas at run time so a new operation or field shows up in the
 * form without touching it. Views may not import zod (src/boundaries.test.ts), so the schemas are read
 * through the small structural view below: zod 4 keeps every schema's definition in `.def`.
 */
import { BackingSpec, InjectEntry, MemorySpec, Num, Step } from '../../scenario/schema';

interface Def {
  readonly type: string;
  readonly innerType?: SchemaLike;
  readonly defaultValue?: unknown;
  readonly shape?: Readonly<Record<string, SchemaLike>>;
  readonly options?: readonly SchemaLike[];
  readonly discriminator?: string;
  readonly element?: SchemaLike;
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly values?: readonly unknown[];
  /** A number's checks (zod/mini keeps them in the definition; it has no minValue, maxValue, isInt). */
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
}

interface CheckDef {
  readonly check: string;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly format?: string;
}

export interface SchemaLike {
  readonly def: Def;
  safeParse(v: unknown): { success: boolean; error?: { issues: readonly { message: string }[] } };
}

/** What a number means, for its checks and hints. */
export type Unit = 'addr' | 'pfn' | 'length' | 'bytes' | 'pages';

export type FieldKind =
  /** A non-negative integer as a JSON number or a decimal / 0x-hex string (the schema's `Num`). */
  | { readonly kind: 'num' }
  /** `Num` or a word (vmf_insert_folio_pmd's `folio`: a pfn or "huge_zero"). */
  | { readonly kind: 'numOr'; readonly words: readonly string[] }
  /** An array of `Num` or null (gntdev's pages). */
  | { readonly kind: 'numList' }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly int: boolean }
  | { readonly kind: 'text'; readonly multiline: boolean }
  /** A process the step runs in. */
  | { readonly kind: 'proc' }
  | { readonly kind: 'enum'; readonly options: readonly string[] }
  /** An array of enum values, edited as checkboxes. */
  | { readonly kind: 'flags'; readonly options: readonly string[] }
  | { readonly kind: 'bool' }
  /** A nested discriminated union (backing, inject entry): a type select and that arm's fields. */
  | { readonly kind: 'variant'; readonly tag: string; readonly arms: readonly Arm[] }
  /** Anything else: shown, but edited in the JSON tab. */
  | { readonly kind: 'json' };

export interface Field {
  readonly key: string;
  readonly required: boolean;
  /** The schema's default, when it has one. */
  readonly default?: unknown;
  readonly unit?: Unit;
  readonly type: FieldKind;
  /** The field's own schema (optional/default unwrapped), for messages of the kinds not checked by hand. */
  readonly schema: SchemaLike;
}

export interface Arm {
  /** The tag values that select this arm (an arm may take several: swap, migration, marker). */
  readonly tags: readonly string[];
  readonly fields: readonly Field[];
}

export interface OpForm {
  readonly op: string;
  /** proc first, the operation's own fields, note last. */
  readonly fields: readonly Field[];
}

const like = (s: unknown): SchemaLike => s as SchemaLike;

/** Units by field name; `scope.key` entries override the plain name where one name means two things. */
const UNITS: Readonly<Record<string, Unit | null>> = {
  addr: 'addr',
  length: 'length',
  pfn: 'pfn',
  pfnBase: 'pfn',
  allocPfn: 'pfn',
  folio: 'pfn',
  pages: 'pfn',
  findPage: 'pfn',
  offset: 'bytes',
  pgoff: 'pages',
  start: 'pfn',
  end: 'pfn',
  zeroPfn: 'pfn',
  hugeZeroPfn: 'pfn',
  highestMemmapPfn: 'pfn',
  allocStart: 'pfn',
  /** A swap entry's offset is a swap slot, not bytes. */
  'entry.offset': null,
};

function unitOf(scope: string, key: string): Unit | undefined {
  const scoped = UNITS[`${scope}.${key}`];
  if (scoped !== undefined) return scoped ?? undefined;
  return UNITS[key] ?? undefined;
}

function tagsOf(s: SchemaLike): string[] {
  const d = s.def;
  if (d.type === 'literal') return (d.values ?? []).map(String);
  if (d.type === 'enum') return Object.values(d.entries ?? {}).map(String);
  return [];
}

const isNumOrNull = (s: SchemaLike) =>
  s.def.type === 'union' && (s.def.options ?? []).every((o) => o === like(Num) || o.def.type === 'null');

/** The range of a whole-number format (zod's util.NUMBER_FORMAT_RANGES for the formats the schema uses). */
const FORMAT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/**
 * A number's bounds and whether it is whole, folded from its checks as zod's classic `minValue`, `maxValue`
 * and `isInt` fold them (core/json-schema-processors.js, aggregateChecks): the tightest bound wins, and an
 * integer format bounds the number by its range.
 */
function numberBounds(d: Def): { min: number; max: number; int: boolean } {
  let min = Number.NEGATIVE_INFINITY;
  let max = Number.POSITIVE_INFINITY;
  let int = false;
  for (const { _zod } of d.checks ?? []) {
    const c = _zod.def;
    if (c.check === 'greater_than' && typeof c.value === 'number') min = Math.max(min, c.value);
    else if (c.check === 'less_than' && typeof c.value === 'number') max = Math.min(max, c.value);
    else if (c.check === 'multiple_of' && Number.isSafeInteger(c.value)) int = true;
    else if (c.check === 'number_format' && c.format) {
      int ||= c.format.includes('int');
      const [lo, hi] = FORMAT_RANGES[c.format] ?? [min, max];
      min = Math.max(min, lo);
      max = Math.min(max, hi);
    }
  }
  return { min, max, int };
}

function kindOf(key: string, s: SchemaLike): FieldKind {
  if (s === like(Num)) return { kind: 'num' };
  const d = s.def;
  switch (d.type) {
    case 'boolean':
      return { kind: 'bool' };
    case 'enum':
    case 'literal':
      return { kind: 'enum', options: tagsOf(s) };
    case 'number':
      return { kind: 'number', ...numberBounds(d) };
    case 'string':
      return key === 'proc' ? { kind: 'proc' } : { kind: 'text', multiline: key === 'note' };
    case 'array': {
      const el = d.element;
      if (el?.def.type === 'enum') return { kind: 'flags', options: tagsOf(el) };
      if (el && isNumOrNull(el)) return { kind: 'numList' };
      return { kind: 'json' };
    }
    case 'union': {
      const options = d.options ?? [];
      if (d.discriminator) {
        const tag = d.discriminator;
        return { kind: 'variant', tag, arms: options.map((o) => armOf(key, tag, o)) };
      }
      if (options.includes(like(Num))) return { kind: 'numOr', words: options.flatMap(tagsOf) };
      return { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

function armOf(scope: string, tag: string, o: SchemaLike): Arm {
  const tagSchema = o.def.shape?.[tag];
  return { tags: tagSchema ? tagsOf(tagSchema) : [], fields: objectFields(o, scope, [tag]) };
}

/** The fields of an object schema, in its order, skipping `omit`. */
export function objectFields(obj: unknown, scope: string, omit: readonly string[] = []): Field[] {
  const shape = like(obj).def.shape ?? {};
  return Object.entries(shape)
    .filter(([key]) => !omit.includes(key))
    .map(([key, s]) => {
      let inner = s;
      let required = true;
      let dflt: unknown;
      while (inner.def.type === 'optional' || inner.def.type === 'default') {
        required = false;
        if (inner.def.type === 'default') dflt = inner.def.defaultValue;
        inner = inner.def.innerType as SchemaLike;
      }
      const unit = unitOf(scope, key);
      return {
        key,
        required,
        ...(dflt !== undefined && { default: dflt }),
        ...(unit && { unit }),
        type: kindOf(key, inner),
        schema: inner,
      };
    });
}

const LAST = ['note'];

/** Every operation of the Step union, each with its form's fields. */
export const OP_FORMS: readonly OpForm[] = (like(Step).def.options ?? []).map((o) => {
  const op = tagsOf(o.def.shape?.op as SchemaLike)[0] ?? '?';
  const fields = objectFields(o, 'step', ['op']);
  const rank = (f: Field) => (f.key === 'proc' ? 0 : LAST.includes(f.key) ? 2 : 1);
  return { op, fields: [...fields].sort((a, b) => rank(a) - rank(b)) };
});

export const OPS: readonly string[] = OP_FORMS.map((f) => f.op);

export function opForm(op: unknown): OpForm | undefined {
  return OP_FORMS.find((f) => f.op === op);
}

/** The arm of a variant field that a value's tag selects. */
export function armFor(kind: Extract<FieldKind, { kind: 'variant' }>, value: unknown): Arm | undefined {
  const tag =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[kind.tag] : undefined;
  return kind.arms.find((a) => a.tags.includes(String(tag)));
}

const memoryShape = like(MemorySpec).def.shape ?? {};
const elementOf = (key: string): SchemaLike => {
  let s = memoryShape[key] as SchemaLike;
  while (s.def.innerType) s = s.def.innerType;
  return s.def.element as SchemaLike;
};

const pick = (fields: readonly Field[], keys: readonly string[]) =>
  keys.flatMap((k) => fields.filter((f) => f.key === k));

/** The memory layout fields the form edits (the rest stay as the JSON has them). */
export const RANGE_FIELDS = pick(objectFields(elementOf('ranges'), 'range'), ['start', 'end', 'type']);
export const FOLIO_FIELDS = pick(objectFields(elementOf('folios'), 'folio'), [
  'pfn',
  'order',
  'kind',
  'content',
]);
export const MEMORY_FIELDS = pick(objectFields(MemorySpec, 'memory'), [
  'zeroPfn',
  'zeroPages',
  'hugeZeroPfn',
]);

/** The nested unions, exported for tests. */
export const BACKING_TYPES = (like(BackingSpec).def.options ?? []).flatMap((o) =>
  tagsOf(o.def.shape?.type as SchemaLike),
);
export const ENTRY_TYPES = (like(InjectEntry).def.options ?? []).flatMap((o) =>
  tagsOf(o.def.shape?.type as SchemaLike),
);
