import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useLab } from '../state/hooks';
import { labStore } from '../state/store';

interface Props {
  /** What the panel shows, for the message: "the page-table tree". */
  readonly name: string;
  /** When this changes after an error (a new run, another step), the panel tries again. */
  readonly resetKey?: unknown;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
  readonly key: unknown;
}

/**
 * An error boundary around one panel (after tldraw's per-shape boundaries): a panel that fails to render
 * says what failed and why, and the rest of the page, the controls and the user's scenario are untouched.
 * "Try again" renders the panel once more; "Reset view" also clears the selection, the comparison, the
 * kernel settings and the step, and runs the scenario again.
 */
export class Guard extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { key: props.resetKey, error: null } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`ptlab: ${this.props.name} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="flex flex-col gap-2 rounded border border-cls-bad bg-panel p-3 text-sm">
        <p>
          <strong className="text-cls-bad">{capitalise(this.props.name)} could not be shown:</strong>{' '}
          {error.message.slice(0, 300) || error.name}
        </p>
        <p className="text-muted">Your scenario and its text are kept; the rest of the page works.</p>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className="rounded border border-line px-2 py-1 hover:bg-hover"
            onClick={() => this.setState({ error: null })}
          >
            Try again
          </button>
          <button
            type="button"
            className="rounded border border-line px-2 py-1 hover:bg-hover"
            onClick={() => {
              void labStore.getState().resetView();
              this.setState({ error: null });
            }}
          >
            Reset view
          </button>
        </div>
      </div>
    );
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const selectSteps = (s: ReturnType<typeof labStore.getState>) => s.steps;

/** A Guard that tries again on each new run of the scenario. */
export function Panel({ name, children }: { readonly name: string; readonly children: ReactNode }) {
  const steps = useLab(selectSteps);
  return (
    <Guard name={name} resetKey={steps}>
      {children}
    </Guard>
  );
}

/**
 * The last line, around the whole page: what failed, and the user's scenario text to copy, so that
 * nothing typed is lost even when the page itself cannot draw.
 */
export class RootGuard extends Component<{ readonly children: ReactNode }, { readonly error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('ptlab: the page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <main role="alert" className="flex min-h-screen flex-col gap-3 bg-page p-4 text-fg">
        <h1 className="text-lg font-semibold">ptlab could not draw the page</h1>
        <p>{error.message.slice(0, 300) || error.name}</p>
        <p className="text-muted">Your scenario's text, to copy before you reload:</p>
        <textarea
          readOnly
          aria-label="Your scenario (JSON)"
          className="h-64 rounded border border-line bg-panel p-2 font-mono text-xs"
          value={labStore.getState().text}
        />
        <div>
          <button
            type="button"
            className="rounded border border-line px-2 py-1 hover:bg-hover"
            onClick={() => {
              void labStore.getState().resetView();
              this.setState({ error: null });
            }}
          >
            Reset view
          </button>
        </div>
      </main>
    );
  }
}
