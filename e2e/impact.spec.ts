/**
 * Patch impact tells behaviour from code path, the way a reader meets it: the /dev/mem hazard story
 * (kernel-semantics.md §4.1) in "What changed in a patch" shows no behaviour change for RFC 10, a refactor
 * that only renames the checks (B-N2a becomes R-N2a), and the hazard for RFC 11; "Patch by patch" names
 * RFC 11 as the story's first behaviour change; compare mode marks a step whose behaviour differs apart
 * from one where only another check decides. axe scans both themes. Screenshots of the panels go to
 * test-results/.
 */

import { expect, type Page, test } from '@playwright/test';
import { expectNoSerious, TREE_AND_MEMORY } from './axe';

const HAZARD = 'Why RFC 11 was dropped';

/** axe finds no serious or critical violation (the tree and memory view have their own spec). */
function scanSerious(page: Page, when: string): Promise<void> {
  return expectNoSerious(page, when, { exclude: TREE_AND_MEMORY });
}

async function openStory(page: Page, id: string): Promise<void> {
  await page.goto(`/?v=1&s=${id}`);
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 0 of \d+$/, { timeout: 10_000 });
  await expect(page.getByLabel('Built-in scenario')).toHaveValue(id);
}

test('What changed in a patch: RFC 10 changes no behaviour of the /dev/mem hazard, RFC 11 does', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openStory(page, 'devmem-anon-hazard');
  const impact = page.getByRole('region', { name: 'What changed in a patch' });
  const choose = page.getByLabel('Patch or kernel version');

  await choose.selectOption('rfc-10');
  const behaviour10 = impact.getByRole('list', { name: 'Behaviour changes with RFC 10/14' });
  await expect(behaviour10).toBeVisible({ timeout: 100_000 });
  // RFC 10 changes the x86-32 story's behaviour (kernel-semantics.md §2.5), not the hazard's, nor its code
  // path: R-N2a is B-N2a renamed.
  await expect(behaviour10).toContainText('x86-32');
  await expect(impact).not.toContainText(HAZARD);

  await choose.selectOption('rfc-11');
  const behaviour11 = impact.getByRole('list', { name: 'Behaviour changes with RFC 11/14' });
  await expect(behaviour11).toBeVisible({ timeout: 100_000 });
  const hazard = behaviour11.getByRole('listitem').filter({ hasText: HAZARD });
  await expect(hazard).toContainText('step 4: D: vm_normal_page(0x20002000)');
  await expect(hazard).toContainText('result: NULL → page 0x4002');
  await expect(hazard).toContainText('mm counters: none → E anon +1');
  await expect(hazard).toContainText('reports: none → Bad page map');
  // The read-only /dev/mem story only changes its code path (R-F3 instead of R-N2a): listed after, as such.
  const path11 = impact.getByRole('list', { name: 'Code path only with RFC 11/14' });
  const READ_ONLY = '/dev/mem MAP_PRIVATE: a CoW PFNMAP';
  await expect(path11).toContainText(READ_ONLY);
  await expect(path11.getByRole('listitem').filter({ hasText: READ_ONLY }).first()).toContainText(
    'vm_normal_page*() branches: R-N2a → R-F3',
  );
  await expect(behaviour11).not.toContainText(READ_ONLY);

  await impact.screenshot({ path: 'test-results/impact-panel-light.png' });
  await scanSerious(page, 'patch impact, light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await impact.screenshot({ path: 'test-results/impact-panel-dark.png' });
  await scanSerious(page, 'patch impact, dark');
});

test("Patch by patch names RFC 11 as the /dev/mem hazard story's first behaviour change", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await openStory(page, 'devmem-anon-hazard');
  await page.getByRole('button', { name: 'Run in every variant' }).click();
  await expect(page.getByTestId('first-behaviour-change')).toHaveText(
    /^First behaviour change: RFC 11\/14 mm: remove "horrible special case/,
    { timeout: 30_000 },
  );
  const variants = page.getByRole('list', { name: 'Variants in order' }).getByRole('listitem');
  await expect(variants.filter({ hasText: 'RFC 10/14' })).toContainText('no change here');
  const rfc11 = variants.filter({ hasText: 'RFC 11/14' });
  await expect(rfc11).toContainText('changes steps 4, 5, 6, 7, 8, 9, 10 (behaviour)');

  // Choosing it compares RFC 11 with RFC 10: seven steps behave differently, none differs in path only.
  await rfc11.getByRole('button').click();
  await expect(page.getByTestId('compare-status')).toHaveText('B differs at 7 of 11 steps');
  const steps = page.getByRole('list', { name: 'Steps' });
  await expect(steps.getByTestId('step-differs')).toHaveCount(7);
  await expect(steps.getByTestId('step-path')).toHaveCount(0);
  await expect(steps.getByRole('listitem').nth(5).getByTestId('step-differs')).toContainText(
    'in run B: mm counters, folios, vm_normal_page*() branches',
  );
  await page
    .getByRole('region', { name: 'Patch by patch' })
    .screenshot({ path: 'test-results/impact-stepper.png' });
  await scanSerious(page, 'patch stepper and compare, light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await scanSerious(page, 'patch stepper and compare, dark');
});

test('compare mode marks a step of another check but the same behaviour as "path only", not "differs"', async ({
  page,
}) => {
  await openStory(page, 'devmem-private-cow');
  await page.getByRole('combobox', { name: 'Kernel variant', exact: true }).selectOption('rfc-11');
  await page.getByRole('button', { name: /^vs previous patch/ }).click();
  await expect(page.getByRole('combobox', { name: 'Kernel variant of run B' })).toHaveValue('rfc-10');
  const steps = page.getByRole('list', { name: 'Steps' });
  const paths = steps.getByTestId('step-path');
  await expect(paths.first()).toBeVisible();
  await expect(steps.getByTestId('step-differs')).toHaveCount(0);
  await expect(paths.first()).toHaveText(
    'path only: run B behaves the same here, another vm_normal_page*() check decided',
  );
  // The summary lists those steps apart, and the step table says why they are listed.
  const summary = page.getByText(/^Code path only \(same behaviour, another check decided\):$/);
  await expect(summary).toBeVisible();
  const first = await paths.count();
  expect(first).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Go to step 2' }).click();
  const table = page.getByRole('table', { name: /^Step 2 in run A and run B/ });
  await expect(table).toContainText('code path only');
  await expect(table).toContainText('R-F3');
  await expect(table).toContainText('R-N2a');
  await scanSerious(page, 'compare, code path only, light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await scanSerious(page, 'compare, code path only, dark');
});
