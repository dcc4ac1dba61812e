/**
 * Chromium trace (devtools.timeline) summaries: self time per event name on the renderer's main thread and
 * on the scenario worker, to split what a CPU profile calls "(program)" into style, layout, paint, parsing
 * and compiling.
 */
import type { Browser, Page } from '@playwright/test';

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
  'loading',
];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { frames?: { processId?: number }[] } };
}

export interface ThreadSummary {
  thread: string;
  busyMs: number;
  self: { name: string; ms: number }[];
  /** Self time per kind of work (script, style, layout, paint, …). */
  groups: { name: string; ms: number }[];
}

const GROUPS: [string, RegExp][] = [
  ['gc', /GC|Scavenge|Sweep|Mark/],
  ['structured clone', /^SerializedScriptValue/],
  ['style', /recalcStyle|UpdateLayoutTree|updateStyle|rebuildLayoutTree|StyleSheet|Style/],
  ['layout', /Layout|InlineNode|ShapeText|LayoutNG|performLayout/],
  ['paint, composite', /Paint|Composit|Layerize|^Commit$|PrePaint|Raster/],
  ['history API', /SameDocumentNavigation|History/],
  ['loading, parsing', /URLLoader|Resource|ResponseBody|ParseHTML|TextResourceDecoder|Navigation|Fetch/],
  ['script compile', /compile|Compile|Deserialize|PerIsolateData/],
  [
    'script',
    /FunctionCall|callFunction|EvaluateScript|evaluateModule|Microtask|V8\.|v8\.|TimerFire|AnimationFrame|EventDispatch|AsyncTask|InjectedScript/,
  ],
];

const groupOf = (name: string): string =>
  GROUPS.find(([, re]) => re.test(name))?.[0] ?? 'other (task overhead, …)';

/** Self time of complete ('X') events per name, per thread of interest, largest first. */
export function summarizeTrace(json: string, top = 12): ThreadSummary[] {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  // The renderer of the traced page (the other renderers are the browser's own WebUI).
  const pagePids = new Set(
    events
      .filter((e) => e.name === 'TracingStartedInBrowser')
      .flatMap((e) => e.args?.data?.frames ?? [])
      .map((f) => f.processId),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const k = `${e.pid}:${e.tid}`;
    const n = names.get(k) ?? '';
    if (n !== 'CrRendererMain' && !n.startsWith('DedicatedWorker')) continue;
    const list = byThread.get(k) ?? [];
    if (list.length === 0) byThread.set(k, list);
    list.push(e);
  }
  const out: ThreadSummary[] = [];
  for (const [k, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const self = new Map<string, number>();
    const stack: { end: number; name: string }[] = [];
    let busy = 0;
    for (const e of list) {
      const dur = e.dur ?? 0;
      while (stack.length && (stack[stack.length - 1] as { end: number }).end <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
      else busy += dur;
      self.set(e.name, (self.get(e.name) ?? 0) + dur);
      stack.push({ end: e.ts + dur, name: e.name });
    }
    const groups = new Map<string, number>();
    for (const [name, us] of self) groups.set(groupOf(name), (groups.get(groupOf(name)) ?? 0) + us);
    const pid = Number(k.split(':')[0]);
    out.push({
      thread: `${names.get(k) ?? k}${pagePids.has(pid) ? ' (page)' : ` (other renderer ${pid})`}`,
      busyMs: busy / 1000,
      groups: [...groups].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms),
      self: [...self]
        .map(([name, us]) => ({ name, ms: us / 1000 }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, top),
    });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}

/** Traces `f` (the renderer of `page` and its workers). */
export async function traced(browser: Browser, page: Page, f: () => Promise<unknown>): Promise<string> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await f();
  return (await browser.stopTracing()).toString('utf8');
}
