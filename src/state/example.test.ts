import { expect, it } from 'vitest';
import { validateScenario } from '../scenario/validate';
import { EXAMPLE_TEXT } from './example';

it('the example the editor opens with is a valid scenario', () => {
  const v = validateScenario(JSON.parse(EXAMPLE_TEXT));
  expect(v.ok ? [] : v.problems).toEqual([]);
});
