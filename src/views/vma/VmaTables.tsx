/** Placeholder until the component is built (issue 3, in progress). */
export function VmaTables() {
  return <p className="text-sm text-muted">VmaTables: in progress</p>;
}
