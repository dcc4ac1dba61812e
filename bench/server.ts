/** Builds the page once and serves dist/ with `vite preview` on a port of its own, for the benchmark's life. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITE = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
/** Not 4173 or 5173: the end-to-end tests and the dev server may be using those. */
export const PREFERRED_PORT = 4319;

/** `vite build` (extra arguments: e.g. --outDir, --minify false); throws when it fails. */
export function build(args: string[] = []): void {
  const r = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
}

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : undefined));
    });
  });
}

/** The preferred port if it is free, otherwise one the system hands out. */
export async function freePort(): Promise<number> {
  const port = (await tryListen(PREFERRED_PORT)) ?? (await tryListen(0));
  if (port === undefined) throw new Error('no free port');
  return port;
}

export interface Preview {
  readonly url: string;
  stop(): Promise<void>;
}

/** `vite preview` of `outDir` (default dist/); resolves once it answers HTTP. */
export async function preview(outDir?: string): Promise<Preview> {
  const port = await freePort();
  const args = [VITE, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'];
  if (outDir) args.push('--outDir', outDir);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${stderr.trim()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`vite preview did not answer on ${url}: ${stderr.trim()}`);
}
