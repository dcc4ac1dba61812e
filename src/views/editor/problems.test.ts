import { describe, expect, it } from 'vitest';
import { EXAMPLE_TEXT } from '../../state/example';
import { type Doc, setIn } from './doc';
import {
  fieldPaths,
  hasProblemUnder,
  leftoverProblems,
  problemAt,
  problemMap,
  unshownProblems,
} from './problems';
import { opForm } from './schemaFields';
import { shownInForm } from './shown';

const example = JSON.parse(EXAMPLE_TEXT) as Doc;

describe('problems by path', () => {
  it('is empty for a valid scenario', () => {
    expect(problemMap(example).size).toBe(0);
  });

  it('puts each problem at its path', () => {
    const d = setIn(setIn(example, ['steps', 1, 'proc'], 'B'), ['version'], 2);
    const m = problemMap(d);
    expect(problemAt(m, ['version'])).toBeDefined();
    expect(hasProblemUnder(m, ['steps', 1])).toBe(false); // zod stops at the version first
    const e = problemMap(setIn(example, ['steps', 1, 'proc'], 'B'));
    expect(problemAt(e, ['steps', 1, 'proc'])).toBe('no process "B" at this step (declared: A)');
    expect(hasProblemUnder(e, ['steps', 1])).toBe(true);
    expect(hasProblemUnder(e, ['steps', 0])).toBe(false);
    expect(hasProblemUnder(e, ['steps', 10])).toBe(false);
  });

  it('knows which paths the form shows and lists the rest', () => {
    expect(shownInForm('$.steps[3].addr')).toBe(true);
    expect(shownInForm('$.memory.folios[0].pfn')).toBe(true);
    expect(shownInForm('$.version')).toBe(false);
    expect(shownInForm('$.memory.folios[0].owner')).toBe(false);
    const m = problemMap(setIn(example, ['version'], 2));
    expect(unshownProblems(m, shownInForm).map((p) => p.path)).toEqual(['$.version']);
  });

  it('shows a step problem no field shows on the step itself', () => {
    const fields = opForm('mmap')?.fields ?? [];
    const step = { op: 'mmap', backing: { type: 'file', file: 'f' } };
    const paths = fieldPaths(fields, step, ['steps', 0]);
    expect(paths).toContain('$.steps[0].addr');
    expect(paths).toContain('$.steps[0].backing.type');
    expect(paths).toContain('$.steps[0].backing.file');
    const m = new Map([
      ['$.steps[0].addr', ['required']],
      ['$.steps[0]', ['too many entries']],
      ['$.steps[0].backing.x', ['odd']],
      ['$.steps[1].addr', ['other step']],
    ]);
    expect(leftoverProblems(m, ['steps', 0], paths)).toEqual([
      { path: '$.steps[0]', message: 'too many entries' },
      { path: '$.steps[0].backing.x', message: 'odd' },
    ]);
  });
});
