import { useState } from 'react';
import { type Draft, discardDraft } from '../state/draft';
import { labStore } from '../state/store';

/**
 * Tells the user their unsaved scenario was restored (page opened without a link) or is waiting (the page
 * opened a link), and lets them restore or discard it.
 */
export function DraftBanner({ draft, restored }: { draft: Draft | null; restored: boolean }) {
  const [state, setState] = useState<'shown' | 'gone'>('shown');
  if (!draft || state === 'gone') return null;
  const when = new Date(draft.savedAt).toLocaleString();
  return (
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
          className="rounded border border-line px-2 py-1 hover:bg-hover"
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
        className="rounded border border-line px-2 py-1 hover:bg-hover"
        onClick={() => {
          discardDraft(window.localStorage);
          setState('gone');
        }}
      >
        Discard it
      </button>
    </div>
  );
}
