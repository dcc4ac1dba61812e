import { useState } from 'react';
import { type DraftFound, discardDraft, draftDate, sameScenario, UNREADABLE_KEY } from '../state/draft';
import { useLab } from '../state/hooks';
import { type LabState, labStore } from '../state/store';
import { download } from './download';

const selectRanText = (s: LabState) => s.ranText;
const selectDraftError = (s: LabState) => s.draftError;
const BUTTON = 'rounded border border-line px-2 py-1 hover:bg-hover';

/**
 * Tells the user their unsaved scenario was restored (page opened without a link) or is waiting (the page
 * opened a link, unless that link holds the same scenario), and lets them restore or discard it. A stored
 * draft that could not be read is offered for download; a save that failed is reported.
 */
export function DraftBanner({ found, restored }: { found: DraftFound; restored: boolean }) {
  const [state, setState] = useState<'shown' | 'gone'>('shown');
  const ranText = useLab(selectRanText);
  const draftError = useLab(selectDraftError);
  const saveFailed = draftError && (
    <p role="alert" className="mx-4 mt-3 rounded border border-cls-bad p-2 text-sm text-cls-bad">
      {draftError}
    </p>
  );
  if (found.kind === 'none' || state === 'gone') return saveFailed || null;
  if (found.kind === 'unreadable')
    return (
      <>
        {saveFailed}
        <div
          role="alert"
          className="mx-4 mt-3 flex flex-wrap items-center gap-3 rounded border border-cls-bad bg-panel p-2 text-sm"
        >
          <p className="min-w-0 flex-1">
            A scenario saved in this browser could not be read ({found.why.slice(0, 120)}). It is kept aside,
            unchanged.
          </p>
          <button
            type="button"
            className={BUTTON}
            onClick={() =>
              download('ptlab-unreadable-draft.txt', new Blob([found.raw], { type: 'text/plain' }))
            }
          >
            Download it
          </button>
          <button
            type="button"
            className={BUTTON}
            onClick={() => {
              discardDraft(window.localStorage, UNREADABLE_KEY);
              setState('gone');
            }}
          >
            Discard it
          </button>
        </div>
      </>
    );
  const { draft } = found;
  // The link the page opened holds this very scenario (it was run, then the page reloaded): nothing waits.
  if (!restored && ranText !== null && sameScenario(ranText, draft.text)) return saveFailed || null;
  const when = draftDate(draft);
  return (
    <>
      {saveFailed}
      <div
        role="status"
        className="mx-4 mt-3 flex flex-wrap items-center gap-3 rounded border border-line bg-panel p-2 text-sm"
      >
        <p className="min-w-0 flex-1">
          {restored
            ? `Your unsaved scenario from ${when} was restored.`
            : `You have an unsaved scenario from ${when}.`}
        </p>
        {!restored && (
          <button
            type="button"
            className={BUTTON}
            onClick={() => {
              void labStore.getState().loadScenario(draft.text, null);
              setState('gone');
            }}
          >
            Restore it
          </button>
        )}
        <button
          type="button"
          className={BUTTON}
          onClick={() => {
            discardDraft(window.localStorage);
            setState('gone');
          }}
        >
          Discard it
        </button>
      </div>
    </>
  );
}
