import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectNoSerious } from './axe';
import { LabPage, watchConsole } from './lab';

const TITLES = [
  'initial state',
  'A: mmap 0x10000000 +0x4000 MAP_PRIVATE anon [read,write]',
  'A: read 0x10001000',
  'A: write 0x10001000 = "hello"',
];

test('runs the example in the worker and steps with buttons and keys', async ({ page }) => {
  const warnings = watchConsole(page);
  const lab = new LabPage(page);
  await lab.goto();
  // The example runs as the page opens; Run runs it again.
  await expect(lab.stepTitles).toHaveText(TITLES);
  await lab.run();

  await expect(lab.stepTitles).toHaveText(TITLES);
  expect(page.workers(), 'the run happened in a Web Worker').toHaveLength(1);
  expect(warnings).toEqual([]);
  // Every operation (steps 1..3) shows what the kernel answered.
  await expect(lab.stepResults).toHaveCount(3);
  for (const r of await lab.stepResults.all()) await expect(r).not.toBeEmpty();
  await expect(lab.status).toContainText('3 operations');

  await expect(lab.position).toHaveText('Step 0 of 3');
  await expect(lab.currentStep).toContainText('initial state');
  await expect(lab.nav('First')).toBeDisabled();

  await lab.nav('Next').click();
  await expect(lab.position).toHaveText('Step 1 of 3');
  await expect(lab.stepHeading).toContainText(TITLES[1] as string);
  await lab.nav('Last').click();
  await expect(lab.position).toHaveText('Step 3 of 3');
  await expect(lab.currentStep).toContainText(TITLES[3] as string);
  await expect(lab.nav('Next')).toBeDisabled();
  await expect(lab.events.first()).toBeVisible();
  await lab.nav('Prev').click();
  await expect(lab.position).toHaveText('Step 2 of 3');
  await lab.nav('First').click();
  await expect(lab.position).toHaveText('Step 0 of 3');
  await expect(page.getByText('No events in this step.')).toBeVisible();

  await lab.focusPage();
  await page.keyboard.press('ArrowRight');
  await expect(lab.position).toHaveText('Step 1 of 3');
  await page.keyboard.press('End');
  await expect(lab.position).toHaveText('Step 3 of 3');
  await page.keyboard.press('ArrowLeft');
  await expect(lab.position).toHaveText('Step 2 of 3');
  await page.keyboard.press('Home');
  await expect(lab.position).toHaveText('Step 0 of 3');

  // Inside the editor the keys edit text and leave the steps alone; Esc closes it.
  await lab.openEditor();
  await lab.editor.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await expect(lab.position).toHaveText('Step 0 of 3');
  await page.keyboard.press('Escape');
  await expect(lab.drawer).toBeHidden();

  // The screenshot shows the write step, the one with the most to see.
  await lab.focusPage();
  await page.keyboard.press('End');
  await expect(lab.currentStep).toContainText(TITLES[3] as string);
  await page.screenshot({ path: 'test-results/app.png', fullPage: true });
});

test('a step is drawn first; the panels that follow it come after that frame', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await expect(lab.position).toHaveText('Step 0 of 3');
  // Five steps forward and back. Each is clicked from a task just after a frame's paint, as a user's
  // click comes, with most of a frame to go; the state is read in the next frame's animation callback,
  // before its paint. That frame shows the new step while the step detail still shows the one before:
  // the page asked for its animation callback during the click, before this one, and shows the panels
  // from a task that callback queues, which runs after the paint. (Rendered as soon as the click's
  // commit was done, they would be in that frame.)
  for (const [name, from, to] of [
    ['Next', 0, 1],
    ['Next', 1, 2],
    ['Prev', 2, 1],
    ['Next', 1, 2],
    ['Prev', 2, 1],
  ] as const) {
    await expect(lab.stepHeading).toContainText(TITLES[from] as string);
    const seen = await page.evaluate(async (label) => {
      const nav = [...document.querySelectorAll('fieldset')].find(
        (f) => f.querySelector('legend')?.textContent === 'Step navigation',
      );
      const button = [...(nav?.querySelectorAll('button') ?? [])].find(
        (b) => b.textContent?.trim() === label,
      );
      if (!button) throw new Error(`no ${label} button`);
      const frame = () =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no animation frame in 5 s')), 5000);
          requestAnimationFrame(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      await frame();
      // A task queued from an animation callback runs right after that frame's paint.
      await new Promise<void>((resolve) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve();
        ch.port2.postMessage(null);
      });
      button.click();
      await frame();
      return {
        position: document.querySelector('[data-testid="step-position"]')?.textContent,
        heading: document.getElementById('step-heading')?.textContent,
      };
    }, name);
    expect(seen.position).toBe(`Step ${to} of 3`);
    expect(seen.heading).toContain(TITLES[from]);
    await expect(lab.stepHeading).toContainText(TITLES[to] as string);
  }
});

test('invalid JSON is refused with a message naming the problem', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await expect(lab.stepTitles).toHaveText(TITLES);
  await lab.run('{"version": 1, "title": "broken",');
  await expect(lab.problems).toHaveCount(1);
  await expect(lab.problems.first()).toContainText('$');
  await expect(lab.problems.first()).toContainText('not valid JSON');
  await expect(lab.editor).toHaveAttribute('aria-invalid', 'true');
  // The example's run stays on screen, greyed, under a banner that says so.
  await expect(
    page.getByRole('heading', { name: 'Showing the last good run; 1 problem in the scenario' }),
  ).toBeVisible();
  await expect(lab.stepTitles).toHaveText(TITLES);
  await expect(page.getByRole('region', { name: 'Page tables and memory' })).toHaveAttribute(
    'data-stale',
    'true',
  );
});

test('a scenario that breaks a rule is refused with the JSON path of each problem', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await expect(lab.stepTitles).toHaveText(TITLES);
  const scenario = JSON.parse(await lab.editor.inputValue());
  scenario.steps[1].proc = 'B';
  await lab.run(JSON.stringify(scenario, null, 2));
  await expect(lab.problems.filter({ hasText: '$.steps[1].proc' })).toContainText('no process "B"');
  await expect(lab.stepTitles).toHaveText(TITLES);
  // Fixed, it runs, and the run is current again.
  scenario.steps[1].proc = 'A';
  await lab.run(JSON.stringify(scenario, null, 2));
  await expect(lab.problems).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Page tables and memory' })).not.toHaveAttribute(
    'data-stale',
  );
});

test('without Web Workers the scenario runs on the main thread, with one warning', async ({ page }) => {
  await page.addInitScript(() => {
    Reflect.deleteProperty(globalThis, 'Worker');
  });
  const warnings = watchConsole(page, ['warning']);
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run();
  await expect(lab.stepTitles).toHaveText(TITLES);
  await lab.run();
  await expect(lab.status).toContainText('3 operations');
  expect(page.workers()).toHaveLength(0);
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('main thread');
});

/** Operations whose code the page loads on first use (src/model/ops/rare.ts), after ones it has at once. */
const RARE = {
  version: 1,
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    { op: 'mmap', addr: '0x10000000', length: '0x4000', prot: ['read', 'write'], backing: { type: 'anon' } },
    { op: 'write', addr: '0x10000000' },
    { op: 'pin_user_pages', addr: '0x10000000', nrPages: 1, write: true },
    { op: 'unpin_user_pages', addr: '0x10000000' },
    { op: 'madvise', addr: '0x10001000', length: '0x1000', advice: 'dontneed' },
    { op: 'shrink' },
    {
      op: 'mremap',
      addr: '0x10000000',
      oldLength: '0x1000',
      newLength: '0x1000',
      flags: ['maymove', 'fixed'],
      newAddr: '0x20000000',
    },
  ],
};

for (const where of ['in the worker', 'on the main thread'] as const)
  test(`operations whose code loads on first use run ${where}`, async ({ page }) => {
    if (where === 'on the main thread')
      await page.addInitScript(() => {
        Reflect.deleteProperty(globalThis, 'Worker');
      });
    const lab = new LabPage(page);
    await lab.goto();
    await expect(lab.status).toContainText('3 operations');
    await lab.run(JSON.stringify(RARE, null, 2));
    await expect(lab.status).toContainText('7 operations');
    await expect(lab.stepTitles.nth(3)).toContainText('pin_user_pages');
    await expect(lab.stepTitles.nth(7)).toContainText('mremap');
    await expect(lab.stepResults.nth(6)).toContainText('0x20000000');
    // Each answered as the kernel does, not with a refusal or an error.
    await expect(lab.problems).toHaveCount(0);
    for (const r of await lab.stepResults.all()) await expect(r).not.toBeEmpty();
    expect(page.workers()).toHaveLength(where === 'in the worker' ? 1 : 0);
  });

test('a worker that closes itself is noticed within a second, replaced, and the scenario runs again', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.goto();
  await expect(lab.status).toContainText('3 operations');
  const [worker] = page.workers();
  if (!worker) throw new Error('no worker');
  // Gone without a word: no error event, no message.
  await worker.evaluate(() => (self as unknown as { close(): void }).close());
  const t0 = Date.now();
  await lab.run();
  await expect(lab.status).toContainText(/stopped unexpectedly \(it did not answer within 1 s/, {
    timeout: 5000,
  });
  await expect(lab.status).toContainText('It was restarted and the scenario run again');
  await expect(lab.status).toContainText('3 operations');
  expect(Date.now() - t0).toBeLessThan(5000);
  await expect(lab.stepTitles).toHaveText(TITLES);
});

test('has no serious or critical accessibility violations', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run();
  await expect(lab.stepTitles).toHaveCount(TITLES.length);
  await lab.nav('Last').click();
  const scan = (when: string) => expectNoSerious(page, when);
  await scan('after a run');
  await lab.run('{');
  await expect(lab.problems).toHaveCount(1);
  await scan('with a problem listed');
});

test('a long run lists its steps in a window that follows the current step, keyboard and all', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.goto();
  // 300 reads of one anonymous page: 302 steps, more than the list renders at once.
  const steps = [
    {
      op: 'mmap',
      proc: 'A',
      addr: '0x10000000',
      length: '0x1000',
      prot: ['read'],
      backing: { type: 'anon' },
    },
    ...Array.from({ length: 300 }, () => ({ op: 'read', proc: 'A', addr: '0x10000000' })),
  ];
  await lab.run(
    JSON.stringify({ version: 1, kernel: { variant: 'v6.18' }, processes: [{ name: 'A' }], steps }),
  );
  await expect(lab.position).toHaveText('Step 0 of 301');
  const rendered = await lab.steps.count();
  expect(rendered).toBeGreaterThan(8);
  expect(rendered).toBeLessThan(40);
  // Every rendered row says where it is in the whole list.
  await expect(lab.steps.first()).toHaveAttribute('aria-setsize', '302');

  await lab.focusPage();
  // The current row is in view inside the list's own scroll box (the page itself does not scroll).
  const shownInList = async () => {
    const row = await lab.currentStep.boundingBox();
    const box = await page.getByRole('list', { name: 'Steps' }).locator('..').boundingBox();
    if (!row || !box) return false;
    return row.y >= box.y - 0.5 && row.y + row.height <= box.y + box.height + 0.5;
  };
  await page.keyboard.press('End');
  await expect(lab.position).toHaveText('Step 301 of 301');
  await expect.poll(shownInList).toBe(true);
  await expect(lab.currentStep).toContainText('301');
  await expect(lab.currentStep.locator('..')).toHaveAttribute('aria-posinset', '302');

  await page.keyboard.press('Home');
  await expect(lab.currentStep).toContainText('initial state');
  await expect.poll(shownInList).toBe(true);
  // Clicking a row in the middle selects it.
  await page
    .getByRole('list', { name: 'Steps' })
    .getByRole('button', { name: /^5 A: read/ })
    .click();
  await expect(lab.position).toHaveText('Step 5 of 301');
  // The rows not rendered leave the page its own height (their stand-in padding is inside the list).
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);
  const { violations } = await new AxeBuilder({ page }).include('[aria-label="Steps"]').analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
