/**
 * Citations of docs/kernel-semantics.md: what a source text cites, what the document defines, and which
 * citations the document lacks. Pure functions over strings; the test reads the files.
 *
 * Recognised in a text:
 * - sections: "kernel-semantics.md §3.14" or "kernel-semantics.md §3.14" (explicit); a further "§N" up to the end of
 *   that sentence or list, across lines and ";" (list); any other "§N" in a text that names kernel-semantics.md
 *   anywhere (bare). "§3.5-§3.9" is a range and stands for each section in it.
 * - appendices: "Appendix A" in a text that names kernel-semantics.md.
 * - branch IDs of §2 anywhere: "B-P4", "R-NORMAL", "M-S1c"; "R-F*" or "M-*" asks for at least one ID with
 *   that prefix; a letters-only name that is not an ID itself ("the M-N rows") names the group of IDs it
 *   starts followed by a digit (M-N1a, M-N3, …).
 * - scenario IDs of §5 anywhere: "S-53", "S-60h"; "S-55..S-58" stands for each ID in the range.
 *
 * Defined in the document: a section by a heading starting with its number ("## 3. …", "### 3.14 …"), an
 * appendix by "## Appendix A. …", an ID by a table row whose first cell is the ID alone ("| B-P4 | …").
 */

export type CitationKind = 'section' | 'appendix' | 'id' | 'id-prefix';
export type CitationForm = 'explicit' | 'list' | 'bare' | 'id';

export interface Citation {
  readonly file: string;
  readonly line: number;
  readonly kind: CitationKind;
  /** "3.14", "A", "B-P4", or a prefix such as "R-F" for "R-F*". */
  readonly ref: string;
  /** The citation as written ("§3.5-§3.9", "S-55..S-58", "R-F*"). */
  readonly text: string;
  readonly form: CitationForm;
}

export interface DocIndex {
  readonly sections: ReadonlySet<string>;
  readonly appendices: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
}

const NAMES_DOC = /\bsemantics\.md\b/;
const EXPLICIT = /(?:kernel-)?semantics\.md[ \t]*§/g;
/** "§3.14", "§ 3.14", or a range "§3.5-§3.9" / "§2.2..§2.4" / "§3.5–3.9". */
const SECTION = /§[ \t]?(\d+(?:\.\d+)*)(?:[ \t]*(?:-|–|\.\.)[ \t]*§?[ \t]?(\d+(?:\.\d+)*))?/g;
/** Where a sentence or list ends: ". " (or "." before a quote, bracket or the end), a blank line, a quote, "*\/". */
const SENTENCE_END = /[.!?](?=[\s"'`)\]]|$)|\n[ \t]*(?:\*[ \t]*)?\n|"|\*\//g;
const APPENDIX = /\bAppendix ([A-Z])\b/g;
const BRANCH_ID = /(?<![\w-])([BRM]-[A-Z]+\d*[a-z]?)(?![\w*-])/g;
const BRANCH_PREFIX = /(?<![\w-])([BRM]-[A-Z]*)\*/g;
const SCENARIO_RANGE = /(?<![\w-])S-(\d{2,3})[ \t]*(?:\.\.|–)[ \t]*S-(\d{2,3})(?![\w-])/g;
const SCENARIO_ID = /(?<![\w-])(S-\d{2,3}[a-z]?)(?![\w-])/g;

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** "3.5" .. "3.9" -> 3.5, 3.6, ..., 3.9 when only the last component differs; otherwise both ends. */
export function expandSectionRange(from: string, to: string): string[] {
  const a = from.split('.');
  const b = to.split('.');
  const lo = Number(a.at(-1));
  const hi = Number(b.at(-1));
  const samePrefix = a.length === b.length && a.slice(0, -1).join('.') === b.slice(0, -1).join('.');
  if (!samePrefix || hi <= lo || hi - lo > 50) return [from, to];
  const prefix = a.slice(0, -1);
  const out: string[] = [];
  for (let i = lo; i <= hi; i++) out.push([...prefix, String(i)].join('.'));
  return out;
}

/** Every citation in one file's text. */
export function extractCitations(file: string, text: string): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  const add = (c: Citation) => {
    const key = `${c.line}|${c.kind}|${c.ref}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const sectionsIn = (from: number, to: number, form: CitationForm, first: boolean) => {
    SECTION.lastIndex = from;
    for (let m = SECTION.exec(text); m && m.index < to; m = SECTION.exec(text)) {
      const refs = m[2] ? expandSectionRange(m[1] as string, m[2]) : [m[1] as string];
      const f: CitationForm = first && m.index === from ? 'explicit' : form;
      for (const ref of refs)
        add({ file, line: lineAt(text, m.index), kind: 'section', ref, text: m[0], form: f });
    }
  };

  // Explicit citations and the sections listed after them in the same sentence.
  for (const m of text.matchAll(EXPLICIT)) {
    const start = m.index + m[0].length - 1;
    SENTENCE_END.lastIndex = start;
    const end = SENTENCE_END.exec(text)?.index ?? text.length;
    sectionsIn(start, end, 'list', true);
  }
  if (NAMES_DOC.test(text)) {
    sectionsIn(0, text.length, 'bare', false);
    for (const m of text.matchAll(APPENDIX))
      add({
        file,
        line: lineAt(text, m.index),
        kind: 'appendix',
        ref: m[1] as string,
        text: m[0],
        form: 'bare',
      });
  }

  for (const m of text.matchAll(BRANCH_ID))
    add({ file, line: lineAt(text, m.index), kind: 'id', ref: m[1] as string, text: m[0], form: 'id' });
  for (const m of text.matchAll(BRANCH_PREFIX))
    add({
      file,
      line: lineAt(text, m.index),
      kind: 'id-prefix',
      ref: m[1] as string,
      text: m[0],
      form: 'id',
    });
  for (const m of text.matchAll(SCENARIO_RANGE)) {
    const lo = Number(m[1]);
    const hi = Number(m[2]);
    for (let i = lo; i <= hi && hi - lo <= 100; i++)
      add({ file, line: lineAt(text, m.index), kind: 'id', ref: `S-${i}`, text: m[0], form: 'id' });
  }
  for (const m of text.matchAll(SCENARIO_ID))
    add({ file, line: lineAt(text, m.index), kind: 'id', ref: m[1] as string, text: m[0], form: 'id' });
  return out;
}

/** The sections, appendices and IDs the document defines. */
export function indexDoc(markdown: string): DocIndex {
  const sections = new Set<string>();
  const appendices = new Set<string>();
  const ids = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}[ \t]+(\d+(?:\.\d+)*)\.?[ \t]/gm)) sections.add(m[1] as string);
  for (const m of markdown.matchAll(/^#{1,6}[ \t]+Appendix[ \t]+([A-Z])\b/gm)) appendices.add(m[1] as string);
  for (const m of markdown.matchAll(/^\|[ \t]*([A-Z]+-[A-Za-z0-9]+)[ \t]*\|/gm)) ids.add(m[1] as string);
  return { sections, appendices, ids };
}

/** "M-N1a" is in the group "M-N"; "M-OK" is not in "M-O". */
function isGroupMember(id: string, group: string): boolean {
  return id.startsWith(group) && /^\d/.test(id.slice(group.length));
}

/** The citations the document does not define. */
export function missingCitations(cites: readonly Citation[], doc: DocIndex): Citation[] {
  const ids = [...doc.ids];
  const defined: Record<CitationKind, (ref: string) => boolean> = {
    section: (ref) => doc.sections.has(ref),
    appendix: (ref) => doc.appendices.has(ref),
    id: (ref) =>
      doc.ids.has(ref) || (/^[A-Z]+-[A-Z]+$/.test(ref) && ids.some((id) => isGroupMember(id, ref))),
    'id-prefix': (ref) => ids.some((id) => id.startsWith(ref)),
  };
  return cites.filter((c) => !defined[c.kind](c.ref));
}

/** One line per missing citation: "file:line: §3.99 (written "§3.99")". */
export function describeMissing(missing: readonly Citation[]): string[] {
  return missing.map((c) => {
    const what =
      c.kind === 'section'
        ? `§${c.ref}`
        : c.kind === 'appendix'
          ? `Appendix ${c.ref}`
          : c.kind === 'id-prefix'
            ? `an ID starting ${c.ref}`
            : c.ref;
    return `${c.file}:${c.line}: ${what} (written "${c.text}", ${c.form})`;
  });
}
