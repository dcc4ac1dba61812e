import { memo } from 'react';
import type { Lens } from '../../state/read/lens';
import type { StepMarks } from '../../state/read/marks';
import type { EntryRef } from '../../state/store';
import type { TreeActions } from './actions';
import { meets, type Window } from './cull';
import type { TreeLayout } from './layout';
import { GroupNodeView, TableNodeView } from './NodeViews';

export interface TreeContentProps {
  readonly layout: TreeLayout;
  readonly proc: string;
  readonly levels: 4 | 5;
  readonly selected: EntryRef | null;
  readonly marks: StepMarks;
  readonly lens: Lens | null;
  readonly diff: Lens | null;
  readonly actions: TreeActions;
  /** The drawing window (see cull.ts): tables outside it are drawn bare, links outside it not at all. */
  readonly win: Window;
}

/**
 * Links, then nodes. Memoized: panning and zooming change only the transform around it, and the window
 * when the view crosses one of its grid lines.
 */
export const TreeContent = memo(function TreeContent(p: TreeContentProps) {
  const { win } = p;
  return (
    <>
      {p.layout.links.map((l) => {
        const [x0, x1] = [Math.min(l.from[0], l.to[0]), Math.max(l.from[0], l.to[0])];
        const [y0, y1] = [Math.min(l.from[1], l.to[1]), Math.max(l.from[1], l.to[1])];
        // A horizontal link has no height: give it a pixel so that it still meets the window.
        if (!meets(win, x0, y0, x1 - x0, Math.max(1, y1 - y0))) return null;
        return <path key={l.key} d={l.d} className="fill-none stroke-line" strokeWidth={1.5} />;
      })}
      {p.layout.nodes.map((n) =>
        n.box.kind === 'table' ? (
          <TableNodeView
            key={n.box.key}
            box={n.box}
            x={n.x}
            y={n.y}
            proc={p.proc}
            levels={p.levels}
            selected={p.selected}
            marks={p.marks}
            lens={p.lens}
            diff={p.diff}
            actions={p.actions}
            bare={!meets(win, n.x, n.y, n.box.w, n.box.h)}
          />
        ) : (
          <GroupNodeView key={n.box.key} box={n.box} x={n.x} y={n.y} actions={p.actions} />
        ),
      )}
    </>
  );
});
