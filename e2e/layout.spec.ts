/**
 * First contact and the layout, as a new user meets them: the start view of a first visit, a later
 * visit that reopens where the user was, the step list of a story with long labels, the page at four
 * widths (never scrolling sideways), the settings folded into a sheet on a phone, the one-column order,
 * and the steps column that can be resized. Screenshots for the eye: test-results/layout-*.png.
 */

import { expect, type Page, test } from '@playwright/test';
import { CATALOG } from '../src/scenario/library/catalog';
import { expectNoSerious } from './axe';

const WIDTHS = [390, 768, 1024, 1440] as const;

const axe = expectNoSerious;

/** The page never scrolls sideways: nothing makes the document wider than the window. */
async function expectNoSideScroll(page: Page, what: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${what}: page width ${scroll} in a window of ${inner}`).toBeLessThanOrEqual(inner);
}

test('a first visit shows what ptlab is and the stories by reader; one click opens one at its step', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  const start = page.getByRole('region', { name: 'Replay how Linux maps memory' });
  await expect(start).toBeVisible();
  for (const group of [
    'Learning how Linux maps memory',
    'Writing a driver that maps pfns',
    'Reviewing mm patches',
  ])
    await expect(start.getByRole('heading', { name: group })).toBeVisible();
  // Every story, each with its teaser as the button's description.
  const stories = start.getByRole('button', { name: /./ }).filter({ hasNotText: 'Write your own scenario' });
  await expect(stories).toHaveCount(CATALOG.length);
  const dax = CATALOG.find((e) => e.id === 'dax-pmd-hole');
  await expect(start.getByRole('button', { name: dax?.title })).toHaveAccessibleDescription(
    dax?.teaser ?? '',
  );
  // The editor is not the first thing on the page, and no kernel settings stand without a run.
  await expect(page.getByLabel('Scenario (JSON)')).toHaveCount(0);
  await expect(page.getByLabel('Kernel variant', { exact: true })).toHaveCount(0);
  await expect(page).toHaveURL(/\/$/);
  await page.screenshot({ path: 'test-results/layout-start-1440.png' });
  await axe(page, 'start view, light');

  const story = CATALOG.find((e) => e.id === 'corrupted-pte');
  await start.getByRole('button', { name: story?.title }).click();
  await expect(page.getByTestId('step-position')).toHaveText(`Step ${story?.start} of 7`);
  await expect(page).toHaveURL(new RegExp(`s=corrupted-pte&step=${story?.start}`));
  // Back returns to the start view; Forward to the story.
  await page.goBack();
  await expect(start).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('step-position')).toHaveText(`Step ${story?.start} of 7`);
});

test('a later visit without a link reopens where the user was; "All stories" goes back to the start', async ({
  page,
}) => {
  await page.goto('/?v=1&s=pud-pfnmap&step=3&variant=rfc-13');
  await expect(page.getByTestId('step-position')).toHaveText('Step 3 of 9');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/step=4/);
  await page.goto('/');
  await expect(page.getByTestId('step-position')).toHaveText('Step 4 of 9');
  await expect(page.getByLabel('Kernel variant', { exact: true })).toHaveValue('rfc-13');
  await page.getByRole('button', { name: 'All stories' }).click();
  await expect(page.getByRole('region', { name: 'Replay how Linux maps memory' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  // Where the user was is now the start view.
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Replay how Linux maps memory' })).toBeVisible();
});

test('on the start view after a run, the keys are the page’s: End, Home and Space scroll, not step', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?v=1&s=zero-page&step=3');
  await expect(page.getByTestId('step-position')).toHaveText('Step 3 of 10');
  await page.getByRole('button', { name: 'All stories' }).click();
  await expect(page.getByRole('region', { name: 'Replay how Linux maps memory' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
  const scrollY = () => page.evaluate(() => window.scrollY);
  await page.keyboard.press('End');
  await expect.poll(scrollY).toBeGreaterThan(0);
  await page.keyboard.press('Home');
  await expect.poll(scrollY).toBe(0);
  await page.keyboard.press(' ');
  await expect.poll(scrollY).toBeGreaterThan(0);
  // The run left behind was neither stepped nor played: Back opens it at its step.
  await page.goBack();
  await expect(page.getByTestId('step-position')).toHaveText('Step 3 of 10');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('story 07: every step has a visible label, a tooltip with its whole text, and cut badges', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?v=1&s=corrupted-pte&step=5');
  const rows = page.getByRole('list', { name: 'Steps' }).getByRole('button');
  await expect(rows).toHaveCount(8);
  for (let i = 0; i < 8; i++) {
    const row = rows.nth(i);
    const title = row.getByTestId('step-title');
    const text = (await title.textContent()) ?? '';
    expect(text.length, `step ${i}`).toBeGreaterThan(1);
    const box = await title.boundingBox();
    // At least some 12 characters of the label show on each row (two lines of them, when long).
    expect(box?.width ?? 0, `step ${i} label width`).toBeGreaterThan(90);
    await expect(row).toHaveAttribute('title', new RegExp(`^${i}\\. ${text.replace(/[()+[\]]/g, '\\$&')}`));
    // Nothing in the row sticks out of it.
    const rowBox = await row.boundingBox();
    for (const badge of await row.locator('[data-testid^="step-"]').all()) {
      const b = await badge.boundingBox();
      if (!b || !rowBox) continue;
      expect(b.x + b.width, `step ${i} badge`).toBeLessThanOrEqual(rowBox.x + rowBox.width + 0.5);
    }
  }
  // Step 5's long result is cut in its badge; the tooltip has it whole.
  await expect(rows.nth(5)).toHaveAttribute('title', /result: found 0x123456 \(no struct page, pte\)/);
  await page
    .getByRole('region', { name: 'Scenario and steps' })
    .screenshot({ path: 'test-results/layout-steps-07.png' });
});

for (const width of WIDTHS) {
  test(`at ${width} px the page never scrolls sideways: start, a story, compare mode`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Replay how Linux maps memory' })).toBeVisible();
    await expectNoSideScroll(page, 'start view');
    await page.goto('/?v=1&s=devmem-anon-hazard&step=5');
    await expect(page.getByTestId('step-position')).toHaveText('Step 5 of 10');
    await expectNoSideScroll(page, 'story 06');
    await page.goto('/?v=1&s=devmem-anon-hazard&step=5&cmp_variant=v6.18');
    await expect(page.getByTestId('step-position')).toHaveText('Step 5 of 10');
    await expectNoSideScroll(page, 'compare mode');
    await page.screenshot({ path: `test-results/layout-compare-${width}.png`, fullPage: width === 390 });
  });
}

test('below 700 px the settings fold into a sheet, and the order is narration, tree, decision path', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  const variant = page.getByLabel('Kernel variant', { exact: true });
  await expect(variant).toBeHidden();
  const settings = page.getByRole('button', { name: 'Settings' });
  await expect(settings).toHaveAttribute('aria-expanded', 'false');
  await page.screenshot({ path: 'test-results/layout-390.png' });
  await settings.click();
  await expect(settings).toHaveAttribute('aria-expanded', 'true');
  await expect(variant).toBeVisible();
  await variant.selectOption('rfc-11');
  await expect(page).toHaveURL(/variant=rfc-11/);
  await expectNoSideScroll(page, 'settings sheet open');
  await page.screenshot({ path: 'test-results/layout-390-settings.png' });
  await settings.click();
  await expect(variant).toBeHidden();

  const top = async (name: string) =>
    (await page.getByRole('region', { name, exact: true }).first().boundingBox())?.y ?? Number.NaN;
  const narration = await top('Narration');
  const tree = (await page.getByRole('heading', { name: 'Page tables', exact: true }).boundingBox())?.y ?? 0;
  const decision = (await page.getByRole('heading', { name: /^Decision path/ }).boundingBox())?.y ?? 0;
  const steps = (await page.getByRole('list', { name: 'Steps' }).boundingBox())?.y ?? 0;
  expect(narration).toBeLessThan(tree);
  expect(tree).toBeLessThan(decision);
  expect(decision).toBeLessThan(steps);
  // The step buttons stay at the foot of the screen while the page scrolls.
  await page.mouse.wheel(0, 1500);
  const next = page.getByRole('button', { name: 'Next', exact: true });
  await expect(next).toBeInViewport();
  await next.click();
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 3 of \d+$/);
});

test('the steps column can be resized by drag or keys, and keeps its width', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?v=1&s=corrupted-pte&step=1');
  const column = page.getByRole('region', { name: 'Scenario and steps' });
  const handle = page.getByRole('separator', { name: 'Width of the steps column' });
  await expect(handle).toHaveAttribute('aria-valuenow', '320');
  const before = (await column.boundingBox())?.width ?? 0;
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(handle).toHaveAttribute('aria-valuenow', '400');
  // The arrows resized; they did not step through the run.
  await expect(page.getByTestId('step-position')).toHaveText('Step 1 of 7');
  expect(((await column.boundingBox())?.width ?? 0) - before).toBeCloseTo(80, 0);
  const h = await handle.boundingBox();
  if (!h) throw new Error('no handle');
  await page.mouse.move(h.x + h.width / 2, h.y + 40);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 60, h.y + 40, { steps: 4 });
  await page.mouse.up();
  await expect(handle).toHaveAttribute('aria-valuenow', '460');
  await page.keyboard.press('End');
  await expect(handle).toHaveAttribute('aria-valuenow', '640');
  await page.reload();
  await expect(page.getByRole('separator', { name: 'Width of the steps column' })).toHaveAttribute(
    'aria-valuenow',
    '640',
  );
});

for (const width of [390, 1440] as const) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no serious issue at ${width} px, ${theme}: start view and a story`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      if (theme === 'dark') {
        // The theme is a preference of this browser: set it once, then every view opens dark.
        await page.goto('/?v=1&s=zero-page&step=2');
        if (width < 700) await page.getByRole('button', { name: 'Settings' }).click();
        await page.getByRole('button', { name: 'Dark theme' }).click();
        await page.getByRole('button', { name: 'All stories' }).click();
      } else await page.goto('/');
      await expect(page.getByRole('region', { name: 'Replay how Linux maps memory' })).toBeVisible();
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark)/);
      await axe(page, `start view ${width} ${theme}`);
      await page.goto('/?v=1&s=devmem-anon-hazard&step=5&cmp_variant=v6.18');
      await expect(page.getByTestId('step-position')).toHaveText('Step 5 of 10');
      await axe(page, `story ${width} ${theme}`);
      if (width < 700) {
        await page.getByRole('button', { name: 'Settings' }).click();
        await axe(page, `story with the settings sheet ${width} ${theme}`);
      }
    });
  }
}
