import { useLab } from '../state/hooks';
import {
  type RunStatus as Status,
  selectError,
  selectNotice,
  selectStatus,
  selectSteps,
} from '../state/store';

const TEXT: Record<Status, (steps: number) => string> = {
  idle: () => 'Not run yet.',
  running: () => 'Running…',
  done: (n) => `Ran ${n - 1} ${n === 2 ? 'operation' : 'operations'}.`,
  invalid: () => 'The scenario was refused.',
  failed: () => 'The run failed.',
};

/** One polite status line for screen readers and sighted users alike, plus the failure, if any. */
export function RunStatus() {
  const status = useLab(selectStatus);
  const steps = useLab(selectSteps);
  const error = useLab(selectError);
  const notice = useLab(selectNotice);
  return (
    <>
      <p role="status" className="text-sm text-fg">
        {TEXT[status](steps.length)}
        {notice && <span className="block text-cls-warn">{notice}</span>}
      </p>
      {status === 'failed' && error && (
        <div role="alert" className="rounded border border-cls-bad p-3 text-cls-bad">
          <p className="font-semibold">The run did not finish</p>
          <p className="mt-1 font-mono text-sm break-words">{error}</p>
        </div>
      )}
    </>
  );
}
