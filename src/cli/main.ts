/**
 * ptlab command-line runner: `ptlab run FILE|- [--summary]`, `ptlab schema [--out FILE]`.
 * Exit 0 when every scenario ran (kernel BUGs and warnings are results), 2 for an invalid scenario, an
 * unreadable file or bad arguments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { StepRecord } from '../model/run';
import { compileScenario } from '../scenario/compile';
import { libraryScenario } from '../scenario/library';
import { scenarioJsonSchema } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { buffered, OutputClosed, writeAll } from './io';
import { DEFAULT_BASE, linkToScenario, scenarioToLink } from './link';
import { modelSteps } from './steps';
import { summaryTable } from './table';
import { writeTrace } from './trace';

/** Links to built-in scenarios name them by id. */
const lookupBuiltin = (id: string): string | undefined => {
  const s = libraryScenario(id);
  return s ? JSON.stringify(s.scenario) : undefined;
};

const USAGE = `usage:
  ptlab run <scenario.json | -> [--summary]   run a scenario (or an array of scenarios) and print its trace as JSON
  ptlab link <scenario.json | -> [--base URL]  print a share link that opens the scenario
  ptlab unlink <link>                          print the scenario a share link carries
  ptlab schema [--out <file>]                 print (or write) the JSON Schema of the scenario format`;

export interface Io {
  out(s: string): void;
  err(s: string): void;
  stdin(): string;
}

const PROCESS_IO: Io = {
  out: (s) => writeAll(1, s),
  err: (s) => writeAll(2, s),
  stdin: () => readFileSync(0, 'utf8'),
};

export function main(argv: string[], io: Io = PROCESS_IO): number {
  const [cmd, ...rest] = argv;
  if (cmd === 'schema') {
    const i = rest.indexOf('--out');
    const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    if (i >= 0) {
      const f = rest[i + 1];
      if (!f) {
        io.err(`ptlab: --out needs a file name\n${USAGE}\n`);
        return 2;
      }
      writeFileSync(f, text);
    } else io.out(text);
    return 0;
  }
  if (cmd === 'link') {
    const bi = rest.indexOf('--base');
    const base = bi >= 0 ? rest[bi + 1] : DEFAULT_BASE;
    const file = rest.filter((a, i) => !a.startsWith('--') && (bi < 0 || i !== bi + 1))[0];
    if (!file || !base) {
      io.err(
        `ptlab: link needs a scenario file (or -)${bi >= 0 && !base ? ' and --base needs a URL' : ''}\n${USAGE}\n`,
      );
      return 2;
    }
    let text: string;
    try {
      text = file === '-' ? io.stdin() : readFileSync(file, 'utf8');
    } catch (e) {
      io.err(`ptlab: cannot read ${file}: ${(e as Error).message}\n`);
      return 2;
    }
    const r = scenarioToLink(text, base);
    if (!r.ok) {
      io.err(`ptlab: ${file}: ${r.error}\n`);
      return 2;
    }
    io.out(`${r.link}\n`);
    return 0;
  }
  if (cmd === 'unlink') {
    const link = rest[0];
    if (!link) {
      io.err(`ptlab: unlink needs a link\n${USAGE}\n`);
      return 2;
    }
    const r = linkToScenario(link, lookupBuiltin);
    if (!r.ok) {
      io.err(`ptlab: the link cannot be opened: ${r.error}\n`);
      return 2;
    }
    if (r.note) io.err(`ptlab: note: ${r.note}\n`);
    io.out(`${JSON.stringify(r.scenario, null, 2)}\n`);
    return 0;
  }
  if (cmd !== 'run') {
    io.err(`${cmd ? `ptlab: unknown command "${cmd}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const summary = rest.includes('--summary');
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--summary');
  if (files.length !== 1 || unknown.length) {
    io.err(
      `ptlab: ${unknown.length ? `unknown option ${unknown[0]}` : 'give exactly one scenario file (or - for standard input)'}\n${USAGE}\n`,
    );
    return 2;
  }
  const file = files[0] as string;
  let text: string;
  try {
    text = file === '-' ? io.stdin() : readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`ptlab: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.err(`ptlab: ${file} is not valid JSON: ${(e as Error).message}\n`);
    return 2;
  }
  const list = Array.isArray(json) ? json : [json];
  const scenarios = [];
  let bad = false;
  for (const [i, s] of list.entries()) {
    const v = validateScenario(s);
    if (!v.ok) {
      bad = true;
      const where = Array.isArray(json) ? `${file} [scenario ${i}]` : file;
      io.err(
        `ptlab: ${where} is not a valid scenario:\n${v.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`,
      );
    } else scenarios.push(v.scenario);
  }
  if (bad) return 2;
  // Each run's steps are made as they are written, and let go: a run of 5,000 steps with 1 GiB mappings
  // is gigabytes of JSON, more than a string can hold.
  const out = buffered((s) => io.out(s));
  const runs = scenarios.map((s) => ({
    scenario: s,
    get steps(): Iterable<StepRecord> {
      return modelSteps(compileScenario(s));
    },
  }));
  try {
    if (summary) {
      runs.forEach((r, i) => {
        const steps = (function* () {
          for (const st of r.steps) if (st.index > 0) yield st;
        })();
        out.write(`${i ? '\n' : ''}${summaryTable(r.scenario, steps)}`);
      });
    } else writeTrace(runs, Array.isArray(json), (s) => out.write(s));
    out.flush();
  } catch (e) {
    if (e instanceof OutputClosed) return EXIT_OUTPUT_CLOSED;
    throw e;
  }
  return 0;
}

/** Exit status when standard output is closed before the trace is written (as `| head` does). */
export const EXIT_OUTPUT_CLOSED = 141;

const isMain = process.argv[1] && /main\.[tj]s$/.test(process.argv[1]);
if (isMain) process.exitCode = main(process.argv.slice(2));
