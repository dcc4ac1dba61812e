/**
 * Issue 15, items 2 and 3: each step's narration is told for the kernel the reader chose, at the level
 * they chose, and every citation the page shows can be opened and pasted. Done the way a person would:
 * open a story, step, switch the kernel and the level, open the references, follow the code links.
 */

import { expect, type Locator, type Page, test } from '@playwright/test';
import { linkProblem } from '../src/scenario/narration/links';
import { THREAD } from '../src/scenario/narration/thread';
import { expectNoSerious, TREE_AND_MEMORY } from './axe';
import { LabPage } from './lab';

class Story {
  readonly narration: Locator;
  readonly here: Locator;
  readonly other: Locator;
  readonly position: Locator;
  readonly variant: Locator;
  readonly learner: Locator;
  readonly reviewer: Locator;

  constructor(readonly page: Page) {
    this.narration = page.getByRole('region', { name: 'Narration' });
    this.here = this.narration.getByTestId('narration-here');
    this.other = this.narration.getByTestId('narration-other');
    this.position = page.getByTestId('step-position');
    this.variant = page.getByLabel('Kernel variant', { exact: true });
    this.learner = this.narration.getByRole('button', { name: 'Plain words' });
    this.reviewer = this.narration.getByRole('button', { name: 'Kernel detail' });
  }

  async level(name: 'Plain words' | 'Kernel detail'): Promise<void> {
    await this.narration.getByRole('button', { name }).click();
  }

  async open(query: string, steps: number): Promise<void> {
    await this.page.goto(`/?v=1&${query}`);
    await expect(this.position).toHaveText(new RegExp(`^Step \\d+ of ${steps}$`));
  }

  async next(times = 1): Promise<void> {
    for (let i = 0; i < times; i++)
      await this.page.getByRole('button', { name: 'Next', exact: true }).click();
  }
}

/** axe finds no serious or critical violation (the trees and the memory view have their own scan). */
function scanSerious(page: Page, when: string): Promise<void> {
  return expectNoSerious(page, when, { exclude: TREE_AND_MEMORY });
}

test('the narration tells the chosen kernel first and folds the others; another variant picks again', async ({
  page,
}) => {
  const s = new Story(page);
  // Story 03 runs v6.18 without pte_special: the linearity rule decides.
  await s.open('s=devmem-private-cow', 7);
  await s.next(2);
  await expect(s.position).toHaveText('Step 2 of 7');
  await expect(s.narration.getByTestId('narration-kernel')).toHaveText('For v6.18, without pte_special:');
  await expect(s.here).toContainText('the linearity rule (M-N2a)');
  await expect(s.here).not.toContainText('R-F3');
  // The other kernels are there, folded.
  const rf3 = s.other.getByText('Without pte_special the pfn is not an anon folio (R-F3).');
  await expect(s.other.locator('summary')).toHaveText(/^In other kernels \(\d+\)$/);
  await expect(rf3).toBeHidden();
  await s.other.locator('summary').click();
  await expect(rf3).toBeVisible();
  await expect(s.other.getByTestId('clause').filter({ hasText: 'R-F3' })).toContainText(
    'RFC 11-14, without pte_special:',
  );
  await page.screenshot({ path: 'test-results/narration-reviewer-light.png', fullPage: false });

  // RFC 14 looks for an anon folio instead; the same step, picked again from the same narration.
  await s.variant.selectOption('rfc-14');
  await expect(s.narration.getByTestId('narration-kernel')).toHaveText('For RFC 14, without pte_special:');
  await expect(s.here).toContainText('not an anon folio (R-F3)');
  await expect(s.here).not.toContainText('M-N2a');
  await expect(s.position).toHaveText('Step 2 of 7');
  // With pte_special the bit decides, whatever the variant.
  await page.getByRole('switch', { name: /CONFIG_ARCH_HAS_PTE_SPECIAL/ }).click();
  await expect(s.here).toContainText('(R-P1b)');
  await expect(s.here).not.toContainText('R-F3');
});

test('a switch chooses plain words or kernel detail; the link keeps the choice; keys work', async ({
  page,
}) => {
  const s = new Story(page);
  await s.open('s=devmem-private-cow', 7);
  await s.next(2);
  await expect(s.reviewer).toHaveAttribute('aria-pressed', 'true');
  await expect(s.here).toContainText('vm_normal_page()');
  await s.level('Plain words');
  await expect(s.narration.getByTestId('narration-learner')).toContainText("it is /dev/mem's page");
  await expect(s.narration).not.toContainText('vm_normal_page()');
  await expect(page).toHaveURL(/explain=learner/);
  await page.screenshot({ path: 'test-results/narration-learner-light.png', fullPage: false });

  // The link opens the same level in a fresh page.
  await page.reload();
  await expect(s.position).toHaveText('Step 2 of 7');
  await expect(s.learner).toHaveAttribute('aria-pressed', 'true');
  await expect(s.narration.getByTestId('narration-learner')).toBeVisible();

  // The keyboard: Tab reaches each level, Enter or Space chooses it; the arrows still step.
  await s.learner.focus();
  await page.keyboard.press('Tab');
  await expect(s.reviewer).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(s.reviewer).toHaveAttribute('aria-pressed', 'true');
  await expect(s.learner).toHaveAttribute('aria-pressed', 'false');
  await expect(s.narration.getByTestId('narration-reviewer')).toContainText('vm_normal_page()');
  await expect(page).not.toHaveURL(/explain=/);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await expect(s.learner).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(s.position).toHaveText('Step 3 of 7');
  await expect(s.narration.getByTestId('narration-learner')).toContainText('private copy');
  // This browser keeps the level chosen: a later visit without a link reopens the story at it, and a story
  // opened from the start view is told at it; a link still says its own.
  await page.goto('/');
  await expect(s.position).toHaveText('Step 3 of 7');
  await expect(s.learner).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'All stories' }).click();
  await page.getByRole('button', { name: /^The shared zero page/ }).click();
  await expect(s.position).toHaveText(/^Step 2 of \d+$/);
  await expect(s.learner).toHaveAttribute('aria-pressed', 'true');
  await s.open('s=devmem-private-cow', 7);
  await expect(s.reviewer).toHaveAttribute('aria-pressed', 'true');
  // A plain-words line that depends on the kernel follows the variant too.
  await s.open('s=remap-partial-cow&variant=v6.18&explain=learner', 10);
  await s.next(2);
  await expect(s.here).toContainText('refuses to remap only part of a private mapping');
  await s.variant.selectOption('rfc-11');
  await expect(s.here).toContainText('RFC 11 accepts a remap of only part of a private mapping.');
  await expect(s.other).toContainText('Baseline, v6.17, RFC 01-10, v6.18, mm-2026 and fix-2026:');
});

test('the step detail shows what ran and its events, without repeating the narration', async ({ page }) => {
  const s = new Story(page);
  await s.open('s=zero-page', 10);
  await s.next(2);
  const detail = page.getByRole('region', { name: /^Step 2:/ });
  await expect(detail).toBeVisible();
  await expect(detail.locator('dt')).not.toContainText(['Note']);
  await expect(detail).not.toContainText('do_anonymous_page() maps my_zero_pfn()');
  await expect(s.here).toContainText('do_anonymous_page() maps my_zero_pfn()');
});

test('a scenario with no narration gets a line read off the trace, marked as such', async ({ page }) => {
  const s = new Story(page);
  await new LabPage(page).goto();
  await expect(s.position).toHaveText('Step 0 of 3');
  await s.next(2);
  const derived = s.narration.getByTestId('narration-derived');
  await expect(derived).toContainText('from the trace');
  await expect(derived).toContainText('Result:');
  await s.narration.screenshot({ path: 'test-results/narration-derived.png' });
  // And a plain note, written for every kernel, is shown as written.
  await page.getByRole('button', { name: 'Edit the scenario', exact: true }).click();
  const editor = page.getByLabel('Scenario (JSON)');
  const text = (await editor.inputValue()).replace(
    '{ "op": "read", "proc": "A", "addr": "0x10001000" }',
    '{ "op": "read", "proc": "A", "addr": "0x10001000", "note": "The zero page, as I wrote it." }',
  );
  await editor.fill(text);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(s.narration.getByTestId('narration-note')).toHaveText('The zero page, as I wrote it.');
  await expect(s.narration).not.toContainText('from the trace');
});

test('every link the page shows opens a mail of the thread, a merged commit or the variant’s own code', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const ids = new Set(THREAD.map((m) => m.id));
  const seen = new Set<string>();
  const s = new Story(page);
  const checkAll = async (when: string) => {
    for (const a of await page.locator('a[href]').all()) {
      const href = (await a.getAttribute('href')) as string;
      const url = new URL(href, page.url());
      if (url.origin === new URL(page.url()).origin) {
        // The page's own links: kernel-semantics.md on the site.
        expect(url.pathname, `${when}: ${href}`).toMatch(/kernel-semantics\.html$/);
        continue;
      }
      expect(linkProblem(href), when).toBeNull();
      const lore = /^https:\/\/lore\.kernel\.org\/r\/(.+)$/.exec(href);
      if (lore) expect(ids.has(decodeURIComponent(lore[1] as string)), href).toBe(true);
      expect(await a.textContent(), href).not.toBe('');
      seen.add(href);
    }
  };
  // Every story's references.
  for (const [id, n] of [
    ['zero-page', 10],
    ['thp-huge-zero', 10],
    ['devmem-private-cow', 7],
    ['remap-partial-cow', 10],
    ['insert-pfn-cow-pfnmap', 8],
    ['devmem-anon-hazard', 10],
    ['corrupted-pte', 7],
    ['xen-gntdev-find-normal-page', 9],
    ['dax-pmd-hole', 10],
    ['pud-pfnmap', 9],
    ['insert-over-nonpresent', 9],
    ['fork-cow-pfnmap-anon-zero', 16],
    ['x86-32-huge-zero-pmd', 11],
    ['fork-pinned-page', 12],
  ] as const) {
    await s.open(`s=${id}`, n);
    await page.getByText('About this scenario').click();
    const refs = page.getByRole('list', { name: 'References' }).getByRole('listitem');
    await expect(refs.first()).toBeVisible();
    // Every reference of a built-in story links its mail.
    for (const r of await refs.all()) await expect(r.getByRole('link', { name: /^mail:/ })).toHaveCount(1);
    await checkAll(id);
  }
  await page
    .getByRole('list', { name: 'References' })
    .screenshot({ path: 'test-results/narration-references.png' });
  // The decision path's code link, for every kind of variant.
  await s.open('s=zero-page', 10);
  await s.next(3);
  const code = page.getByTestId('code-links');
  const want: [string, RegExp][] = [
    ['baseline', /lore\.kernel\.org\/r\/20250617154345\.2494405-2-david@redhat\.com$/],
    ['v6.17', /elixir\.bootlin\.com\/linux\/v6\.17\/A\/ident\/vm_normal_page$/],
    ['rfc-05', /lore\.kernel\.org\/r\/20250617154345\.2494405-6-david@redhat\.com$/],
    ['rfc-11', /lore\.kernel\.org\/r\/20250617154345\.2494405-12-david@redhat\.com$/],
    ['v6.18', /elixir\.bootlin\.com\/linux\/v6\.18\/A\/ident\/__vm_normal_page$/],
    ['mm-2026', /commit\/\?id=d80a9cb1a64ab9c817b6262c7e4e433b6a3581a0$/],
    ['fix-2026', /commit\/\?id=c0c6ccd9828c3a1950623b546fa57292a77b5c73$/],
  ];
  for (const [variant, href] of want) {
    await s.variant.selectOption(variant);
    await expect(s.variant).toHaveValue(variant);
    await expect
      .poll(
        async () =>
          (await code.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).join(' '),
        { message: variant },
      )
      .toMatch(href);
    await checkAll(`decision path, ${variant}`);
  }
  expect(seen.size).toBeGreaterThan(40);
});

test('axe finds no serious issue in the narration, at both levels, in light and dark', async ({ page }) => {
  const s = new Story(page);
  await s.open('s=devmem-anon-hazard&variant=rfc-14', 10);
  await s.next(4);
  await s.other.locator('summary').click();
  await page.getByText('About this scenario').click();
  await scanSerious(page, 'kernel detail, light');
  await s.level('Plain words');
  await scanSerious(page, 'plain words, light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await scanSerious(page, 'plain words, dark');
  await page.screenshot({ path: 'test-results/narration-learner-dark.png', fullPage: false });
  await s.level('Kernel detail');
  await scanSerious(page, 'kernel detail, dark');
  await page.screenshot({ path: 'test-results/narration-reviewer-dark.png', fullPage: false });
});

test('frozen links of format 1 open the same view, told for their kernel', async ({ page }) => {
  const s = new Story(page);
  // Written by earlier releases: a built-in story in another variant, and a custom scenario with notes.
  await page.goto('/?v=1&s=zero-page&variant=rfc-08&pte_special=1&step=2');
  await expect(s.position).toHaveText('Step 2 of 10');
  await expect(s.variant).toHaveValue('rfc-08');
  await expect(s.narration.getByTestId('narration-kernel')).toHaveText('For RFC 08, with pte_special:');
  await page.goto('/?v=1&s=zero-page&step=3');
  await expect(s.position).toHaveText('Step 3 of 10');
  await expect(s.here).toContainText('(M-S1c)');
  await page.goto(
    '/?v=1&s=devmem-private-cow&variant=rfc-11&step=3&entry=A:pte:0x20001000&cmp_variant=rfc-10',
  );
  await expect(s.position).toHaveText('Step 3 of 7');
  await expect(s.variant).toHaveValue('rfc-11');
  const custom = JSON.stringify({
    version: 1,
    title: 'frozen note link',
    kernel: { variant: 'v6.18' },
    processes: [{ name: 'A' }],
    steps: [
      {
        op: 'mmap',
        proc: 'A',
        addr: '0x10000000',
        length: '0x1000',
        prot: ['read'],
        backing: { type: 'anon' },
      },
      { op: 'read', proc: 'A', addr: '0x10000000', note: 'A note written before narrations existed.' },
    ],
  });
  await page.goto(`/?v=1&step=2#j=${encodeURIComponent(custom)}`);
  await expect(s.position).toHaveText('Step 2 of 2');
  await expect(s.narration.getByTestId('narration-note')).toHaveText(
    'A note written before narrations existed.',
  );
  // The level travels as explain=learner; without it a link opens in kernel detail, as before.
  await page.goto('/?v=1&s=zero-page&step=2&explain=learner');
  await expect(s.learner).toHaveAttribute('aria-pressed', 'true');
  await expect(s.narration.getByTestId('narration-learner')).toContainText('shared page of zeros');
});
