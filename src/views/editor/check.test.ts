import { describe, expect, it } from 'vitest';
import { checkField, numValue } from './check';
import { type Field, FOLIO_FIELDS, opForm } from './schemaFields';

const field = (op: string, key: string): Field => {
  const f = opForm(op)?.fields.find((x) => x.key === key);
  if (!f) throw new Error(`${op}.${key} missing`);
  return f;
};
const text = (f: Field, v: unknown, op?: string) => checkField(f, v, op)?.text ?? null;
const level = (f: Field, v: unknown, op?: string) => checkField(f, v, op)?.level ?? null;

describe('numValue', () => {
  it('reads JSON numbers, decimal and 0x-hex strings with underscores', () => {
    expect(numValue(4096)).toBe(4096n);
    expect(numValue('0x1000')).toBe(4096n);
    expect(numValue(' 0X7f_0000 ')).toBe(0x7f0000n);
    expect(numValue('4_096')).toBe(4096n);
    expect(numValue('0x')).toBeUndefined();
    expect(numValue('12g')).toBeUndefined();
    expect(numValue(-1)).toBeUndefined();
    expect(numValue(1.5)).toBeUndefined();
  });
});

describe('checkField', () => {
  const addr = field('read', 'addr');
  const mmapAddr = field('mmap', 'addr');

  it('says what is wrong with a number as it is typed', () => {
    expect(text(addr, undefined)).toBe('required');
    expect(text(addr, '')).toBe('required');
    expect(text(addr, '0x')).toBe('expected hex digits after 0x');
    expect(text(addr, '0x10zz')).toBe('expected a number such as 0x40000000 or 4096');
    expect(text(addr, '-4096')).toBe('must not be negative');
    expect(text(addr, '0x10001000')).toBeNull();
    expect(text(addr, 4096)).toBeNull();
  });

  it('hints at page alignment, naming -EINVAL where the call refuses it', () => {
    expect(checkField(mmapAddr, '0x10000010', 'mmap')).toEqual({
      level: 'hint',
      text: 'not page-aligned: mmap() answers -EINVAL',
    });
    expect(text(addr, '0x10001008', 'read')).toBe('not page-aligned: 0x8 into the page at 0x10001000');
    expect(level(field('mmap', 'offset'), '0x800', 'mmap')).toBe('hint');
    expect(text(field('mmap', 'length'), '0x1800', 'mmap')).toBe(
      'not a multiple of 4 KiB: mmap rounds it up to a page',
    );
    expect(text(field('mmap', 'length'), '0', 'mmap')).toBe('zero length: mmap() answers -EINVAL');
    expect(text(field('mprotect', 'length'), '0', 'mprotect')).toBe('zero length: mprotect() does nothing');
  });

  it('knows the bounds: address space, pfns, one operation', () => {
    expect(level(addr, '0x200000000000000')).toBe('error');
    expect(text(addr, '0x100000000000000')).toBe(
      'beyond user space even with 5-level paging (0x100000000000000)',
    );
    expect(text(addr, '0x800000000000')).toBe(
      "beyond 4-level paging's user space (0x800000000000): needs 5 levels",
    );
    expect(text(addr, '0x7ffffffff000')).toBeNull();
    expect(level(field('vmf_insert_pfn', 'pfn'), '0x10000000000')).toBe('error');
    expect(text(field('vmf_insert_pfn', 'pfn'), '0xffffffffff')).toBeNull();
    expect(text(field('munmap', 'length'), '0x8000000001', 'munmap')).toBe(
      'more than 512 GiB in one operation',
    );
  });

  it('checks pfn-or-word, pfn lists, plain numbers', () => {
    const folio = field('vmf_insert_folio_pmd', 'folio');
    expect(text(folio, 'huge_zero')).toBeNull();
    expect(text(folio, 'huge')).toContain('expected a number such as 0x40000000');
    expect(text(folio, '0x200')).toBeNull();
    const order = FOLIO_FIELDS.find((f) => f.key === 'order') as Field;
    expect(text(order, 3)).toBeNull();
    expect(text(order, 19)).toBe('at most 18');
    expect(text(order, 1.5)).toBe('expected a whole number');
    expect(text(order, '1.')).toBe('expected a number');
    expect(text(order, undefined)).toBeNull();
    expect(text(field('tick', 'seconds'), 0.5)).toBeNull();
  });

  it('asks the schema about the other kinds (process names, strings, nested unions)', () => {
    expect(text(field('fork', 'child'), 'B')).toBeNull();
    expect(text(field('fork', 'child'), 'a b')).toBe('letters, digits, _ . - only');
    expect(text(field('write', 'value'), 'x'.repeat(65))).toMatch(/64/);
    const backing = field('mmap', 'backing');
    expect(text(backing, { type: 'anon' })).toBeNull();
    expect(text(backing, { type: 'ramfs' })).toBe('unknown type "ramfs"');
    expect(text(backing, {})).toBe('type is required');
  });
});
