import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectNoSerious } from './axe';
import { watchConsole } from './lab';

/**
 * The panels of the middle and right columns hold their contents at every width: a wide table scrolls
 * inside its own focusable region, long lines wrap, and nothing sticks out of a panel's box. (Whether the
 * page as a whole scrolls sideways depends on the header and the columns around the panels, which
 * e2e/app.spec.ts checks.)
 */

const WIDTHS = [390, 768, 1024, 1440] as const;

/** Stories at steps with wide contents: long VMA flags, many folios, 1 GiB ranges, forked trees. */
const STORIES = [
  { name: 'devmem-anon-hazard', query: 's=devmem-anon-hazard&step=5' },
  { name: 'thp-huge-zero', query: 's=thp-huge-zero&step=4' },
  { name: 'scale-1gib-remap', query: 's=scale-1gib-remap&step=1' },
  { name: 'fork', query: 's=fork-cow-pfnmap-anon-zero&step=12' },
] as const;

const PANELS = {
  'page tables': 'section[aria-labelledby="pt-heading"]',
  VMAs: 'section[aria-labelledby="vma-heading"]',
  'physical memory': 'section[aria-labelledby="mem-heading"]',
  'decision path': 'section[aria-labelledby="decision-title"]',
  'step detail': 'section[aria-labelledby="step-heading"]',
} as const;

type PanelName = keyof typeof PANELS;

interface Containment {
  /** The panel's box, in viewport coordinates. */
  readonly left: number;
  readonly right: number;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  /** Elements whose box sticks out of the panel's, with no scrolling or clipping box between. */
  readonly out: readonly string[];
}

/**
 * What of a panel sticks out of its box. An element inside a box that scrolls or clips (the tree's
 * viewport, a table's scroll region, an SVG) is held by that box, which is itself checked; elements of a
 * pixel or less (screen-reader-only text) are left out.
 */
async function containment(panel: Locator): Promise<Containment> {
  return panel.evaluate((p) => {
    const box = p.getBoundingClientRect();
    const out: string[] = [];
    for (const e of p.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue;
      if (r.left >= box.left - 0.5 && r.right <= box.right + 0.5) continue;
      let held = false;
      for (let a = e.parentElement; a && a !== p; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') held = true;
      if (held) continue;
      const cls = (e.getAttribute('class') ?? '').split(' ').slice(0, 3).join('.');
      const text = (e.textContent ?? '').trim().slice(0, 40);
      out.push(`<${e.tagName.toLowerCase()} ${cls}> ${Math.round(r.left)}..${Math.round(r.right)} "${text}"`);
    }
    return { left: box.left, right: box.right, scrollWidth: p.scrollWidth, clientWidth: p.clientWidth, out };
  });
}

/**
 * Opens a story and brings out its widest contents as a user would: the legend's explanations, an entry
 * selected in the tree, and the folio view of the last folio listed.
 */
async function openWide(page: Page, query: string): Promise<void> {
  await page.goto(`/?v=1&${query}`);
  const trees = page.getByRole('region', { name: 'Page tables', exact: true });
  await expect(trees.getByRole('group', { name: /^Page tables of process / }).first()).toBeVisible({
    timeout: 20_000,
  });
  await trees.getByText('What the badges and bits mean').click();
  // By keyboard: focusing a row pans it into view, where a click on a part out of view could not reach.
  const entry = trees.getByRole('button', { name: /^(PTE|PMD|PUD) / }).first();
  await entry.focus();
  await entry.press('Enter');
  await expect(entry).toHaveAttribute('aria-pressed', 'true');
  const mem = page.getByRole('region', { name: 'Physical memory', exact: true });
  await mem.scrollIntoViewIfNeeded();
  // The last folio listed: in these stories one that the run allocated, so some entry maps it.
  const folio = mem.getByRole('region', { name: 'Folio table' }).locator('tbody th button').last();
  await folio.focus();
  await folio.press('Enter');
  await expect(mem.getByRole('heading', { name: /^Entries that map pfn/ })).toBeVisible();
}

/** Waits until the panel is laid out at the new width (it may be skipped while off-screen) and its SVGs follow. */
async function settle(panel: Locator): Promise<void> {
  await panel.scrollIntoViewIfNeeded();
  await panel
    .page()
    .waitForFunction(
      (el) =>
        [
          ...(el as Element).querySelectorAll<SVGSVGElement>(
            '[data-proc] > div > svg, svg[aria-label="Physical address space"]',
          ),
        ].every((s) => Math.abs(s.width.baseVal.value - (s.parentElement?.clientWidth ?? 0)) < 2),
      await panel.elementHandle(),
    );
}

for (const story of STORIES)
  test(`${story.name}: no panel spills at 390, 768, 1024 or 1440 px`, async ({ page }) => {
    test.setTimeout(90_000);
    const errors = watchConsole(page, ['error'], true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openWide(page, story.query);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, sel] of Object.entries(PANELS) as [PanelName, string][]) {
        const panel = page.locator(sel);
        await settle(panel);
        const c = await containment(panel);
        const where = `${story.name} at ${width} px, ${name}`;
        expect(c.out, where).toEqual([]);
        expect(c.scrollWidth, where).toBeLessThanOrEqual(c.clientWidth);
        expect(c.left, where).toBeGreaterThanOrEqual(0);
        expect(c.right, where).toBeLessThanOrEqual(width);
        if (story.name === 'devmem-anon-hazard' && (width === 1024 || width === 390))
          await panel.screenshot({ path: `test-results/panels-${width}-${name.replace(' ', '-')}.png` });
      }
    }
    expect(errors).toEqual([]);
  });

test("a wide table, or the decision path's code, scrolls inside its panel, by keyboard too", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 900 });
  await openWide(page, STORIES[0].query);
  const position = page.getByTestId('step-position');
  const at = await position.textContent();
  const regions = [
    page.getByRole('region', { name: 'Folio table' }),
    page.getByRole('region', { name: 'VMAs of process D' }),
    page.getByRole('region', { name: /^Pseudo-code of / }),
  ];
  for (const region of regions) {
    await region.scrollIntoViewIfNeeded();
    const wide = await region.evaluate((e) => e.scrollWidth > e.clientWidth);
    expect(wide, 'the table is wider than its region at 390 px').toBe(true);
    await region.focus();
    await expect(region).toBeFocused();
    // Arrows scroll the focused region; they do not move through the steps, as they do elsewhere.
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    await expect(position).toHaveText(at ?? '');
  }
});

test('the panels have no serious accessibility violations at 390 and 1440 px, light or dark', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openWide(page, STORIES[0].query);
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    for (const sel of Object.values(PANELS)) await settle(page.locator(sel));
    for (const dark of [false, true]) {
      await page.evaluate((d) => document.documentElement.classList.toggle('dark', d), dark);
      await expectNoSerious(page, `${width} px, ${dark ? 'dark' : 'light'}`, {
        include: Object.values(PANELS),
      });
    }
  }
});
