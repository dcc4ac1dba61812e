/** Placeholder until the component is built (issue 3, in progress). */
export function CompareBar() {
  return <p className="text-sm text-muted">CompareBar: in progress</p>;
}
