import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface Scope {
  /** CSS selectors to scan (all of the page when none). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/**
 * Panels below the fold are `content-visibility: auto` (src/index.css, panel-offscreen): the browser skips
 * drawing them until they come near the screen. axe reads colours from what is drawn, so in a skipped
 * panel it finds no background and assumes white: dark text then passes unchecked in the light theme and
 * light text fails falsely in the dark one. Drawing every such panel before a scan lets axe check the
 * colours a reader will see when they scroll there.
 */
async function drawSkippedContent(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const el of document.querySelectorAll<HTMLElement>('body *'))
      if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}

/** axe finds no serious or critical violation in the scope; `when` names the moment in the message. */
export async function expectNoSerious(page: Page, when: string, scope: Scope = {}): Promise<void> {
  await drawSkippedContent(page);
  let axe = new AxeBuilder({ page });
  for (const sel of scope.include ?? []) axe = axe.include(sel);
  for (const sel of scope.exclude ?? []) axe = axe.exclude(sel);
  const { violations } = await axe.analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe, ${when}`).toEqual([]);
}

/** The tree and the memory view, which e2e/tree.spec.ts scans on its own. */
export const TREE_AND_MEMORY = [
  'section[aria-labelledby="pt-heading"]',
  'section[aria-labelledby="mem-heading"]',
] as const;
