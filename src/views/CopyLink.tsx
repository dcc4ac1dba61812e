import { useState } from 'react';
import { labStore } from '../state/store';
import { linkOf } from '../state/url';

/** Copies the link of the current view (the address bar holds it too). */
export function CopyLink() {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    const url = `${window.location.origin}${window.location.pathname}${linkOf(labStore.getState())}`;
    try {
      await navigator.clipboard.writeText(url);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      className="rounded border border-line bg-panel px-3 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent"
    >
      {copied === 'done'
        ? 'Link copied'
        : copied === 'failed'
          ? 'Copy failed: use the address bar'
          : 'Copy link'}
      <span className="sr-only" aria-live="polite">
        {copied === 'done' ? 'The link to this view is on the clipboard.' : ''}
      </span>
    </button>
  );
}
