import { memo } from 'react';
import type { ProcSnapshot } from '../../model/mm';
import type { VariantId } from '../../model/variants';
import { counterRows, vmaRows } from '../../state/read/vmas';
import { type Step, selectCurrentStep, selectPrevStep, selectSettings } from '../../state/store';
import { cowTitle } from '../kernelTexts';
import { ScrollRegion } from '../ScrollRegion';
import { useLabFollowing } from '../useLabFollowing';

function ProcVmas({
  proc,
  prev,
  cowText,
}: {
  proc: ProcSnapshot;
  prev: ProcSnapshot | null | undefined;
  /** The CoW column's title: what vm_normal_page() does about CoW copies in the variant shown. */
  cowText: string;
}) {
  const { rows, removed } = vmaRows(proc, prev);
  const counters = counterRows(proc, prev);
  const id = `vmas-${proc.name}`;
  return (
    <div className="flex flex-col gap-1.5">
      <h3 id={id} className="text-sm font-semibold">
        Process {proc.name} <span className="font-normal text-muted">(pid {proc.pid})</span>
      </h3>
      <dl className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs">
        {counters.map((c) => (
          <div
            key={c.key}
            title={c.title}
            className={`flex gap-1 rounded px-1 ${c.changed ? 'bg-changed' : ''}`}
          >
            <dt className={`font-mono ${c.changed ? '' : 'text-muted'}`}>{c.name}</dt>
            <dd className="font-mono">
              {c.value}
              {c.changed && <span className="sr-only"> (changed)</span>}
            </dd>
          </div>
        ))}
      </dl>
      {rows.length === 0 ? (
        <p className="text-xs text-muted">No VMAs.</p>
      ) : (
        <ScrollRegion label={`VMAs of process ${proc.name}`}>
          <table aria-labelledby={id} className="w-full border-collapse text-xs">
            <thead className="text-left text-muted">
              <tr>
                <th scope="col" className="px-1.5 py-0.5 font-normal">
                  vm_start–vm_end
                </th>
                <th scope="col" className="px-1.5 py-0.5 font-normal">
                  vm_pgoff
                </th>
                <th scope="col" className="px-1.5 py-0.5 font-normal">
                  vm_flags
                </th>
                <th scope="col" className="px-1.5 py-0.5 font-normal">
                  backing
                </th>
                <th scope="col" className="px-1.5 py-0.5 font-normal" title={cowText}>
                  CoW
                </th>
                <th
                  scope="col"
                  className="px-1.5 py-0.5 font-normal"
                  title="vma->anon_vma is set (anon_vma_prepare() ran)"
                >
                  anon_vma
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} className={`border-t border-line align-top ${r.changed ? 'bg-changed' : ''}`}>
                  <td className="px-1.5 py-0.5 font-mono whitespace-nowrap">
                    {r.summary.range}
                    {r.summary.name && (
                      <span className={`block ${r.changed ? '' : 'text-muted'}`}>{r.summary.name}</span>
                    )}
                    {r.changed && <span className="sr-only"> (new or changed)</span>}
                  </td>
                  <td className="px-1.5 py-0.5 font-mono">{r.summary.pgoff}</td>
                  <td className="px-1.5 py-0.5 font-mono break-words">
                    {r.summary.flags.map((f) => `VM_${f}`).join(' ')}
                  </td>
                  <td className="px-1.5 py-0.5 font-mono">{r.summary.backing}</td>
                  <td className="px-1.5 py-0.5" title={cowText}>
                    {r.cow ? (
                      <span
                        className={`rounded border border-cls-warn px-1 font-mono ${r.changed ? '' : 'text-cls-warn'}`}
                      >
                        CoW
                      </span>
                    ) : (
                      <span className={r.changed ? '' : 'text-muted'}>
                        <span aria-hidden="true">—</span>
                        <span className="sr-only">not a CoW mapping</span>
                      </span>
                    )}
                  </td>
                  <td className="px-1.5 py-0.5 font-mono">
                    {r.summary.anonVma ? 'yes' : <span className={r.changed ? '' : 'text-muted'}>no</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {removed.length > 0 && (
        <p className="rounded bg-changed px-1 text-xs">
          Unmapped since the previous step:{' '}
          {removed.map((r) => `${r.range}${r.name ? ` ${r.name}` : ''}`).join(', ')}
        </p>
      )}
    </div>
  );
}

/** Per process: its VMAs (kernel flag names, CoW marker) and mm counters, changes since the previous step marked. */
export function VmaTables() {
  const step = useLabFollowing(selectCurrentStep);
  const prev = useLabFollowing(selectPrevStep);
  const variant = useLabFollowing(selectSettings).variant;
  return <VmaTablesView step={step} prev={prev} variant={variant} />;
}

/** Memoized: the render that commits a step (the deferred values still old) stops here. */
const VmaTablesView = memo(function VmaTablesView({
  step,
  prev,
  variant,
}: {
  step: Step | undefined;
  prev: Step | undefined;
  variant: VariantId;
}) {
  if (!step) return null;
  const title = cowTitle(variant);
  return (
    <section
      aria-labelledby="vma-heading"
      className="panel-offscreen flex flex-col gap-3 rounded border border-line bg-panel p-3"
    >
      <h2 id="vma-heading" className="font-semibold">
        VMAs and mm counters
      </h2>
      {step.state.procs.length === 0 && <p className="text-sm text-muted">No processes.</p>}
      {step.state.procs.map((p) => (
        <ProcVmas
          key={p.name}
          proc={p}
          prev={prev ? (prev.state.procs.find((q) => q.name === p.name) ?? null) : undefined}
          cowText={title}
        />
      ))}
      <p className="text-xs text-muted">
        <span className="rounded border border-cls-warn px-1 font-mono text-cls-warn">CoW</span>{' '}
        is_cow_mapping(): VM_MAYWRITE without VM_SHARED, so a write fault makes a private anon copy.{' '}
        <span className="rounded bg-changed px-1 text-fg">Highlighted</span>: changed since the previous step.
      </p>
    </section>
  );
});
