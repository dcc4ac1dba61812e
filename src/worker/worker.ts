/// <reference lib="webworker" />
// Runs scenarios off the main thread. The model is loaded here, not in the page's main bundle.
import type { Ready, Reply } from './protocol';
import { createServer } from './serve';
import { TASKS } from './tasks';
import { toWire } from './wire';

const scope = self as unknown as DedicatedWorkerGlobalScope;

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
