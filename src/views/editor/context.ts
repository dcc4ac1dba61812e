import { createContext, useContext } from 'react';
import type { Doc } from './doc';
import type { ProblemMap } from './problems';

/** What every part of the form reads: the parsed scenario, its problems, and the one way to change it. */
export interface Editor {
  readonly doc: Doc;
  readonly problems: ProblemMap;
  /** Applies `fn` to the scenario as it is now and writes the result back as the editor's text. */
  update(fn: (doc: Doc) => Doc): void;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const e = useContext(EditorContext);
  if (!e) throw new Error('useEditor() outside the scenario form');
  return e;
}
