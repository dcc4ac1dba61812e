import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    environment: 'node',
    // Every operation's code at once, as the CLI has it; the page loads the rare ones on use
    // (src/model/ops/rare.ts), which rare.test.ts covers.
    setupFiles: ['src/model/ops/eager.ts'],
  },
});
