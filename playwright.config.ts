import { defineConfig } from '@playwright/test';

// Default: serve the production build (run `vite build` first). E2E_SERVER=dev uses the dev server.
const DEV = process.env.E2E_SERVER === 'dev';
// E2E_PORT lets two checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.E2E_PORT) || (DEV ? 5173 : 4173);
const SERVER = DEV
  ? `npx --no-install vite --port ${PORT} --strictPort --host 127.0.0.1`
  : `npx --no-install vite preview --port ${PORT} --strictPort --host 127.0.0.1`;

export default defineConfig({
  testDir: './e2e',
  timeout: 30_000,
  retries: 0,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
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
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
