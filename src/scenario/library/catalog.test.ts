import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { LIBRARY } from './index';

describe('the catalog of built-in stories', () => {
  it('lists every story file, in order, with its id and title (add a new story to both)', () => {
    expect(CATALOG).toEqual(LIBRARY.map((s) => ({ id: s.id, file: s.file, title: s.scenario.title })));
  });
});
