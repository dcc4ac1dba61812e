import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

// Default: serve the production build (run `vite build` first). E2E_SERVER=dev uses the dev server.
const DEV = process.env.E2E_SERVER === 'dev';
const CI = !!process.env.CI;

/** A TCP port no one listens on now, asked of the system (synchronously: the config is read synchronously). */
function freePort(): number {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });",
    ],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

// E2E_PORT names the port: a server already there is reused outside CI (a `vite preview` of this
// checkout's dist/, say), and two checkouts can run their tests side by side on two ports. Without it, CI
// uses the fixed port and a developer's run takes a free one, so an open `npm run preview` (4173) or dev
// server (5173) is left alone. The port goes into the environment, where the test workers read this
// file again and must find the same one.
if (!process.env.E2E_PORT && !CI) process.env.E2E_PORT = String(freePort());
const PORT = Number(process.env.E2E_PORT) || (DEV ? 5173 : 4173);
const SERVER = DEV
  ? `npx --no-install vite --port ${PORT} --strictPort --host 127.0.0.1`
  : `npx --no-install vite preview --port ${PORT} --strictPort --host 127.0.0.1`;

export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  forbidOnly: CI,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    // The built page registers a service worker that precaches the app; the tests that are not about
    // working offline leave it out, so each test's page loads as it did before (e2e/deploy.spec.ts allows it).
    serviceWorkers: 'block',
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      // Playwright cannot download its own browser here; Debian's chromium is used.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: SERVER,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !CI,
    timeout: 60_000,
  },
});
