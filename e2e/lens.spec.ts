/**
 * Filters and the folio view, as a person uses them: highlight entries by class and state, read how many
 * match, pick a folio and see every entry in every process that maps it, and jump from an entry to what
 * maps its pfn.
 */

import { expect, type Page, test } from '@playwright/test';
import { expectNoSerious } from './axe';

const scanSerious = expectNoSerious;

const tree = (page: Page, proc: string) =>
  page.getByRole('group', { name: `Page tables of process ${proc}`, exact: true });
const highlight = (page: Page) => page.getByRole('group', { name: 'Highlight entries' });

test('a filter highlights entries by class and state in every tree, says how many match, and travels in the link', async ({
  page,
}) => {
  // Story 12 after the fork: A and B each map the /dev/mem range (special) and the CoW'ed anon page.
  await page.goto('/?v=1&s=fork-cow-pfnmap-anon-zero&step=10');
  await expect(page.getByTestId('step-position')).toHaveText('Step 10 of 16');
  const bar = highlight(page);
  await bar.getByRole('button', { name: 'special', exact: true }).click();
  await expect(bar.getByRole('button', { name: 'special', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page).toHaveURL(/filter=special/);
  const count = bar.locator('output');
  await expect(count).toHaveText(/^\d+ entries match$/);
  const specials = Number((await count.textContent())?.split(' ')[0]);
  expect(specials).toBeGreaterThan(1);
  // Rows of both processes are marked; an unmatched row is dimmed and says so to no one (it is only drawn).
  await expect(tree(page, 'A').locator('[data-match="true"]').first()).toBeVisible();
  await expect(tree(page, 'B').locator('[data-match="true"]').first()).toBeVisible();
  await expect(
    tree(page, 'A').locator('[data-match="true"] [role="button"]').first(),
  ).toHaveAccessibleDescription(/highlighted$/);

  // A second term narrows: special AND writable matches fewer (a CoW PFNMAP's special PTEs are read-only).
  await bar.getByRole('button', { name: 'writable', exact: true }).click();
  await expect(page).toHaveURL(/filter=special%2Cwritable|filter=special,writable/);
  await expect(count).not.toHaveText(`${specials} entries match`);
  await scanSerious(page, 'filtered trees');

  // The link reopens the same filter; Clear removes it.
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(highlight(page).getByRole('button', { name: 'writable', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await highlight(page).getByRole('button', { name: 'Clear' }).click();
  await expect(page).not.toHaveURL(/filter=/);
  await expect(tree(page, 'A').locator('[data-match]')).toHaveCount(0);
});

test('the folio view lists every entry in every process that maps a folio, with what each holds', async ({
  page,
}) => {
  await page.goto('/?v=1&s=fork-cow-pfnmap-anon-zero&step=10');
  await expect(page.getByTestId('step-position')).toHaveText('Step 10 of 16');
  // The anon page A wrote at step 4 is mapped by A and, after the fork, by B.
  const folios = page.getByRole('region', { name: 'Folio table' });
  await folios.getByRole('button', { name: '0x10000', exact: true }).click();
  const view = page.getByRole('region', { name: 'Entries that map pfn 0x10000' });
  await expect(view.getByRole('listitem')).toHaveCount(2);
  await expect(view).toContainText('A PTE');
  await expect(view).toContainText('B PTE');
  await expect(view).toContainText('+1 ref, +1 map, RSS +1 anon');
  await expect(view).toContainText('Together the mappings hold 2 references and 2 mappings');
  // The same pfn is highlighted in both trees.
  await expect(tree(page, 'A').locator('[data-match="true"]')).toHaveCount(1);
  await expect(tree(page, 'B').locator('[data-match="true"]')).toHaveCount(1);
  await scanSerious(page, 'folio view');

  // A special /dev/mem pfn: mapped, but held by no one.
  await page.getByLabel('Find a pfn').fill('0x4000');
  await page.getByRole('button', { name: 'Show what maps it', exact: true }).click();
  const mmio = page.getByRole('region', { name: 'Entries that map pfn 0x4000' });
  await expect(mmio).toContainText('holds nothing: vm_normal_page*() returns NULL for it');
  await mmio.getByRole('button', { name: 'Close' }).click();
  await expect(mmio).toHaveCount(0);
});

test('the folio table notes a pinned page: its refcount at GUP_PIN_COUNTING_BIAS, and after unpin no more', async ({
  page,
}) => {
  await page.goto('/?v=1&s=fork-pinned-page&step=5');
  await expect(page.getByTestId('step-position')).toHaveText('Step 5 of 12');
  const pinned = page.getByRole('region', { name: 'Folio table' }).locator('tr[data-pfn="0x10000"]');
  await expect(pinned).toContainText('1 → 1025');
  await expect(pinned).toContainText('refcount ≥ 1024: maybe DMA-pinned');
  await page.goto('/?v=1&s=fork-pinned-page&step=11');
  await expect(page.getByTestId('step-position')).toHaveText('Step 11 of 12');
  const unpinned = page.getByRole('region', { name: 'Folio table' }).locator('tr[data-pfn="0x10000"]');
  await expect(unpinned).toContainText('1025 → 1');
  await expect(unpinned).not.toContainText('maybe DMA-pinned');
  await scanSerious(page, 'folio table with a pin');
});

test('from an entry in the decision path, "what maps it" opens the folio view of its pfn', async ({
  page,
}) => {
  // Step 12: B writes 0x20001000, which maps A's CoW'ed anon page; the decision path follows the step.
  await page.goto('/?v=1&s=fork-cow-pfnmap-anon-zero&step=12');
  const decision = page.getByRole('region', { name: 'Decision path', exact: true });
  await expect(decision.getByTestId('decision-mode')).toHaveText('following step 12');
  await decision.getByRole('button', { name: 'what maps it' }).click();
  await expect(page.getByRole('region', { name: /^Entries that map pfn 0x/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /^Entries that map pfn 0x/ })).toContainText('B PTE');
});
