import { useEffect, useState } from 'react';
import { useLab } from '../../state/hooks';
import { AUDIENCES, CATALOG } from '../../state/library';
import type { LabState } from '../../state/store';
import { FOCUS } from '../controls/styles';
import { openEditor } from '../editor/drawer';
import { whenIdle } from '../whenIdle';

const selectOpen = (s: LabState) => s.openBuiltin;
const selectLeave = (s: LabState) => s.leaveStart;

/**
 * The first view of a visit without a link: what ptlab is, in one sentence, and the stories grouped by who
 * they are for, each with a teaser. One click opens a story at its first interesting step, or the editor.
 * `preloadLab` starts loading the lab's code (App.tsx), which every way out of this view but the quiz shows.
 */
export function StartView({ preloadLab }: { preloadLab(): void }) {
  const open = useLab(selectOpen);
  const leave = useLab(selectLeave);
  // A seed for the random quiz, drawn once per visit: the link then keeps it.
  const [seed] = useState(() => 1 + Math.floor(Math.random() * 999_999));
  // Not part of opening: once the start view is up and the page idle, and at once on a pointer over (or
  // focus on) a way into the lab, so that a story opens without waiting for its code.
  useEffect(() => whenIdle(preloadLab), [preloadLab]);
  return (
    <section aria-labelledby="start-heading" className="mx-auto flex max-w-6xl flex-col gap-5 px-4 py-6">
      <div className="flex flex-col gap-2">
        <h2 id="start-heading" className="text-xl font-semibold">
          Replay how Linux maps memory
        </h2>
        <p className="max-w-3xl text-fg">
          ptlab runs a scenario on a model of the kernel, one operation at a time, and shows every page-table
          level, why <code className="font-mono">vm_normal_page()</code> calls each entry normal or special,
          and how that changed across the 2025 series and the kernels after it.
        </p>
      </div>
      <div className="grid gap-5 md:grid-cols-3">
        {AUDIENCES.map((a) => (
          <section key={a.id} aria-labelledby={`start-${a.id}`} className="flex min-w-0 flex-col gap-2">
            <h3 id={`start-${a.id}`} className="text-sm font-semibold text-muted uppercase">
              {a.title}
            </h3>
            <ul className="flex flex-col gap-2">
              {CATALOG.filter((e) => e.audience === a.id).map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    onClick={() => void open(e.id, e.start)}
                    onPointerEnter={preloadLab}
                    onFocus={preloadLab}
                    aria-describedby={`teaser-${e.id}`}
                    className={`flex w-full flex-col items-start gap-1 rounded border border-line bg-panel p-3 text-left hover:bg-hover ${FOCUS}`}
                  >
                    <span className="font-medium">{e.title}</span>
                    <span id={`teaser-${e.id}`} className="text-sm text-muted">
                      {e.teaser}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3 border-t border-line pt-4 text-sm">
        <button
          type="button"
          onClick={() => {
            // Into the lab with the example run, and the editor open on it: what the button says.
            void leave();
            openEditor();
          }}
          onPointerEnter={preloadLab}
          onFocus={preloadLab}
          className={`rounded border border-line bg-panel px-3 py-1.5 hover:bg-hover ${FOCUS}`}
        >
          Write your own scenario
        </button>
        <span className="text-muted">
          A scenario is JSON: processes, mmap, faults, fork, remap_pfn_range() and the rest.
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <a
          href={`?v=1&quiz=1&seed=${seed}`}
          className={`rounded border border-line bg-panel px-3 py-1.5 hover:bg-hover ${FOCUS}`}
        >
          Quiz: a random scenario
        </a>
        <span className="text-muted">
          Predict each step, then see it: a small scenario made from a seed, which the link keeps.
        </span>
      </div>
    </section>
  );
}
