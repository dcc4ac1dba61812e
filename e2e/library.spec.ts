import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LabPage, watchConsole } from './lab';

// The built-in scenarios, read as files (Playwright's loader does not take JSON imports).
const DIR = new URL('../src/scenario/library/', import.meta.url);
const LIBRARY = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map(
    (f) =>
      JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as { id: string; scenario?: never; steps: unknown[] },
  )
  .map((s) => ({ id: s.id, scenario: s }));

// Every built-in scenario opens from its link and steps to the end without the page failing.
for (const e of LIBRARY) {
  test(`built-in scenario ${e.id} opens and steps to the end`, async ({ page }) => {
    test.setTimeout(e.id === 'scale-1gib-remap' ? 90_000 : 30_000);
    const errors = watchConsole(page, ['error'], true);
    await page.goto(`/?v=1&s=${e.id}`);
    const position = page.getByTestId('step-position');
    const last = e.scenario.steps.length;
    await expect(position).toHaveText(`Step 0 of ${last}`, {
      timeout: e.id === 'scale-1gib-remap' ? 60_000 : 10_000,
    });
    await expect(page.getByLabel('Built-in scenario')).toHaveValue(e.id);
    for (let i = 1; i <= last; i++) {
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await expect(position).toHaveText(`Step ${i} of ${last}`);
      // The narration of the step is shown.
      await expect(page.getByRole('region', { name: 'Narration' })).toContainText(`Step ${i}:`);
    }
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('the patch stepper marks the patches that change a story, and opens one compared with the previous', async ({
  page,
}) => {
  await page.goto('/?v=1&s=remap-partial-cow');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 0 of \d+$/);
  await page.getByRole('button', { name: 'Run in every variant' }).click();
  const variants = page.getByRole('list', { name: 'Variants in order' }).getByRole('listitem');
  await expect(variants).toHaveCount(18);
  const rfc11 = variants.filter({ hasText: 'RFC 11/14' });
  await expect(rfc11).toContainText('changes step');
  await rfc11.getByRole('button').click();
  await expect(page.getByLabel('Kernel variant', { exact: false }).first()).toHaveValue('rfc-11');
  await expect(page).toHaveURL(/cmp_variant=rfc-10/);
});

test('"what changed in patch 11" lists the CoW PFNMAP stories', async ({ page }) => {
  test.setTimeout(120_000);
  await new LabPage(page).goto();
  await page.getByLabel('Patch or kernel version').selectOption('rfc-11');
  const impact = page.getByRole('region', { name: 'What changed in a patch' });
  await expect(impact).toContainText('remap_pfn_range', { timeout: 100_000 });
  await expect(impact).not.toContainText('No built-in scenario changes');
});
