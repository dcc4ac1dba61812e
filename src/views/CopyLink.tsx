import { useState } from 'react';
import { labStore } from '../state/store';
import { linkOf } from '../state/url';
import { EmbedCode } from './EmbedCode';

const BTN =
  'rounded border border-line bg-panel px-3 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

function pageUrl(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

/** The link of the current view, and an <iframe> of its embed view (a step or a range) for articles. */
export function CopyLink() {
  const [said, setSaid] = useState('');
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(`${what} copied`);
    } catch {
      setSaid('Copy failed: use the address bar');
    }
    setTimeout(() => setSaid(''), 2000);
  };
  const link = () => `${pageUrl()}${linkOf(labStore.getState(), true)}`;
  return (
    <div className="flex items-center gap-2">
      <button type="button" className={BTN} onClick={() => void copy(link(), 'Link')}>
        Copy link
      </button>
      <EmbedCode onCopy={(text, what) => void copy(text, what)} />
      <span aria-live="polite" className="text-sm text-muted">
        {said}
      </span>
    </div>
  );
}
