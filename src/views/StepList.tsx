import { useEffect, useRef } from 'react';
import { useLab } from '../state/hooks';
import { selectCursor, selectSelect, selectStatus, selectSteps } from '../state/store';
import { isFailure } from './format';

/** Every step of the run: index, title and the kernel's answer. The selected one is aria-current. */
export function StepList() {
  const steps = useLab(selectSteps);
  const cursor = useLab(selectCursor);
  const select = useLab(selectSelect);
  const status = useLab(selectStatus);
  const current = useRef<HTMLButtonElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever the cursor moves
  useEffect(() => {
    current.current?.scrollIntoView?.({ block: 'nearest' });
  }, [cursor]);

  if (steps.length === 0) {
    const why =
      status === 'invalid' || status === 'failed'
        ? 'No steps: the scenario did not run.'
        : 'Press Run to see the steps.';
    return <p className="text-sm text-slate-600">{why}</p>;
  }
  return (
    <ol aria-label="Steps" className="max-h-72 overflow-auto rounded border border-slate-200 bg-white">
      {steps.map((s) => {
        const selected = s.index === cursor;
        return (
          <li key={s.index} className="border-b border-slate-100 last:border-b-0">
            <button
              type="button"
              ref={selected ? current : undefined}
              aria-current={selected ? 'step' : undefined}
              onClick={() => select(s.index)}
              className="flex w-full items-baseline gap-3 px-3 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-700 aria-[current=step]:bg-blue-50 aria-[current=step]:font-medium"
            >
              <span className="w-8 shrink-0 text-right font-mono text-slate-600">{s.index}</span>
              <span data-testid="step-title" className="min-w-0 flex-1 break-words font-mono">
                {s.title}
              </span>
              {s.result && (
                <span
                  data-testid="step-result"
                  className={`shrink-0 rounded px-1.5 font-mono text-xs ${isFailure(s.result) ? 'bg-red-100 text-red-900' : 'bg-emerald-100 text-emerald-900'}`}
                >
                  <span className="sr-only">result </span>
                  {s.result}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
