/**
 * Every "§" and every branch or scenario ID that the code, the stories, the worked scenarios, the e2e specs
 * and the docs cite must exist in docs/kernel-semantics.md. The forms recognised are listed in
 * ./citations.ts; the rules for writers are at the top of the document.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Citation,
  describeMissing,
  expandSectionRange,
  extractCitations,
  indexDoc,
  missingCitations,
} from './citations';

const ROOT = join(new URL('.', import.meta.url).pathname, '..', '..');
const DOC = 'docs/kernel-semantics.md';
/** This test and its helper quote made-up citations. */
const SELF = new Set(['src/spec/citations.test.ts', 'src/spec/citations.ts']);

function walk(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((n) => {
    const rel = `${dir}/${n}`;
    if (n === 'node_modules') return [];
    return statSync(join(ROOT, rel)).isDirectory() ? walk(rel, keep) : keep(n) ? [rel] : [];
  });
}

/** The files whose citations are checked, relative to the repository root. */
function citingFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((n) => n.endsWith('.md'))
    .map((n) => `docs/${n}`)
    .filter((f) => f !== DOC);
  return [
    ...walk('src', (n) => /\.tsx?$/.test(n)),
    ...walk('src/scenario', (n) => n.endsWith('.json')),
    ...walk('e2e', (n) => /\.tsx?$/.test(n)),
    ...docs,
    'README.md',
  ].filter((f) => !SELF.has(f));
}

const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const doc = indexDoc(read(DOC));
const files = citingFiles();
const cites: Citation[] = files.flatMap((f) => extractCitations(f, read(f)));
const refsIn = (file: string, kind: Citation['kind']) =>
  new Set(cites.filter((c) => c.file === file && c.kind === kind).map((c) => c.ref));

describe('docs/kernel-semantics.md covers every citation', () => {
  it('reads the sources, the stories, the worked scenarios, the e2e specs, the docs and the README', () => {
    expect(files).toContain('src/model/vm_normal_page.ts');
    expect(files).toContain('src/views/tree/Legend.tsx');
    expect(files).toContain('src/scenario/library/09-dax-pmd-hole.json');
    expect(files).toContain('src/scenario/worked/S-53-dax-pmd-hole-populated.json');
    expect(files).toContain('e2e/controls.spec.ts');
    expect(files).toContain('README.md');
    expect(files).not.toContain(DOC);
  });

  it('has every cited section, appendix and ID', () => {
    expect(describeMissing(missingCitations(cites, doc))).toEqual([]);
  });

  it('is cited by its name in the repository, kernel-semantics.md (not the name of the notes it grew from)', () => {
    const old = files.flatMap((f) =>
      read(f)
        .split('\n')
        .flatMap((line, i) => (/(?<![\w-])semantics\.md/.test(line) ? [`${f}:${i + 1}`] : [])),
    );
    expect(old).toEqual([]);
  });

  it('the extractor is not vacuous: it finds citations known to be there', () => {
    const story09 = 'src/scenario/library/09-dax-pmd-hole.json';
    expect([...refsIn(story09, 'section')]).toEqual(expect.arrayContaining(['3.14', '4.3', '3.13', '5']));
    expect(refsIn(story09, 'id')).toContain('S-53');
    const vnp = 'src/model/vm_normal_page.ts';
    expect([...refsIn(vnp, 'id')]).toEqual(expect.arrayContaining(['B-P4', 'R-F3', 'M-S1c', 'R-NORMAL']));
    // A range in a comment, an e2e assertion, the legend and a variant comment's appendix.
    expect([...refsIn('src/model/ops/fault.ts', 'section')]).toEqual(
      expect.arrayContaining(['3.5', '3.6', '3.7', '3.8', '3.9', '3.14']),
    );
    expect(refsIn('e2e/controls.spec.ts', 'id')).toContain('M-S1c');
    expect(refsIn('src/views/tree/Legend.tsx', 'id')).toContain('M-S1b');
    expect(refsIn('src/model/variants.ts', 'appendix')).toContain('A');
    expect(refsIn('src/scenario/worked/S-60-devmem-anon-hazard.json', 'id')).toContain('S-60h');

    const distinct = (kind: Citation['kind']) =>
      new Set(cites.filter((c) => c.kind === kind).map((c) => c.ref));
    expect(distinct('section').size).toBeGreaterThanOrEqual(30);
    expect(distinct('id').size).toBeGreaterThanOrEqual(80);
    expect(cites.filter((c) => c.form === 'explicit').length).toBeGreaterThanOrEqual(60);
  });

  it('the document defines what the rules at its top say, with the §2 IDs in tables', () => {
    expect([...doc.sections]).toEqual(expect.arrayContaining(['0', '0.3', '2.2', '3.14', '7']));
    expect([...doc.ids]).toEqual(expect.arrayContaining(['B-P1', 'R-N2a', 'M-OK', 'S-39', 'S-65', 'S-60h']));
    expect([...doc.appendices]).toEqual(['A']);
  });
});

describe('the citation checker', () => {
  const fixture = [
    '/**',
    ' * Replays vm_normal_page(). kernel-semantics.md §2.4, §9.9; §3.5-§3.7',
    ' * and §3.99. Also B-Q7, R-NORMAL, S-39..S-41, M-Z*, the M-N rows, the M-O rows (see §8.1).',
    ' */',
    'const x = "kernel-semantics.md §3.2 and Appendix Z";',
  ].join('\n');
  const found = extractCitations('fixture.ts', fixture);
  const missing = describeMissing(missingCitations(found, doc));

  it('reports made-up sections, appendices, IDs and ID prefixes with file and line', () => {
    expect(missing).toEqual([
      'fixture.ts:2: §9.9 (written "§9.9", list)',
      'fixture.ts:3: §3.99 (written "§3.99", list)',
      'fixture.ts:3: §8.1 (written "§8.1", bare)',
      'fixture.ts:5: Appendix Z (written "Appendix Z", bare)',
      'fixture.ts:3: B-Q7 (written "B-Q7", id)',
      'fixture.ts:3: M-O (written "M-O", id)',
      'fixture.ts:3: an ID starting M-Z (written "M-Z*", id)',
    ]);
  });

  it('reads the explicit, list, range and bare forms', () => {
    const sections = found.filter((c) => c.kind === 'section').map((c) => `${c.ref} ${c.form}`);
    expect(sections).toEqual([
      '2.4 explicit',
      '9.9 list',
      '3.5 list',
      '3.6 list',
      '3.7 list',
      '3.99 list',
      '3.2 explicit',
      '8.1 bare',
    ]);
    expect(found.filter((c) => c.kind === 'id').map((c) => c.ref)).toEqual([
      'B-Q7',
      'R-NORMAL',
      'M-N',
      'M-O',
      'S-39',
      'S-40',
      'S-41',
    ]);
  });

  it('takes a bare § only in a text that names the document', () => {
    expect(extractCitations('other.md', 'See §3.2 of this page.')).toEqual([]);
    expect(extractCitations('other.md', 'kernel-semantics.md §3.2.').map((c) => c.ref)).toEqual(['3.2']);
  });

  it('expands a section range only where the last number differs', () => {
    expect(expandSectionRange('2.2', '2.4')).toEqual(['2.2', '2.3', '2.4']);
    expect(expandSectionRange('3.14', '4.1')).toEqual(['3.14', '4.1']);
  });
});
