/** Placeholder until the component is built (issue 3, in progress). */
export function PageTableTrees() {
  return <p className="text-sm text-muted">PageTableTrees: in progress</p>;
}
