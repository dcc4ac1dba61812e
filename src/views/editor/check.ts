/**
 * Checks of one field as the user types: is it a number, is it in bounds, is it page-aligned. Errors make
 * the scenario invalid; hints are kernel facts worth knowing (the call will answer -EINVAL) and do not.
 */
import { userVpnLimit } from '../../model/geometry';
import { LIMITS } from '../../scenario/limits';
import { NUM_EXPECTED } from '../../scenario/schema';
import type { Field } from './schemaFields';

export interface FieldMessage {
  readonly level: 'error' | 'hint';
  readonly text: string;
}

const PAGE = 0x1000n;
/** validate.ts refuses addresses at or above 2^57 (5-level paging) and pfns at or above 2^40. */
const MAX_ADDR = 2n ** 57n;
const MAX_PFN = 2n ** 40n;
/** The end of user space with 4- and 5-level page tables, as the model has it. */
const USER_END_4 = BigInt(userVpnLimit(4)) << 12n;
const USER_END_5 = BigInt(userVpnLimit(5)) << 12n;
/** Operations that return -EINVAL for an address or length that is not page-aligned. */
const ALIGNED_OPS = new Set(['mmap', 'munmap', 'mprotect', 'remap_pfn_range']);

const hex = (n: bigint) => `0x${n.toString(16)}`;
const error = (text: string): FieldMessage => ({ level: 'error', text });
const hint = (text: string): FieldMessage => ({ level: 'hint', text });

/** The number a field holds: a JSON number or a decimal / 0x-hex string (underscores allowed). */
export function numValue(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().replace(/_/g, '');
  return /^(0x[0-9a-f]+|[0-9]+)$/i.test(s) ? BigInt(s.replace(/^0X/, '0x')) : undefined;
}

function checkNum(f: Field, v: unknown, op: string | undefined): FieldMessage | null {
  const n = numValue(v);
  if (n === undefined) {
    if (typeof v === 'number') return error('expected a whole number, not negative');
    const s = String(v).trim();
    if (/^-/.test(s)) return error('must not be negative');
    if (/^0x$/i.test(s)) return error('expected hex digits after 0x');
    return error(NUM_EXPECTED);
  }
  const aligned = n % PAGE === 0n;
  switch (f.unit) {
    case 'addr':
      if (n >= MAX_ADDR) return error(`beyond the 57-bit address space (below ${hex(MAX_ADDR)})`);
      if (n >= USER_END_5) return hint(`beyond user space even with 5-level paging (${hex(USER_END_5)})`);
      if (n >= USER_END_4)
        return hint(`beyond 4-level paging's user space (${hex(USER_END_4)}): needs 5 levels`);
      if (!aligned)
        return hint(
          op && ALIGNED_OPS.has(op)
            ? `not page-aligned: ${op}() answers -EINVAL`
            : `not page-aligned: ${hex(n % PAGE)} into the page at ${hex(n - (n % PAGE))}`,
        );
      return null;
    case 'pfn':
      return n >= MAX_PFN ? error(`pfn too large (below ${hex(MAX_PFN)}, 52-bit physical addresses)`) : null;
    case 'length':
      if (n > BigInt(LIMITS.mapBytes))
        return error(`more than ${LIMITS.mapBytes / 2 ** 30} GiB in one operation`);
      if (n === 0n)
        return op === 'mmap' || op === 'munmap'
          ? hint(`zero length: ${op}() answers -EINVAL`)
          : op === 'mprotect'
            ? hint('zero length: mprotect() does nothing')
            : null;
      if (!aligned) return hint(`not a multiple of 4 KiB: ${op ?? 'the kernel'} rounds it up to a page`);
      return null;
    case 'bytes':
      return aligned ? null : hint(`not page-aligned: ${op ?? 'mmap'}() answers -EINVAL`);
    default:
      return null;
  }
}

function checkNumber(f: Extract<Field['type'], { kind: 'number' }>, v: unknown): FieldMessage | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return error('expected a number');
  if (f.int && !Number.isInteger(v)) return error('expected a whole number');
  if (f.min !== undefined && v < f.min) return error(`at least ${f.min}`);
  if (f.max !== undefined && v > f.max) return error(`at most ${f.max}`);
  return null;
}

/** The message for a field's value, or null when there is nothing to say. `op` is the step's operation. */
export function checkField(f: Field, v: unknown, op?: string): FieldMessage | null {
  if (v === undefined || v === '') return f.required ? error('required') : null;
  const t = f.type;
  switch (t.kind) {
    case 'num':
      return checkNum(f, v, op);
    case 'numOr':
      return typeof v === 'string' && t.words.includes(v) ? null : checkNum(f, v, op);
    case 'numList': {
      if (!Array.isArray(v)) return error('expected a list');
      const bad = v.findIndex((x) => x !== null && checkNum(f, x, op)?.level === 'error');
      return bad < 0 ? null : error(`item ${bad + 1}: expected a number or null`);
    }
    case 'number':
      return checkNumber(t, v);
    case 'json':
      return null;
    case 'variant': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return error('expected an object');
      const tag = (v as Record<string, unknown>)[t.tag];
      if (tag === undefined) return error(`${t.tag} is required`);
      return t.arms.some((a) => a.tags.includes(String(tag)))
        ? null
        : error(`unknown ${t.tag} "${String(tag)}"`);
    }
    default: {
      const r = f.schema.safeParse(v);
      return r.success ? null : error(r.error?.issues[0]?.message ?? 'not valid here');
    }
  }
}
