/**
 * The built site on a static host: under a subpath (relative asset URLs), and offline after a first
 * visit (the service worker). A preview server of its own serves dist/ under /ptlab/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { watchScripts } from './lab';

const VITE = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
let server: ChildProcess | undefined;
let base = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test.beforeAll(async () => {
  const port = await freePort();
  // Vite itself, not through npx: killing npx left its vite child serving after the tests.
  server = spawn(
    process.execPath,
    [VITE, 'preview', '--base', '/ptlab/', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { stdio: 'ignore' },
  );
  base = `http://127.0.0.1:${port}/ptlab/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the preview under /ptlab/ did not start at ${base}`);
});

test.afterAll(() => {
  server?.kill();
});

test('under /ptlab/ the built site opens a story, runs it in its worker and links its document', async ({
  page,
}) => {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${base}?v=1&s=zero-page&step=2`);
  await expect(page.getByRole('status').first()).toContainText(/Ran \d+ operation/);
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  expect(page.workers()).toHaveLength(1);
  // The decision path follows the step; its branch ID links into the kernel-semantics page, by a relative URL.
  const href = await page.locator('a[href^="kernel-semantics.html#"]').first().getAttribute('href');
  expect(href).toMatch(/^kernel-semantics\.html#[a-zA-Z]/);
  const r = await page.request.get(new URL(href ?? '', page.url()).href);
  expect(r.status()).toBe(200);
  expect(failed).toEqual([]);
});

test('a first visit opens on the start view’s code alone; the lab’s loads after, and a story starts the worker', async ({
  page,
}) => {
  const scripts = watchScripts(page);
  await page.goto(base);
  const story = page.getByRole('button', { name: /^The shared zero page/ });
  await expect(story).toBeVisible();
  await page.waitForLoadState('networkidle');
  // The lab's code is not part of opening: the start view asks for it once it is up and the page idle,
  // after its first paint. Nothing but the entry (and the service worker's registration) comes before.
  const timing = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    scripts: performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.js'))
      .map((r) => ({ file: r.name.split('/').pop() ?? '', start: r.startTime })),
  }));
  expect(timing.paint).toBeGreaterThan(0);
  const before = timing.scripts.filter((s) => s.start < timing.paint).map((s) => s.file);
  expect(before.filter((f) => !/^(index|registerSW)[-.]/.test(f))).toEqual([]);
  expect(timing.scripts.filter((s) => s.file.startsWith('Lab-')).every((s) => s.start > timing.paint)).toBe(
    true,
  );
  // No run, so no worker, until a story is chosen.
  expect(page.workers()).toHaveLength(0);
  await story.click();
  await expect(page.getByRole('status').first()).toContainText(/Ran \d+ operation/);
  await expect(page.getByRole('heading', { level: 2, name: /^Step \d+:/ })).toBeVisible();
  expect(scripts.filter((f) => f.startsWith('Lab-'))).toHaveLength(1);
  expect(page.workers()).toHaveLength(1);
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('after a first visit it opens again with the network cut, stories and all', async ({
    page,
    context,
  }) => {
    await page.goto(base);
    // A first visit: the start view; a story opens from it, in its lazily loaded chunk.
    await page.getByRole('button', { name: /^The shared zero page/ }).click();
    await expect(page.getByRole('status').first()).toContainText(/Ran \d+ operation/);
    // The service worker has installed (precached everything) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.goto(`${base}?v=1&s=devmem-private-cow`);
    await expect(page.getByRole('status').first()).toContainText(/Ran \d+ operation/);
    await expect(page.getByRole('combobox', { name: 'Built-in scenario' })).toHaveValue('devmem-private-cow');
    await context.setOffline(false);
  });
});
