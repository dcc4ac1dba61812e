import type { KeyboardEvent, ReactNode } from 'react';
import type { StepLabel } from './steps';
import { FOCUS, ICON } from './styles';

export type RowControl = 'title' | 'up' | 'down';

interface Props {
  readonly index: number;
  readonly count: number;
  readonly label: StepLabel;
  /** Something at or below this step has a problem. */
  readonly bad: boolean;
  readonly open: boolean;
  readonly formId: string;
  readonly keysHintId: string;
  /** The step's form, when open. */
  readonly children: ReactNode;
  register(control: RowControl, el: HTMLElement | null): void;
  onToggle(): void;
  onMove(to: number, control: RowControl): void;
  onFocusRow(index: number): void;
  onDuplicate(): void;
  onRemove(): void;
}

/** One step: its title (opens its form; Alt+↑/↓ moves it, ↑/↓ go to the next title), move, copy, remove. */
export function StepRow(p: Props) {
  const n = p.index + 1;
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return;
    const up = e.key === 'ArrowUp';
    if (!up && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const to = p.index + (up ? -1 : 1);
    if (e.altKey) p.onMove(to, 'title');
    else p.onFocusRow(to);
  };
  return (
    <li className="border-b border-line last:border-b-0">
      <div className="flex items-start gap-0.5 p-0.5">
        <button
          type="button"
          ref={(el) => p.register('title', el)}
          data-path={`$.steps[${p.index}]`}
          aria-expanded={p.open}
          aria-controls={p.open ? p.formId : undefined}
          aria-describedby={p.keysHintId}
          aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
          onClick={p.onToggle}
          onKeyDown={onKeyDown}
          className={`flex min-w-0 flex-1 items-baseline gap-1.5 rounded px-1 py-0.5 text-left text-xs hover:bg-hover aria-expanded:bg-selected ${FOCUS}`}
        >
          <span aria-hidden="true" className="w-5 shrink-0 text-right font-mono text-muted">
            {n}
          </span>
          <span className="sr-only">{`Step ${n}: `}</span>
          <span data-testid="editor-step-title" className="min-w-0 flex-1 break-words font-mono">
            {p.label.text}
          </span>
          {p.bad && (
            <span className="shrink-0 font-semibold text-cls-bad" title="this step has problems">
              <span aria-hidden="true">!</span>
              <span className="sr-only">(has problems)</span>
            </span>
          )}
        </button>
        <button
          type="button"
          ref={(el) => p.register('up', el)}
          className={ICON}
          aria-label={`Move step ${n} up`}
          disabled={p.index === 0}
          onClick={() => p.onMove(p.index - 1, 'up')}
        >
          <span aria-hidden="true">↑</span>
        </button>
        <button
          type="button"
          ref={(el) => p.register('down', el)}
          className={ICON}
          aria-label={`Move step ${n} down`}
          disabled={p.index === p.count - 1}
          onClick={() => p.onMove(p.index + 1, 'down')}
        >
          <span aria-hidden="true">↓</span>
        </button>
        <button type="button" className={ICON} aria-label={`Duplicate step ${n}`} onClick={p.onDuplicate}>
          <svg
            aria-hidden="true"
            viewBox="0 0 16 16"
            className="h-3.5 w-3.5"
            fill="none"
            stroke="currentColor"
          >
            <rect x="5.5" y="5.5" width="8" height="8" rx="1" />
            <path d="M3 10.5V3.5a1 1 0 0 1 1-1h6.5" />
          </svg>
        </button>
        <button type="button" className={ICON} aria-label={`Remove step ${n}`} onClick={p.onRemove}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      {p.children}
    </li>
  );
}
