import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { specAnchor, specHref } from './anchor';
import { indexDoc } from './citations';
import { slug, specHtml } from './page';

const DOC = readFileSync(new URL('../../docs/kernel-semantics.md', import.meta.url), 'utf8');
const HTML = specHtml(DOC, 'kernel-semantics.css');
const ids = new Set([...HTML.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));

describe('kernel-semantics.html', () => {
  it('has an anchor for every section, appendix and ID the document defines, where specHref() points', () => {
    const doc = indexDoc(DOC);
    const missing = [...doc.sections, ...doc.appendices, ...doc.ids].filter((r) => !ids.has(specAnchor(r)));
    expect(missing).toEqual([]);
    expect(doc.ids.size).toBeGreaterThan(50);
    expect(specHref('3.14')).toBe('kernel-semantics.html#s-3-14');
    expect(specHref('B-P4')).toBe('kernel-semantics.html#B-P4');
  });

  it("keeps GitHub's heading slugs, which the document's contents link to", () => {
    const links = [...DOC.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !ids.has(l))).toEqual([]);
    expect(slug('2.1 v6.15 and v6.16 (not modelled)')).toBe('21-v615-and-v616-not-modelled');
  });

  it('is a page of its own: no script, a policy that allows none, the stylesheet it names', () => {
    expect(HTML).not.toMatch(/<script/i);
    expect(HTML).toContain("default-src 'none'");
    expect(HTML).toContain('<link rel="stylesheet" href="kernel-semantics.css" />');
  });
});
