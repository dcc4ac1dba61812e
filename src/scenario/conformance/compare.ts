/**
 * Step-by-step comparison of a real kernel's views with the model's. Pfns are compared by role, never by
 * value: the zero page, the huge zero folio (+k), the MMIO base (+k), or the N-th other page first seen in
 * the run (in the order steps, processes and named pages are read), each side numbered on its own.
 */
import type { PageView, StepView } from './views';

export type Verdict = 'agree' | 'differ' | 'n/o';

export interface Check {
  readonly step: number;
  /** proc, "A/0x10000000/file", "A/rssAnon", "result", "value", "reports". */
  readonly what: string;
  readonly model: string;
  readonly real: string;
  readonly verdict: Verdict;
}

export interface RoleOpts {
  /** The first pfn of the MMIO the scenario maps, on this side. */
  readonly mmioPfn?: number;
  /** The head pfn of the huge zero folio, where this side knows it (the model); else pfn % 512. */
  readonly hugeZeroPfn?: number;
}

/** Names each pfn by its role, walking the views in order. */
export function assignRoles(steps: readonly StepView[], o: RoleOpts): Map<number, string> {
  const roles = new Map<number, string>();
  let n = 0;
  let hidden = 0;
  // Pages in VM_PFNMAP VMAs are numbered apart: the real kernel's pagemap never shows them, so counting
  // them with the others would shift every later page's number on the model's side only.
  for (const st of steps)
    for (const pv of Object.values(st.procs))
      for (const p of Object.values(pv.pages))
        if (p.pfnmap && p.pfn !== null && !roles.has(p.pfn) && p.kind !== 'mmio' && p.kind !== 'zero')
          roles.set(p.pfn, `PFNMAP page #${++hidden}`);
  for (const st of steps)
    for (const pv of Object.values(st.procs))
      for (const p of Object.values(pv.pages)) {
        if (p.pfn === null || roles.has(p.pfn)) continue;
        let role: string;
        if (p.kind === 'zero') role = 'zero page';
        else if (p.kind === 'huge_zero')
          role = `huge zero +${o.hugeZeroPfn !== undefined ? p.pfn - o.hugeZeroPfn : p.pfn % 512}`;
        else if (p.kind === 'mmio' && o.mmioPfn !== undefined) role = `MMIO +${p.pfn - o.mmioPfn}`;
        else role = `page #${++n}`;
        roles.set(p.pfn, role);
      }
  return roles;
}

const show = (x: unknown): string => (x === null || x === undefined ? '—' : String(x));

function verdict(m: unknown, r: unknown): Verdict {
  if (m === null || m === undefined || r === null || r === undefined) return 'n/o';
  return String(m) === String(r) ? 'agree' : 'differ';
}

const FIELDS = ['present', 'pfn', 'file', 'excl', 'kind', 'mapcount', 'mmio'] as const;

function pageChecks(
  step: number,
  key: string,
  m: PageView,
  r: PageView,
  mr: Map<number, string>,
  rr: Map<number, string>,
): Check[] {
  return FIELDS.map((f) => {
    let mv: unknown = m[f];
    let rv: unknown = r[f];
    if (f === 'pfn') {
      mv = m.pfn === null ? null : mr.get(m.pfn);
      rv = r.pfn === null ? null : rr.get(r.pfn);
    }
    // A VM_PFNMAP VMA: the page walker skips it, so the real kernel's pagemap shows nothing there.
    if (m.pfnmap && f !== 'mmio' && !r.present)
      return mv === null
        ? undefined
        : {
            step,
            what: `${key}/${f}`,
            model: show(mv),
            real: 'hidden (VM_PFNMAP)',
            verdict: 'n/o' as Verdict,
          };
    // Neither side says anything (a field of a page that is not there): nothing to compare.
    if ((mv === null || mv === undefined) && (rv === null || rv === undefined)) return undefined;
    return { step, what: `${key}/${f}`, model: show(mv), real: show(rv), verdict: verdict(mv, rv) };
  }).filter((c): c is Check => c !== undefined);
}

export function compareViews(
  model: readonly StepView[],
  real: readonly StepView[],
  mo: RoleOpts,
  ro: RoleOpts,
): Check[] {
  const mr = assignRoles(model, mo);
  const rr = assignRoles(real, ro);
  const out: Check[] = [];
  for (const m of model) {
    const r = real.find((x) => x.step === m.step);
    if (m.step > 0) {
      if (m.result !== null || r?.result)
        out.push({
          step: m.step,
          what: 'result',
          model: show(m.result),
          real: show(r?.result),
          verdict: verdict(m.result, r?.result),
        });
      if (m.op === 'read' || m.op === 'write')
        out.push({
          step: m.step,
          what: 'value',
          model: show(m.value),
          real: show(r?.value),
          verdict: verdict(m.value, r?.value),
        });
      out.push({
        step: m.step,
        what: 'reports',
        model: m.reports?.join(' ') || 'none',
        real: r?.reports ? r.reports.join(' ') || 'none' : '—',
        verdict: verdict(m.reports?.join(' '), r?.reports?.join(' ')),
      });
    }
    const procs = [...new Set([...Object.keys(m.procs), ...Object.keys(r?.procs ?? {})])].sort();
    for (const p of procs) {
      const mp = m.procs[p];
      const rp = r?.procs[p];
      if (!mp || !rp) {
        out.push({
          step: m.step,
          what: `${p}/alive`,
          model: mp ? 'yes' : 'no',
          real: rp ? 'yes' : 'no',
          verdict: 'differ',
        });
        continue;
      }
      out.push({
        step: m.step,
        what: `${p}/rssAnon`,
        model: show(mp.rssAnon),
        real: show(rp.rssAnon),
        verdict: verdict(mp.rssAnon, rp.rssAnon),
      });
      out.push({
        step: m.step,
        what: `${p}/rssFile`,
        model: show(mp.rssFile),
        real: show(rp.rssFile),
        verdict: verdict(mp.rssFile, rp.rssFile),
      });
      for (const [addr, pm] of Object.entries(mp.pages)) {
        const pr = rp.pages[addr];
        if (pr) out.push(...pageChecks(m.step, `${p}/${addr}`, pm, pr, mr, rr));
      }
    }
  }
  return out;
}

export function tally(checks: readonly Check[]): { agree: number; differ: number; notObservable: number } {
  let agree = 0;
  let differ = 0;
  let notObservable = 0;
  for (const c of checks) {
    if (c.verdict === 'agree') agree++;
    else if (c.verdict === 'differ') differ++;
    else notObservable++;
  }
  return { agree, differ, notObservable };
}
