import { useEffect } from 'react';
import { useLab, useLabShallow } from '../state/hooks';
import { selectNav, selectPlaying } from '../state/store';
import { BUTTON as BASE, FOCUS } from './controls/styles';
import { playTick, togglePlaying } from './useStepKeys';

const BUTTON = `${BASE} px-3`;
/** Time each step is shown while playing. */
export const PLAY_INTERVAL_MS = 700;

/** While playing, advance one step every PLAY_INTERVAL_MS and stop at the last step. */
function usePlayback(playing: boolean): void {
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => playTick(), PLAY_INTERVAL_MS);
    return () => clearInterval(id);
  }, [playing]);
}

export function StepNav() {
  const { cursor, count, first, prev, next, last } = useLabShallow(selectNav);
  const playing = useLab(selectPlaying);
  usePlayback(playing);
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
      <button
        type="button"
        className={`${BASE} min-w-[4.5rem] font-medium ${FOCUS}`}
        onClick={() => togglePlaying()}
        disabled={count < 2}
        aria-keyshortcuts="Space"
        title={`Play: one step every ${PLAY_INTERVAL_MS} ms (space)`}
      >
        <span aria-hidden="true">{playing ? '❚❚ ' : '▶ '}</span>
        {playing ? 'Pause' : 'Play'}
      </button>
      {count > 0 && (
        <p aria-live="polite" data-testid="step-position" className="text-sm text-fg">
          Step {cursor} of {count - 1}
        </p>
      )}
    </div>
  );
}
