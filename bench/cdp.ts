/**
 * Chrome DevTools Protocol helpers: the page's worker (Playwright gives no CDP session for workers, so the
 * browser session attaches to it in the non-flat mode and talks through Target.sendMessageToTarget), JS
 * heap sampling, and CPU profiles summarized by self time.
 */
import type { Browser, CDPSession, Page } from '@playwright/test';

/** Something that answers CDP commands: a page session or a worker channel. */
export interface Cdp {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

export const pageCdp = (s: CDPSession): Cdp => ({
  send: (method, params) => s.send(method as 'Runtime.getHeapUsage', params as never) as Promise<unknown>,
});

interface Reply {
  id?: number;
  result?: unknown;
  error?: { message: string };
}

/** A CDP channel to the page's scenario worker. */
export class WorkerCdp implements Cdp {
  private lastId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(
    private readonly session: CDPSession,
    private readonly sessionId: string,
  ) {
    session.on('Target.receivedMessageFromTarget', (m) => {
      if (m.sessionId !== this.sessionId) return;
      const reply = JSON.parse(m.message) as Reply;
      const p = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (!p || reply.id === undefined) return;
      this.pending.delete(reply.id);
      if (reply.error) p.reject(new Error(reply.error.message));
      else p.resolve(reply.result);
    });
  }

  /** Attaches to the scenario worker of the only page open in `browser` (waits for it to start). */
  static async attach(browser: Browser, page: Page): Promise<WorkerCdp> {
    if (page.workers().length === 0) await page.waitForEvent('worker', { timeout: 20_000 });
    const session = await browser.newBrowserCDPSession();
    const { targetInfos } = await session.send('Target.getTargets');
    const workers = targetInfos.filter((t) => t.type === 'worker' && t.url.includes('/assets/worker'));
    const target = workers[workers.length - 1];
    if (!target) throw new Error('no scenario worker target');
    const { sessionId } = await session.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    return new WorkerCdp(session, sessionId);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.session
        .send('Target.sendMessageToTarget', {
          sessionId: this.sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(reject);
    });
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }
}

const heapUsed = async (c: Cdp): Promise<number> =>
  ((await c.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;

/** Samples the used JS heap of the page and of its worker every `everyMs` until stopped; keeps the peaks. */
export class HeapSampler {
  page = 0;
  worker = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;

  constructor(
    private readonly pageSide: Cdp,
    private readonly workerSide: Cdp | undefined,
  ) {}

  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [p, w] = await Promise.all([
        heapUsed(this.pageSide).catch(() => 0),
        this.workerSide ? heapUsed(this.workerSide).catch(() => 0) : 0,
      ]);
      this.page = Math.max(this.page, p);
      this.worker = Math.max(this.worker, w);
    } finally {
      this.busy = false;
    }
  }

  start(everyMs = 25): void {
    this.timer = setInterval(() => void this.sample(), everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export async function startProfile(c: Cdp): Promise<void> {
  await c.send('Profiler.enable');
  await c.send('Profiler.setSamplingInterval', { interval: 100 });
  await c.send('Profiler.start');
}

export async function stopProfile(c: Cdp): Promise<CpuProfile> {
  const { profile } = (await c.send('Profiler.stop')) as { profile: CpuProfile };
  await c.send('Profiler.disable');
  return profile;
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

/** Self time per function (summed over call sites), largest first. */
export function hotFunctions(p: CpuProfile, top = 12): { totalMs: number; hot: HotFunction[] } {
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next sample.
    const us = deltas[i + 1] ?? 0;
    const n = byNode.get(samples[i] as number);
    if (!n) continue;
    total += us;
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const where = file ? `${file}:${f.lineNumber + 1}` : '';
    const name = f.functionName || '(anonymous)';
    const key = `${name}@${where}`;
    const e = self.get(key) ?? { name, where, us: 0 };
    e.us += us;
    self.set(key, e);
  }
  const hot = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: total ? e.us / total : 0 }));
  return { totalMs: total / 1000, hot };
}
