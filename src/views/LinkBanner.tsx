import { useLab } from '../state/hooks';
import { labStore } from '../state/store';

const selectLinkError = (s: ReturnType<typeof labStore.getState>) => s.linkError;
const selectSalvage = (s: ReturnType<typeof labStore.getState>) => s.linkSalvage;

/**
 * Says what was wrong with the link the page was opened with, and offers the default view, or, for a
 * scenario damaged in transit, what could be read of it.
 */
export function LinkBanner() {
  const error = useLab(selectLinkError);
  const salvage = useLab(selectSalvage);
  if (!error) return null;
  return (
    <div
      role="alert"
      className="mx-4 mt-3 flex flex-wrap items-center gap-3 rounded border border-cls-bad p-3 text-sm"
    >
      <p className="min-w-0 flex-1 text-cls-bad">
        <strong>This link could not be opened as it is:</strong> {error}
      </p>
      {salvage !== null && (
        <button
          type="button"
          className="rounded border border-line px-2 py-1 text-fg hover:bg-hover"
          onClick={() => void labStore.getState().openSalvage()}
        >
          Open what could be read ({salvage.length} characters)
        </button>
      )}
      <a
        href={window.location.pathname}
        className="rounded border border-line px-2 py-1 text-fg hover:bg-hover"
      >
        Open the default view
      </a>
      <button
        type="button"
        className="rounded border border-line px-2 py-1 text-fg hover:bg-hover"
        onClick={() => labStore.getState().setLinkError(null)}
      >
        Dismiss
      </button>
    </div>
  );
}
