import { useMemo } from 'react';
import { useLab } from '../../state/hooks';
import { labStore, selectSetText, selectText } from '../../state/store';
import { type Editor, EditorContext } from './context';
import { type Doc, docText, parseDoc } from './doc';
import { KernelSection } from './KernelSection';
import { MemorySection } from './MemorySection';
import { ProcessSection } from './ProcessSection';
import { problemMap, shownInForm, unshownProblems } from './problems';
import { StepSection } from './StepSection';
import { BUTTON } from './styles';

/**
 * The scenario as a form over the same text as the JSON tab: every change parses the current text, changes
 * it and writes it back, 2-space indented. Text the form cannot read sends the user to the JSON tab.
 */
export function FormEditor({ onShowJson }: { onShowJson(): void }) {
  const text = useLab(selectText);
  const setText = useLab(selectSetText);
  const parsed = useMemo(() => parseDoc(text), [text]);
  const editor = useMemo<Editor | null>(() => {
    if (!parsed.ok) return null;
    const update = (fn: (d: Doc) => Doc) => {
      // The store's text, not this render's: two changes in one event must not undo each other.
      const now = parseDoc(labStore.getState().text);
      if (now.ok) setText(docText(fn(now.doc)));
    };
    return { doc: parsed.doc, problems: problemMap(parsed.doc), update };
  }, [parsed, setText]);

  if (!editor || !parsed.ok) {
    return (
      <div className="flex flex-col items-start gap-2 rounded border border-cls-bad p-2 text-sm">
        <p className="text-cls-bad">The form cannot show this text: {parsed.ok ? '' : parsed.message}</p>
        <button type="button" className={BUTTON} onClick={onShowJson}>
          Fix it in the JSON tab
        </button>
      </div>
    );
  }
  const other = unshownProblems(editor.problems, shownInForm);
  return (
    <EditorContext value={editor}>
      <div className="flex flex-col gap-2">
        {other.length > 0 && (
          <ul aria-label="Other problems" className="rounded border border-cls-bad p-2 text-xs text-cls-bad">
            {other.map((p) => (
              <li key={`${p.path}:${p.message}`}>
                <code className="font-mono">{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        )}
        <KernelSection />
        <ProcessSection />
        <MemorySection />
        <StepSection />
      </div>
    </EditorContext>
  );
}
