import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// The stories the conformance run held against real kernels, from the results file it wrote.
const RESULTS = JSON.parse(
  readFileSync(new URL('../src/scenario/conformance/results.json', import.meta.url), 'utf8'),
) as { date: string; stories: Record<string, { kernels: { label: string; release: string }[] }> };

test('at least five stories say they were held against real kernels, with the kernels and the date', async ({
  page,
}) => {
  const ids = Object.keys(RESULTS.stories);
  expect(ids.length).toBeGreaterThanOrEqual(5);
  for (const id of ids) {
    await page.goto(`/?v=1&s=${id}`);
    const badge = page.getByTestId('real-kernel-badge');
    await expect(badge).toContainText('Held against real kernels');
    await expect(badge).toContainText(RESULTS.date);
    for (const k of RESULTS.stories[id]?.kernels ?? [])
      await expect(badge).toContainText(`Linux ${k.release}`);
  }
});

test("a step shows the real kernels' observed values beside the model's", async ({ page }) => {
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  const observed = page.getByTestId('observed-values');
  await expect(observed).toContainText('On real kernels');
  await expect(observed.getByRole('columnheader', { name: 'Linux 7.2' })).toBeVisible();
  await expect(observed.getByRole('columnheader', { name: 'Linux 6.12' })).toBeVisible();
  // The read fault mapped the shared zero page: the model and both kernels say so.
  const kind = observed.getByRole('row', { name: /A\/0x10001000\/kind/ });
  await expect(kind).toHaveText(/A\/0x10001000\/kind\s*zero\s*zero\s*zero/);
});

test('a story without real-kernel results shows no badge', async ({ page }) => {
  await page.goto('/?v=1&s=corrupted-pte');
  await expect(page.getByLabel('Built-in scenario')).toHaveValue('corrupted-pte');
  await expect(page.getByTestId('real-kernel-badge')).toHaveCount(0);
});

test('the Export menu gives the scenario as C, which gcc compiles', async ({ page }) => {
  await page.goto('/?v=1&s=fork-cow-pfnmap-anon-zero');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 0 of \d+$/);
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Scenario as C (a reproducer)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('ptlab-fork-cow-pfnmap-anon-zero.c');
  const dir = mkdtempSync(join(tmpdir(), 'ptlab-e2e-c-'));
  const file = join(dir, 'repro.c');
  await download.saveAs(file);
  const c = readFileSync(file, 'utf8');
  expect(c).toContain('ptlab reproducer:');
  expect(c).toContain('case 10: /* A: fork */');
  // gcc must be there (the conformance check installs it): a missing compiler fails the test.
  execFileSync('gcc', ['-static-pie', '-O1', '-Wall', '-Werror', '-o', join(dir, 'repro'), file], {
    stdio: 'pipe',
  });
});

test('a scenario with operations userspace cannot perform is refused, naming the steps', async ({ page }) => {
  await page.goto('/?v=1&s=corrupted-pte');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 0 of \d+$/);
  await page.getByText('Export', { exact: true }).click();
  await page.getByRole('button', { name: 'Scenario as C (a reproducer)' }).click();
  await expect(page.getByRole('alert')).toContainText('step 3 (inject)');
});
