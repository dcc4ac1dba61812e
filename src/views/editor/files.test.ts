import { describe, expect, it } from 'vitest';
import { checkImport, checkImportSize, exportName, MAX_IMPORT_BYTES } from './files';

describe('import and export', () => {
  it('accepts any JSON object and keeps its text as it is', () => {
    expect(checkImport('a.json', '{"version":1}')).toEqual({ ok: true, text: '{"version":1}' });
  });

  it('refuses broken files with a message naming the file and the problem', () => {
    const r = checkImport('broken.json', '{"version": 1,');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^broken\.json was not imported: not valid JSON/);
    expect(checkImport('list.json', '[]')).toEqual({
      ok: false,
      message: 'list.json was not imported: a scenario is a JSON object',
    });
    expect(checkImport('empty.json', '')).toEqual({
      ok: false,
      message: 'empty.json was not imported: the scenario is empty',
    });
  });

  it('refuses files larger than a scenario may be', () => {
    expect(checkImportSize('a.json', 1000)).toBeNull();
    expect(checkImportSize('big.json', MAX_IMPORT_BYTES + 1)).toMatch(
      /^big\.json was not imported: it is 8\.0 MiB/,
    );
  });

  it('names the file after the id, else the title', () => {
    expect(exportName('{"id": "zero-page", "title": "Zero page"}')).toBe('zero-page.json');
    expect(exportName('{"title": "Zero page: CoW / fork"}')).toBe('zero-page-cow-fork.json');
    expect(exportName('{"title": "  "}')).toBe('scenario.json');
    expect(exportName('{')).toBe('scenario.json');
  });
});
