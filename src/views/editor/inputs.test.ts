import { describe, expect, it } from 'vitest';
import { inputText, inputValue } from './inputs';
import type { FieldKind } from './schemaFields';

const num: FieldKind = { kind: 'num' };
const number: FieldKind = { kind: 'number', min: 0, max: 18, int: true };
const list: FieldKind = { kind: 'numList' };

describe('input text and values', () => {
  it('keeps numbers as typed, so hex stays hex and a half-typed value stays visible', () => {
    expect(inputValue(num, '0x1000', true)).toBe('0x1000');
    expect(inputValue(num, '0x', true)).toBe('0x');
    expect(inputValue(num, '', true)).toBeUndefined();
    expect(inputText(num, 4096)).toBe('4096');
    expect(inputText(num, undefined)).toBe('');
  });

  it('turns plain numbers into JSON numbers once they are numbers', () => {
    expect(inputValue(number, '3', false)).toBe(3);
    expect(inputValue(number, '1.', false)).toBe('1.');
    expect(inputValue(number, '1.5', false)).toBe(1.5);
    expect(inputValue(number, ' ', false)).toBeUndefined();
  });

  it('edits pfn lists as comma-separated text with null', () => {
    expect(inputValue(list, '0x1000, null, 7', true)).toEqual(['0x1000', null, '7']);
    expect(inputValue(list, '0x1000, ', true)).toEqual(['0x1000', '']);
    expect(inputText(list, ['0x1000', ''])).toBe('0x1000, ');
    expect(inputText(list, ['0x1000', null])).toBe('0x1000, null');
    expect(inputValue(list, '', true)).toEqual([]);
    expect(inputValue(list, '', false)).toBeUndefined();
  });
});
