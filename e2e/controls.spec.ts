/**
 * The kernel controls, compare mode, the decision path and playback, driven the way a user would: the
 * CONFIG_ARCH_HAS_PTE_SPECIAL switch re-runs and the zero-page PTE is decided by M-N3 instead of M-S1c,
 * the variant changes under a kept step, "vs previous patch" on RFC 11 marks what patch 11 changed for a
 * /dev/mem MAP_PRIVATE scenario without pte_special, and Play/space step through the run. Screenshots of
 * the header, the decision path and compare mode go to test-results/ (light and dark, two sizes).
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { anonReads } from '../src/scenario/fixtures';
import { expectNoSerious, TREE_AND_MEMORY } from './axe';
import { LabPage } from './lab';

const worked = (file: string) =>
  readFileSync(new URL(`../src/scenario/worked/${file}`, import.meta.url), 'utf8');

class Controls {
  readonly pteSpecial: Locator;
  readonly variant: Locator;
  readonly preset: Locator;
  readonly decision: Locator;
  readonly result: Locator;
  readonly decided: Locator;
  readonly tree: Locator;
  readonly compareStatus: Locator;
  readonly differs: Locator;
  readonly play: Locator;

  constructor(readonly page: Page) {
    this.pteSpecial = page.getByRole('switch', { name: 'CONFIG_ARCH_HAS_PTE_SPECIAL', exact: true });
    this.variant = page.getByRole('combobox', { name: 'Kernel variant', exact: true });
    this.preset = page.getByRole('combobox', { name: 'Architecture preset', exact: true });
    this.decision = page.getByRole('region', { name: 'Decision path', exact: true });
    this.result = page.getByTestId('decision-result');
    this.decided = this.decision.locator('li[data-state="decided"]');
    this.tree = page.getByRole('region', { name: 'Page tables and memory' });
    this.compareStatus = page.getByTestId('compare-status');
    this.differs = page.getByRole('list', { name: 'Steps' }).getByTestId('step-differs');
    this.play = page.getByRole('button', { name: /^(Play|Pause)$/ });
  }

  /** The tree's button for the run of entries starting at a virtual address, at a level (run A's, in compare mode). */
  treeEntry(level: 'PTE' | 'PMD', vaddr: string): Locator {
    return this.tree
      .getByRole('group', { name: /^Page tables of process \w+( in run A)?$/ })
      .getByRole('button', { name: new RegExp(`^${level} \\d+\\b.*\\b${vaddr}-`) });
  }
}

/** axe finds no serious or critical violation. The page-table tree and the physical memory view are
 * scanned by their own spec (e2e/tree.spec.ts). */
function scanSerious(page: Page, when: string): Promise<void> {
  return expectNoSerious(page, when, { exclude: TREE_AND_MEMORY });
}

async function openExample(page: Page): Promise<{ lab: LabPage; ui: Controls }> {
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run();
  await expect(lab.stepTitles).toHaveCount(4);
  return { lab, ui: new Controls(page) };
}

test('CONFIG_ARCH_HAS_PTE_SPECIAL re-runs: the zero-page PTE is decided by M-S1c with it, M-N3 without', async ({
  page,
}) => {
  const { lab, ui } = await openExample(page);
  await lab.nav('Next').click();
  await lab.nav('Next').click();
  await expect(lab.position).toHaveText('Step 2 of 3');
  // Nothing pinned: the decision path follows the step, which faulted in the zero page at 0x10001000.
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('following step 2');
  await expect(ui.decided.first()).toContainText('M-S1c');

  await ui.treeEntry('PTE', '0x10001000').click();
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('pinned');
  await expect(ui.pteSpecial).toHaveAttribute('aria-checked', 'true');
  await expect(ui.decision).toContainText('__vm_normal_page()');
  await expect(ui.result).toContainText('NULL');
  await expect(ui.result).toContainText('zero page');
  await expect(ui.decided.first()).toContainText('M-S1c');
  await expect(ui.decided.first()).toContainText('return NULL;');
  await expect(ui.treeEntry('PTE', '0x10001000')).toHaveAccessibleName(/M-S1c/);
  await scanSerious(page, 'decision path of a zero-page PTE');

  await ui.pteSpecial.click();
  await expect(ui.pteSpecial).toHaveAttribute('aria-checked', 'false');
  await expect(ui.pteSpecial).toContainText('is not set');
  await expect(lab.position).toHaveText('Step 2 of 3');
  await expect(ui.decided.first()).toContainText('M-N3');
  await expect(ui.result).toContainText('NULL');
  await expect(ui.decision.getByRole('list', { name: 'Conditions checked, in order' })).toContainText(
    'IS_ENABLED(CONFIG_ARCH_HAS_PTE_SPECIAL)',
  );
  await expect(ui.treeEntry('PTE', '0x10001000')).toHaveAccessibleName(/M-N3/);

  // The branch ID links to its row in kernel-semantics.html, which the site serves.
  const branch = ui.decision.getByRole('link', { name: 'branch M-N3' });
  await expect(branch).toHaveAttribute('href', 'kernel-semantics.html#M-N3');
  const doc = await page.request.get(new URL('kernel-semantics.html', page.url()).href);
  expect(doc.status()).toBe(200);
  expect(await doc.text()).toContain('<tr id="M-N3">');

  // The settings now differ from the scenario's; one button puts them back.
  const reset = page.getByRole('button', { name: "Reset to the scenario's" });
  await expect(page.getByText("Not the scenario's settings")).toBeVisible();
  await reset.click();
  await expect(ui.pteSpecial).toHaveAttribute('aria-checked', 'true');
  await expect(ui.decided.first()).toContainText('M-S1c');
  await expect(reset).toHaveCount(0);
});

test('the entry picker follows the keyboard: arrow keys move through the entries, one per press', async ({
  page,
}) => {
  // Three pages read, far enough apart to be three PTE entries the picker lists.
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run(JSON.stringify(anonReads(0x10000, [0, 0x4000, 0x8000])));
  await expect(lab.position).toHaveText('Step 0 of 4');
  await lab.nav('Last').click();
  await expect(lab.position).toHaveText('Step 4 of 4');
  const ui = new Controls(page);
  const picker = ui.decision.getByRole('combobox', { name: 'Entry', exact: true });
  const values = await picker
    .locator('option:not([disabled])')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(values.length).toBeGreaterThanOrEqual(3);
  await picker.focus();
  // Pressed one after the other without waiting: each press starts from the entry the last one chose,
  // not from the value the panel around it has not caught up with yet.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(picker).toHaveValue(values[2] as string);
  await expect(ui.decided.first()).toBeVisible();
  await expect(ui.decision).not.toContainText('Select an entry in the page-table tree');
  await scanSerious(page, 'entry picked by keyboard');
});

test('the decision path follows the step; a click pins an entry, Esc or "Follow the step" unpins; the link says which', async ({
  page,
}) => {
  const ui = new Controls(page);
  // Story 02 at step 4 asks vm_normal_page_pmd() about the huge zero PMD: its verdict shows with no click.
  await page.goto('/?v=1&s=thp-huge-zero&step=4');
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('following step 4');
  await expect(ui.decision.getByRole('heading', { name: /Decision path/ })).toContainText('A PMD 0x40000000');
  await expect(ui.decision).toContainText('vm_normal_page_pmd()');
  await expect(ui.decided.first()).toBeVisible();
  await expect(page).not.toHaveURL(/entry=/);

  // A click in the tree pins that entry; the link carries it; stepping keeps it.
  await ui.treeEntry('PMD', '0x40000000').click();
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('pinned');
  await expect(page).toHaveURL(/entry=A%3Apmd%3A0x40000000/);
  await page.keyboard.press('ArrowLeft');
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('pinned');

  // Esc unpins: the decision path follows step 3 again, and the link no longer names an entry.
  await page.keyboard.press('Escape');
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('following step 3');
  await expect(page).not.toHaveURL(/entry=/);

  // So does the button, after a pin from the step's own list or the tree.
  await ui.treeEntry('PMD', '0x40000000').click();
  await ui.decision.getByRole('button', { name: 'Follow the step' }).click();
  await expect(ui.decision.getByTestId('decision-mode')).toHaveText('following step 3');
  await scanSerious(page, 'decision path following the step');
});

test('switching the kernel variant keeps the step; previous/next patch step through the series', async ({
  page,
}) => {
  const { lab, ui } = await openExample(page);
  await lab.nav('Last').click();
  await lab.nav('Prev').click();
  await expect(lab.position).toHaveText('Step 2 of 3');
  await ui.treeEntry('PTE', '0x10001000').click();
  await expect(ui.decided.first()).toContainText('M-S1c');

  await ui.variant.selectOption('rfc-10');
  await expect(ui.variant).toHaveValue('rfc-10');
  await expect(lab.position).toHaveText('Step 2 of 3');
  await expect(ui.decided.first()).toContainText('R-P1c');
  await expect(ui.decision).toContainText('[PATCH RFC 10/14] mm/memory: factor out common code');
  // The RFC's code is in its patch mail, not in a tree that never had it.
  await expect(ui.decision.getByRole('link', { name: 'RFC 10/14 on lore' })).toHaveAttribute(
    'href',
    'https://lore.kernel.org/r/20250617154345.2494405-11-david@redhat.com',
  );

  await page.getByRole('button', { name: 'Previous patch: RFC 09/14' }).click();
  await expect(ui.variant).toHaveValue('rfc-09');
  await expect(lab.position).toHaveText('Step 2 of 3');
  await expect(ui.decided.first()).toContainText('B-P4');
  await page.getByRole('button', { name: 'Next patch: RFC 10/14' }).click();
  await expect(ui.variant).toHaveValue('rfc-10');
  await expect(lab.position).toHaveText('Step 2 of 3');
});

test('compare "vs previous patch" on RFC 11 marks what patch 11 changed for /dev/mem MAP_PRIVATE', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const ui = new Controls(page);
  await lab.goto();
  await lab.run(worked('S-60-devmem-anon-hazard.json'));
  await expect(lab.stepTitles).toHaveCount(7);
  await ui.variant.selectOption('rfc-11');
  await ui.preset.selectOption('no-pte-special');
  await expect(ui.pteSpecial).toHaveAttribute('aria-checked', 'false');

  await page.getByRole('button', { name: /^vs previous patch/ }).click();
  await expect(page.getByRole('button', { name: 'Compare', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('combobox', { name: 'Kernel variant of run B' })).toHaveValue('rfc-10');
  await expect(ui.compareStatus).toHaveText('B differs at 3 of 7 steps');
  await expect(ui.differs).toHaveCount(3);
  const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  for (const i of [4, 5, 6]) await expect(steps.nth(i).getByTestId('step-differs')).toBeVisible();
  await expect(steps.nth(4).getByTestId('step-differs')).toContainText(
    'in run B: result, vm_normal_page*() branches',
  );
  // Patch 11's hazard: D's zap of the anon page it never owned ends in "Bad page map" (a kernel report).
  await expect(steps.nth(6).getByTestId('step-reports')).toContainText('Bad page map');

  // The step of the query: RFC 11 takes the anon folio for a CoW copy (R-F4), RFC 10 keeps it special.
  await page.getByRole('button', { name: 'Go to step 4' }).click();
  await expect(lab.position).toHaveText('Step 4 of 6');
  const stepTable = page.getByRole('table', { name: /^Step 4 in run A and run B/ });
  await expect(stepTable).toContainText('R-F4');
  await expect(stepTable).toContainText('R-N2a');
  const entries = page.getByRole('table', { name: 'Entries that differ between run A and run B' });
  await expect(entries).toContainText('D PTE 0x20002000');
  await expect(entries).toContainText('normal (R-F4)');
  await expect(entries).toContainText('special (R-N2a)');

  // The decision path of that entry shows vm_pfnmap_normal_page_pfn() and run B beside it.
  await ui.treeEntry('PTE', '0x20002000').click();
  await expect(ui.decision).toContainText('vm_pfnmap_normal_page_pfn()');
  await expect(ui.decided.first()).toContainText('return page;');
  await expect(ui.decision).toContainText('Run B');
  await expect(ui.decision).toContainText('R-N2a');

  await scanSerious(page, 'compare mode, light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await scanSerious(page, 'compare mode, dark');

  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(ui.differs).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Kernel variant of run B' })).toHaveCount(0);
});

test('compare draws run B beside run A, outlines what differs, sets the decision paths side by side, and swaps', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const ui = new Controls(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await lab.goto();
  await lab.run(worked('S-60-devmem-anon-hazard.json'));
  await ui.variant.selectOption('rfc-14');
  await ui.preset.selectOption('no-pte-special');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await page.getByRole('combobox', { name: 'Kernel variant of run B' }).selectOption('rfc-10');
  await expect(ui.compareStatus).toContainText('B differs at');
  await page.getByRole('button', { name: 'Go to step 4' }).click();

  // Two panes at the same step, each naming its run; the rows that differ are outlined in both.
  const runA = ui.tree.getByRole('region', { name: 'Run A' });
  const runB = ui.tree.getByRole('region', { name: 'Run B' });
  await expect(runA).toContainText('RFC 14/14');
  await expect(runB).toContainText('RFC 10/14');
  await expect(runA.locator('[data-differs="true"]').first()).toBeVisible();
  await expect(runB.locator('[data-differs="true"]').first()).toBeVisible();
  await expect(
    runB.locator('[role="button"]:has([data-differs="true"])').first(),
  ).toHaveAccessibleDescription(/differs in the other run/);

  // The decision paths side by side, the first check that differs marked.
  await ui.treeEntry('PTE', '0x20002000').click();
  const inA = ui.decision.getByRole('region', { name: 'Decision in run A' });
  const inB = ui.decision.getByRole('region', { name: 'Decision in run B' });
  await expect(inA).toContainText('R-F4');
  await expect(inB).toContainText('R-N2a');
  await expect(inA.locator('li[data-differs="true"]')).toHaveCount(1);
  await expect(inB.locator('li[data-differs="true"]')).toHaveCount(1);
  await expect(ui.decision).toContainText('the runs differ');

  // Swap: B's settings become the page's; the link carries both.
  await page.getByRole('button', { name: 'Swap A and B' }).click();
  await expect(ui.variant).toHaveValue('rfc-10');
  await expect(page.getByRole('combobox', { name: 'Kernel variant of run B' })).toHaveValue('rfc-14');
  await expect(page).toHaveURL(/variant=rfc-10/);
  await expect(page).toHaveURL(/cmp_variant=rfc-14/);
  await expect(runA).toContainText('RFC 10/14');
  await scanSerious(page, 'compare side by side');

  // Narrow: the runs take turns, with a switch.
  await page.setViewportSize({ width: 700, height: 1000 });
  const shown = ui.tree.getByRole('group', { name: 'Run shown' });
  await expect(shown).toBeVisible();
  await expect(runB).toHaveCount(0);
  await shown.getByRole('button', { name: 'Run B' }).click();
  await expect(runB).toBeVisible();
  await expect(runA).toHaveCount(0);
});

test('Play advances at its speed and stops at the end; space plays and pauses outside text fields', async ({
  page,
}) => {
  const { lab, ui } = await openExample(page);
  await expect(lab.position).toHaveText('Step 0 of 3');
  await ui.play.click();
  await expect(ui.play).toHaveText(/Pause/);
  await expect(lab.position).toHaveText('Step 1 of 3');
  await expect(lab.position).toHaveText('Step 3 of 3', { timeout: 5000 });
  await expect(ui.play).toHaveText(/Play/);

  await lab.nav('First').click();
  await lab.focusPage();
  await page.keyboard.press('Space');
  await expect(ui.play).toHaveText(/Pause/);
  await page.keyboard.press('Space');
  await expect(ui.play).toHaveText(/Play/);
  const at = await lab.position.textContent();
  await page.waitForTimeout(1000);
  await expect(lab.position).toHaveText(at ?? '');

  // In the editor, space is a space.
  await lab.openEditor();
  await lab.editor.focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(800);
  await expect(ui.play).toHaveText(/Play/);
  await expect(lab.position).toHaveText(at ?? '');
});

test('the play speed is set from 0.5 to 4 steps a second, and a reload keeps it, with the theme', async ({
  page,
}) => {
  const { lab, ui } = await openExample(page);
  const speed = page.getByLabel('Play speed, in steps a second');
  await expect(speed).toHaveValue('1.5');
  await expect(speed.locator('option')).toHaveText([
    '0.5 steps/s',
    '1 step/s',
    '1.5 steps/s',
    '2 steps/s',
    '3 steps/s',
    '4 steps/s',
  ]);
  await speed.selectOption('4');
  await expect(ui.play).toHaveAttribute('title', /4 steps\/s/);
  // At 4 a second the 3 steps take about 750 ms; at the old 700 ms a step they took 2.1 s.
  const t0 = Date.now();
  await ui.play.click();
  await expect(lab.position).toHaveText('Step 3 of 3', { timeout: 5000 });
  expect(Date.now() - t0).toBeLessThan(2000);
  await speed.selectOption('0.5');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.reload();
  await expect(page.getByLabel('Play speed, in steps a second')).toHaveValue('0.5');
  await expect(page.locator('html')).toHaveClass(/dark/);
});

// ---- screenshots ---------------------------------------------------------------------------------------

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshots at ${size.width}x${size.height}, ${theme}`, async ({ page }) => {
      await page.setViewportSize(size);
      const { lab, ui } = await openExample(page);
      if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
      await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark)/);
      await lab.nav('Last').click();
      await lab.nav('Prev').click();
      await ui.treeEntry('PTE', '0x10001000').click();
      await expect(ui.decided.first()).toContainText('M-S1c');
      const tag = `${size.width}x${size.height}-${theme}`;
      await page.locator('header').screenshot({ path: `test-results/controls-header-${tag}.png` });
      await ui.decision.screenshot({ path: `test-results/controls-decision-${tag}.png` });

      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      await page.getByRole('switch', { name: 'CONFIG_ARCH_HAS_PTE_SPECIAL in run B' }).click();
      await expect(ui.compareStatus).toHaveText('B differs at 1 of 4 steps');
      await expect(ui.decision).toContainText('Run B');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `test-results/controls-compare-${tag}.png` });
      // Compare mode must leave room for the page at 1280x720: the header stays under half the height.
      const header = await page.locator('header').boundingBox();
      expect(header?.height ?? 0).toBeLessThan(size.height / 2);
    });
  }
}
