import { useLab } from '../state/hooks';
import { labStore } from '../state/store';

const selectLinkError = (s: ReturnType<typeof labStore.getState>) => s.linkError;
const selectSalvage = (s: ReturnType<typeof labStore.getState>) => s.linkSalvage;
const selectReplaced = (s: ReturnType<typeof labStore.getState>) => s.linkReplaced;

/** What the link named that ptlab does not know, and what is shown instead; the address says the latter. */
function Replaced({ replaced }: { replaced: readonly string[] }) {
  return (
    <div
      role="status"
      className="mx-4 mt-3 flex flex-wrap items-start gap-3 rounded border border-cls-warn p-3 text-sm"
    >
      <div className="min-w-0 flex-1">
        <p>
          <strong>This link was opened with {replaced.length === 1 ? 'a change' : 'changes'}:</strong>
        </p>
        <ul className="ml-5 list-disc">
          {replaced.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </div>
      <button
        type="button"
        className="rounded border border-line px-2 py-1 text-fg hover:bg-hover"
        onClick={() => labStore.getState().setLinkReplaced([])}
      >
        Dismiss
      </button>
    </div>
  );
}

/**
 * Says what was wrong with the link the page was opened with, and offers the default view, or, for a
 * scenario damaged in transit, what could be read of it. A link that opened with values replaced says
 * which.
 */
export function LinkBanner() {
  const error = useLab(selectLinkError);
  const salvage = useLab(selectSalvage);
  const replaced = useLab(selectReplaced);
  if (!error) return replaced.length ? <Replaced replaced={replaced} /> : null;
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
