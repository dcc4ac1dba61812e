import { describe, expect, it } from 'vitest';
import { AUDIENCES, CATALOG } from './catalog';
import { LIBRARY } from './index';

describe('the catalog of built-in stories', () => {
  it('lists every story file, in order, with its id and title (add a new story to both)', () => {
    expect(CATALOG.map(({ id, file, title }) => ({ id, file, title }))).toEqual(
      LIBRARY.map((s) => ({ id: s.id, file: s.file, title: s.scenario.title })),
    );
  });

  it('gives each story a one-line teaser and a step it has to open at; every audience has stories', () => {
    for (const e of CATALOG) {
      const story = LIBRARY.find((s) => s.id === e.id);
      expect(e.teaser.length, e.id).toBeLessThanOrEqual(120);
      expect(e.teaser, e.id).not.toMatch(/\n/);
      expect(e.start, e.id).toBeGreaterThanOrEqual(1);
      expect(e.start, e.id).toBeLessThanOrEqual(story?.scenario.steps.length ?? 0);
    }
    for (const a of AUDIENCES)
      expect(CATALOG.filter((e) => e.audience === a.id).length, a.id).toBeGreaterThan(0);
  });
});
