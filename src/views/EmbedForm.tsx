import { useEffect, useId, useState } from 'react';
import { captionOf } from '../state/read/caption';
import { labStore } from '../state/store';
import { EMBED_SIZE, embedCode, embedLinkOf } from '../state/url';
import { SELECT } from './controls/styles';

const BTN =
  'rounded border border-line bg-panel px-3 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';
const NUM = `${SELECT} w-20`;

const toInt = (v: string, fallback: number) => {
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};

/**
 * The body of "Copy embed code" (EmbedCode.tsx, which loads it when the popover first opens): an <iframe>
 * of the embed view, of the current step or of a range of steps (which the embed then plays and steps
 * within), at a size the user may change. `opens` counts the popover's openings.
 */
export function EmbedForm({ onCopy, opens }: { onCopy(text: string, what: string): void; opens: number }) {
  const id = useId();
  const [ranged, setRanged] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [width, setWidth] = useState(String(EMBED_SIZE.width));
  const [height, setHeight] = useState(String(EMBED_SIZE.height));
  // Fills the range around the current step when the popover opens on it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on each opening only, with the fields as they are then
  useEffect(() => {
    const s = labStore.getState();
    if (from === '') setFrom(String(s.cursor));
    if (to === '') setTo(String(Math.max(s.cursor, s.steps.length - 1)));
  }, [opens]);
  const copy = () => {
    const s = labStore.getState();
    const last = Math.max(0, s.steps.length - 1);
    const lo = Math.min(toInt(from, s.cursor), last);
    const hi = Math.min(toInt(to, last), last);
    const range = ranged ? { from: Math.min(lo, hi), to: Math.max(lo, hi) } : null;
    const url = `${window.location.origin}${window.location.pathname}${embedLinkOf(s, range)}`;
    const w = Math.max(200, toInt(width, EMBED_SIZE.width));
    const h = Math.max(150, toInt(height, EMBED_SIZE.height));
    onCopy(embedCode(url, captionOf(s).title, w, h), 'Embed code');
  };
  return (
    <fieldset className="flex flex-col gap-2 p-3 text-sm">
      <legend className="sr-only">Embed code</legend>
      <label className="flex items-center gap-2">
        <input type="radio" name={`${id}-what`} checked={!ranged} onChange={() => setRanged(false)} />
        The current step
      </label>
      <label className="flex items-center gap-2">
        <input type="radio" name={`${id}-what`} checked={ranged} onChange={() => setRanged(true)} />A range of
        steps
      </label>
      <div className="flex items-center gap-2 pl-6">
        <label className="flex items-center gap-1">
          From
          <input
            type="number"
            min={0}
            className={NUM}
            value={from}
            disabled={!ranged}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="flex items-center gap-1">
          to
          <input
            type="number"
            min={0}
            className={NUM}
            value={to}
            disabled={!ranged}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
      </div>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1">
          Width
          <input
            type="number"
            min={200}
            className={NUM}
            value={width}
            onChange={(e) => setWidth(e.target.value)}
          />
        </label>
        <label className="flex items-center gap-1">
          Height
          <input
            type="number"
            min={150}
            className={NUM}
            value={height}
            onChange={(e) => setHeight(e.target.value)}
          />
        </label>
      </div>
      <button type="button" className={BTN} onClick={copy}>
        Copy the iframe
      </button>
    </fieldset>
  );
}
