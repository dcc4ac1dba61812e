/**
 * The conformance run's outputs: a table on standard output, docs/conformance.md (every scenario and
 * kernel, and each difference with its explanation) and src/scenario/conformance/results.json, the real
 * kernels' observed values that the page shows beside the model's for the built-in stories.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Check, tally } from '../../scenario/conformance/compare';
import type { ConformanceResults, StoryResult } from '../../scenario/conformance/results';
import type { FetchedKernel } from './fetch';
import type { KnownDifference } from './known';
import type { Held, ScenarioEntry } from './types';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Checks the page shows for a step: the result and value, the step's process's RSS and its own page. */
function stepChecks(h: Held, step: number): Check[] {
  const st = h.entry.scenario.steps[step - 1];
  if (!st) return [];
  const proc = ('proc' in st && st.proc) || h.entry.scenario.processes[0]?.name || 'A';
  const addr = 'addr' in st ? `0x${((BigInt(String(st.addr)) / 4096n) * 4096n).toString(16)}` : undefined;
  return h.checks.filter(
    (c) =>
      c.step === step &&
      (c.what === 'result' ||
        c.what === 'value' ||
        c.what === 'reports' ||
        c.what === `${proc}/rssAnon` ||
        c.what === `${proc}/rssFile` ||
        (addr !== undefined && c.what.startsWith(`${proc}/${addr}/`))),
  );
}

export function writeReport(
  root: string,
  held: readonly Held[],
  refused: readonly { entry: ScenarioEntry; reasons: string[] }[],
  kernels: readonly FetchedKernel[],
  variants: Record<string, { variant: string; note: string }>,
  seconds: number,
  /** Where to write both files instead of docs/ and src/scenario/conformance/ (CI keeps the tree clean). */
  outDir?: string,
): number {
  const date = new Date().toISOString().slice(0, 10);
  const lines: string[] = [];
  const rows: string[] = [];
  let unexplained = 0;
  rows.push(
    `${pad('scenario', 40)} ${pad('kernel', 6)} ${pad('agree', 6)} ${pad('differ', 7)} ${pad('n/o', 5)} unexplained`,
  );
  for (const h of held) {
    const t = tally(h.checks);
    const un =
      h.checks.filter((c) => c.verdict === 'differ' && !('known' in c && c.known)).length +
      (h.complete ? 0 : 1);
    unexplained += un;
    rows.push(
      `${pad(h.entry.id, 40)} ${pad(h.kernel.spec.label, 6)} ${pad(String(t.agree), 6)} ${pad(String(t.differ), 7)} ${pad(String(t.notObservable), 5)} ${un}${h.complete ? '' : ' (incomplete run)'}`,
    );
  }
  console.log(rows.join('\n'));

  const all = tally(held.flatMap((h) => h.checks));
  lines.push('# Conformance: the model held against real kernels');
  lines.push('');
  lines.push(
    'Written by `npm run conformance` (src/cli/conformance/). Each scenario that userspace can perform is exported as C ' +
      '(`ptlab export-c`), built statically, and run in a busybox initramfs under QEMU (TCG) on two Debian kernels; the ' +
      'same scenario runs through the model under the variant that matches each kernel, and the two are compared step ' +
      'by step. Pfns are compared by role (the zero page, the huge zero folio + k, the MMIO base + k, the N-th other page ' +
      'seen), never by value. `query` and `folio_walk_start` steps export as observation points: userspace cannot call ' +
      'them, but pagemap reads the same entry.',
  );
  lines.push('');
  lines.push(
    `Last run: ${date}, ${Math.round(seconds)} s wall time. **${all.agree} agree, ${all.differ} differ, ${all.notObservable} not observable.**`,
  );
  lines.push('');
  lines.push('| kernel | Debian package | model variant |');
  lines.push('|---|---|---|');
  for (const k of kernels)
    lines.push(
      `| ${k.spec.label} (${k.spec.suite}) | ${k.pkg} ${k.version} | ${variants[k.spec.label]?.note ?? ''} |`,
    );
  lines.push('');
  lines.push(
    'What is observed after each step, in every live process, for every page the scenario names: `/proc/self/pagemap` ' +
      '(present, pfn, PM_FILE, PM_MMAP_EXCLUSIVE), `/proc/kpageflags` (zero page, huge zero folio, anon, THP, no struct page), ' +
      '`/proc/kpagecount` of anon pages, RssAnon/RssFile beyond what the process held before the first step, the result ' +
      'of the step (a signal, an errno), the word read back, the MMIO word through a second MAP_SHARED mapping of /dev/mem, ' +
      'and the kernel reports in /dev/kmsg. The page walker skips VM_PFNMAP VMAs (walk_page_test()), so the pagemap ' +
      'fields of a /dev/mem mapping are not observable there.',
  );
  lines.push('');
  lines.push('## Scenarios and kernels');
  lines.push('');
  lines.push('| scenario | kernel | agree | differ | not observable | explained |');
  lines.push('|---|---|---|---|---|---|');
  for (const h of held) {
    const t = tally(h.checks);
    const ex = h.checks.filter((c) => c.verdict === 'differ' && 'known' in c && c.known).length;
    lines.push(
      `| ${h.entry.id} | ${h.kernel.spec.label} | ${t.agree} | ${t.differ} | ${t.notObservable} | ${ex}/${t.differ}${h.complete ? '' : ' (incomplete run)'} |`,
    );
  }
  lines.push('');
  lines.push('## Differences');
  lines.push('');
  const diffs = held.flatMap((h) => h.checks.filter((c) => c.verdict === 'differ').map((c) => ({ h, c })));
  if (!diffs.length) lines.push('None.');
  const byReason = new Map<string, { h: Held; c: Check }[]>();
  for (const d of diffs) {
    const why = 'known' in d.c && d.c.known ? (d.c.known as KnownDifference).why : 'NOT EXPLAINED';
    byReason.set(why, [...(byReason.get(why) ?? []), d]);
  }
  for (const [why, ds] of byReason) {
    lines.push(`### ${why === 'NOT EXPLAINED' ? 'Not explained' : why.split('. ')[0]}`);
    lines.push('');
    if (why !== 'NOT EXPLAINED') lines.push(why, '');
    lines.push('| scenario | kernel | step | what | model | real |');
    lines.push('|---|---|---|---|---|---|');
    for (const { h, c } of ds.slice(0, 40))
      lines.push(
        `| ${h.entry.id} | ${h.kernel.spec.label} | ${c.step} | ${c.what} | ${c.model} | ${c.real} |`,
      );
    if (ds.length > 40) lines.push(`| … ${ds.length - 40} more of the same kind | | | | | |`);
    lines.push('');
  }
  lines.push('## Scenarios that do not export');
  lines.push('');
  lines.push('| scenario | why |');
  lines.push('|---|---|');
  for (const r of refused) lines.push(`| ${r.entry.id} | ${r.reasons.join('; ').replace(/\|/g, '\\|')} |`);
  lines.push('');
  writeFileSync(
    outDir ? join(outDir, 'conformance.md') : join(root, 'docs/conformance.md'),
    lines.join('\n'),
  );

  const stories: Record<string, StoryResult> = {};
  for (const h of held.filter((x) => x.entry.story && x.complete)) {
    const s = stories[h.entry.id] ?? { kernels: [], steps: {} };
    const t = tally(h.checks);
    s.kernels.push({ label: h.kernel.spec.label, release: h.release, variant: h.variant, ...t });
    for (let i = 1; i <= h.entry.scenario.steps.length; i++) {
      const list = s.steps[i] ?? [];
      s.steps[i] = list;
      for (const c of stepChecks(h, i))
        list.push({
          kernel: h.kernel.spec.label,
          what: c.what,
          model: c.model,
          real: c.real,
          verdict: c.verdict,
        });
    }
    stories[h.entry.id] = s;
  }
  const results: ConformanceResults = { date, stories };
  writeFileSync(
    outDir ? join(outDir, 'results.json') : join(root, 'src/scenario/conformance/results.json'),
    `${JSON.stringify(results, null, 1)}\n`,
  );
  return unexplained;
}
