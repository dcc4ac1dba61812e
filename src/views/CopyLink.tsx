import { useState } from 'react';
import { labStore } from '../state/store';
import { linkOf } from '../state/url';

const BTN =
  'rounded border border-line bg-panel px-3 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

function pageUrl(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

/** The link of the current view, and an <iframe> of its embed view for articles. */
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
  const embed = () => {
    const full = linkOf(labStore.getState(), true);
    const withEmbed = full.includes('?') ? full.replace('?', '?embed=1&') : `?embed=1${full}`;
    return `<iframe src="${pageUrl()}${withEmbed}" width="960" height="640" title="ptlab" loading="lazy"></iframe>`;
  };
  return (
    <div className="flex items-center gap-2">
      <button type="button" className={BTN} onClick={() => void copy(link(), 'Link')}>
        Copy link
      </button>
      <button type="button" className={BTN} onClick={() => void copy(embed(), 'Embed code')}>
        Copy embed code
      </button>
      <span aria-live="polite" className="text-sm text-muted">
        {said}
      </span>
    </div>
  );
}
