/**
 * Step-range embeds: a link names steps `from` to `to`, and the embed view plays and steps within them
 * only, says in its header what it shows, and opens the full page at its step. "Copy embed code" offers
 * the current step or a range, at a size.
 */
import { expect, type Page, test } from '@playwright/test';
import { expectNoSerious } from './axe';

const position = (page: Page) => page.getByTestId('step-position');

test('a step-range embed stays inside its range, says what it shows, and opens the full page at its step', async ({
  page,
}) => {
  await page.setViewportSize({ width: 960, height: 640 });
  await page.goto('/?v=1&s=zero-page&from=1&to=3&embed=1');
  await expect(position(page)).toHaveText('Step 1 of 10 (steps 1–3 shown)');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'ptlab: The shared zero page: a read fault maps it, a write fault replaces it',
  );
  const caption = page.getByTestId('embed-caption');
  await expect(caption).toContainText('Kernel v6.18; x86-64, CONFIG_ARCH_HAS_PTE_SPECIAL=y; step 1: A: mmap');
  const nav = page.getByRole('group', { name: 'Step navigation' });
  const next = nav.getByRole('button', { name: 'Next', exact: true });
  await next.click();
  await next.click();
  await expect(position(page)).toHaveText('Step 3 of 10 (steps 1–3 shown)');
  await expect(next).toBeDisabled();
  // The keys step past the end no more than the buttons do.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await expect(position(page)).toHaveText('Step 3 of 10 (steps 1–3 shown)');
  await expect(caption).toContainText('step 3:');
  await expect(page).toHaveURL(/step=3&from=1&to=3&embed=1$/);
  await page.keyboard.press('Home');
  await expect(position(page)).toHaveText('Step 1 of 10 (steps 1–3 shown)');
  await expect(nav.getByRole('button', { name: 'Prev', exact: true })).toBeDisabled();
  // Play runs to the range's end and stops there.
  await page.getByRole('button', { name: /Play/ }).click();
  await expect(position(page)).toHaveText('Step 3 of 10 (steps 1–3 shown)', { timeout: 8000 });
  await expect(page.getByRole('button', { name: /Play/ })).toBeVisible();
  const open = page.getByRole('link', { name: 'Open in ptlab' });
  await expect(open).toHaveAttribute('href', /\?v=1&s=zero-page&step=3$/);
  await page.screenshot({ path: 'test-results/teach-embed-range.png' });
  await expectNoSerious(page, 'a step-range embed', {
    exclude: ['section[aria-labelledby="pt-heading"]'],
  });
});

test('an embed link without a range opens as before, and an end past the run is brought back with a message', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page&step=2&embed=1');
  await expect(position(page)).toHaveText('Step 2 of 10');
  await page.getByRole('group', { name: 'Step navigation' }).getByRole('button', { name: 'Last' }).click();
  await expect(position(page)).toHaveText('Step 10 of 10');
  await page.goto('/?v=1&s=zero-page&from=5&to=40&embed=1');
  await expect(position(page)).toHaveText('Step 5 of 10 (steps 5–10 shown)');
  await expect(
    page.getByText("the range's to 40 is past the run's last step: to step 10, the last"),
  ).toBeVisible();
});

test('Copy embed code offers the current step or a range, at a size', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(position(page)).toHaveText('Step 2 of 10');
  await page.getByText('Copy embed code', { exact: true }).click();
  await page.getByRole('button', { name: 'Copy the iframe' }).click();
  await expect(page.getByText('Embed code copied')).toBeVisible();
  const one = await page.evaluate(() => navigator.clipboard.readText());
  expect(one).toMatch(
    /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?v=1&amp;s=zero-page&amp;step=2&amp;embed=1" width="960" height="640" title="ptlab: The shared zero page[^"]*" loading="lazy"><\/iframe>$/,
  );
  const form = page.getByRole('group', { name: 'Embed code' });
  await form.getByLabel('A range of steps').check();
  await form.getByRole('spinbutton', { name: 'From' }).fill('2');
  await form.getByRole('spinbutton', { name: 'to' }).fill('4');
  await form.getByRole('spinbutton', { name: 'Width' }).fill('720');
  await form.getByRole('spinbutton', { name: 'Height' }).fill('480');
  await page.screenshot({ path: 'test-results/teach-embed-code.png' });
  await page.getByRole('button', { name: 'Copy the iframe' }).click();
  const range = await page.evaluate(() => navigator.clipboard.readText());
  expect(range).toContain('step=2&amp;from=2&amp;to=4&amp;embed=1" width="720" height="480"');
  // The code it gave opens the range.
  const src = /src="([^"]+)"/.exec(range)?.[1]?.replaceAll('&amp;', '&') ?? '';
  await page.goto(src);
  await expect(position(page)).toHaveText('Step 2 of 10 (steps 2–4 shown)');
});
