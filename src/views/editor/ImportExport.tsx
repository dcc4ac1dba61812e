import { type ChangeEvent, useRef, useState } from 'react';
import { useLab } from '../../state/hooks';
import { type LabState, selectText } from '../../state/store';
import { checkImport, checkImportSize, exportName } from './files';
import { BUTTON } from './styles';

const selectLoad = (s: LabState) => s.loadScenario;

/** Saves the text through a Blob and an <a download>; the object URL is dropped once the click is handled. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Import JSON" reads a chosen file into the editor (and runs it); "Export JSON" saves the editor's text. */
export function ImportExport() {
  const text = useLab(selectText);
  const load = useLab(selectLoad);
  const file = useRef<HTMLInputElement>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again is a new choice
    if (!f) return;
    const tooBig = checkImportSize(f.name, f.size);
    if (tooBig) return setMsg({ ok: false, text: tooBig });
    const r = checkImport(f.name, await f.text());
    if (!r.ok) return setMsg({ ok: false, text: `${r.message}. The editor keeps its text.` });
    setMsg({ ok: true, text: `Imported ${f.name}.` });
    await load(r.text, null);
  };
  const onExport = () => {
    const name = exportName(text);
    download(text, name);
    setMsg({ ok: true, text: `Exported ${name}.` });
  };

  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={BUTTON} onClick={() => file.current?.click()}>
          Import JSON…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="hidden"
          tabIndex={-1}
          aria-label="Import JSON file"
          data-testid="import-file"
          onChange={(e) => void onFile(e)}
        />
        <button type="button" className={BUTTON} onClick={onExport}>
          Export JSON
        </button>
      </div>
      <p
        aria-live="polite"
        data-testid="import-export-message"
        className={`text-xs empty:hidden ${msg?.ok === false ? 'text-cls-bad' : 'text-muted'}`}
      >
        {msg?.text}
      </p>
    </div>
  );
}
