import { useState } from 'react';
import { onUse } from './onUse';
import { usePopover } from './usePopover';

const BTN =
  'rounded border border-line bg-panel px-3 py-1 text-sm hover:bg-hover focus-visible:outline-2 focus-visible:outline-accent';

/** The form (step or range, size) and the embed link's code load when the popover first opens. */
const WHAT = 'the embed code form';
const Form = onUse(WHAT, () => import('./EmbedForm').then((m) => m.EmbedForm));

/**
 * "Copy embed code": an <iframe> of the embed view, of the current step or of a range of steps (which
 * the embed then plays and steps within), at a size the user may change (EmbedForm.tsx).
 */
export function EmbedCode({ onCopy }: { onCopy(text: string, what: string): void }) {
  const { ref, onKeyDown } = usePopover();
  /** How many times the popover has opened: none yet, no form. */
  const [opens, setOpens] = useState(0);
  return (
    <details
      ref={ref}
      className="relative"
      onKeyDown={onKeyDown}
      onToggle={() => {
        if (ref.current?.open) setOpens((n) => n + 1);
      }}
    >
      <summary className={`${BTN} cursor-pointer list-none`}>Copy embed code</summary>
      <div className="absolute right-0 z-20 mt-1 w-72 rounded border border-line bg-panel shadow">
        {opens > 0 && <Form.Part onCopy={onCopy} opens={opens} />}
      </div>
    </details>
  );
}
