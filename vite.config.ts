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
/**
 * The project's modules the lab (src/Lab.tsx) reaches by static imports, read off the module graph as it
 * is built, for the `Lab` chunk group below. Filled by moduleParsed(); asked only at chunking, when the
 * graph is whole. Packages are left out: `d3`'s index reaches every d3 module, d3-zoom and d3-transition
 * among them, which the lab loads on use (views/tree/zoomCode.ts); Rolldown places what is used of them.
 */
function labGraph(): { plugin: Plugin; has(id: string): boolean } {
  const imports = new Map<string, readonly string[]>();
  let reach: Set<string> | undefined;
  const plugin: Plugin = {
    name: 'ptlab-lab-graph',
    apply: 'build',
    buildStart() {
      imports.clear();
      reach = undefined;
    },
    moduleParsed(info) {
      // Static imports only: what Lab.tsx loads on use stays in chunks of its own.
      const dynamic = new Set(info.dynamicallyImportedIds);
      imports.set(
        info.id,
        info.importedIds.filter((i) => !dynamic.has(i)),
      );
    },
  };
  const has = (id: string) => {
    if (!reach) {
      reach = new Set();
      const root = [...imports.keys()].find((k) => k.endsWith('/src/Lab.tsx'));
      const queue = root ? [root] : [];
      for (let m = queue.pop(); m; m = queue.pop()) {
        if (reach.has(m)) continue;
        reach.add(m);
        queue.push(...(imports.get(m) ?? []));
      }
    }
    return reach.has(id) && !id.includes('/node_modules/');
  };
  return { plugin, has };
}
const lab = labGraph();

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
  plugins: [react(), tailwindcss(), contentSecurityPolicy(), kernelSemanticsPage(), lab.plugin, offline],
  build: {
    rolldownOptions: {
      output: {
        // Every module the page's entry reaches by static imports in one chunk, the entry's own. Left to
        // itself, Rolldown put each module the entry shares with a lazy chunk (the editor's body, the
        // comparison summary, the export code, the quiz) into a small chunk of its own, which the page
        // loads as it opens all the same and which compress worse apart: about 5 kB gzip more to open.
        // The lazy chunks import what they share from the entry's chunk instead. Likewise the lab's modules
        // (src/Lab.tsx and what it imports; App.tsx loads it when the page opens on a run) in one chunk:
        // left to itself, Rolldown gave those the lab shares with the quiz, print and embed views five
        // chunks of their own, 3.4 kB gzip more to open a run.
        codeSplitting: {
          groups: [
            { name: 'index', tags: ['$initial'], priority: 2 },
            { name: 'Lab', test: (id: string) => lab.has(id), priority: 1 },
          ],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
});
