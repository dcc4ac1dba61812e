import { useEffect } from 'react';
import { useLab, useLabShallow } from '../state/hooks';
import { PLAY_SPEEDS, type PlaySpeed } from '../state/prefs';
import { selectNav, selectPlaying, selectPlaySpeed, selectSetPlaySpeed } from '../state/store';
import { BUTTON as BASE, FOCUS, SELECT } from './controls/styles';
import { playTick, togglePlaying } from './useStepKeys';

const BUTTON = `${BASE} px-3`;

/** While playing, advance `speed` steps a second and stop at the last step. */
function usePlayback(playing: boolean, speed: PlaySpeed): void {
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => playTick(), 1000 / speed);
    return () => clearInterval(id);
  }, [playing, speed]);
}

const speedLabel = (s: PlaySpeed) => `${s} step${s === 1 ? '' : 's'}/s`;

export function StepNav() {
  const { cursor, count, lo, hi, first, prev, next, last } = useLabShallow(selectNav);
  const playing = useLab(selectPlaying);
  const speed = useLab(selectPlaySpeed);
  const setSpeed = useLab(selectSetPlaySpeed);
  usePlayback(playing, speed);
  // Within a step-range embed's range, its ends are the first and last step.
  const atStart = cursor <= lo;
  const atEnd = cursor >= hi;
  const ranged = lo > 0 || hi < count - 1;
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
        disabled={hi - lo < 1}
        aria-keyshortcuts="Space"
        title={`Play: ${speedLabel(speed)} (space)`}
      >
        <span aria-hidden="true">{playing ? '❚❚ ' : '▶ '}</span>
        {playing ? 'Pause' : 'Play'}
      </button>
      <label className="flex items-center gap-1 text-sm text-muted">
        <span>Speed</span>
        <select
          className={SELECT}
          value={speed}
          aria-label="Play speed, in steps a second"
          onChange={(e) => {
            const v = PLAY_SPEEDS.find((s) => s === Number(e.target.value));
            if (v !== undefined) setSpeed(v);
          }}
        >
          {PLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      {count > 0 && (
        <p aria-live="polite" data-testid="step-position" className="text-sm text-fg">
          Step {cursor} of {count - 1}
          {ranged && (
            <span className="text-muted">
              {' '}
              (steps {lo}–{hi} shown)
            </span>
          )}
        </p>
      )}
    </div>
  );
}
