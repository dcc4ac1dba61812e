import { describe, expect, it } from 'vitest';
import { docText, getIn, parseDoc, setIn, updateList } from './doc';

describe('the form document', () => {
  it('parses objects only, and says why not otherwise', () => {
    expect(parseDoc('{"version": 1}')).toEqual({ ok: true, doc: { version: 1 } });
    const broken = parseDoc('{"version": 1,');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toMatch(/^not valid JSON/);
    expect(parseDoc('[1]')).toEqual({ ok: false, message: 'a scenario is a JSON object' });
    expect(parseDoc('  ')).toEqual({ ok: false, message: 'the scenario is empty' });
  });

  it('writes 2-space indented JSON with a final newline', () => {
    expect(docText({ a: [1, { b: 'c' }] })).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}\n',
    );
  });

  it('reads by path, tolerating the wrong shapes', () => {
    const d = { steps: [{ addr: '0x1000' }] };
    expect(getIn(d, ['steps', 0, 'addr'])).toBe('0x1000');
    expect(getIn(d, ['steps', 'x'])).toBeUndefined();
    expect(getIn(d, ['steps', 3, 'addr'])).toBeUndefined();
    expect(getIn('text', ['a'])).toBeUndefined();
  });

  it('sets by path without touching the original, sharing untouched branches', () => {
    const d = { kernel: { variant: 'v6.18' }, steps: [{ op: 'read', addr: '0x1' }, { op: 'exit' }] };
    const e = setIn(d, ['steps', 0, 'addr'], '0x2000');
    expect(e.steps[0]).toEqual({ op: 'read', addr: '0x2000' });
    expect(d.steps[0]?.addr).toBe('0x1');
    expect(e.kernel).toBe(d.kernel);
    expect(e.steps[1]).toBe(d.steps[1]);
  });

  it('removes a key for undefined and creates missing containers', () => {
    expect(setIn({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(Object.keys(setIn({ a: 1, b: 2 }, ['a'], undefined))).toEqual(['b']);
    expect(setIn({}, ['memory', 'ranges', 0, 'start'], '0x0')).toEqual({
      memory: { ranges: [{ start: '0x0' }] },
    });
    expect(updateList({}, ['steps'], (l) => [...l, 1])).toEqual({ steps: [1] });
  });
});
