/**
 * The built-in scenario library: one JSON file per story, each replayable in every kernel variant and
 * configuration. The files are the source of truth (docs/scenario-format.md); this module only lists them
 * in reading order. They are validated by library.test.ts, not here, so importing the list costs nothing.
 */
import type { ScenarioInput } from '../schema';
import zeroPage from './01-zero-page.json';
import thpHugeZero from './02-thp-huge-zero.json';
import devmemPrivateCow from './03-devmem-private-cow.json';
import remapPartialCow from './04-remap-partial-cow.json';
import insertPfnCowPfnmap from './05-insert-pfn-cow-pfnmap.json';
import devmemAnonHazard from './06-devmem-anon-hazard.json';
import corruptedPte from './07-corrupted-pte.json';
import xenGntdev from './08-xen-gntdev-find-normal-page.json';
import daxPmdHole from './09-dax-pmd-hole.json';
import pudPfnmap from './10-pud-pfnmap.json';
import insertOverNonpresent from './11-insert-over-nonpresent.json';
import forkCowPfnmapAnonZero from './12-fork-cow-pfnmap-anon-zero.json';
import x86_32HugeZeroPmd from './13-x86-32-huge-zero-pmd.json';
import scale1GibRemap from './14-scale-1gib-remap.json';
import forkPinnedPage from './15-fork-pinned-page.json';

export interface LibraryScenario {
  /** The scenario's id, which is also its file name without the "NN-" prefix and ".json". */
  readonly id: string;
  /** The file under src/scenario/library/. */
  readonly file: string;
  readonly scenario: ScenarioInput;
}

/** A JSON import is typed from its literal contents (strings, not the schema's enums): the tests validate it. */
function entry(file: string, json: unknown): LibraryScenario {
  const scenario = json as ScenarioInput;
  return { id: scenario.id ?? file, file, scenario };
}

export const LIBRARY: readonly LibraryScenario[] = [
  entry('01-zero-page.json', zeroPage),
  entry('02-thp-huge-zero.json', thpHugeZero),
  entry('03-devmem-private-cow.json', devmemPrivateCow),
  entry('04-remap-partial-cow.json', remapPartialCow),
  entry('05-insert-pfn-cow-pfnmap.json', insertPfnCowPfnmap),
  entry('06-devmem-anon-hazard.json', devmemAnonHazard),
  entry('07-corrupted-pte.json', corruptedPte),
  entry('08-xen-gntdev-find-normal-page.json', xenGntdev),
  entry('09-dax-pmd-hole.json', daxPmdHole),
  entry('10-pud-pfnmap.json', pudPfnmap),
  entry('11-insert-over-nonpresent.json', insertOverNonpresent),
  entry('12-fork-cow-pfnmap-anon-zero.json', forkCowPfnmapAnonZero),
  entry('13-x86-32-huge-zero-pmd.json', x86_32HugeZeroPmd),
  entry('14-scale-1gib-remap.json', scale1GibRemap),
  entry('15-fork-pinned-page.json', forkPinnedPage),
];

/** The library scenario with this id, or undefined. */
export function libraryScenario(id: string): LibraryScenario | undefined {
  return LIBRARY.find((s) => s.id === id);
}
