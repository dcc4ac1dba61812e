/// <reference lib="webworker" />
// Runs scenarios off the main thread. The model is loaded here, not in the page's main bundle.
import { loadRareOps } from '../model/ops/rare';
import { runScenarioInputLoaded } from '../scenario/run';
import type { Ready, Reply } from './protocol';
import { createServer, type TaskTable } from './serve';
import { toWire } from './wire';

const scope = self as unknown as DedicatedWorkerGlobalScope;

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
