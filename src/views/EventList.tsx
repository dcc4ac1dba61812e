import type { TraceEvent } from '../state/store';
import { describeEvent, type EventLine } from './format';

const KIND_STYLE: Record<EventLine['kind'], string> = {
  call: 'bg-slate-100 text-slate-800',
  branch: 'bg-amber-100 text-amber-900',
  entry: 'bg-blue-100 text-blue-900',
  folio: 'bg-violet-100 text-violet-900',
  counter: 'bg-teal-100 text-teal-900',
  vma: 'bg-slate-100 text-slate-800',
  report: 'bg-red-100 text-red-900',
};

/** A step's events in the order the model emitted them, indented by call depth. */
export function EventList({ events }: { events: readonly TraceEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No events in this step.</p>;
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
              {line.fn && line.kind !== 'call' && <span className="mr-1 text-slate-600">{line.fn}:</span>}
              {line.text}
              {line.count > 1 && <span className="ml-1 text-slate-600">×{line.count}</span>}
              {line.lines && line.lines.length > 0 && (
                <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-1 whitespace-pre-wrap">
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
