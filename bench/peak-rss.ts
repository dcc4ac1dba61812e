/**
 * Imported into a process the CLI memory bench measures: when the process exits, its peak resident set size
 * (KiB) goes to the file PTLAB_PEAK_FILE names. A process the kernel or V8 kills writes nothing.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.PTLAB_PEAK_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
