import { describe, expect, it } from 'vitest';
import type { Doc } from './doc';
import {
  addProcess,
  checkProcessName,
  forkChildren,
  nextProcessName,
  processesAt,
  removeProcess,
  renameProcess,
  stepNumbers,
  stepsUsing,
} from './processes';

const doc: Doc = {
  processes: [{ name: 'A' }, { name: 'X' }, { name: 'idle' }],
  steps: [
    { op: 'mmap', addr: '0x1000' },
    { op: 'read', proc: 'A', addr: '0x1000' },
    { op: 'fork', proc: 'A', child: 'B' },
    { op: 'write', proc: 'B', addr: '0x1000' },
    { op: 'tick', seconds: 1 },
    { op: 'read', proc: 'X', addr: '0x1000' },
  ],
};

describe('processes', () => {
  it('knows which exist at each step', () => {
    expect(forkChildren(doc)).toEqual([{ name: 'B', step: 2 }]);
    expect(processesAt(doc, 2)).toEqual(['A', 'X', 'idle']);
    expect(processesAt(doc, 3)).toEqual(['A', 'X', 'idle', 'B']);
  });

  it('finds the steps that use a process, counting steps without proc for the first', () => {
    expect(stepsUsing(doc, 'A')).toEqual([0, 1, 2]);
    expect(stepsUsing(doc, 'B')).toEqual([2, 3]);
    expect(stepsUsing(doc, 'X')).toEqual([5]);
    expect(stepsUsing(doc, 'idle')).toEqual([]);
  });

  it('renames everywhere: declaration, proc and fork child', () => {
    const d = renameProcess(doc, 'A', 'init');
    expect(d.processes).toEqual([{ name: 'init' }, { name: 'X' }, { name: 'idle' }]);
    expect(d.steps).toEqual([
      { op: 'mmap', addr: '0x1000' },
      { op: 'read', proc: 'init', addr: '0x1000' },
      { op: 'fork', proc: 'init', child: 'B' },
      { op: 'write', proc: 'B', addr: '0x1000' },
      { op: 'tick', seconds: 1 },
      { op: 'read', proc: 'X', addr: '0x1000' },
    ]);
    const e = renameProcess({ ...doc, processes: [{ name: 'A' }, { name: 'B' }] }, 'B', 'C');
    expect(e.steps).toContainEqual({ op: 'fork', proc: 'A', child: 'C' });
    expect(e.steps).toContainEqual({ op: 'write', proc: 'C', addr: '0x1000' });
  });

  it('checks a new name: syntax, taken by a declared process or a fork', () => {
    expect(checkProcessName(doc, 'A2', 'A')).toBeNull();
    expect(checkProcessName(doc, 'A', 'A')).toBeNull();
    expect(checkProcessName(doc, 'X', 'A')).toBe('process "X" already exists');
    expect(checkProcessName(doc, 'B', 'A')).toBe('step 3 forks a process "B"');
    expect(checkProcessName(doc, 'a b', 'A')).toBe('letters, digits, _ . - only');
    expect(checkProcessName(doc, '', 'A')).toBe('a process needs a name');
  });

  it('refuses to remove a process steps use, naming the steps', () => {
    expect(removeProcess(doc, 0)).toEqual({
      ok: false,
      message: '"A" is used by steps 1, 2 and 3: change or remove them first',
    });
    expect(removeProcess(doc, 1)).toEqual({
      ok: false,
      message: '"X" is used by step 6: change or remove it first',
    });
    const r = removeProcess(doc, 2);
    expect(r.ok && r.doc.processes).toEqual([{ name: 'A' }, { name: 'X' }]);
    expect(removeProcess({ processes: [{ name: 'A' }], steps: [{ op: 'exit' }] }, 0)).toMatchObject({
      message: '"A" is used by step 1: change or remove it first',
    });
    expect(removeProcess({ processes: [{ name: 'A' }], steps: [] }, 0)).toEqual({
      ok: false,
      message: 'a scenario needs at least one process',
    });
  });

  it('names new processes A..Z then P1, P2', () => {
    expect(nextProcessName(doc)).toBe('C');
    expect(addProcess(doc).processes).toEqual([
      { name: 'A' },
      { name: 'X' },
      { name: 'idle' },
      { name: 'C' },
    ]);
    const all = Array.from({ length: 26 }, (_, i) => ({ name: String.fromCharCode(65 + i) }));
    expect(nextProcessName({ processes: all })).toBe('P1');
  });

  it('lists step numbers readably', () => {
    expect(stepNumbers([0])).toBe('1');
    expect(stepNumbers([0, 4])).toBe('1 and 5');
    expect(stepNumbers(Array.from({ length: 10 }, (_, i) => i))).toBe('1, 2, 3, 4, 5, 6, 7, 8 and 2 more');
  });
});
