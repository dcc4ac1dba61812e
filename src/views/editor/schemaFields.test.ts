import { describe, expect, it } from 'vitest';
import { Step } from '../../scenario/schema';
import {
  armFor,
  BACKING_TYPES,
  ENTRY_TYPES,
  type Field,
  FOLIO_FIELDS,
  MEMORY_FIELDS,
  OP_FORMS,
  OPS,
  opForm,
  RANGE_FIELDS,
} from './schemaFields';

const field = (op: string, key: string): Field => {
  const f = opForm(op)?.fields.find((x) => x.key === key);
  if (!f) throw new Error(`${op}.${key} missing`);
  return f;
};

describe('the field model, read off the zod schema', () => {
  it('has every operation of the Step union, in its order', () => {
    expect(OPS).toEqual(Step.def.options.map((o) => o.shape.op.def.values[0]));
    expect(OPS).toContain('mmap');
    expect(OPS).toContain('dax_pmd_load_hole');
    expect(OPS).toContain('pin_user_pages');
    expect(OPS).toContain('unpin_user_pages');
    expect(OPS).toContain('madvise');
    expect(OPS).toContain('shrink');
    expect(OPS).toHaveLength(24);
  });

  it('describes pin_user_pages: an address, a page count and the two FOLL_ flags it offers', () => {
    expect(opForm('pin_user_pages')?.fields.map((f) => f.key)).toEqual([
      'proc',
      'addr',
      'nrPages',
      'write',
      'longterm',
      'note',
    ]);
    expect(field('pin_user_pages', 'write')).toMatchObject({ required: false, default: false });
    expect(field('pin_user_pages', 'longterm')).toMatchObject({ required: false, default: false });
    expect(field('pin_user_pages', 'nrPages').required).toBe(true);
    expect(opForm('unpin_user_pages')?.fields.map((f) => f.key)).toEqual(['proc', 'addr', 'note']);
  });

  it('puts proc first and note last, and never shows op as a field', () => {
    for (const f of OP_FORMS) {
      const keys = f.fields.map((x) => x.key);
      expect(keys).not.toContain('op');
      // tick and shrink run in no process.
      if (f.op !== 'tick' && f.op !== 'shrink') expect(keys[0]).toBe('proc');
      expect(keys.at(-1)).toBe('note');
    }
  });

  it('describes mmap: numbers with units, flags, booleans with defaults, a nested backing', () => {
    expect(opForm('mmap')?.fields.map((f) => [f.key, f.type.kind, f.required])).toEqual([
      ['proc', 'proc', false],
      ['addr', 'num', true],
      ['length', 'num', true],
      ['prot', 'flags', true],
      ['shared', 'bool', false],
      ['backing', 'variant', true],
      ['offset', 'num', false],
      ['hugepage', 'bool', false],
      ['name', 'text', false],
      ['note', 'text', false],
    ]);
    expect(field('mmap', 'addr').unit).toBe('addr');
    expect(field('mmap', 'offset')).toMatchObject({ unit: 'bytes', default: 0 });
    expect(field('mmap', 'shared').default).toBe(false);
    expect(field('mmap', 'prot').type).toEqual({ kind: 'flags', options: ['read', 'write', 'exec'] });
  });

  it('reads enums, plain numbers with bounds, pfn-or-word and pfn lists', () => {
    expect(field('query', 'fn').type).toMatchObject({
      kind: 'enum',
      options: expect.arrayContaining(['vm_normal_folio_pmd']),
    });
    expect(field('inject', 'level').type).toEqual({ kind: 'enum', options: ['pte', 'pmd', 'pud'] });
    expect(field('tick', 'seconds').type).toEqual({ kind: 'number', min: 0, max: 1e6, int: false });
    expect(field('vmf_insert_folio_pmd', 'folio')).toMatchObject({
      unit: 'pfn',
      type: { kind: 'numOr', words: ['huge_zero'] },
    });
    expect(field('write', 'allocPfn')).toMatchObject({ unit: 'pfn', required: false });
    expect(field('vmf_insert_page_mkwrite', 'write').default).toBe(true);
  });

  it('gives every arm of the nested unions its own fields', () => {
    expect(BACKING_TYPES).toEqual([
      'anon',
      'devmem',
      'file',
      'dax',
      'pfnmap-driver',
      'mixedmap-driver',
      'gntdev',
      'raw',
    ]);
    expect(ENTRY_TYPES).toEqual(['leaf', 'swap', 'migration', 'marker', 'none']);
    const backing = field('mmap', 'backing').type;
    if (backing.kind !== 'variant') throw new Error('not a variant');
    expect(backing.tag).toBe('type');
    expect(armFor(backing, { type: 'gntdev' })?.fields.map((f) => [f.key, f.type.kind])).toEqual([
      ['pages', 'numList'],
    ]);
    expect(armFor(backing, { type: 'pfnmap-driver' })?.fields.map((f) => [f.key, f.unit, f.default])).toEqual(
      [
        ['pfnBase', 'pfn', undefined],
        ['fault', undefined, 'pte'],
      ],
    );
    expect(armFor(backing, { type: 'nope' })).toBeUndefined();
    const entry = field('inject', 'entry').type;
    if (entry.kind !== 'variant') throw new Error('not a variant');
    const swap = armFor(entry, { type: 'migration' });
    expect(swap?.tags).toEqual(['swap', 'migration', 'marker']);
    // A swap entry's offset is a swap slot: no byte alignment hint.
    expect(swap?.fields.find((f) => f.key === 'offset')?.unit).toBeUndefined();
  });

  it('picks the memory fields the form edits', () => {
    expect(RANGE_FIELDS.map((f) => [f.key, f.type.kind])).toEqual([
      ['start', 'num'],
      ['end', 'num'],
      ['type', 'enum'],
    ]);
    expect(FOLIO_FIELDS.map((f) => [f.key, f.type.kind, f.required])).toEqual([
      ['pfn', 'num', true],
      ['order', 'number', false],
      ['kind', 'enum', true],
      ['content', 'text', false],
    ]);
    expect(FOLIO_FIELDS[1]?.type).toEqual({ kind: 'number', min: 0, max: 18, int: true });
    expect(MEMORY_FIELDS.map((f) => [f.key, f.unit])).toEqual([
      ['zeroPfn', 'pfn'],
      ['zeroPages', undefined],
      ['hugeZeroPfn', 'pfn'],
    ]);
    // The coloured zero pages (issue 18): a count the form offers as a number field.
    expect(MEMORY_FIELDS[1]?.type).toEqual({ kind: 'number', min: 1, max: 128, int: true });
  });
});
