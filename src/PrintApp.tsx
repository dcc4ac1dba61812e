import { useEffect } from 'react';
import { lookupBuiltin } from './state/library';
import { labStore } from './state/store';
import { openLink } from './state/url';
import { LinkBanner } from './views/LinkBanner';
import { PrintView } from './views/print/PrintView';

let opened = false;

/**
 * `?print=1` on any link: the printable view of that run (loaded only when asked for). It opens the link
 * once and leaves the address alone: a print view is read and printed, not navigated.
 */
export default function PrintApp() {
  useEffect(() => {
    if (opened) return;
    opened = true;
    void openLink(labStore, window.location.search, window.location.hash, lookupBuiltin).then((r) => {
      labStore.getState().setLinkReplaced(r.ok ? r.replaced : []);
      if (!r.ok) labStore.getState().setLinkError(r.message, r.salvage ?? null);
    });
  }, []);
  return (
    <div className="min-h-screen bg-page text-fg">
      <div className="print:hidden">
        <LinkBanner />
      </div>
      <PrintView />
    </div>
  );
}
