/**
 * Functions that run inside the page (page.evaluate, addInitScript). They are serialized by Playwright, so
 * they may not refer to anything outside their own body; tsx's __name() helper is stubbed by NAME_SHIM.
 */

/** tsx (esbuild keepNames) wraps named functions in __name(); in the page that helper must exist. */
export const NAME_SHIM = 'globalThis.__name = (f) => f;';

/** When the first tree was drawn, relative to navigation start (performance.timeOrigin). */
export interface FirstTree {
  /** The frame with the tree had been painted (a task queued from that frame's rAF ran). */
  painted: number;
  /** Run rows in the tree of process A at that frame. */
  rows: number;
  /**
   * Drawing alone: from the run's reply reaching the page (the client's "ptlab:run-reply" mark, set before
   * the reply is unpacked) to that frame; -1 without a mark.
   */
  drawn: number;
}

/**
 * Init script: from document start, checks every frame whether the tree of process A shows a run row whose
 * accessible name starts with `level` ("PTE", "PUD"; "" for any; null: the tree alone, even empty), and
 * records the time that frame was painted in window.__benchFirstTree.
 */
export function watchFirstTree(level: string | null): void {
  // Not in about:blank (a new page's first document, or the page that keeps the window open).
  if (location.protocol === 'about:') return;
  const sel = 'svg[aria-label="Page tables of process A"] [data-row="run"]';
  const tick = () => {
    const rows = document.querySelectorAll(sel);
    const svg = document.querySelector('svg[aria-label="Page tables of process A"]');
    const hit =
      // A drawn row is named by its own words (its text); a row outside the view, by its aria-label.
      level === null ||
      [...rows].some((r) =>
        (r.getAttribute('aria-label') ?? r.textContent ?? '').trimStart().startsWith(level),
      );
    if (!hit || !svg || svg.getBoundingClientRect().width === 0) {
      requestAnimationFrame(tick);
      return;
    }
    // In the rAF callback of the frame that draws the tree: a task queued now runs after its paint.
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      const now = performance.now();
      // RUN_REPLY_MARK of src/worker/client.ts (this function runs in the page: it cannot import it).
      const reply = performance.getEntriesByName('ptlab:run-reply').at(-1);
      (window as unknown as { __benchFirstTree: FirstTree }).__benchFirstTree = {
        painted: now,
        rows: rows.length,
        drawn: reply ? now - reply.startTime : -1,
      };
    };
    ch.port2.postMessage(0);
  };
  requestAnimationFrame(tick);
}

/** Times of one interaction, in ms from just before it was dispatched. */
export interface Timing {
  /** The page had committed the change (the watched text changed). */
  commit: number;
  /** The frame showing it had been painted (a task queued from its rAF callback ran). */
  painted: number;
  /** Main-thread time: dispatch to commit, plus that frame's rendering (rAF callback to after paint). */
  work: number;
  /**
   * The frame showing the step detail (and the VMA, physical memory and decision panels, rendered with it
   * after the trees and the step list at a lower priority) had been painted; `painted` where they come in
   * the same frame; NaN where there is no step detail (clickStep only).
   */
  settled: number;
}

/**
 * Clicks a step navigation button ("Next", "Prev") and times it to the frame that draws the new step: the
 * step position text changes in the same React commit as the tree.
 *
 * `aligned`: the click is dispatched at the start of a frame (from a requestAnimationFrame callback), so
 * `painted` is the page's own work: the click's JavaScript (React's commit, its layout and passive effects,
 * which React runs at once after a click's commit) and that frame's style, layout and paint. If the commit
 * misses that frame, the time runs on to the frame that does draw it. What the page schedules for later
 * (the panels that follow the trees; the tree's refit to a new size, set from an effect) is not in it.
 * Not aligned: the click comes at whatever moment the previous step left, and `painted` also counts the
 * wait for the next frame (0 to 16.7 ms at 60 Hz), which no page can shorten.
 *
 * A click from inside a rAF callback is the bench's doing, not how a browser delivers one; a page's own
 * requestAnimationFrame made in that turn runs a frame later than it would for a user's click.
 */
export async function clickStep([name, aligned]: [string, boolean]): Promise<Timing> {
  const nav = [...document.querySelectorAll('fieldset')].find(
    (f) => f.querySelector('legend')?.textContent === 'Step navigation',
  );
  const button = [...(nav?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === name);
  const pos = document.querySelector('[data-testid="step-position"]');
  if (!button || !pos) throw new Error('no step navigation');
  if (button.disabled) throw new Error(`${name} is disabled at "${pos.textContent}"`);
  const before = pos.textContent;
  const changed = new Promise<number>((resolve, reject) => {
    setTimeout(() => reject(new Error(`no step change after ${name} in 30 s`)), 30_000);
    const mo = new MutationObserver(() => {
      if (pos.textContent !== before) {
        mo.disconnect();
        resolve(performance.now());
      }
    });
    mo.observe(pos, { subtree: true, childList: true, characterData: true });
  });
  // The step detail's heading: it changes in the commit of the panels that follow the tree.
  const heading = document.getElementById('step-heading');
  const headingBefore = heading?.textContent;
  const detailChanged = new Promise<number>((resolve) => {
    if (!heading) return resolve(Number.NaN);
    setTimeout(() => resolve(Number.NaN), 30_000);
    const mo = new MutationObserver(() => {
      if (heading.textContent !== headingBefore) {
        mo.disconnect();
        resolve(performance.now());
      }
    });
    mo.observe(heading, { subtree: true, childList: true, characterData: true });
  });
  // A task queued now runs once the current frame (if any) has been painted.
  const afterPaint = () =>
    new Promise<number>((r) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => r(performance.now());
      ch.port2.postMessage(0);
    });
  const nextFrame = () =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no animation frame in 5 s (is the page hidden?)')),
        5000,
      );
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve(performance.now());
      });
    });
  if (aligned) await nextFrame();
  performance.mark('bench-dispatch');
  const t0 = performance.now();
  // Posted before the click, so it runs right after this frame's paint, ahead of any task the click
  // queues (React's scheduled renders): the time this frame was painted.
  const paintedThisFrame = aligned ? afterPaint() : undefined;
  let frameOver = !aligned;
  void paintedThisFrame?.then(() => (frameOver = true));
  button.click();
  const committed = await changed;
  // Aligned and committed inside the frame's rAF turn: that frame draws it. Otherwise the next one does.
  const inFrame = !frameOver && paintedThisFrame !== undefined;
  const frame = inFrame ? t0 : await nextFrame();
  const painted = inFrame ? await paintedThisFrame : await afterPaint();
  const work = inFrame ? painted - t0 : committed - t0 + (painted - frame);
  const detailAt = await detailChanged;
  let settled = Number.NaN;
  // Committed before the frame that drew the step began (its rAF turn): drawn in it too.
  if (detailAt <= (inFrame ? painted : frame)) settled = painted - t0;
  else if (!Number.isNaN(detailAt)) {
    await nextFrame();
    settled = (await afterPaint()) - t0;
  }
  // Let the frame after settle before the next interaction.
  await nextFrame();
  return { commit: committed - t0, painted: painted - t0, work, settled };
}

/**
 * Picks another kernel variant in the "Kernel variant" select and times it to the frame that draws the
 * re-run's tree: the run status reads "Running…" until the worker's answer is committed with the tree.
 */
export async function switchVariant(variant: string): Promise<Timing> {
  const select = document.querySelector<HTMLSelectElement>('select[aria-label="Kernel variant"]');
  const status = [...document.querySelectorAll('[role="status"]')].find((e) =>
    /^(Ran|Running)/.test(e.textContent ?? ''),
  );
  if (!select || !status) throw new Error('no variant select or run status');
  if (select.value === variant) throw new Error(`already ${variant}`);
  const done = new Promise<number>((resolve, reject) => {
    setTimeout(() => reject(new Error(`no finished run after switching to ${variant} in 60 s`)), 60_000);
    const mo = new MutationObserver(() => {
      if (/^Ran /.test(status.textContent ?? '')) {
        mo.disconnect();
        resolve(performance.now());
      }
    });
    mo.observe(status, { subtree: true, childList: true, characterData: true });
  });
  performance.mark('bench-dispatch');
  const t0 = performance.now();
  select.value = variant;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  const commit = (await done) - t0;
  const frame = await new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
  const painted = await new Promise<number>((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r(performance.now());
    ch.port2.postMessage(0);
  });
  await new Promise((r) => requestAnimationFrame(r));
  return { commit, painted: painted - t0, work: commit + (painted - frame), settled: Number.NaN };
}
