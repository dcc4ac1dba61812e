/**
 * The bound on an array of scenarios: all of them together may ask for as much work as one scenario may
 * (LIMITS: steps, processes, and the PTE tables remap_pfn_range() and fork fill). Without it, an
 * array of copies of one small scenario has no end: 163,840 copies of the example ran out of memory.
 */
import { LIMITS, remapWork } from '../scenario/limits';
import type { Scenario } from '../scenario/schema';
import { remapPages } from '../scenario/validate';

export interface Work {
  steps: number;
  processes: number;
  /** PMD tables' worth of PTE tables remap_pfn_range() (and /dev/mem mmap) fills and fork copies. */
  pmdTables: number;
}

/** The work one valid scenario asks for, counted as validateScenario() counts it against LIMITS. */
export function workOf(s: Scenario): Work {
  const work = remapWork(s.steps.map(remapPages));
  return { steps: s.steps.length, processes: s.processes.length, pmdTables: work[work.length - 1] ?? 0 };
}

const fmt = (n: number) => n.toLocaleString('en');

/** What an array of scenarios may hold in all. Each scenario declares a process, so this bounds its length. */
export const ARRAY_BOUND = `an array of scenarios may ask for the work of one scenario in all: at most ${fmt(LIMITS.processes)} scenarios, ${fmt(LIMITS.processes)} processes, ${fmt(LIMITS.steps)} steps and ${fmt(LIMITS.pmdTables)} PMD tables' worth of PTE tables filled by remap_pfn_range and fork`;

/** Checked before anything else is: the array's length alone. */
export function arrayLengthProblem(n: number): string | undefined {
  return n > LIMITS.processes
    ? `the array holds ${fmt(n)} scenarios; ${ARRAY_BOUND}. Run it in parts.`
    : undefined;
}

/** Checked after each scenario is valid, before any runs: the totals. */
export function arrayWorkProblem(scenarios: readonly Scenario[]): string | undefined {
  const total: Work = { steps: 0, processes: 0, pmdTables: 0 };
  for (const s of scenarios) {
    const w = workOf(s);
    total.steps += w.steps;
    total.processes += w.processes;
    total.pmdTables += w.pmdTables;
  }
  const over = [
    total.processes > LIMITS.processes ? `${fmt(total.processes)} processes` : '',
    total.steps > LIMITS.steps ? `${fmt(total.steps)} steps` : '',
    total.pmdTables > LIMITS.pmdTables ? `${fmt(total.pmdTables)} PMD tables' worth of PTE tables` : '',
  ].filter(Boolean);
  return over.length
    ? `the array's ${fmt(scenarios.length)} scenarios ask for ${over.join(', ')} in all; ${ARRAY_BOUND}. Run it in parts.`
    : undefined;
}
