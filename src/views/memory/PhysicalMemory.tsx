/** Placeholder until the component is built (issue 3, in progress). */
export function PhysicalMemory() {
  return <p className="text-sm text-muted">PhysicalMemory: in progress</p>;
}
