import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../scenario/validate';
import { EXAMPLE_TEXT } from '../../state/example';
import type { Doc } from './doc';
import { OPS } from './schemaFields';
import {
  contextAt,
  duplicateStep,
  insertStep,
  moveItem,
  moveStep,
  newStep,
  removeStep,
  stepLabel,
  stepsOf,
} from './steps';

const example = JSON.parse(EXAMPLE_TEXT) as Doc;
const ops = (d: Doc) => stepsOf(d).map((s) => (s as { op: string }).op);

describe('step titles', () => {
  it('are the run step list titles for complete steps', () => {
    expect(stepsOf(example).map((s) => stepLabel(s, 'A'))).toEqual([
      { text: 'A: mmap 0x10000000 +0x4000 MAP_PRIVATE anon [read,write]', complete: true },
      { text: 'A: read 0x10001000', complete: true },
      { text: 'A: write 0x10001000 = "hello"', complete: true },
    ]);
    expect(stepLabel({ op: 'tick', seconds: 61 }, 'A').text).toBe('61 s pass');
    expect(stepLabel({ op: 'fork', child: 'B' }, 'A').text).toBe('A: fork -> B');
  });

  it('say op, process and address for incomplete steps', () => {
    expect(stepLabel({ op: 'read', proc: 'B', addr: '0xzz' }, 'A')).toEqual({
      text: 'B: read 0xzz',
      complete: false,
    });
    expect(stepLabel({ op: 'mmap' }, 'A')).toEqual({ text: 'A: mmap', complete: false });
    expect(stepLabel(42, 'A')).toEqual({ text: 'A: (no op)', complete: false });
  });
});

describe('moving, copying, removing steps', () => {
  it('moves an item to a place, clamped to the list', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });

  it('moves steps up and down', () => {
    expect(ops(moveStep(example, 2, 1))).toEqual(['mmap', 'write', 'read']);
    expect(ops(moveStep(example, 0, 1))).toEqual(['read', 'mmap', 'write']);
    expect(ops(example)).toEqual(['mmap', 'read', 'write']);
  });

  it('duplicates a step right after it, as a copy', () => {
    const d = duplicateStep(example, 1);
    expect(ops(d)).toEqual(['mmap', 'read', 'read', 'write']);
    expect(stepsOf(d)[2]).toEqual(stepsOf(d)[1]);
    expect(stepsOf(d)[2]).not.toBe(stepsOf(d)[1]);
    expect(ops(duplicateStep(example, 7))).toEqual(['mmap', 'read', 'write']);
  });

  it('removes and inserts', () => {
    expect(ops(removeStep(example, 0))).toEqual(['read', 'write']);
    expect(ops(insertStep(example, 1, { op: 'exit' }))).toEqual(['mmap', 'exit', 'read', 'write']);
    expect(ops(insertStep({}, 0, { op: 'exit' }))).toEqual(['exit']);
  });
});

describe('new steps', () => {
  it('start from the process and address of the step before', () => {
    expect(contextAt(example, 3)).toEqual({ proc: 'A', addr: '0x10001000', newProc: 'B' });
    expect(contextAt(example, 0)).toEqual({ proc: 'A', newProc: 'B' });
    expect(newStep('read', contextAt(example, 3))).toEqual({ op: 'read', proc: 'A', addr: '0x10001000' });
    expect(newStep('fork', contextAt(example, 3))).toEqual({ op: 'fork', proc: 'A', child: 'B' });
    expect(newStep('tick', contextAt(example, 3))).toEqual({ op: 'tick', seconds: 1 });
  });

  it('are valid for every operation of the schema, so the palette never adds a broken step', () => {
    for (const op of OPS) {
      const doc = insertStep(example, 3, newStep(op, contextAt(example, 3)));
      const v = parseScenarioText(JSON.stringify(doc));
      expect(v.ok ? [] : v.problems, op).toEqual([]);
    }
  });

  it('fill nested unions with their first arm', () => {
    expect(newStep('mmap', contextAt(example, 0)).backing).toEqual({ type: 'anon' });
    expect(newStep('inject', contextAt(example, 0)).entry).toEqual({ type: 'leaf', pfn: '0x1000' });
  });

  it('keep the fields two operations share when the op changes', () => {
    const read = { op: 'read', proc: 'A', addr: '0x5000', note: 'n' };
    expect(newStep('write', contextAt(example, 0), read)).toEqual({
      op: 'write',
      proc: 'A',
      addr: '0x5000',
      note: 'n',
    });
    expect(newStep('munmap', contextAt(example, 0), read)).toEqual({
      op: 'munmap',
      proc: 'A',
      addr: '0x5000',
      length: '0x1000',
      note: 'n',
    });
    expect(newStep('tick', contextAt(example, 0), read)).toEqual({ op: 'tick', seconds: 1, note: 'n' });
  });
});
