/**
 * The printable view of a whole story: each step's narration, decision path and changed entries, printed
 * to PDF by Chromium as one clean document with no controls. The first page is turned into a PNG (with
 * poppler's pdftoppm, which .ci/run installs) to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoSerious } from './axe';
import { watchScripts } from './lab';

test('story 01 prints to one clean PDF: every step with its narration, decision path and entries', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page&step=3');
  await expect(page.getByTestId('step-position')).toHaveText('Step 3 of 10');
  await page.getByText('Export', { exact: true }).click();
  // The printable view opens in a tab of its own, at the same story and kernel.
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: 'Printable story (for PDF)' }).click(),
  ]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(/\?print=1&v=1&s=zero-page&step=3$/);
  await tab.close();
  await page.goto('/?print=1&v=1&s=zero-page&step=3');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'The shared zero page: a read fault maps it, a write fault replaces it',
  );
  const steps = page.getByRole('list', { name: 'Steps' }).locator(':scope > li');
  await expect(steps).toHaveCount(11);
  const query = steps.nth(3);
  await expect(query.getByRole('heading', { level: 2 })).toHaveText(
    'Step 3: A: vm_normal_page(0x10001000)→ NULL',
  );
  await expect(query.getByRole('region', { name: 'Decision path of step 3' })).toContainText(
    'A PTE 0x10001000, vm_normal_page() decided in',
  );
  await expect(query).toContainText('← decides');
  await expect(query).toContainText('the zero page is never a "normal" page');
  await expect(steps.nth(2).getByRole('region', { name: 'Entries step 2 changed' })).toContainText(
    'A PTE R special pfn 0x42 at 0x10001000',
  );
  await expectNoSerious(page, 'the print view');
  // In print, the buttons are gone.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Back to the lab' })).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', printBackground: true, path: 'test-results/teach-story01.pdf' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    'test-results/teach-story01.pdf',
    'test-results/teach-print-page1',
  ]);
  const png = readFileSync('test-results/teach-print-page1.png');
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  // The PDF's text has the story and no control's label.
  const text = execFileSync('pdftotext', ['-layout', 'test-results/teach-story01.pdf', '-'], {
    encoding: 'utf8',
  });
  expect(text).toContain('Step 10: A: exit');
  expect(text).not.toMatch(/Back to the lab|Copy link|All stories/);
});

test('the printable view loads its own code, not the lab’s', async ({ page }) => {
  const scripts = watchScripts(page);
  await page.goto('/?print=1&v=1&s=zero-page');
  await expect(page.getByRole('list', { name: 'Steps' }).locator(':scope > li')).toHaveCount(11);
  await page.waitForLoadState('networkidle');
  expect(scripts.filter((f) => f.startsWith('PrintApp-'))).toHaveLength(1);
  expect(scripts.filter((f) => f.startsWith('Lab-'))).toEqual([]);
});
