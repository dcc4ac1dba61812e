/**
 * docs/kernel-semantics.md as a page of the site (kernel-semantics.html), so that the branch IDs and
 * § numbers the page shows can link to their definition. Made at build time (vite.config.ts); nothing of
 * it is in the app's bundle.
 *
 * Anchors: each heading has GitHub's slug (the document's own contents links use them) and, for a
 * numbered one, `s-3-14` for §3.14; each ID row of a table is `id="B-P4"`. specAnchor() says which.
 */
import { Marked } from 'marked';
import { specAnchor } from './anchor';

/** GitHub's heading slug: lower case, punctuation other than "-" and "_" dropped, spaces to "-". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The document as one HTML page with the stylesheet at `cssHref`. */
export function specHtml(markdown: string, cssHref: string): string {
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth, text }) {
        const inner = this.parser.parseInline(tokens);
        const plain = text.replace(/`/g, '');
        const num = /^(\d+(?:\.\d+)*)\.?\s/.exec(plain)?.[1] ?? /^Appendix ([A-Z])\b/.exec(plain)?.[1];
        const extra = num ? `<span id="${specAnchor(num)}"></span>` : '';
        return `<h${depth} id="${escapeHtml(slug(plain))}">${extra}${inner}</h${depth}>\n`;
      },
    },
  });
  const body = (marked.parse(markdown) as string).replace(
    /<tr>\n<td>([A-Z]+-[A-Za-z0-9]+)<\/td>/g,
    (_m, id: string) => `<tr id="${escapeHtml(id)}">\n<td>${id}</td>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>ptlab: kernel semantics</title>
<link rel="stylesheet" href="${escapeHtml(cssHref)}" />
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
}
