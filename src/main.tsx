import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadFirstView } from './App';
import { RootGuard } from './views/Guard';
import { onUse } from './views/onUse';
import './index.css';

/** `?print=1`: the printable view of the linked run; `?quiz=1`: its quiz. Their code loads only then. */
const PrintApp = onUse('the printable view', () => import('./PrintApp').then((m) => m.default));
const QuizApp = onUse('the quiz', () => import('./QuizApp').then((m) => m.default));
const query = new URLSearchParams(window.location.search);
const printing = query.get('print') === '1';
const quizzing = query.get('quiz') === '1';

if (!printing && !quizzing) preloadFirstView();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <RootGuard>{printing ? <PrintApp.Part /> : quizzing ? <QuizApp.Part /> : <App />}</RootGuard>
  </StrictMode>,
);
