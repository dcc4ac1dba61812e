import type { KeyboardEvent } from 'react';
import { FOCUS } from './styles';

export type EditorTab = 'form' | 'json';

export const TABS: readonly { id: EditorTab; label: string }[] = [
  { id: 'form', label: 'Form' },
  { id: 'json', label: 'JSON' },
];

export const tabId = (t: EditorTab) => `scenario-tab-${t}`;
export const panelId = (t: EditorTab) => `scenario-panel-${t}`;

/** The editor's two views of one text, as tabs: ←/→, Home and End move between them (and select). */
export function EditorTabs({ tab, onChange }: { tab: EditorTab; onChange(t: EditorTab): void }) {
  const go = (t: EditorTab) => {
    onChange(t);
    document.getElementById(tabId(t))?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to: Record<string, number> = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: TABS.length - 1 };
    const j = to[e.key];
    if (j === undefined) return;
    e.preventDefault();
    const next = TABS[(j + TABS.length) % TABS.length];
    if (next) go(next.id);
  };
  return (
    <div role="tablist" aria-label="Scenario editor" className="flex gap-1" onKeyDown={onKeyDown}>
      {TABS.map((t) => (
        <button
          key={t.id}
          id={tabId(t.id)}
          type="button"
          role="tab"
          aria-selected={t.id === tab}
          aria-controls={panelId(t.id)}
          tabIndex={t.id === tab ? 0 : -1}
          onClick={() => onChange(t.id)}
          className={`rounded-t border-b-2 px-3 py-1 text-sm font-medium hover:bg-hover aria-selected:border-accent aria-selected:text-accent border-transparent text-muted ${FOCUS}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
