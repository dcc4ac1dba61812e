/** Placeholder until the component is built (issue 3, in progress). */
export function DecisionPath() {
  return <p className="text-sm text-muted">DecisionPath: in progress</p>;
}
