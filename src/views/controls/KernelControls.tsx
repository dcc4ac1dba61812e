/** Placeholder until the component is built (issue 3, in progress). */
export function KernelControls() {
  return <p className="text-sm text-muted">KernelControls: in progress</p>;
}
