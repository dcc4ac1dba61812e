/**
 * The decision path following a lookup inside a huge entry decides where the step asked (issue 18's
 * linear-test fix): the issue's example, a CoW PFNMAP with vm_pgoff 0x1000 and a PMD with pfn 0x1005,
 * asked at vm_start + 0x5000. The step says NULL, and so does the panel; a click on the entry in the
 * tree shows it at its first address, where it is a page.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './lab';

const SCENARIO = {
  version: 1,
  kernel: { variant: 'v6.18', preset: 'no-pte-special' },
  processes: [{ name: 'A' }],
  steps: [
    {
      op: 'mmap',
      addr: '0x40000000',
      length: '0x200000',
      prot: ['read'],
      backing: { type: 'raw', flags: ['READ', 'MAYREAD', 'MAYWRITE', 'PFNMAP', 'IO'], pgoff: '0x1000' },
    },
    { op: 'inject', addr: '0x40000000', level: 'pmd', entry: { type: 'leaf', pfn: '0x1005' } },
    { op: 'query', addr: '0x40005000', fn: 'vm_normal_page_pmd' },
  ],
};

test('a query inside a huge PFNMAP entry: the step and the decision path both say NULL, and say where', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.goto();
  await lab.run(JSON.stringify(SCENARIO));
  await lab.nav('Last').click();
  await expect(lab.position).toHaveText('Step 3 of 3');
  const decision = page.getByRole('region', { name: /^Decision path/ });
  await expect(decision.getByTestId('decision-mode')).toHaveText('following step 3');
  await expect(decision.getByTestId('decision-asked')).toContainText('Asked at 0x40005000, inside the entry');
  await expect(decision.getByText(/^returns\s+NULL/)).toBeVisible();
});
