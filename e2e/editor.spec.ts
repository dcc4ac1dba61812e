/**
 * The scenario editor, driven the way a user would: its drawer (opened with its button, beside the run on
 * a wide screen and modal on a phone, closed with Esc or ✕ with focus back where it was, nothing in it
 * cut at 390 to 1440 px, axe light and dark); the form (a step added from the palette, its address
 * checked as it is typed, steps reordered with the keyboard, the run, export and re-import with a broken
 * file refused, processes renamed and refused removal, axe); and a mistake (a refused run keeps the last
 * good tree, greyed under a banner naming "Step 2 › addr"; a click on a problem goes to its field or to
 * its line of the JSON). Screenshots go to test-results/editor-*.png: the form at 1280x720 and the
 * editor with a mistake (editor-mistake-*) at 1440 and 390 px, light and dark.
 */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { expectNoSerious } from './axe';
import { LabPage } from './lab';

const EXAMPLE_TITLES = [
  'A: mmap 0x10000000 +0x4000 MAP_PRIVATE anon [read,write]',
  'A: read 0x10001000',
  'A: write 0x10001000 = "hello"',
];

/** The editor's tabs, the form's parts and the import/export controls, by role and name. */
class EditorPage {
  readonly formTab: Locator;
  readonly jsonTab: Locator;
  readonly form: Locator;
  readonly stepList: Locator;
  readonly stepTitles: Locator;
  readonly palette: Locator;
  readonly exportButton: Locator;
  readonly importFile: Locator;
  readonly message: Locator;

  constructor(readonly page: Page) {
    const tabs = page.getByRole('tablist', { name: 'Scenario editor' });
    this.formTab = tabs.getByRole('tab', { name: 'Form' });
    this.jsonTab = tabs.getByRole('tab', { name: 'JSON' });
    this.form = page.getByRole('tabpanel', { name: 'Form' });
    this.stepList = this.form.getByRole('list', { name: 'Scenario operations' });
    this.stepTitles = this.stepList.getByTestId('editor-step-title');
    this.palette = this.form.getByText('Add a step', { exact: false });
    this.exportButton = page.getByRole('button', { name: 'Export JSON' });
    this.importFile = page.getByTestId('import-file');
    this.message = page.getByTestId('import-export-message');
  }

  /** The title button of step n (1-based, as the run's step list counts). */
  step(n: number): Locator {
    return this.stepList.getByRole('button', { name: new RegExp(`^Step ${n}: `) });
  }

  /** The open form of step n. */
  stepForm(n: number): Locator {
    return this.form.getByRole('group', { name: `Step ${n}`, exact: true });
  }

  async add(op: string): Promise<void> {
    const details = this.form.locator('details', { has: this.page.getByText('Add a step') });
    if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await this.palette.click();
    await this.form.getByRole('button', { name: `Add ${op}`, exact: true }).click();
  }

  process(n: number): Locator {
    return this.form.getByRole('textbox', { name: `Name of process ${n}`, exact: true });
  }
}

async function open(page: Page): Promise<{ lab: LabPage; ed: EditorPage }> {
  await page.setViewportSize({ width: 1280, height: 720 });
  const lab = new LabPage(page);
  await lab.goto();
  await expect(lab.stepTitles).toHaveCount(4);
  await lab.openEditor();
  const ed = new EditorPage(page);
  await ed.formTab.click();
  await expect(ed.stepTitles).toHaveText(EXAMPLE_TITLES);
  return { lab, ed };
}

/** Viewport screenshots (1280x720) with `target` in view, light and dark; `full` adds whole-page ones. */
async function screenshots(page: Page, name: string, target: Locator, full = false): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), theme === 'dark');
    await page.screenshot({ path: `test-results/editor-${name}-${theme}.png` });
    if (full)
      await page.screenshot({ path: `test-results/editor-${name}-full-${theme}.png`, fullPage: true });
  }
  await page.evaluate(() => document.documentElement.classList.remove('dark'));
}

test('the tabs show one text as a form or as JSON, with tab keys', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await lab.openEditor();
  const ed = new EditorPage(page);
  await expect(ed.jsonTab).toHaveAttribute('aria-selected', 'true');
  await expect(lab.editor).toBeVisible();
  await ed.jsonTab.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(ed.formTab).toBeFocused();
  await expect(ed.formTab).toHaveAttribute('aria-selected', 'true');
  await expect(ed.form).toBeVisible();
  await expect(lab.editor).toBeHidden();
  await page.keyboard.press('End');
  await expect(ed.jsonTab).toHaveAttribute('aria-selected', 'true');
  await screenshots(page, 'json', ed.jsonTab);

  // Text the form cannot read: the Form tab says so and offers the JSON tab.
  await lab.editor.fill('{"version": 1,');
  await ed.formTab.click();
  await expect(ed.form).toContainText('The form cannot show this text: not valid JSON');
  await ed.form.getByRole('button', { name: 'Fix it in the JSON tab' }).click();
  await expect(ed.jsonTab).toHaveAttribute('aria-selected', 'true');
  await expect(lab.editor).toBeFocused();
  await expect(lab.editor).toHaveValue('{"version": 1,');
});

test('adds a step from the palette, checks its address as typed, reorders with keys, runs', async ({
  page,
}) => {
  const { lab, ed } = await open(page);
  await ed.add('read');
  const form = ed.stepForm(4);
  const addr = form.getByRole('textbox', { name: 'addr', exact: true });
  // The new step starts at the address of the step before it, its form open and its address focused.
  await expect(addr).toBeFocused();
  await expect(addr).toHaveValue('0x10001000');
  await expect(ed.step(4)).toHaveAttribute('aria-expanded', 'true');

  await addr.fill('0x1000zz');
  const error = form.getByTestId('field-error');
  await expect(error).toHaveText('Error: expected a number such as 0x40000000 or 4096');
  await expect(addr).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await addr.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain(await error.getAttribute('id'));
  await expect(ed.step(4)).toContainText('(has problems)');
  await screenshots(page, 'field-error', form);

  await addr.fill('0x10002008');
  await expect(error).toHaveCount(0);
  await expect(form.getByTestId('field-hint')).toContainText(
    'not page-aligned: 0x8 into the page at 0x10002000',
  );
  await expect(addr).toHaveAttribute('aria-invalid', 'false');
  await addr.fill('0x10002000');
  await expect(form.getByTestId('field-hint')).toHaveCount(0);
  await expect(ed.stepTitles.nth(3)).toHaveText('A: read 0x10002000');
  await expect(ed.step(4)).not.toContainText('(has problems)');

  // Alt+↑ moves the focused step; focus stays on it.
  await ed.step(4).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(ed.stepTitles).toHaveText([
    ...EXAMPLE_TITLES.slice(0, 2),
    'A: read 0x10002000',
    EXAMPLE_TITLES[2] as string,
  ]);
  await expect(ed.step(3)).toBeFocused();
  await expect(ed.step(3)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(ed.stepTitles.first()).toHaveText('A: read 0x10002000');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(ed.step(2)).toBeFocused();
  // ↑ alone only moves focus.
  await page.keyboard.press('ArrowUp');
  await expect(ed.step(1)).toBeFocused();
  await expect(ed.stepTitles.nth(1)).toHaveText('A: read 0x10002000');
  // The move buttons do the same.
  await ed.stepList.getByRole('button', { name: 'Move step 2 down' }).click();
  await expect(ed.stepTitles).toHaveText([
    EXAMPLE_TITLES[0] as string,
    EXAMPLE_TITLES[1] as string,
    'A: read 0x10002000',
    EXAMPLE_TITLES[2] as string,
  ]);

  await lab.runButton.click();
  await expect(lab.stepTitles).toHaveText([
    'initial state',
    ...EXAMPLE_TITLES.slice(0, 2),
    'A: read 0x10002000',
    EXAMPLE_TITLES[2] as string,
  ]);
  await expect(lab.status).toContainText('4 operations');

  // The JSON tab holds the same scenario, 2-space indented.
  await ed.jsonTab.click();
  const text = await lab.editor.inputValue();
  expect(text).toContain('\n  "steps": [\n    {\n      "op": "mmap",');
  expect(JSON.parse(text).steps[2]).toEqual({ op: 'read', proc: 'A', addr: '0x10002000' });
});

test('duplicates, removes, changes an operation and fills nested forms', async ({ page }) => {
  const { lab, ed } = await open(page);
  await ed.stepList.getByRole('button', { name: 'Duplicate step 2' }).click();
  await expect(ed.stepTitles).toHaveText([
    EXAMPLE_TITLES[0] as string,
    EXAMPLE_TITLES[1] as string,
    EXAMPLE_TITLES[1] as string,
    EXAMPLE_TITLES[2] as string,
  ]);
  await ed.stepList.getByRole('button', { name: 'Remove step 3' }).click();
  await expect(ed.stepTitles).toHaveText(EXAMPLE_TITLES);

  await ed.step(1).click();
  const form = ed.stepForm(1);
  await form
    .getByRole('group', { name: 'backing' })
    .getByRole('combobox', { name: 'type' })
    .selectOption('devmem');
  await expect(ed.stepTitles.first()).toHaveText(
    'A: mmap 0x10000000 +0x4000 MAP_PRIVATE /dev/mem (O_RDWR) [read,write]',
  );
  await form.getByRole('combobox', { name: 'openMode' }).selectOption('rdonly');
  await form.getByRole('checkbox', { name: 'shared' }).check();
  await expect(ed.stepTitles.first()).toHaveText(
    'A: mmap 0x10000000 +0x4000 MAP_SHARED /dev/mem (O_RDONLY) [read,write]',
  );
  await form.getByRole('checkbox', { name: 'exec' }).check();
  await expect(ed.stepTitles.first()).toContainText('[read,write,exec]');

  // A new operation keeps the fields both share.
  await ed.step(3).click();
  await ed.stepForm(3).getByRole('combobox', { name: 'op' }).selectOption('query');
  await expect(ed.stepTitles.nth(2)).toHaveText('A: vm_normal_page(0x10001000)');

  await ed.add('inject');
  const inject = ed.stepForm(4);
  await expect(inject.getByRole('textbox', { name: 'addr' })).toBeFocused();
  await inject.getByRole('group', { name: 'entry' }).getByRole('textbox', { name: 'pfn' }).fill('0xfe000');
  await inject.getByRole('checkbox', { name: 'special' }).check();
  await expect(ed.stepTitles.nth(3)).toHaveText('A: inject pte at 0x10001000 (leaf pfn 0xfe000 special)');

  await ed.jsonTab.click();
  const doc = JSON.parse(await lab.editor.inputValue());
  expect(doc.steps[0]).toMatchObject({ shared: true, backing: { type: 'devmem', openMode: 'rdonly' } });
  expect(doc.steps[3]).toEqual({
    op: 'inject',
    proc: 'A',
    addr: '0x10001000',
    level: 'pte',
    entry: { type: 'leaf', pfn: '0xfe000', special: true },
  });
});

test('renames a process in every step and refuses to remove one that steps use', async ({ page }) => {
  const { ed } = await open(page);
  const name = ed.process(1);
  await name.fill('B b');
  await expect(ed.form.getByText('letters, digits, _ . - only')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await name.fill('init');
  await name.press('Enter');
  await expect(ed.stepTitles.first()).toHaveText(EXAMPLE_TITLES[0]?.replace('A:', 'init:') as string);

  await ed.form.getByRole('button', { name: 'Remove process init' }).click();
  await expect(ed.form.getByRole('alert')).toHaveText(
    '"init" is used by steps 1, 2 and 3: change or remove them first',
  );
  await expect(name).toHaveValue('init');

  await ed.form.getByRole('button', { name: 'Add process' }).click();
  await expect(ed.process(2)).toHaveValue('A');
  await ed.form.getByRole('button', { name: 'Remove process A' }).click();
  await expect(ed.process(2)).toHaveCount(0);

  // Memory: the default ranges become editable, a folio's pfn is checked as typed.
  await ed.form.getByText('Memory').click();
  await ed.form.getByRole('button', { name: 'Edit the ranges' }).click();
  const ranges = ed.form.getByRole('region', { name: 'Physical ranges' });
  await expect(ranges.getByRole('textbox', { name: 'end' }).first()).toHaveValue('0x80000');
  // The coloured zero pages, a field read off the zod schema like every other: checked as typed.
  const zero = ed.form.getByRole('region', { name: 'Zero pages' });
  const zeroPages = zero.getByRole('textbox', { name: 'zeroPages' });
  await expect(zeroPages).toHaveAttribute('placeholder', '1 (default)');
  await zeroPages.fill('3');
  await expect(zero.getByTestId('field-error')).toContainText('power of two');
  await zeroPages.fill('');
  await expect(zero.getByTestId('field-error')).toHaveCount(0);
  await ed.form.getByRole('button', { name: 'Add folio' }).click();
  const folios = ed.form.getByRole('region', { name: 'Folios' });
  await folios.getByRole('textbox', { name: 'pfn' }).fill('0x1000g');
  await expect(folios.getByTestId('field-error')).toContainText('expected a number such as 0x40000000');
  await folios.getByRole('textbox', { name: 'pfn' }).fill('0x1001');
  await folios.getByRole('textbox', { name: 'order' }).fill('1');
  await expect(folios.getByTestId('field-error')).toHaveText(
    'Error: a folio of order 1 must start at a multiple of 2',
  );
  await folios.getByRole('textbox', { name: 'pfn' }).fill('0x1002');
  await expect(folios.getByTestId('field-error')).toHaveCount(0);
  await screenshots(page, 'memory', folios);
});

test('exports the scenario and imports it again; a broken file is refused and the text kept', async ({
  page,
}, info) => {
  const { lab, ed } = await open(page);
  await ed.add('exit');
  await expect(ed.stepTitles).toHaveCount(4);
  await ed.jsonTab.click();
  const exported = await lab.editor.inputValue();

  const [download] = await Promise.all([page.waitForEvent('download'), ed.exportButton.click()]);
  expect(download.suggestedFilename()).toBe('zero-page.json');
  const file = info.outputPath('zero-page.json');
  await download.saveAs(file);
  expect(readFileSync(file, 'utf8')).toBe(exported);
  await expect(ed.message).toHaveText('Exported zero-page.json.');

  await lab.editor.fill(exported.replace('"Zero page"', '"Changed"'));
  const before = await lab.editor.inputValue();
  await ed.importFile.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"version": 1, "steps": ['),
  });
  await expect(ed.message).toContainText('broken.json was not imported: not valid JSON');
  await expect(lab.editor).toHaveValue(before);

  await ed.importFile.setInputFiles(file);
  await expect(ed.message).toHaveText('Imported zero-page.json.');
  await expect(lab.editor).toHaveValue(exported);
  // An import runs the scenario, like choosing a built-in one.
  await expect(lab.stepTitles).toHaveText(['initial state', ...EXAMPLE_TITLES, 'A: exit']);
});

test('the form has no serious or critical accessibility violations', async ({ page }) => {
  test.setTimeout(90_000);
  const { ed } = await open(page);
  await ed.step(1).click();
  await ed.form.getByText('Memory').click();
  await ed.palette.click();
  await ed.stepForm(1).getByRole('textbox', { name: 'addr' }).fill('0x1000zz');
  const scan = (when: string) =>
    expectNoSerious(page, when, { include: ['[role=tablist]', '#scenario-panel-form'] });
  await scan('light');
  await screenshots(page, 'form', ed.formTab, true);
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await scan('dark');
});

/** The page at `width`, the example run, and the editor's drawer opened with its button. */
async function openAt(page: Page, width: number): Promise<{ lab: LabPage; ed: EditorPage }> {
  await page.setViewportSize({ width, height: width < 700 ? 844 : 900 });
  const lab = new LabPage(page);
  await lab.goto();
  await expect(lab.stepTitles).toHaveCount(4);
  await lab.editorButton.click();
  await expect(lab.drawer).toBeVisible();
  return { lab, ed: new EditorPage(page) };
}

/**
 * What in the drawer does not fit: a control or message that runs past the drawer's edges or past a box
 * that clips it, text that overflows its own box, and a drawer that scrolls sideways. Only what is
 * rendered counts (the other tab, closed sections and screen-reader text are left out).
 */
async function unfit(drawer: Locator): Promise<string[]> {
  return drawer.evaluate((d) => {
    const out: string[] = [];
    const edge = d.getBoundingClientRect();
    const what = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    const scroller = d.querySelector<HTMLElement>('[data-testid=drawer-body]');
    if (!scroller || scroller.scrollWidth > scroller.clientWidth) out.push('the drawer scrolls sideways');
    // Only its body scrolls: its title and ✕ stay in view.
    if (d.scrollHeight > d.clientHeight) out.push('the drawer itself scrolls');
    const items = d.querySelectorAll<HTMLElement>(
      'input:not([type=file]), select, textarea, button, p, li, h2, h3',
    );
    for (const el of items) {
      if (el.closest('.sr-only')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < edge.left - 0.5 || r.right > edge.right + 0.5)
        out.push(`${what(el)} runs out of the drawer`);
      const own =
        el instanceof HTMLInputElement ||
        el instanceof HTMLTextAreaElement ||
        el instanceof HTMLSelectElement;
      if (!own && el.scrollWidth > el.clientWidth + 1) out.push(`${what(el)} overflows its box`);
      for (let a = el.parentElement; a && a !== d; a = a.parentElement) {
        if (getComputedStyle(a).overflowX === 'visible') continue;
        const box = a.getBoundingClientRect();
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5)
          out.push(`${what(el)} is cut by its ${a.tagName.toLowerCase()}`);
      }
    }
    return out;
  });
}

test('the editor opens in a drawer beside the run on a wide screen; Esc closes it and focus goes back', async ({
  page,
}) => {
  const { lab, ed } = await openAt(page, 1440);
  await expect(lab.editorButton).toHaveAttribute('aria-expanded', 'true');
  // Focus moves into the drawer, onto the tab it shows.
  await expect(ed.jsonTab).toBeFocused();
  // Not modal: the tree stays in view beside it, and the run can be stepped while editing.
  expect(await lab.drawer.evaluate((d) => d.matches(':modal'))).toBe(false);
  const tree = await page.getByRole('group', { name: 'Page tables of process A', exact: true }).boundingBox();
  const drawer = await lab.drawer.boundingBox();
  expect(tree && drawer && tree.x + tree.width / 2 < drawer.x, 'the tree is mostly left of the drawer').toBe(
    true,
  );
  await lab.nav('Next').click();
  await expect(lab.position).toHaveText('Step 1 of 3');

  await lab.editor.click();
  await page.keyboard.press('Escape');
  await expect(lab.drawer).toBeHidden();
  await expect(lab.editorButton).toBeFocused();
  await expect(lab.editorButton).toHaveAttribute('aria-expanded', 'false');
  // The button opens it again, and its ✕ closes it.
  await page.keyboard.press('Enter');
  await expect(lab.drawer).toBeVisible();
  await lab.drawer.getByRole('button', { name: 'Close the editor' }).click();
  await expect(lab.drawer).toBeHidden();
  await expect(lab.editorButton).toBeFocused();
});

test('on a phone the drawer takes the whole width and is modal; Esc gives focus back', async ({ page }) => {
  const { lab, ed } = await openAt(page, 390);
  expect(await lab.drawer.evaluate((d) => d.matches(':modal'))).toBe(true);
  const box = await lab.drawer.boundingBox();
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  expect(box?.x).toBe(0);
  expect(box?.width).toBe(width);
  await expect(ed.jsonTab).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(lab.drawer).toBeHidden();
  await expect(lab.editorButton).toBeFocused();
});

for (const width of [390, 768, 1024, 1440]) {
  test(`at ${width} px nothing in the drawer is cut: fields, messages, ✕ buttons`, async ({ page }) => {
    const { ed } = await openAt(page, width);
    const drawer = new LabPage(page).drawer;
    await expect(drawer).toBeVisible();
    expect(await unfit(drawer), 'JSON tab').toEqual([]);
    await ed.formTab.click();
    await expect(ed.stepTitles).toHaveText(EXAMPLE_TITLES);
    await ed.step(2).click();
    await ed.stepForm(2).getByRole('textbox', { name: 'addr', exact: true }).fill('0x1000zz');
    await expect(ed.stepForm(2).getByTestId('field-error')).toBeVisible();
    await ed.step(1).click();
    await ed.form.getByText('Memory').click();
    await ed.form.getByRole('button', { name: 'Add folio' }).click();
    await ed.palette.click();
    expect(await unfit(drawer), 'Form tab, step 1 open').toEqual([]);
  });
}

test('the drawer has no serious or critical accessibility violations, light and dark, wide and narrow', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { lab, ed } = await openAt(page, 1440);
  await ed.formTab.click();
  await ed.step(2).click();
  await ed.stepForm(2).getByRole('textbox', { name: 'addr', exact: true }).fill('0x1000zz');
  for (const width of [1440, 390]) {
    // Opened again at this width: modal on the phone, not on the wide screen.
    await lab.closeEditor();
    await page.setViewportSize({ width, height: 844 });
    await lab.openEditor();
    await expect(ed.stepForm(2).getByTestId('field-error')).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(
        (dark) => document.documentElement.classList.toggle('dark', dark),
        theme === 'dark',
      );
      await expectNoSerious(page, `${width} px, ${theme}`, { include: ['#scenario-editor'] });
    }
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }
});

/** Story 01 at its step 2, its run done; the editor's JSON text with step 2's address broken. */
async function breakStory(page: Page): Promise<{ lab: LabPage; ed: EditorPage }> {
  const lab = new LabPage(page);
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(lab.position).toHaveText('Step 2 of 10');
  await lab.openEditor();
  const doc = JSON.parse(await lab.editor.inputValue());
  doc.steps[1].addr = '0x1000zz';
  await lab.editor.fill(JSON.stringify(doc, null, 2));
  return { lab, ed: new EditorPage(page) };
}

const ADDR_PROBLEM = 'Step 2 › addr: expected a number such as 0x40000000 or 4096';

test('an invalid run keeps the last good tree, greyed under a banner that names the problem', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const lab = new LabPage(page);
  await page.goto('/?v=1&s=zero-page&step=2');
  await expect(lab.position).toHaveText('Step 2 of 10');
  const tree = page.getByRole('group', { name: 'Page tables of process A', exact: true });
  const run = page.getByRole('region', { name: 'Page tables and memory' });
  await expect(tree).toContainText('PTE');
  const shown = await tree.textContent();

  await breakStory(page);
  await lab.runButton.click();
  await page.keyboard.press('Escape');
  await expect(lab.drawer).toBeHidden();

  await expect(
    page.getByRole('heading', { name: 'Showing the last good run; 1 problem in the scenario' }),
  ).toBeVisible();
  await expect(lab.problems).toHaveText([`${ADDR_PROBLEM} $.steps[1].addr`]);
  // The same tree, at the same step, greyed; the region says why.
  await expect(tree).toBeVisible();
  expect(await tree.textContent()).toBe(shown);
  await expect(lab.position).toHaveText('Step 2 of 10');
  await expect(run).toHaveAttribute('data-stale', 'true');
  await expect(run).toHaveAccessibleDescription('Showing the last good run; 1 problem in the scenario');
  // Greyed part by part (below lg a section has no box of its own): the tree's part is.
  expect(
    await tree.evaluate((el) => {
      for (let n: Element | null = el; n; n = n.parentElement)
        if (getComputedStyle(n).filter.includes('grayscale')) return true;
      return false;
    }),
  ).toBe(true);
  // Stepping the old run still works.
  await lab.nav('Next').click();
  await expect(lab.position).toHaveText('Step 3 of 10');
});

for (const width of [1440, 390]) {
  test(`at ${width} px a click on a problem opens the editor at its field, focused; Esc goes back to the problem`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    const { lab, ed } = await breakStory(page);
    await lab.runButton.click();
    await lab.closeEditor();

    const problem = page
      .getByRole('list', { name: 'Problems' })
      .getByRole('button', { name: /^Step 2 › addr/ });
    await problem.click();
    await expect(lab.drawer).toBeVisible();
    await expect(ed.formTab).toHaveAttribute('aria-selected', 'true');
    const addr = ed.stepForm(2).getByRole('textbox', { name: 'addr', exact: true });
    await expect(addr).toBeFocused();
    await expect(addr).toHaveValue('0x1000zz');
    await expect(addr).toHaveAccessibleDescription(/expected a number such as 0x40000000 or 4096/);
    await page.keyboard.press('Escape');
    await expect(lab.drawer).toBeHidden();
    await expect(problem).toBeFocused();

    // Fixed in the form and run: the run is current again.
    await problem.click();
    await expect(addr).toBeFocused();
    await addr.fill('0x10001000');
    await lab.runButton.click();
    await expect(lab.problems).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Page tables and memory' })).not.toHaveAttribute(
      'data-stale',
    );
  });
}

test('a problem the form has no field for opens the JSON text', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const lab = new LabPage(page);
  await page.goto('/?v=1&s=zero-page');
  await expect(lab.position).toHaveText('Step 0 of 10');
  const doc = JSON.parse(await lab.editor.inputValue());
  doc.narration[0].step = 99;
  await lab.run(JSON.stringify(doc, null, 2));
  const problem = page
    .getByRole('list', { name: 'Problems' })
    .getByRole('button', { name: /^Narration entry 1 › step: there is no step 99/ });
  await problem.click();
  await expect(new EditorPage(page).jsonTab).toHaveAttribute('aria-selected', 'true');
  await expect(lab.editor).toBeFocused();
  expect(await selected(lab.editor)).toBe('"step": 99,');
});

/** The text selected in the textarea. */
const selected = (ta: Locator) =>
  ta.evaluate((t: HTMLTextAreaElement) => t.value.slice(t.selectionStart, t.selectionEnd));

test('the JSON view lists each problem at its line, and a click selects that line', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const { lab, ed } = await breakStory(page);
  await lab.runButton.click();
  await expect(ed.jsonTab).toHaveAttribute('aria-selected', 'true');
  const text = await lab.editor.inputValue();
  const line = text.slice(0, text.indexOf('"0x1000zz"')).split('\n').length;
  const byLine = lab.drawer.getByRole('list', { name: 'Problems by line' }).getByRole('button');
  await expect(byLine).toHaveText([`line ${line}: ${ADDR_PROBLEM} $.steps[1].addr`]);
  await expect(lab.editor).toHaveAccessibleDescription(new RegExp(`line ${line}: Step 2 › addr`));

  await byLine.first().click();
  await expect(lab.editor).toBeFocused();
  expect(await selected(lab.editor)).toBe('"addr": "0x1000zz"');
  // Lines follow the text as it is edited above the problem.
  await lab.editor.press('Control+Home');
  await lab.editor.press('Enter');
  await expect(byLine).toHaveText([`line ${line + 1}: ${ADDR_PROBLEM} $.steps[1].addr`]);
});

for (const width of [1440, 390]) {
  test(`the editor with a mistake at ${width} px: screenshots, light and dark`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 700 ? 844 : 900 });
    const { lab, ed } = await breakStory(page);
    const doc = JSON.parse(await lab.editor.inputValue());
    doc.narration[0].step = 99;
    doc.steps[0].length = '0x4000 bytes';
    await lab.editor.fill(JSON.stringify(doc, null, 2));
    await lab.runButton.click();
    const byLine = lab.drawer.getByRole('list', { name: 'Problems by line' }).getByRole('button');
    await expect(byLine).toHaveCount(2);
    await expect(byLine.first()).toContainText(/^line \d+: Step 1 › length/);
    await byLine.nth(1).click();
    const shots = async (name: string) => {
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate(
          (dark) => document.documentElement.classList.toggle('dark', dark),
          theme === 'dark',
        );
        await page.screenshot({ path: `test-results/editor-mistake-${width}-${name}-${theme}.png` });
      }
      await page.evaluate(() => document.documentElement.classList.remove('dark'));
    };
    await shots('json');
    await ed.formTab.click();
    await ed.step(1).click();
    await expect(ed.stepForm(1).getByTestId('field-error')).toBeVisible();
    await shots('form');
    await lab.closeEditor();
    await expect(page.getByRole('heading', { name: /^Showing the last good run; 2 problems/ })).toBeVisible();
    await shots('page');
  });
}
