import { readFileSync } from 'node:fs';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { specHtml } from './src/spec/page';

/**
 * The production page's Content Security Policy: no inline script, nothing loaded from elsewhere. It is
 * injected at build time only: the dev server's React refresh preamble is an inline script.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'ptlab-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

/**
 * docs/kernel-semantics.md, which the page's branch IDs and the stories' § numbers cite, served beside the
 * page as kernel-semantics.html (src/spec/page.ts): written into the build, and answered by the dev server.
 */
function kernelSemanticsPage(): Plugin {
  const read = () => ({
    html: specHtml(readFileSync('docs/kernel-semantics.md', 'utf8'), 'kernel-semantics.css'),
    css: readFileSync('src/spec/page.css', 'utf8'),
  });
  return {
    name: 'ptlab-kernel-semantics',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split(/[?#]/)[0] ?? '';
        if (!path.endsWith('/kernel-semantics.html') && !path.endsWith('/kernel-semantics.css'))
          return next();
        const page = read();
        const css = path.endsWith('.css');
        res.setHeader('Content-Type', css ? 'text/css; charset=utf-8' : 'text/html; charset=utf-8');
        res.end(css ? page.css : page.html);
      });
    },
    generateBundle() {
      const page = read();
      this.emitFile({ type: 'asset', fileName: 'kernel-semantics.html', source: page.html });
      this.emitFile({ type: 'asset', fileName: 'kernel-semantics.css', source: page.css });
    },
  };
}

/**
 * After a first visit the page opens with no network: a service worker (Workbox, through vite-plugin-pwa)
 * precaches the app, its lazy chunks (the stories, the form editor), the worker and the kernel-semantics
 * page. Registered by a script file of its own, so the policy still forbids inline script.
 */
const offline = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script',
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png}'],
    navigateFallback: 'index.html',
    // Above Workbox's 2 MiB default, so a grown chunk is still precached rather than left out with a warning.
    maximumFileSizeToCacheInBytes: 3 * 2 ** 20,
    cleanupOutdatedCaches: true,
  },
});

export default defineConfig({
  // Relative asset URLs: the built site works under any path (a /ptlab/ subpath of a static host).
  base: './',
  plugins: [react(), tailwindcss(), contentSecurityPolicy(), kernelSemanticsPage(), offline],
  build: {
    rolldownOptions: {
      output: {
        // Every module the page's entry reaches by static imports in one chunk, the entry's own. Left to
        // itself, Rolldown put each module the entry shares with a lazy chunk (the editor's body, the
        // comparison summary, the export code, the quiz) into a small chunk of its own, which the page
        // loads as it opens all the same and which compress worse apart: about 5 kB gzip more to open.
        // The lazy chunks import what they share from the entry's chunk instead.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
});
