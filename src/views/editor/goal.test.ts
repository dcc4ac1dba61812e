import { describe, expect, it } from 'vitest';
import { controlFor } from './goal';

describe('the control a problem leads to', () => {
  const paths = [
    '$.title',
    '$.steps[1]',
    '$.steps[1].op',
    '$.steps[1].addr',
    '$.steps[1].backing',
    '$.steps[1].backing.file',
    '$.steps[10]',
    '$.memory.ranges[0].start',
    '$.memory.ranges[0].end',
  ];

  it('is the control with that path', () => {
    expect(controlFor(paths, '$.steps[1].addr', false)).toBe(3);
    expect(controlFor(paths, '$.steps[1]', false)).toBe(1);
  });

  it('waits for the exact control until told to settle for less', () => {
    expect(controlFor(paths, '$.steps[1].backing.type', false)).toBe(-1);
    // A part of a control: the nearest control it is in (the backing's select, not the step's title).
    expect(controlFor(paths, '$.steps[1].backing.type', true)).toBe(4);
    // A whole: its first control.
    expect(controlFor(paths, '$.memory.ranges[0]', true)).toBe(7);
    // "$.steps[1" is no prefix of "$.steps[10]".
    expect(controlFor(paths, '$.steps[1].length', true)).toBe(1);
    expect(controlFor(paths, '$.narration[0].step', true)).toBe(-1);
  });
});
