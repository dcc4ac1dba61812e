/**
 * `npm run conformance`: holds ptlab's model against real kernels. Installs what it needs from Debian,
 * fetches sid's Linux 7.2 (the merged series) and trixie's 6.12 (before it) into a cache folder, exports
 * every scenario userspace can perform as C (src/scenario/exportC.ts), boots each kernel under QEMU with
 * the programs in a busybox initramfs, runs the same scenarios through the model under the variant that
 * matches each kernel, compares step by step (pfns by role), prints a table and a summary line, and writes
 * docs/conformance.md and the results file the page shows (src/scenario/conformance/results.json).
 *
 * `--out DIR` writes conformance.md and results.json there instead of into the tree (as .ci/run does).
 *
 * Exit status: 0 when every difference is explained (known.ts), 1 for an unexplained difference or a run
 * that did not complete, 3 when Debian's archive cannot be reached (said plainly: never a pass).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// Every operation's code at once: the page loads the rare ones on use (model/ops/rare.ts).
import '../../model/ops/eager';
import { DEFAULT_CONFIG, type MachineConfig } from '../../model/config';
import type { VariantId } from '../../model/variants';
import { layoutOf } from '../../scenario/compile';
import { compareViews, tally } from '../../scenario/conformance/compare';
import { decodeGuest } from '../../scenario/conformance/guest';
import { distroConfig, type ExclusiveRule, modelViews } from '../../scenario/conformance/model';
import { devmemBase, exportC } from '../../scenario/exportC';
import { LIBRARY } from '../../scenario/library';
import { validateScenario } from '../../scenario/validate';
import { ArchiveUnreachable, cacheDir, ensureTools, type FetchedKernel, fetchKernels } from './fetch';
import { boot, buildAll, initramfs } from './guest';
import { explain } from './known';
import { writeReport } from './report';
import type { Held, ScenarioEntry } from './types';

const ROOT = new URL('../../../', import.meta.url).pathname;
const T0 = Date.now();
const log = (s: string) => process.stderr.write(`== [${Math.round((Date.now() - T0) / 1000)}s] ${s}\n`);

/** The model variant each kernel is held against, and what it is known to differ in. */
export const KERNEL_VARIANTS: Record<
  string,
  { variant: VariantId; config: Partial<MachineConfig>; exclusive: ExclusiveRule; note: string }
> = {
  '7.2': {
    variant: 'fix-2026',
    config: { findNormalPage: true },
    // Observed: a THP PMD-mapped in one process and partly PTE-mapped in another is not PM_MMAP_EXCLUSIVE
    // in either, whatever the page's own mapcount: pagemap asks folio_maybe_mapped_shared().
    exclusive: 'folio',
    note: 'fix-2026: v6.18 plus the 2026 zap_huge_pmd() change and the per-level special-bit fix, as merged before 7.2; sid builds CONFIG_FIND_NORMAL_PAGE=y.',
  },
  '6.12': {
    variant: 'v6.17',
    config: { findNormalPage: false },
    exclusive: 'page',
    note: "v6.17, the closest pre-series variant: the pre-series vm_normal_page()/vm_normal_page_pmd() bodies that 6.12 also has. Known differences: v6.17's is_huge_zero_pfn() matches any pfn of the huge zero folio (RFC 09's subject), which userspace cannot see; and 6.12 has no do_huge_zero_wp_pmd() in do_huge_pmd_wp_page(), so a write fault on a huge zero PMD always splits it (below).",
  },
};

function load(): ScenarioEntry[] {
  const out: ScenarioEntry[] = [];
  const add = (source: string, json: unknown, story: boolean) => {
    const v = validateScenario(json);
    if (!v.ok) throw new Error(`${source}: invalid scenario: ${v.problems.map((p) => p.message).join('; ')}`);
    out.push({ id: v.scenario.id ?? source, source, scenario: v.scenario, story });
  };
  for (const l of LIBRARY) add(`src/scenario/library/${l.file}`, l.scenario, true);
  for (const dir of ['src/scenario/worked', 'src/scenario/conformance/scenarios'])
    for (const f of readdirSync(join(ROOT, dir))
      .filter((n) => n.endsWith('.json'))
      .sort())
      add(`${dir}/${f}`, JSON.parse(readFileSync(join(ROOT, dir, f), 'utf8')), false);
  return out;
}

const safeName = (id: string) => id.replace(/[^A-Za-z0-9_.-]/g, '_');

function main(): number {
  let kernels: FetchedKernel[];
  try {
    ensureTools(log);
    kernels = fetchKernels(log);
  } catch (e) {
    if (e instanceof ArchiveUnreachable) {
      process.stderr.write(`\nptlab conformance: NOT RUN. ${e.message}\n`);
      console.log('conformance: not run: Debian archive unreachable');
      return 3;
    }
    throw e;
  }
  const entries = load();
  const exported: { entry: ScenarioEntry; name: string; c: string; tokens: string[]; lookups: number[] }[] =
    [];
  const refused: { entry: ScenarioEntry; reasons: string[] }[] = [];
  for (const e of entries) {
    const r = exportC(e.scenario, { lookupsAsObservations: true });
    if (!r.ok) refused.push({ entry: e, reasons: r.problems.map((p) => p.message) });
    else
      exported.push({
        entry: e,
        name: safeName(e.id),
        c: r.c,
        tokens: [...new Set(e.scenario.steps.flatMap((s) => (s.op === 'write' && s.value ? [s.value] : [])))],
        lookups: r.observeOnly,
      });
  }
  log(`${exported.length} scenarios export as C, ${refused.length} do not`);
  const work = join(cacheDir(), 'run');
  const build = buildAll(join(work, 'build'), exported);
  if (build.failed.size) {
    for (const [n, m] of build.failed) process.stderr.write(`gcc refused ${n}:\n${m}\n`);
    return 1;
  }
  const initrd = initramfs(work, build.built, join(work, 'build'));
  const held: Held[] = [];
  let incomplete = 0;
  for (const k of kernels) {
    log(`boot ${k.pkg} ${k.version} under QEMU (TCG)`);
    const b = boot(k.vmlinuz, initrd, 600, work);
    log(
      `${k.spec.label}: ${b.programs.size} programs ran in ${b.seconds.toFixed(0)} s${b.done ? '' : ' (the guest did not finish)'}`,
    );
    if (!b.done) writeFileSync(join(work, `console-${k.spec.label}.txt`), b.console);
    const kv = KERNEL_VARIANTS[k.spec.label];
    if (!kv) throw new Error(`no variant for kernel ${k.spec.label}`);
    const cfg = distroConfig(DEFAULT_CONFIG, kv.config);
    for (const x of exported) {
      const out = b.programs.get(x.name);
      const g = decodeGuest(out?.lines ?? [], x.tokens, x.lookups);
      const complete = !!out && out.exit === 0 && g.complete;
      if (!complete) incomplete++;
      const model = modelViews(x.entry.scenario, kv.variant, cfg, kv.exclusive);
      const base = devmemBase(x.entry.scenario);
      const checks = compareViews(
        model,
        g.steps,
        {
          ...(base !== undefined ? { mmioPfn: Number(base / 4096n) } : {}),
          hugeZeroPfn: layoutOf(x.entry.scenario).hugeZeroPfn,
        },
        { mmioPfn: Math.floor(g.mmioBase / 4096) },
      ).map((c) => {
        const known = c.verdict === 'differ' ? explain(k.spec.label, x.entry.id, c) : undefined;
        return known ? { ...c, known } : c;
      });
      held.push({ entry: x.entry, kernel: k, release: g.kernel, variant: kv.variant, checks, complete });
    }
  }
  // Every check, for reading a difference closely (outside git, beside the build).
  writeFileSync(
    join(work, 'checks.json'),
    JSON.stringify(held.map((h) => ({ id: h.entry.id, kernel: h.kernel.spec.label, checks: h.checks }))),
  );
  const oi = process.argv.indexOf('--out');
  const outDir = oi >= 0 ? process.argv[oi + 1] : undefined;
  if (outDir) mkdirSync(outDir, { recursive: true });
  const unexplained = writeReport(
    ROOT,
    held,
    refused,
    kernels,
    KERNEL_VARIANTS,
    (Date.now() - T0) / 1000,
    outDir,
  );
  const t = tally(held.flatMap((h) => h.checks));
  console.log(`${t.agree} agree, ${t.differ} differ, ${t.notObservable} not observable`);
  if (incomplete) process.stderr.write(`ptlab conformance: ${incomplete} program run(s) did not complete\n`);
  if (unexplained)
    process.stderr.write(
      `ptlab conformance: ${unexplained} difference(s) not explained in docs/conformance.md\n`,
    );
  return incomplete || unexplained ? 1 : 0;
}

process.exitCode = main();
