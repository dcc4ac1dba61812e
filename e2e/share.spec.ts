import { expect, test } from '@playwright/test';
import { quadraticBomb } from '../src/share/bomb.fixture';
import { LabPage } from './lab';

test('a link made in one browser opens the same view in a fresh one', async ({ page, browser }) => {
  await page.goto('/?v=1&s=devmem-private-cow');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 0 of \d+$/);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('switch', { name: /CONFIG_ARCH_HAS_PTE_SPECIAL/ }).click();
  await expect(page).toHaveURL(/pte_special=/);
  const url = page.url();
  expect(url).toContain('step=2');
  expect(url.length).toBeLessThan(300);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  await expect(other.getByRole('switch', { name: /CONFIG_ARCH_HAS_PTE_SPECIAL/ })).toHaveAttribute(
    'aria-checked',
    String(
      await page.getByRole('switch', { name: /CONFIG_ARCH_HAS_PTE_SPECIAL/ }).getAttribute('aria-checked'),
    ),
  );
  await fresh.close();
});

test('a custom scenario travels compressed in the fragment', async ({ page, browser }) => {
  await new LabPage(page).goto();
  await expect(page.getByTestId('step-position')).toHaveText('Step 0 of 3');
  await page.getByRole('button', { name: 'Edit the scenario', exact: true }).click();
  const editor = page.getByLabel('Scenario (JSON)');
  const text = (await editor.inputValue()).replace('"Zero page"', '"Shared with a colleague"');
  await editor.fill(text);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/#z=/);
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  await expect(other.getByLabel('Scenario (JSON)')).toHaveValue(/Shared with a colleague/);
  await fresh.close();
});

test('Back returns to the previous kernel variant; stepping does not add history', async ({ page }) => {
  await page.goto('/?v=1&s=zero-page');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 0 of \d+$/);
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  const variant = page.getByLabel('Kernel variant', { exact: true });
  const first = await variant.inputValue();
  await page.getByRole('button', { name: 'Next patch' }).click();
  await expect(page).toHaveURL(/variant=/);
  const withVariant = page.url();
  await page.goBack();
  await expect(page).not.toHaveURL(withVariant);
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 3 of \d+$/);
  await expect(variant).toHaveValue(first);
  // And it stays: the address the page meant to write for the entry it left (it waits 120 ms after a
  // change) used to land on this one a moment later.
  const back = page.url();
  await page.waitForTimeout(500);
  expect(page.url()).toBe(back);
});

const GOLDEN = [
  '/?v=1&s=zero-page&variant=rfc-08&pte_special=1&step=2',
  '/?s=zero-page',
  '/?v=1&s=thp-huge-zero&variant=v6.18&preset=x86-32-thp&step=1',
  '/?v=1&variant=v6.18#j=%7B%22version%22%3A1%2C%22kernel%22%3A%7B%22variant%22%3A%22v6.18%22%7D%2C%22processes%22%3A%5B%7B%22name%22%3A%22A%22%7D%5D%2C%22steps%22%3A%5B%5D%7D',
];
for (const link of GOLDEN) {
  test(`golden link ${link.slice(0, 60)} opens`, async ({ page }) => {
    await page.goto(link);
    await expect(page.getByRole('status').first()).toContainText(/Ran \d+ operation/);
    await expect(page.getByText('This link could not be opened as it is')).toHaveCount(0);
  });
}

const BROKEN: [string, RegExp][] = [
  ['/?v=1#z=%%%%not-lz', /damaged|not a ptlab scenario|bad %-encoding/],
  ['/?v=1#j=%7B%22version%22', /not valid JSON/],
  ['/?v=1#j=%7B%22version%22%3A1%7D', /not valid/],
  ['/?v=7', /newer ptlab/],
  ['/?s=no-such-story', /no built-in scenario/],
  [
    `/?v=1#j=${encodeURIComponent(JSON.stringify({ version: 1, title: '<img src=x onerror=alert(1)>', kernel: { variant: 'v6.18' }, processes: [{ name: 'A' }], steps: [] }))}`,
    /^$/,
  ],
  // Objects where booleans belong once blanked the page ("Cannot convert object to primitive value").
  [
    `/?v=1#j=${encodeURIComponent(JSON.stringify({ version: 1, kernel: { variant: 'v6.18', config: { pgtableLevels: { toString: 1 }, pteSpecial: { toString: 1, valueOf: 1 } } }, processes: [{ name: 'A' }], steps: [] }))}`,
    /kernel\.config\.pgtableLevels/,
  ],
  [
    `/?v=1#j=${encodeURIComponent(`${'['.repeat(5000)}${']'.repeat(5000)}`)}`,
    /nested more than 64 levels deep/,
  ],
];
test('a link with an unknown variant and a step past the end opens the nearest, says so, and the address follows', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page&variant=v9.99&step=999');
  const banner = page.getByRole('status').filter({ hasText: 'This link was opened with changes' });
  await expect(banner).toContainText(
    'kernel variant "v9.99" is not one ptlab models: showing v6.18, the nearest',
  );
  await expect(banner).toContainText(/step 999 is past the run's last step: showing step (\d+), the last/);
  await expect(page.getByText('This link could not be opened as it is')).toHaveCount(0);
  await expect(page.getByTestId('step-position')).toHaveText(/^Step (\d+) of \1$/);
  await expect(page.getByLabel('Kernel variant', { exact: true })).toHaveValue('v6.18');
  await expect(page).not.toHaveURL(/v9\.99|step=999/);
  await expect(page).toHaveURL(/s=zero-page/);
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);
});

for (const [link, message] of BROKEN) {
  test(`broken or hostile link ${link.slice(0, 50)} says what is wrong and the page works`, async ({
    page,
  }) => {
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(link);
    if (message.source !== '^$') {
      const banner = page.getByRole('alert').filter({ hasText: 'This link could not be opened as it is' });
      await expect(banner).toContainText(message);
      await expect(banner.getByRole('link', { name: 'Open the default view' })).toBeVisible();
    }
    // The page still works: its steps can be walked.
    await expect(page.getByRole('heading', { name: 'Steps', exact: true })).toBeVisible();
    expect(dialogs).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });
}

test('a decompression bomb of 338 million characters is refused as too large, within 50 MB of heap', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page');
  await expect(page.getByRole('status').first()).toContainText(/Ran \d+ operation/);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const idle = await heap();
  // Same document: only the fragment changes, so the page decodes the link with everything else in place.
  await page.evaluate(
    (h) => {
      window.location.hash = h;
      window.dispatchEvent(new PopStateEvent('popstate'));
    },
    `z=${quadraticBomb(26_000)}`,
  );
  const banner = page.getByRole('alert').filter({ hasText: 'This link could not be opened as it is' });
  await expect(banner).toContainText('too large (over 2000000 characters)');
  expect((await heap()) - idle).toBeLessThan(50 * 2 ** 20);
  await expect(page.getByRole('heading', { name: 'Steps', exact: true })).toBeVisible();
});

test('a link damaged in transit is refused, and what could be read opens only when asked', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page');
  await page.getByRole('button', { name: 'Edit the scenario', exact: true }).click();
  await page.getByLabel('Scenario (JSON)').fill(
    JSON.stringify(
      {
        version: 1,
        title: 'sent by mail',
        kernel: { variant: 'v6.18' },
        processes: [{ name: 'A' }],
        steps: [],
      },
      null,
      2,
    ),
  );
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/#z=[0-9a-f]{8}\./);
  const url = page.url();
  const flipped = url.slice(0, -6) + (url.at(-6) === 'A' ? 'B' : 'A') + url.slice(-5);
  await page.goto('about:blank');
  await page.goto(flipped);
  const banner = page.getByRole('alert').filter({ hasText: 'This link could not be opened as it is' });
  await expect(banner).toContainText('damaged in transit');
  await expect(page.getByLabel('Scenario (JSON)')).not.toHaveValue(/sent by mail/);
  await banner.getByRole('button', { name: /^Open what could be read/ }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByLabel('Scenario (JSON)')).toHaveValue(/"version"/);
});

test('the embed view shows the tree, the timeline and the decision path, with a way to the full app', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page&step=2&embed=1');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  await expect(page.getByRole('group', { name: 'Page tables of process A', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open in ptlab' })).toHaveAttribute('href', /s=zero-page/);
  await expect(page.getByLabel('Scenario (JSON)')).toHaveCount(0);
  await expect(page).toHaveURL(/embed=1/);
});

test('exports the trees and memory as SVG and PNG, and the trace as JSON, with nothing in the console', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  // From here on (the page has opened; the tests' own notice that they block the service worker is before).
  const logged: string[] = [];
  page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
  await page.getByText('Export', { exact: true }).click();
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Trees and memory as SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const svgText = await (await svg.createReadStream()).toArray();
  expect(Buffer.concat(svgText).toString()).toContain('<svg');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Trees and memory as PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const pngBytes = Buffer.concat(await (await png.createReadStream()).toArray());
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Trace as JSON' }).click(),
  ]);
  const trace = JSON.parse(Buffer.concat(await (await json.createReadStream()).toArray()).toString());
  expect(trace.steps.length).toBeGreaterThan(2);
  expect(trace.steps[2].events.length).toBeGreaterThan(0);
  // The exported SVG carries its colours: the page's fill of a tree box is in the file.
  expect(Buffer.concat(svgText).toString()).toMatch(/ fill="rgb\(/);
  expect(logged).toEqual([]);
});

test('the Export and More config popovers close on a click outside and on Escape', async ({ page }) => {
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  for (const name of ['Export', 'More config']) {
    const summary = page.locator('summary', { hasText: name });
    const details = page.locator('details', { has: summary });
    await summary.click();
    await expect(details).toHaveAttribute('open', '');
    // A press outside, beside the popover (which may cover other controls): the page's bottom-left corner.
    const size = page.viewportSize() ?? { width: 1280, height: 720 };
    await page.mouse.click(4, size.height - 4);
    await expect(details).not.toHaveAttribute('open');
    await summary.click();
    await expect(details).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(details).not.toHaveAttribute('open');
    await expect(summary).toBeFocused();
    // A click inside leaves it open.
    await summary.click();
    await details.locator('button, input').first().focus();
    await details
      .locator('fieldset, div')
      .first()
      .click({ position: { x: 4, y: 4 } });
    await expect(details).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
  }
});
