import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { RootGuard } from './views/Guard';
import './index.css';

/** `?print=1`: the printable view of the linked run, whose code loads only then. */
const PrintApp = lazy(() => import('./PrintApp'));
const printing = new URLSearchParams(window.location.search).get('print') === '1';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <RootGuard>
      {printing ? (
        <Suspense fallback={<p className="p-6">Loading the printable view…</p>}>
          <PrintApp />
        </Suspense>
      ) : (
        <App />
      )}
    </RootGuard>
  </StrictMode>,
);
