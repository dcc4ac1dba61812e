import { memo } from 'react';
import type { EntryRef } from '../../state/store';
import type { TreeActions } from './actions';
import type { TreeLayout } from './layout';
import type { StepMarks } from './marks';
import { GroupNodeView, TableNodeView } from './NodeViews';

export interface TreeContentProps {
  readonly layout: TreeLayout;
  readonly proc: string;
  readonly levels: 4 | 5;
  readonly selected: EntryRef | null;
  readonly marks: StepMarks;
  readonly actions: TreeActions;
}

/** Links, then nodes. Memoized: panning and zooming change only the transform around it. */
export const TreeContent = memo(function TreeContent(p: TreeContentProps) {
  return (
    <>
      {p.layout.links.map((l) => (
        <path key={l.key} d={l.d} className="fill-none stroke-line" strokeWidth={1.5} />
      ))}
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
            actions={p.actions}
          />
        ) : (
          <GroupNodeView key={n.box.key} box={n.box} x={n.x} y={n.y} actions={p.actions} />
        ),
      )}
    </>
  );
});
