/**
 * The quiz ("predict, then reveal"): story 02 answered with one right and one wrong answer, the reveal
 * and the score; a seeded random quiz opened twice asks the same questions.
 */
import { expect, type Page, test } from '@playwright/test';
import { expectNoSerious } from './axe';
import { watchScripts } from './lab';

/** The questions on screen: each fieldset's legend, and its choices' labels. */
async function questions(page: Page): Promise<{ legend: string; choices: string[] }[]> {
  const card = page.getByRole('region', { name: /^Question \d+ of \d+/ });
  const sets = card.getByRole('group');
  const out: { legend: string; choices: string[] }[] = [];
  for (let i = 0; i < (await sets.count()); i++) {
    const g = sets.nth(i);
    out.push({
      legend: (await g.locator('legend').textContent())?.trim() ?? '',
      choices: await g
        .getByRole('radio')
        .evaluateAll((rs) => rs.map((r) => r.parentElement?.textContent?.trim() ?? '')),
    });
  }
  return out;
}

test('story 02: one right and one wrong answer, the reveal shows the step and its decision path, the score counts', async ({
  page,
}) => {
  await page.goto('/?v=1&s=thp-huge-zero&step=3');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 3 of \d+$/);
  await page.getByRole('button', { name: 'Quiz me' }).click();
  await expect(page).toHaveURL(/\?quiz=1&v=1&s=thp-huge-zero/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Quiz: THP: the huge zero folio by PMD, a write fault that gets a THP and one that has to split',
  );
  const card = page.getByRole('region', { name: /^Question 1 of \d+/ });
  await expect(card).toBeVisible({ timeout: 15_000 });
  // The first step asked is step 3, the read fault that maps the huge zero folio by PMD: the tree shows
  // step 2 until the reveal.
  await expect(card.getByRole('heading', { level: 2 })).toContainText('step 3, A: read 0x40000000');
  const page1 = card.getByRole('group', { name: /vm_normal_page\*\(\)/ });
  await expect(page1.locator('legend')).toContainText(
    "what does vm_normal_page_pmd() return for A's PMD at 0x40000000?",
  );
  const counts = card.getByRole('group', { name: /RSS and refcount/ });
  await expect(page.getByTestId('quiz-score')).toHaveText('Score: 0 of 0');
  await page.screenshot({ path: 'test-results/teach-quiz-question.png', fullPage: false });
  await expectNoSerious(page, 'a quiz question', { exclude: ['section[aria-labelledby="pt-heading"]'] });
  const reveal = card.getByRole('button', { name: 'Reveal step 3' });
  await expect(reveal).toBeDisabled();
  // Right: the huge zero folio is never a "normal" page (v6.18: M-S1c takes it). Wrong: RSS +1.
  await page1.getByRole('radio', { name: 'NULL: no "normal" page' }).check();
  await counts.getByRole('radio', { name: /^RSS \+1, refcount ±0/ }).check();
  await reveal.click();
  await expect(page.getByTestId('quiz-score')).toHaveText('Score: 1 of 2');
  await expect(page1.getByText('✓ the answer, yours')).toBeVisible();
  await expect(counts.getByText('✗ your answer')).toBeVisible();
  // The right count is marked, and where each choice is the outcome is said. The huge zero folio's own
  // refcount does not move: mm_get_huge_zero_folio() counts the mm in huge_zero_refcount instead.
  await expect(counts.locator('[data-mark="right"]')).toContainText('RSS ±0, refcount ±0');
  await expect(counts.locator('[data-mark="right"]')).toContainText('In: this kernel');
  // The reveal shows the step: its narration and the decision path of the PMD, deciding at M-S1c.
  await expect(page.getByRole('region', { name: 'Narration' })).toContainText('Step 3:');
  const decision = page.getByRole('heading', { name: /^Decision path/ });
  await expect(decision).toBeVisible();
  await expect(page.getByRole('list', { name: 'Conditions checked, in order' })).toContainText('M-S1c');
  await page.screenshot({ path: 'test-results/teach-quiz-reveal.png', fullPage: false });
  await expectNoSerious(page, 'a revealed quiz step', { exclude: ['section[aria-labelledby="pt-heading"]'] });
  await card.getByRole('button', { name: 'Next question' }).click();
  await expect(page.getByRole('region', { name: /^Question 2 of \d+/ })).toBeVisible();
  // The score is kept per story: a reload starts again and says the last attempt's.
  await page.reload();
  await expect(page.getByTestId('quiz-score')).toHaveText('Score: 0 of 0 (last time 1 of 2)', {
    timeout: 15_000,
  });
});

test('the same seeded quiz link opened twice asks the same questions; the answer key checks them', async ({
  page,
  browser,
}) => {
  await page.goto('/?v=1&quiz=1&seed=2718');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quiz: Random scenario, seed 2718');
  await expect(page.getByRole('region', { name: /^Question 1 of \d+/ })).toBeVisible({ timeout: 15_000 });
  const first = await questions(page);
  expect(first.length).toBeGreaterThan(0);
  const total = await page
    .getByRole('region', { name: /^Question 1 of \d+/ })
    .getByRole('heading')
    .textContent();
  const other = await (await browser.newContext()).newPage();
  await other.goto('/?v=1&quiz=1&seed=2718');
  await expect(other.getByRole('region', { name: /^Question 1 of \d+/ })).toBeVisible({ timeout: 15_000 });
  expect(await questions(other)).toEqual(first);
  expect(
    await other
      .getByRole('region', { name: /^Question 1 of \d+/ })
      .getByRole('heading')
      .textContent(),
  ).toBe(total);
  // A teacher's check: the answer key lists every step's answers.
  await other.getByRole('button', { name: 'Answer key' }).click();
  await expect(other.getByRole('region', { name: 'Answer key' }).getByRole('listitem').first()).toContainText(
    'Step ',
  );
  // Another seed, another scenario.
  await other.goto('/?v=1&quiz=1&seed=31415');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Quiz: Random scenario, seed 31415');
  await other.close();
});

test('the quiz loads its own code, not the lab’s', async ({ page }) => {
  const scripts = watchScripts(page);
  await page.goto('/?quiz=1&v=1&s=thp-huge-zero');
  await expect(page.getByRole('region', { name: /^Question 1 of \d+/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts.filter((f) => f.startsWith('QuizApp-'))).toHaveLength(1);
  expect(scripts.filter((f) => f.startsWith('Lab-'))).toEqual([]);
});
