/**
 * Node's way in (the CLI, the tests, the benchmark): every operation's code at once, so `applyOp()` never
 * waits. The page loads the rare ones on use instead (rare.ts).
 */
import { provideRareOps } from './rare';
import { RARE_TABLE } from './rareTable';

provideRareOps(RARE_TABLE);
