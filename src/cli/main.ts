/**
 * ptlab command-line runner: `ptlab run FILE|- [--summary]`, `ptlab link`, `ptlab unlink`, `ptlab schema`.
 * Exit 0 when every scenario ran (kernel BUGs and warnings are results), 2 for an invalid scenario, an
 * unreadable file or bad arguments: a problem with the input, said in a message, never a stack trace.
 * Exit 1 only for a bug in ptlab itself, and the message says so.
 */
import { writeFileSync } from 'node:fs';
// Every operation's code at once: the page loads the rare ones on use (model/ops/rare.ts).
import '../model/ops/eager';
import type { StepRecord } from '../model/run';
import { modelSteps } from '../model/run';
import { compileScenario, compileStep, folioOf, layoutOf } from '../scenario/compile';
import { exportC } from '../scenario/exportC';
import { libraryScenario } from '../scenario/library';
import { type Scenario, scenarioJsonSchema } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { arrayLengthProblem, arrayWorkProblem } from './bounds';
import { buffered, OutputClosed, readInputFile, writeAll } from './io';
import { DEFAULT_BASE, linkToScenario, scenarioToLink } from './link';
import { summaryTable } from './table';
import { decodeInput, InputError, parseJson, quote, stripBom } from './text';
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
  ptlab schema [--out <file>]                 print (or write) the JSON Schema of the scenario format
  ptlab export-c <scenario.json | -> [--out <file>] [--lookups-as-observations]
                                               print the scenario as a self-contained C program (a reproducer)`;

/** Problems listed for one input at most; the rest are counted. */
const MAX_PROBLEMS = 100;

export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Standard input as text. */
  stdin(): string;
}

const PROCESS_IO: Io = {
  out: (s) => writeAll(1, s),
  err: (s) => writeAll(2, s),
  stdin: () => decodeInput(readInputFile('-'), 'standard input'),
};

/** Exit status when standard output is closed before the trace is written (as `| head` does). */
export const EXIT_OUTPUT_CLOSED = 141;

export function main(argv: string[], io: Io = PROCESS_IO): number {
  try {
    return command(argv, io);
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`ptlab: ${e.message}\n`);
      return 2;
    }
    if (e instanceof OutputClosed) return EXIT_OUTPUT_CLOSED;
    return bug(e, io);
  }
}

/** Exit 1: something that cannot happen did. Said as a bug in ptlab, with its message; the stack on request. */
function bug(e: unknown, io: Io): number {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const stack = process.env.PTLAB_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : '';
  try {
    io.err(
      `ptlab: internal error: ${quote(msg)}\n` +
        `ptlab: this is a bug in ptlab, not a problem with your input; please report it with the input that caused it` +
        `${stack ? stack : ' (PTLAB_DEBUG=1 prints where it happened)'}\n`,
    );
  } catch {
    // Standard error is gone too: the exit status still tells.
  }
  return 1;
}

function command(argv: string[], io: Io): number {
  const [cmd, ...rest] = argv;
  if (cmd === 'schema') return schema(rest, io);
  if (cmd === 'link') return link(rest, io);
  if (cmd === 'unlink') return unlink(rest, io);
  if (cmd === 'run') return run(rest, io);
  if (cmd === 'export-c') return exportCCommand(rest, io);
  throw new InputError(`${cmd ? `unknown command "${quote(cmd)}"\n` : 'no command given\n'}${USAGE}`);
}

function schema(rest: string[], io: Io): number {
  const i = rest.indexOf('--out');
  const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
  if (i < 0) {
    io.out(text);
    return 0;
  }
  const f = rest[i + 1];
  if (!f) throw new InputError(`--out needs a file name\n${USAGE}`);
  try {
    writeFileSync(f, text);
  } catch (e) {
    throw new InputError(`cannot write ${quote(f)}: ${quote((e as Error).message)}`);
  }
  return 0;
}

/** The text of a scenario file, or of standard input for "-". */
function readText(file: string, io: Io): string {
  return file === '-' ? stripBom(io.stdin()) : decodeInput(readInputFile(file), quote(file));
}

function link(rest: string[], io: Io): number {
  const bi = rest.indexOf('--base');
  const base = bi >= 0 ? rest[bi + 1] : DEFAULT_BASE;
  const file = rest.filter((a, i) => !a.startsWith('--') && (bi < 0 || i !== bi + 1))[0];
  if (!file || !base)
    throw new InputError(
      `link needs a scenario file (or -)${bi >= 0 && !base ? ' and --base needs a URL' : ''}\n${USAGE}`,
    );
  const r = scenarioToLink(readText(file, io), base);
  if (!r.ok) throw new InputError(`${quote(file)}: ${problemText(r.error)}`);
  io.out(`${r.link}\n`);
  return 0;
}

function unlink(rest: string[], io: Io): number {
  const link = rest[0];
  if (!link) throw new InputError(`unlink needs a link\n${USAGE}`);
  const r = linkToScenario(link, lookupBuiltin);
  if (!r.ok) throw new InputError(`the link cannot be opened: ${quote(r.error)}`);
  if (r.note) io.err(`ptlab: note: ${quote(r.note)}\n`);
  io.out(`${JSON.stringify(r.scenario, null, 2)}\n`);
  return 0;
}

/** A multi-line message from the scenario layer, each line fit for a terminal. */
function problemText(text: string): string {
  return text
    .split('\n')
    .map((l) => quote(l))
    .join('\n');
}

/** Problems as message lines: at most MAX_PROBLEMS, the rest counted. */
function problemLines(problems: readonly { path: string; message: string }[]): string {
  const shown = problems
    .slice(0, MAX_PROBLEMS)
    .map((p) => `  ${quote(p.path)}: ${quote(p.message)}`)
    .join('\n');
  const more = problems.length - MAX_PROBLEMS;
  return more > 0 ? `${shown}\n  … and ${more.toLocaleString('en')} more problems` : shown;
}

/**
 * What validation let through and the model cannot take (such as a number too large to compute with),
 * found by compiling each part of the scenario: problems with their JSON paths. A validated scenario that
 * compiles whole has none.
 */
function compileProblems(s: Scenario): { path: string; message: string }[] {
  try {
    compileScenario(s);
    return [];
  } catch {
    // Find the parts that do not compile.
  }
  const problems: { path: string; message: string }[] = [];
  const attempt = (path: string, f: () => unknown) => {
    try {
      f();
    } catch (e) {
      const m = (e as Error).message;
      // compile.ts's num() says "not a number" of a well-formed number it cannot hold exactly.
      const big = /^not a number: (.*)$/s.exec(m);
      problems.push({
        path,
        message: big
          ? `${big[1]} is larger than the model computes with (at most 2^53 - 1, ${Number.MAX_SAFE_INTEGER.toLocaleString('en')})`
          : `the model cannot take this: ${m}`,
      });
    }
  };
  attempt('$.memory', () => layoutOf(s));
  for (const [i, f] of s.memory.folios.entries()) attempt(`$.memory.folios[${i}]`, () => folioOf(f));
  const first = s.processes[0]?.name ?? 'init';
  for (const [i, st] of s.steps.entries()) attempt(`$.steps[${i}]`, () => compileStep(st, first));
  if (!problems.length) attempt('$', () => compileScenario(s));
  return problems;
}

function run(rest: string[], io: Io): number {
  const summary = rest.includes('--summary');
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--summary');
  if (files.length !== 1 || unknown.length)
    throw new InputError(
      `${unknown.length ? `unknown option ${quote(unknown[0] as string)}` : 'give exactly one scenario file (or - for standard input)'}\n${USAGE}`,
    );
  const file = files[0] as string;
  const name = file === '-' ? 'standard input' : quote(file);
  const json = parseJson(readText(file, io), name);
  const asArray = Array.isArray(json);
  const list: unknown[] = asArray ? json : [json];
  const tooMany = arrayLengthProblem(list.length);
  if (tooMany) throw new InputError(`${name}: ${tooMany}`);

  const scenarios: Scenario[] = [];
  const messages: string[] = [];
  for (const [i, s] of list.entries()) {
    const where = asArray ? `${name} [scenario ${i}]` : name;
    const v = validateScenario(s);
    const problems = v.ok ? compileProblems(v.scenario) : v.problems;
    if (problems.length) messages.push(`${where} is not a valid scenario:\n${problemLines(problems)}`);
    else if (v.ok) scenarios.push(v.scenario);
  }
  if (messages.length) throw new InputError(messages.join('\nptlab: '));
  const work = asArray ? arrayWorkProblem(scenarios) : undefined;
  if (work) throw new InputError(`${name}: ${work}`);

  const out = buffered((s) => io.out(s));
  const runs = scenarios.map((s) => ({
    scenario: s,
    get steps(): Iterable<StepRecord> {
      return modelSteps(compileScenario(s));
    },
  }));
  if (summary) {
    runs.forEach((r, i) => {
      const steps = (function* () {
        for (const st of r.steps) if (st.index > 0) yield st;
      })();
      out.write(`${i ? '\n' : ''}${summaryTable(r.scenario, steps)}`);
    });
  } else writeTrace(runs, asArray, (s) => out.write(s));
  out.flush();
  return 0;
}

/**
 * `ptlab export-c`: one scenario as a C program (src/scenario/exportC.ts). A scenario with operations
 * userspace cannot perform is refused with exit 2, each such step named.
 */
function exportCCommand(rest: string[], io: Io): number {
  const oi = rest.indexOf('--out');
  const out = oi >= 0 ? rest[oi + 1] : undefined;
  const lookups = rest.includes('--lookups-as-observations');
  const files = rest.filter((a, i) => !a.startsWith('--') && (oi < 0 || i !== oi + 1));
  const unknown = rest.filter(
    (a) => a.startsWith('--') && a !== '--out' && a !== '--lookups-as-observations',
  );
  if (files.length !== 1 || unknown.length || (oi >= 0 && !out))
    throw new InputError(
      `${unknown.length ? `unknown option ${quote(unknown[0] as string)}` : oi >= 0 && !out ? '--out needs a file name' : 'give exactly one scenario file (or - for standard input)'}\n${USAGE}`,
    );
  const file = files[0] as string;
  const name = file === '-' ? 'standard input' : quote(file);
  const v = validateScenario(parseJson(readText(file, io), name));
  const problems = v.ok ? compileProblems(v.scenario) : v.problems;
  if (!v.ok || problems.length)
    throw new InputError(`${name} is not a valid scenario:\n${problemLines(problems)}`);
  const r = exportC(v.scenario, { lookupsAsObservations: lookups });
  if (!r.ok)
    throw new InputError(
      `${name} cannot be exported as C: it has operations userspace cannot perform:\n${r.problems.map((p) => `  ${quote(p.message)}`).join('\n')}`,
    );
  if (!out) {
    io.out(r.c);
    return 0;
  }
  try {
    writeFileSync(out, r.c);
  } catch (e) {
    throw new InputError(`cannot write ${quote(out)}: ${quote((e as Error).message)}`);
  }
  return 0;
}

const isMain = process.argv[1] && /main\.[tj]s$/.test(process.argv[1]);
if (isMain) process.exitCode = main(process.argv.slice(2));
