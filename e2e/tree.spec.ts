import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { anonReads, devmemRemap } from '../src/scenario/fixtures';
import { expectNoSerious, TREE_AND_MEMORY } from './axe';
import { LabPage, watchConsole } from './lab';

/** The page-table trees and the physical memory view, as a user (or a screen reader) finds them. */
class TreeView {
  constructor(readonly page: Page) {}
  tree(proc: string): Locator {
    return this.page.getByRole('group', { name: `Page tables of process ${proc}`, exact: true });
  }
  tables(proc: string, level: 'PGD' | 'PUD' | 'PMD' | 'PTE'): Locator {
    return this.tree(proc).getByRole('group', { name: new RegExp(`^${level} (table )?#\\d+,`) });
  }
  /** A run or an entry, by the start of its accessible name ("PTE 1", "PTE 0-511"). */
  entry(proc: string, name: string): Locator {
    return this.tree(proc).getByRole('button', { name: new RegExp(`^${name} `) });
  }
  zoom(proc: string, name: 'Zoom in' | 'Zoom out' | 'Fit all' | 'Reset'): Locator {
    return this.page.getByRole('group', { name: `Zoom, process ${proc}` }).getByRole('button', { name });
  }
  zoomLevel(proc: string): Locator {
    return this.page.getByRole('group', { name: `Zoom, process ${proc}` }).getByText(/^\d+%$/);
  }
  get selection(): Locator {
    return this.page.getByTestId('tree-selection');
  }
  folio(pfn: string): Locator {
    return this.page
      .getByRole('region', { name: 'Physical memory', exact: true })
      .locator(`tr[data-pfn="${pfn}"]`);
  }
}

const WORKED = new URL('../src/scenario/worked/', import.meta.url);
const worked = (file: string) => readFileSync(new URL(file, WORKED), 'utf8');

const remap = (bytes: string) => JSON.stringify(devmemRemap(bytes));

async function open(page: Page, text?: string): Promise<{ lab: LabPage; t: TreeView; errors: string[] }> {
  const errors = watchConsole(page, ['error'], true);
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run(text);
  await expect(lab.status).toContainText(/Ran \d+ operations?\./, { timeout: 20_000 });
  await lab.nav('Last').click();
  return { lab, t: new TreeView(page), errors };
}

/** Activates a control by keyboard: focusing pans it into view, which a click on a hidden part cannot. */
async function activate(l: Locator): Promise<void> {
  await l.focus();
  await l.press('Enter');
}

async function screenshot(page: Page, name: string, dark: boolean): Promise<void> {
  // After a resize, wait until every tree has followed its container's width.
  await page.waitForFunction(() =>
    [...document.querySelectorAll<SVGSVGElement>('[data-proc] svg')].every(
      (s) => Math.abs(s.width.baseVal.value - (s.parentElement?.clientWidth ?? 0)) < 2,
    ),
  );
  // The fit follows one render later (an effect moves d3-zoom, which writes the transform back).
  await page.waitForTimeout(300);
  await page.evaluate((d) => {
    document.documentElement.classList.toggle('dark', d);
    window.scrollTo(0, 0);
  }, dark);
  const theme = dark ? 'dark' : 'light';
  await page.screenshot({ path: `test-results/tree-${name}-${theme}.png` });
  await page
    .getByRole('region', { name: 'Page tables', exact: true })
    .screenshot({ path: `test-results/tree-${name}-${theme}-panel.png` });
}

test('the example: PGD → PUD → PMD → PTE, a run selected by click, kept across zoom and steps', async ({
  page,
}) => {
  const { lab, t, errors } = await open(page);
  for (const level of ['PGD', 'PUD', 'PMD', 'PTE'] as const)
    await expect(t.tables('A', level)).toHaveCount(1);
  await expect(t.tables('A', 'PGD')).toHaveAttribute('aria-label', /P4D folded/);
  const run = t.entry('A', 'PTE 1');
  // A drawn row is named by its visible words (label in name) and described by the rest.
  await expect(run).toHaveAccessibleName(/normal M-OK/);
  await expect(run).toHaveAccessibleName(/pfn 0x10000 PWDA-$/);
  await expect(run).toHaveAccessibleDescription(/^present, writable, dirty, young; written in this step$/);
  await expect(run).toHaveAttribute('aria-pressed', 'false');

  await run.click();
  await expect(run).toHaveAttribute('aria-pressed', 'true');
  await expect(t.selection).toContainText('A PTE 0x10001000');
  await expect(t.selection).toContainText('pfn 0x10000');
  await expect(t.folio('0x10000')).toHaveAttribute('data-selected', 'true');

  // Hovering a run lights up the folios it maps.
  await t.entry('A', 'PTE 1').hover();
  await expect(t.folio('0x10000')).toHaveAttribute('data-hovered', 'true');

  const before = await t.zoomLevel('A').textContent();
  await t.zoom('A', 'Zoom in').click();
  await expect(t.zoomLevel('A')).not.toHaveText(before ?? '');
  await expect(run).toHaveAttribute('aria-pressed', 'true');

  // Ctrl + wheel zooms (plain wheel scrolls the page).
  const level = await t.zoomLevel('A').textContent();
  await t.tree('A').scrollIntoViewIfNeeded();
  const box = await t.tree('A').boundingBox();
  if (!box) throw new Error('no tree');
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, 300);
  await page.keyboard.up('Control');
  await expect(t.zoomLevel('A')).not.toHaveText(level ?? '');
  await expect(t.entry('A', 'PTE 1')).toHaveAttribute('aria-pressed', 'true');
  await t.zoom('A', 'Reset').click();

  // The selection is an entry, not a drawing: one step back the same PTE maps the zero page.
  await lab.nav('Prev').click();
  await expect(t.entry('A', 'PTE 1')).toHaveAttribute('aria-pressed', 'true');
  await expect(t.entry('A', 'PTE 1')).toHaveAccessibleName(/zero page M-S1c/);
  await expect(t.entry('A', 'PTE 1')).toHaveAccessibleName(/pfn 0x42 P---S$/);
  await expect(t.entry('A', 'PTE 1')).toHaveAccessibleDescription(/^present, special/);
  await expect(t.folio('0x42')).toHaveAttribute('data-selected', 'true');
  await lab.nav('First').click();
  await expect(t.tables('A', 'PTE')).toHaveCount(0);
  await expect(t.selection).toContainText('no such entry in this step');
  await lab.nav('Last').click();

  for (const dark of [false, true]) {
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot(page, '1280x720', dark);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, '1920x1080', dark);
  }
  expect(errors).toEqual([]);
});

test('keyboard: Tab reaches the runs, Enter and Space select', async ({ page }) => {
  const { lab, t } = await open(page);
  await lab.nav('Prev').click();
  await t.zoom('A', 'Reset').focus();
  await page.keyboard.press('Tab');
  const run = t.entry('A', 'PTE 1');
  await expect(run).toBeFocused();
  await page.keyboard.press('Space');
  await expect(run).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(run).toHaveAttribute('aria-pressed', 'false');
  await run.focus();
  await page.keyboard.press('Enter');
  await expect(run).toHaveAttribute('aria-pressed', 'true');
  // Enter on a run selects; it does not move through the steps.
  await expect(lab.position).toHaveText('Step 2 of 3');
});

test('a run lists its entries, 64 at a time; the selection survives folding it', async ({ page }) => {
  const { t, errors } = await open(page, remap('0x400000'));
  await expect(t.tables('A', 'PTE')).toHaveCount(2);
  const run = t.entry('A', 'PTE 0-511').first();
  await expect(run).toHaveAccessibleName(/0x40000000-0x401fffff.* pfn 0x100-0x2ff PW--S$/);
  await expect(run).toHaveAccessibleDescription(/^512 entries/);
  await t.tree('A').getByRole('button', { name: 'List the entries of PTE 0-511' }).first().click();
  const entries = t.tree('A').getByRole('button', { name: /^PTE \d+ 0x/ });
  await expect(entries).toHaveCount(64);
  await activate(t.tree('A').getByRole('button', { name: /show 64 more/ }));
  await expect(entries).toHaveCount(128);

  // A plain wheel pans a tree taller than its viewport (and leaves the zoom alone). Focusing "show more"
  // brought the bottom into view, so the wheel goes up.
  const content = t.tree('A').locator('> g');
  const was = await content.getAttribute('transform');
  const zoomWas = await t.zoomLevel('A').textContent();
  await t.tree('A').scrollIntoViewIfNeeded();
  const box = await t.tree('A').boundingBox();
  if (!box) throw new Error('no tree');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect(content).not.toHaveAttribute('transform', was ?? '');
  await expect(t.zoomLevel('A')).toHaveText(zoomWas ?? '');
  await t.zoom('A', 'Reset').click();

  // At 100% the PTE table runs past the right edge of the tree's viewport (text is not shrunk to fit):
  // focusing the entry pans it into view, and then it takes a click.
  await t.entry('A', 'PTE 5').focus();
  await t.entry('A', 'PTE 5').click();
  await expect(t.entry('A', 'PTE 5')).toHaveAttribute('aria-pressed', 'true');
  await expect(run).toHaveAttribute('aria-pressed', 'false');
  await expect(t.selection).toContainText('A PTE 0x40005000');
  await expect(t.selection).toContainText('pfn 0x105 PW--S');

  await t.tree('A').getByRole('button', { name: 'Hide the entries of PTE 0-511' }).first().click();
  await expect(entries).toHaveCount(0);
  await expect(run).toHaveAttribute('aria-pressed', 'true');
  expect(errors).toEqual([]);
});

test('after fork both processes get a tree, side by side on a wide screen', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const { t, errors } = await open(page, worked('S-56-fork-anon-and-zero.json'));
  for (const proc of ['A', 'B']) {
    await expect(t.tables(proc, 'PTE')).toHaveCount(1);
    await expect(t.entry(proc, 'PTE 0')).toHaveAccessibleName(/normal/);
    await expect(t.entry(proc, 'PTE 5')).toHaveAccessibleName(/zero page/);
  }
  // The child's entries were all written by fork; the parent's zero-page PTE was not.
  await expect(t.entry('B', 'PTE 5')).toHaveAccessibleDescription(/written in this step/);
  await expect(t.entry('A', 'PTE 5')).not.toHaveAccessibleDescription(/written in this step/);
  const a = await t.tree('A').boundingBox();
  const b = await t.tree('B').boundingBox();
  expect(a && b && b.x >= a.x + a.width).toBe(true);
  await t.entry('B', 'PTE 0').click();
  await expect(t.entry('B', 'PTE 0')).toHaveAttribute('aria-pressed', 'true');
  await expect(t.entry('A', 'PTE 0')).toHaveAttribute('aria-pressed', 'false');
  for (const dark of [false, true]) await screenshot(page, 'fork-1920x1080', dark);
  await page.setViewportSize({ width: 1280, height: 720 });
  await screenshot(page, 'fork-1280x720', false);
  expect(errors).toEqual([]);
});

test('a 1 GiB remap draws 2 of its 512 alike PTE tables and one node for the rest', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const { t, errors } = await open(page, remap('0x40000000'));
  await expect(t.tables('A', 'PTE')).toHaveCount(2);
  const group = t
    .tree('A')
    .getByRole('button', { name: /510 more PTE tables 0x40400000-0x7fffffff all alike/ });
  await expect(group).toHaveAttribute('aria-expanded', 'false');
  await screenshot(page, 'remap-1g-1920x1080', false);
  await activate(group);
  await expect(t.tables('A', 'PTE')).toHaveCount(512);
  const fold = t.tree('A').getByRole('button', { name: /fold 510 PTE tables/ });
  await expect(fold).toHaveAttribute('aria-expanded', 'true');
  await activate(fold);
  await expect(t.tables('A', 'PTE')).toHaveCount(2);
  expect(errors).toEqual([]);
});

/** Names of the tables of process A that meet the tree's viewport, each with whether it is drawn bare. */
async function tablesInView(page: Page): Promise<{ name: string; bare: boolean }[]> {
  return page.evaluate(() => {
    const svg = document.querySelector('svg[aria-label="Page tables of process A"]');
    if (!svg) return [];
    const v = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('g[role="group"][data-level]')].flatMap((g) => {
      const r = g.getBoundingClientRect();
      const meets = r.bottom > v.top && r.top < v.bottom && r.right > v.left && r.left < v.right;
      return meets ? [{ name: g.getAttribute('aria-label') ?? '', bare: g.hasAttribute('data-bare') }] : [];
    });
  });
}

test('a tall tree draws in full only what is in view; Tab or a pan draws the rest as it comes', async ({
  page,
}) => {
  // Reads 260 KiB apart: eight PTE tables, far taller than the tree's viewport.
  const offsets = Array.from({ length: 60 }, (_, i) => i * 0x41000);
  const { t, errors } = await open(page, JSON.stringify(anonReads(64 * 2 ** 20, offsets)));
  await expect(t.tables('A', 'PTE')).toHaveCount(8);
  const bare = t.tree('A').locator('g[data-bare]');
  expect(await bare.count()).toBeGreaterThan(0);
  // Every table in view is drawn in full.
  expect((await tablesInView(page)).filter((x) => x.bare)).toEqual([]);
  // A bare table keeps its name and its rows' buttons and names, without text.
  const far = bare.last();
  const farName = (await far.getAttribute('aria-label')) ?? '';
  expect(farName).toMatch(/^PTE table #\d+,/);
  await expect(far.locator('text')).toHaveCount(0);
  const rows = far.getByRole('button', { name: /^PTE \d+ zero page/ });
  expect(await rows.count()).toBeGreaterThan(0);

  // Tab from the zoom buttons into the far table: focusing a row pans it into view, drawn in full.
  await t.zoom('A', 'Reset').focus();
  let inFar = false;
  for (let i = 0; i < 200 && !inFar; i++) {
    await page.keyboard.press('Tab');
    inFar = await page.evaluate(
      (name) => document.activeElement?.closest('g[data-level]')?.getAttribute('aria-label') === name,
      farName,
    );
  }
  expect(inFar).toBe(true);
  const table = t.tree('A').getByRole('group', { name: farName, exact: true });
  await expect(table).not.toHaveAttribute('data-bare');
  await expect(table.locator('text').first()).toBeVisible();
  expect((await tablesInView(page)).some((x) => x.name === farName && !x.bare)).toBe(true);

  // Back to the top, then a wheel pan down: what comes into view is drawn, never bare.
  await t.zoom('A', 'Reset').click();
  await expect.poll(async () => (await tablesInView(page)).some((x) => x.name === farName)).toBe(false);
  const box = await t.tree('A').boundingBox();
  if (!box) throw new Error('no tree');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // The zoom transform and the drawing window change in one render: once the view has moved, no
  // table in view may be bare, checked at once rather than polled.
  const view = t.tree('A').locator(':scope > g').first();
  for (let i = 0; i < 6; i++) {
    const was = await view.getAttribute('transform');
    await page.mouse.wheel(0, 300);
    await expect(view).not.toHaveAttribute('transform', was ?? '');
    expect((await tablesInView(page)).filter((x) => x.bare)).toEqual([]);
  }
  await screenshot(page, 'tall-panned', false);
  expect(errors).toEqual([]);
});

test('trees and physical memory have no serious accessibility violations, light or dark', async ({
  page,
}) => {
  const { t, errors } = await open(page, worked('S-61-corrupted-pte.json'));
  await page.getByRole('button', { name: 'Prev', exact: true }).click();
  // The query step: "Bad page map" points at PTE 3, which the tree flags.
  await expect(t.entry('A', 'PTE 3')).toHaveAccessibleName(/Bad page map/);
  await expect(t.entry('A', 'PTE 3')).toHaveAccessibleDescription(/a report points here/);
  await t.entry('A', 'PTE 3').click();
  await expect(t.selection).toContainText('pfn 0x123456');
  for (const dark of [false, true]) {
    await page.evaluate((d) => document.documentElement.classList.toggle('dark', d), dark);
    await expectNoSerious(page, dark ? 'dark' : 'light', { include: TREE_AND_MEMORY });
  }
  await screenshot(page, 'bad-page-map-1280x720', false);
  expect(errors).toEqual([]);
});

/** The rendered size of the smallest text in a process's tree, in CSS pixels (font size × zoom). */
async function smallestText(page: Page, proc: string): Promise<number> {
  return page.evaluate((p) => {
    const texts = [...document.querySelectorAll<SVGTextElement>(`[data-proc="${p}"] svg text`)];
    return Math.min(
      ...texts.map((t) => Number.parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 0)),
    );
  }, proc);
}

test('tree text is never drawn below 11 px: Fit all, the wheel and − stop there, and the rest pans into view', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const { t, errors } = await open(page, remap('0x40000000'));
  // All 512 PTE tables of a 1 GiB remap: far more than any viewport holds at a readable size.
  await activate(t.tree('A').getByRole('button', { name: /510 more PTE tables/ }));
  await expect(t.tables('A', 'PTE')).toHaveCount(512);
  const note = page.locator('[data-proc="A"]').getByTestId('fit-note');
  await expect(note).toBeEmpty();

  await t.zoom('A', 'Fit all').click();
  await expect(t.zoomLevel('A')).toHaveText('100%');
  await expect(note).toHaveText(/^Fit all: text kept at 11 px, so the tree is larger than its view; drag/);
  expect(await smallestText(page, 'A')).toBeGreaterThanOrEqual(11);

  // − says it is at the least zoom and does nothing; Ctrl + wheel stops there too.
  const zoomOut = t.zoom('A', 'Zoom out');
  await expect(zoomOut).toHaveAttribute('aria-disabled', 'true');
  await expect(zoomOut).toHaveAttribute('title', /smallest \(11 px\)/);
  await zoomOut.focus();
  await page.keyboard.press('Enter');
  await expect(zoomOut).toBeFocused();
  await expect(t.zoomLevel('A')).toHaveText('100%');
  await t.zoom('A', 'Zoom in').click();
  await expect(t.zoomLevel('A')).toHaveText('125%');
  await expect(t.zoom('A', 'Zoom out')).not.toHaveAttribute('aria-disabled');
  await expect(note).toBeEmpty();
  await t.tree('A').scrollIntoViewIfNeeded();
  const box = await t.tree('A').boundingBox();
  if (!box) throw new Error('no tree');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.down('Control');
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, 400);
  await page.keyboard.up('Control');
  await expect(t.zoomLevel('A')).toHaveText('100%');
  expect(await smallestText(page, 'A')).toBeGreaterThanOrEqual(11);

  // The tree still draws in full only what is in view.
  await t.zoom('A', 'Fit all').click();
  expect(await t.tree('A').locator('g[data-bare]').count()).toBeGreaterThan(400);
  expect((await tablesInView(page)).filter((x) => x.bare)).toEqual([]);
  await screenshot(page, 'min-zoom-1g-1024x768', false);

  // A plain wheel pans down; what comes into view is drawn. The pointer goes back over the tree first:
  // Fit all changed the tree's size, and the page may have scrolled, so it may no longer be over it.
  const view = t.tree('A').locator(':scope > g').first();
  const was = await view.getAttribute('transform');
  await t.tree('A').scrollIntoViewIfNeeded();
  const fitted = await t.tree('A').boundingBox();
  if (!fitted) throw new Error('no tree');
  await page.mouse.move(fitted.x + fitted.width / 2, fitted.y + Math.min(fitted.height / 2, 200));
  await page.mouse.wheel(0, 600);
  await expect(view).not.toHaveAttribute('transform', was ?? '');
  expect((await tablesInView(page)).filter((x) => x.bare)).toEqual([]);
  expect(await smallestText(page, 'A')).toBeGreaterThanOrEqual(11);

  // The last table, far below: focusing one of its runs (as Tab does) brings it into view, drawn.
  const last = t.tables('A', 'PTE').last();
  const lastName = (await last.getAttribute('aria-label')) ?? '';
  await last.getByRole('button').first().focus();
  await expect(last).not.toHaveAttribute('data-bare');
  expect((await tablesInView(page)).some((x) => x.name === lastName && !x.bare)).toBe(true);

  // Reset goes back to the readable default, and the note goes with the Fit all view.
  await t.zoom('A', 'Reset').click();
  await expect(note).toBeEmpty();
  expect(errors).toEqual([]);
});

test('at 390 px the tree keeps 11 px text and Tab pans to its right-hand tables', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { t, errors } = await open(page, worked('S-56-fork-anon-and-zero.json'));
  await t.zoom('A', 'Fit all').click();
  await expect(t.zoomLevel('A')).toHaveText('100%');
  await expect(page.locator('[data-proc="A"]').getByTestId('fit-note')).toContainText('text kept at 11 px');
  expect(await smallestText(page, 'A')).toBeGreaterThanOrEqual(11);
  // The PTE table is right of the viewport until Tab reaches one of its runs.
  const svg = await t.tree('A').boundingBox();
  const pte = t.tables('A', 'PTE').first();
  const before = await pte.boundingBox();
  if (!svg || !before) throw new Error('no tree');
  expect(before.x + before.width).toBeGreaterThan(svg.x + svg.width);
  // Shift + wheel pans across (a plain wheel scrolls the page: the tree is not taller than its view).
  await page.mouse.move(svg.x + svg.width / 2, svg.y + svg.height / 2);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 200);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await pte.boundingBox())?.x ?? 0).toBeLessThan(before.x);
  expect(await smallestText(page, 'A')).toBeGreaterThanOrEqual(11);
  await t.zoom('A', 'Reset').click();
  await expect.poll(async () => (await pte.boundingBox())?.x ?? 0).toBe(before.x);
  await t.zoom('A', 'Reset').focus();
  let inPte = false;
  for (let i = 0; i < 20 && !inPte; i++) {
    await page.keyboard.press('Tab');
    inPte = await page.evaluate(
      () =>
        document.activeElement?.closest('g[data-level]')?.getAttribute('aria-label')?.startsWith('PTE') ??
        false,
    );
  }
  expect(inPte).toBe(true);
  const focused = await page.evaluate(() => {
    const r = (document.activeElement as Element).getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
  expect(focused.left).toBeGreaterThanOrEqual(svg.x);
  expect(focused.left).toBeLessThan(svg.x + svg.width);
  await screenshot(page, 'fork-390x844', false);
  expect(errors).toEqual([]);
});

test('a 256 GiB remap at PTE level opens, filters, forks and steps like a small one', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // 67,108,864 PTEs in 131,072 PTE tables under 256 PMD tables, then a fork: the model keeps them as runs
  // of alike tables (model/family.ts), and the page draws two of each level and one node for the rest.
  const text = JSON.stringify(devmemRemap(256 * 2 ** 30, [{ op: 'fork', proc: 'A', child: 'B' }]));
  const { lab, t, errors } = await open(page, text);
  await lab.nav('Prev').click();
  await expect(page.getByTestId('step-position')).toHaveText('Step 1 of 2');
  const tree = t.tree('A');
  await expect(tree.getByRole('button', { name: /254 more PMD tables .* all alike/ })).toBeVisible();
  await expect(page.getByText(/page tables 131329/).first()).toBeVisible();
  // Every one of the 67,108,864 PTEs is special, and the filter counts them all.
  const bar = page.getByRole('group', { name: 'Highlight entries' });
  await bar.getByRole('button', { name: 'special', exact: true }).click();
  await expect(bar.locator('output')).toHaveText('67,108,864 entries match');
  // The fork copies every table: both processes then hold as many.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-position')).toHaveText('Step 2 of 2');
  await expect(bar.locator('output')).toHaveText('134,217,728 entries match');
  await expect(t.tree('B').getByRole('button', { name: /254 more PMD tables .* all alike/ })).toBeVisible();
  // A PTE deep in the range is one click away from its decision path.
  await t.entry('B', 'PTE 0-511').first().click();
  await expect(page.getByRole('region', { name: 'Decision path', exact: true })).toContainText('M-S1b');
  // Against the previous patch the runs agree at every step: compared a run of tables at a time.
  await page.getByRole('button', { name: 'vs previous patch' }).click();
  await expect(page.getByText(/B agrees at all \d+ steps/)).toBeVisible();
  await screenshot(page, 'remap-256g-1440x900', false);
  expect(errors).toEqual([]);
});
