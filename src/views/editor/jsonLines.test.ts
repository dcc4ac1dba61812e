import { describe, expect, it } from 'vitest';
import { EXAMPLE_TEXT } from '../../state/example';
import { nameProblem } from '../../state/read/problems';
import { lineRange, problemLines } from './jsonLines';

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const at = (text: string, ...paths: string[]) =>
  problemLines(
    text,
    paths.map((path) => nameProblem({ path, message: 'm' })),
  );

describe('problems at their lines of the JSON text', () => {
  const text = EXAMPLE_TEXT.replace('"addr": "0x10001000"', '"addr": "0x1000zz"');

  it('puts a field at the line of its key, a list item at its opening brace', () => {
    expect(text).toContain('0x1000zz');
    expect(at(text, '$.steps[1].addr')).toEqual([lineOf(text, '"0x1000zz"')]);
    const steps = text.slice(text.indexOf('"steps"'));
    const second = text.indexOf('{', text.indexOf('"steps"') + steps.indexOf('},') + 1);
    expect(at(text, '$.steps[1]')).toEqual([text.slice(0, second).split('\n').length]);
    expect(at(text, '$')).toEqual([1]);
  });

  it('puts a missing field at the object that lacks it, and knows no line for a path not in the text', () => {
    expect(at(text, '$.steps[1].length')).toEqual(at(text, '$.steps[1]'));
    expect(at(text, '$.nowhere.at.all')).toEqual([1]);
    expect(problemLines(text, [{ place: '?', path: '?', parts: null, message: 'm' }])).toEqual([null]);
  });

  it("reads a syntax error's line from its message, and the lines before the error from the text", () => {
    const broken = `${text.slice(0, text.lastIndexOf(']'))}`;
    const problems = [
      nameProblem({ path: '$', message: 'not valid JSON: Unexpected end of JSON input (line 4, column 3)' }),
      nameProblem({ path: '$.steps[1].addr', message: 'm' }),
    ];
    expect(problemLines(broken, problems)).toEqual([4, lineOf(broken, '"0x1000zz"')]);
    // A line past the end (the engine counts one more) is the last line.
    expect(problemLines('{', [nameProblem({ path: '$', message: 'x (line 9, column 1)' })])).toEqual([1]);
  });

  it('selects a line without its indentation', () => {
    const t = '{\n  "a": 1,\n\n  "b": 2\n}';
    expect(t.slice(lineRange(t, 2).start, lineRange(t, 2).end)).toBe('"a": 1,');
    expect(lineRange(t, 3)).toEqual({ start: 12, end: 12 });
    expect(t.slice(lineRange(t, 5).start, lineRange(t, 5).end)).toBe('}');
    expect(t.slice(lineRange(t, 99).start, lineRange(t, 99).end)).toBe('}');
  });
});
