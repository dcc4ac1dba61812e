/// <reference lib="webworker" />
// Runs scenarios off the main thread. The model is loaded here, not in the page's main bundle; where no
// worker can be started, the page imports this module instead (runOnPage).
import { loadRareOps } from '../model/ops/rare';
import { runScenarioInputLoaded } from '../scenario/run';
import {
  type Input,
  ON_PAGE,
  type OnPage,
  type OnPageGlobal,
  type Outcome,
  type Ready,
  type Reply,
  type TaskName,
} from './protocol';
import { createServer, type TaskTable } from './serve';
import { toWire } from './wire';

/**
 * The rarer tasks' code (the quiz, the patch stepper, the patch impact: each runs the scenario in every
 * variant) loads on their first request, so the worker the page starts as it opens carries the runner
 * alone. The request loop awaits it (serve.ts), after announcing the request `started`. They run the
 * scenario in every variant, with the rare operations' code (model/ops/rare.ts), which loads with them.
 */
let rare: Promise<typeof import('./tasks')> | undefined;
const tasks = () => {
  rare ??= Promise.all([import('./tasks'), loadRareOps()]).then(([m]) => m);
  return rare;
};

const TASKS: TaskTable = {
  // At once, or after loading the code of a rare operation the scenario names (model/ops/rare.ts).
  run: runScenarioInputLoaded,
  compare: runScenarioInputLoaded,
  stepper: async (input) => (await tasks()).runStepper(input),
  impact: async (input) => (await tasks()).TASKS.impact(input),
  quiz: async (input) => (await tasks()).runQuiz(input),
};

/**
 * The main-thread fallback (client.ts): where no worker can be started, the page imports this module and
 * runs the same tasks here. Imported that way, the module serves nothing and hands this function to the
 * page under ON_PAGE (protocol.ts): Vite bundles a worker without its entry's exports.
 */
async function runOnPage<K extends TaskName>(task: K, input: Input<K>): Promise<Outcome<K>> {
  const fn = TASKS[task] as (input: Input<K>) => Outcome<K> | PromiseLike<Outcome<K>>;
  return fn(input);
}

/** Started as a worker: serve the page's requests. */
function serveAsWorker(scope: DedicatedWorkerGlobalScope): void {
  const serve = createServer({
    tasks: TASKS,
    post: (reply: Reply) => {
      // A run's page tables go as transferred typed arrays, not as cloned objects (wire.ts).
      const w = toWire(reply);
      scope.postMessage(w.reply, w.transfer);
    },
    defer: (task) => setTimeout(task, 0),
  });
  scope.onmessage = (e: MessageEvent<unknown>) => serve(e.data);
  // The client starts timing how fast requests are announced from here on (client.ts, liveness).
  scope.postMessage({ type: 'ready' } satisfies Ready);
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope)
  serveAsWorker(self as unknown as DedicatedWorkerGlobalScope);
else (globalThis as OnPageGlobal)[ON_PAGE] = runOnPage as OnPage;
