import { useLabShallow } from '../state/hooks';
import { selectNav } from '../state/store';

const BUTTON =
  'rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:cursor-not-allowed disabled:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700';

export function StepNav() {
  const { cursor, count, first, prev, next, last } = useLabShallow(selectNav);
  const atStart = cursor <= 0;
  const atEnd = cursor >= count - 1;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <fieldset className="flex gap-1">
        <legend className="sr-only">Step navigation</legend>
        <button
          type="button"
          className={BUTTON}
          onClick={first}
          disabled={count === 0 || atStart}
          aria-keyshortcuts="Home"
        >
          First
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={prev}
          disabled={count === 0 || atStart}
          aria-keyshortcuts="ArrowLeft"
        >
          Prev
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={next}
          disabled={count === 0 || atEnd}
          aria-keyshortcuts="ArrowRight"
        >
          Next
        </button>
        <button
          type="button"
          className={BUTTON}
          onClick={last}
          disabled={count === 0 || atEnd}
          aria-keyshortcuts="End"
        >
          Last
        </button>
      </fieldset>
      {count > 0 && (
        <p aria-live="polite" data-testid="step-position" className="text-sm text-slate-700">
          Step {cursor} of {count - 1}
        </p>
      )}
    </div>
  );
}
