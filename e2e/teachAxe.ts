/**
 * The axe scan of the teaching views, in the shape of the shared helper (expectNoSerious(page, when,
 * scope)), until that helper is in this tree: then the imports switch to it and this file goes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface Scope {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/** axe finds no serious or critical violation in the scope; `when` names the moment in the message. */
export async function expectNoSerious(page: Page, when: string, scope: Scope = {}): Promise<void> {
  let axe = new AxeBuilder({ page });
  for (const sel of scope.include ?? []) axe = axe.include(sel);
  for (const sel of scope.exclude ?? []) axe = axe.exclude(sel);
  const { violations } = await axe.analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe, ${when}`).toEqual([]);
}
