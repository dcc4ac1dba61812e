import { describe, expect, it } from 'vitest';
import { jsonPath } from '../../scenario/validate';
import { nameProblem, parseJsonPath, placeOf } from './problems';

describe('problems named as the form names things', () => {
  it.each<[string, string]>([
    ['$', 'The scenario'],
    ['$.steps[1].addr', 'Step 2 › addr'],
    ['$.steps[0]', 'Step 1'],
    ['$.steps', 'Steps'],
    ['$.steps[0].backing.type', 'Step 1 › backing › type'],
    ['$.steps[0].backing.pages[3]', 'Step 1 › backing › pages › item 4'],
    ['$.processes[0].name', 'Process 1 › name'],
    ['$.kernel.variant', 'Kernel › variant'],
    ['$.memory.folios[0].pfn', 'Memory › folio 1 › pfn'],
    ['$.memory.ranges[2]', 'Memory › range 3'],
    ['$.memory.zeroPfn', 'Memory › zeroPfn'],
    ['$.title', 'title'],
    ['$.narration[0].clauses[1].when', 'Narration entry 1 › clauses › item 2 › when'],
    ['$.context[4].functions[0]', 'Context entry 5 › functions › item 1'],
  ])('%s is "%s"', (path, place) => {
    expect(nameProblem({ path, message: 'm' })).toMatchObject({ place, path, message: 'm' });
  });

  it('reads back every path validate.ts writes, odd keys included', () => {
    for (const parts of [[], ['steps', 3, 'addr'], ['a b', 0, '"q"'], ['x', 'é', 12]] as const) {
      expect(parseJsonPath(jsonPath(parts))).toEqual(parts);
    }
    expect(placeOf(['a b'])).toBe('a b');
  });

  it('keeps a path it cannot read as it is', () => {
    expect(parseJsonPath('steps[1]')).toBeNull();
    expect(parseJsonPath('$.steps[x]')).toBeNull();
    expect(nameProblem({ path: '$..', message: 'm' })).toMatchObject({ place: '$..', parts: null });
  });
});
