import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { LabPage } from './lab';

const TITLES = [
  'initial state',
  'A: mmap 0x10000000 +0x4000 MAP_PRIVATE anon [read,write]',
  'A: read 0x10001000',
  'A: write 0x10001000 = "hello"',
];

test('runs the example in the worker and steps with buttons and keys', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text());
  });
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

  // Inside the editor the keys edit text and leave the steps alone.
  await lab.editor.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await expect(lab.position).toHaveText('Step 0 of 3');

  // The screenshot shows the write step, the one with the most to see.
  await lab.focusPage();
  await page.keyboard.press('End');
  await expect(lab.currentStep).toContainText(TITLES[3] as string);
  await page.screenshot({ path: 'test-results/app.png', fullPage: true });
});

test('invalid JSON is refused with a message naming the problem', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run('{"version": 1, "title": "broken",');
  await expect(lab.problems).toHaveCount(1);
  await expect(lab.problems.first()).toContainText('$');
  await expect(lab.problems.first()).toContainText('not valid JSON');
  await expect(lab.editor).toHaveAttribute('aria-invalid', 'true');
  await expect(lab.steps).toHaveCount(0);
});

test('a scenario that breaks a rule is refused with the JSON path of each problem', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  const scenario = JSON.parse(await lab.editor.inputValue());
  scenario.steps[1].proc = 'B';
  await lab.run(JSON.stringify(scenario, null, 2));
  await expect(lab.problems.filter({ hasText: '$.steps[1].proc' })).toContainText('no process "B"');
  await expect(lab.steps).toHaveCount(0);
});

test('without Web Workers the scenario runs on the main thread, with one warning', async ({ page }) => {
  await page.addInitScript(() => {
    Reflect.deleteProperty(globalThis, 'Worker');
  });
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
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

test('has no serious or critical accessibility violations', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run();
  await expect(lab.stepTitles).toHaveCount(TITLES.length);
  await lab.nav('Last').click();
  const scan = async (when: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad, `axe, ${when}`).toEqual([]);
  };
  await scan('after a run');
  await lab.run('{');
  await expect(lab.problems).toHaveCount(1);
  await scan('with a problem listed');
});
