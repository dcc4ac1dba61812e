/**
 * The page in headless Chromium, launched as playwright.config.ts launches it, and the primitives the page
 * benchmarks are made of: opening a link to its first drawn tree, stepping, switching the kernel variant,
 * and sampling the JS heap of the page and of its worker.
 */
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import config from '../playwright.config';
import { HeapSampler, pageCdp, WorkerCdp } from './cdp';
import { clickStep, type FirstTree, NAME_SHIM, switchVariant, type Timing, watchFirstTree } from './inpage';

export async function launch(): Promise<Browser> {
  return chromium.launch({ ...config.use?.launchOptions, headless: true });
}

/**
 * Headless Chromium 156 opens two chrome://omnibox-popup WebUI renderers with every new window (context);
 * they load for about two seconds on a 2-core machine, competing with the page. A new context waits for
 * them before the page is opened, so that the figures are the page's own (without the wait, a cold load
 * measures about 0.6 s longer).
 */
export const WINDOW_SETTLE_MS = 2500;

export interface Bench {
  ctx: BrowserContext;
  /** A first page (about:blank): it keeps the window, and with it the WebUI renderers, alive. */
  blank: Page;
}

/**
 * A new context (empty cache and storage) whose pages record when the tree of process A is first drawn with
 * a run row named `level…` ("" any, null: the tree even empty); see watchFirstTree. `bypassCSP` lets an
 * experiment add a style sheet to the page (bench/ab.ts); the benchmarks keep the page's policy.
 */
export async function newBench(browser: Browser, level: string | null, bypassCSP = false): Promise<Bench> {
  const ctx = await browser.newContext({ bypassCSP });
  await ctx.addInitScript(NAME_SHIM);
  await ctx.addInitScript(watchFirstTree, level);
  const blank = await ctx.newPage();
  await new Promise((r) => setTimeout(r, WINDOW_SETTLE_MS));
  return { ctx, blank };
}

export interface Opened {
  page: Page;
  first: FirstTree;
}

/** Opens `url` in a new page of `ctx` and waits for the frame that draws the tree (time from navigation). */
export async function open(ctx: BrowserContext, url: string): Promise<Opened> {
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page
    .waitForFunction(() => (window as unknown as { __benchFirstTree?: FirstTree }).__benchFirstTree, null, {
      timeout: 60_000,
      polling: 50,
    })
    .catch((e: Error) => {
      throw new Error(`${url.slice(0, 100)}…: no tree drawn (${errors.join('; ') || e.message})`);
    });
  return { page, first: (await handle.jsonValue()) as FirstTree };
}

/**
 * Clicks `name` ("Next"/"Prev") and times it to the frame drawn (see clickStep): by default dispatched at
 * the start of a frame; `aligned` false clicks at once, wherever in the frame that is.
 */
export function step(page: Page, name: 'Next' | 'Prev', aligned = true): Promise<Timing> {
  return page.evaluate(clickStep, [name, aligned] as [string, boolean]);
}

/** Alternates Next and Prev, `n` step changes in all. */
export async function stepBackAndForth(page: Page, n: number): Promise<Timing[]> {
  const out: Timing[] = [];
  for (let i = 0; i < n; i++) out.push(await step(page, i % 2 ? 'Prev' : 'Next'));
  return out;
}

/** Alternates between the page's current variant and `other`, `n` switches in all. */
export async function variantSwitches(page: Page, other: string, n: number): Promise<Timing[]> {
  const home = await page.getByLabel('Kernel variant', { exact: true }).inputValue();
  const out: Timing[] = [];
  for (let i = 0; i < n; i++) out.push(await page.evaluate(switchVariant, i % 2 ? home : other));
  return out;
}

export interface HeapPeak {
  pageMiB: number;
  workerMiB: number;
}

/**
 * Opens `url` in a new page of `ctx`, sampling the used JS heap of the page (from navigation) and of its
 * worker (once it has started) every 20 ms while the tree is drawn and `then` runs; the peaks seen. The
 * worker cannot answer while it serializes a result, so its figure is a lower bound.
 */
export async function heapPeak(
  ctx: BrowserContext,
  browser: Browser,
  url: string,
  then: (page: Page) => Promise<unknown>,
): Promise<HeapPeak> {
  const page = await ctx.newPage();
  const session = await ctx.newCDPSession(page);
  const pageOnly = new HeapSampler(pageCdp(session), undefined);
  pageOnly.start(20);
  await page.goto(url, { waitUntil: 'commit' });
  const worker = await WorkerCdp.attach(browser, page);
  const both = new HeapSampler(pageCdp(session), worker);
  both.start(20);
  await page.waitForFunction(
    () => (window as unknown as { __benchFirstTree?: unknown }).__benchFirstTree,
    null,
    {
      timeout: 60_000,
      polling: 50,
    },
  );
  await then(page);
  await Promise.all([pageOnly.stop(), both.stop()]);
  await worker.detach();
  await page.close();
  const MiB = 2 ** 20;
  return { pageMiB: Math.max(pageOnly.page, both.page) / MiB, workerMiB: both.worker / MiB };
}
