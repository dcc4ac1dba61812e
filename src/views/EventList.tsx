import type { TraceEvent } from '../state/store';
import { describeEvent, type EventLine } from './format';

const KIND_STYLE: Record<EventLine['kind'], string> = {
  call: 'bg-hover text-fg',
  branch: 'border border-cls-warn text-cls-warn',
  entry: 'border border-cls-special text-cls-special',
  folio: 'border border-cls-hugezero text-cls-hugezero',
  counter: 'border border-cls-normal text-cls-normal',
  vma: 'bg-hover text-fg',
  report: 'border border-cls-bad text-cls-bad',
};

/** A step's events in the order the model emitted them, indented by call depth. */
export function EventList({ events }: { events: readonly TraceEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-muted">No events in this step.</p>;
  return (
    <ol aria-label="Events" className="flex flex-col gap-0.5 font-mono text-xs">
      {events.map((e, i) => {
        const line = describeEvent(e);
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: a step's events are a fixed, ordered record
            key={i}
            className="flex items-baseline gap-2"
          >
            <span className={`w-16 shrink-0 rounded px-1 text-center ${KIND_STYLE[line.kind]}`}>
              {line.kind}
            </span>
            <span
              className="min-w-0 flex-1 break-words"
              style={{ paddingLeft: `${Math.min(line.depth, 8) * 0.75}rem` }}
            >
              {line.id && <span className="mr-1 font-semibold">[{line.id}]</span>}
              {line.fn && line.kind !== 'call' && <span className="mr-1 text-muted">{line.fn}:</span>}
              {line.text}
              {line.repeat && <span className="ml-1 text-muted">({line.repeat})</span>}
              {line.lines && line.lines.length > 0 && (
                <pre className="mt-1 overflow-x-auto rounded bg-hover p-1 whitespace-pre-wrap">
                  {line.lines.join('\n')}
                </pre>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
