import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { RootGuard } from './views/Guard';
import './index.css';

/** `?print=1`: the printable view of the linked run; `?quiz=1`: its quiz. Their code loads only then. */
const PrintApp = lazy(() => import('./PrintApp'));
const QuizApp = lazy(() => import('./QuizApp'));
const query = new URLSearchParams(window.location.search);
const printing = query.get('print') === '1';
const quizzing = query.get('quiz') === '1';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <RootGuard>
      {printing ? (
        <Suspense fallback={<p className="p-6">Loading the printable view…</p>}>
          <PrintApp />
        </Suspense>
      ) : quizzing ? (
        <Suspense fallback={<p className="p-6">Loading the quiz…</p>}>
          <QuizApp />
        </Suspense>
      ) : (
        <App />
      )}
    </RootGuard>
  </StrictMode>,
);
