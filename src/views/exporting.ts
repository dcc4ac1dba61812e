/**
 * Exporting what the page shows: the page-table trees and the physical memory strip as one SVG (or a
 * PNG of it), and the run's trace as JSON (the CLI's format). The SVGs on the page are styled by CSS
 * classes; an exported file carries the computed colours and fonts as SVG presentation attributes, so it
 * looks the same anywhere. Not as `style` attributes: the page's Content Security Policy forbids setting
 * those (style-src 'self'), even on a copy that is never shown, and each would log a violation.
 */

const STYLE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
];

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source);
  for (const p of STYLE_PROPS) {
    const v = cs.getPropertyValue(p);
    if (v) target.setAttribute(p, v);
  }
  const s = source.children;
  const t = target.children;
  for (let i = 0; i < s.length && i < t.length; i++) inlineStyles(s[i] as Element, t[i] as Element);
}

/** The SVGs to export, in page order: every process tree, then the memory strip. */
export function exportableSvgs(root: ParentNode = document): SVGSVGElement[] {
  return [
    ...root.querySelectorAll<SVGSVGElement>('svg[aria-label^="Page tables of process"]'),
    ...root.querySelectorAll<SVGSVGElement>('svg[aria-label="Physical address space"]'),
  ];
}

/** A caption under the picture: lines of text (the last, the share link, wrapped) in a colour. */
export interface CaptionSpec {
  readonly lines: readonly string[];
  readonly color: string;
}

const CAPTION_FONT = 13;
const CAPTION_LINE = 18;
/** Characters per caption line: a long link (a custom scenario's) wraps rather than running off. */
const CAPTION_WRAP = 120;

/** The caption's lines, each cut into pieces of at most CAPTION_WRAP characters (links have no spaces). */
export function wrapCaption(lines: readonly string[], wrap = CAPTION_WRAP): string[] {
  const out: string[] = [];
  for (const l of lines) for (let i = 0; i < Math.max(1, l.length); i += wrap) out.push(l.slice(i, i + wrap));
  return out;
}

/**
 * One standalone SVG document stacking the given SVGs vertically, styles inlined, with the caption
 * under them (as <text>, so it can be read back and searched) and in its <title> and <desc>.
 */
export function combineSvgs(
  svgs: readonly SVGSVGElement[],
  background: string,
  caption?: CaptionSpec,
): { text: string; width: number; height: number } {
  const NS = 'http://www.w3.org/2000/svg';
  const doc = document.implementation.createDocument(NS, 'svg', null);
  // A DOM that makes the document without its root element (happy-dom, in the unit tests) gets one.
  const out = doc.documentElement ?? doc.appendChild(doc.createElementNS(NS, 'svg'));
  let y = 0;
  let width = 0;
  const gap = 16;
  for (const svg of svgs) {
    const box = svg.getBoundingClientRect();
    const w = Math.ceil(box.width);
    const h = Math.ceil(box.height);
    const copy = svg.cloneNode(true) as SVGSVGElement;
    inlineStyles(svg, copy);
    copy.setAttribute('x', '0');
    copy.setAttribute('y', String(y));
    copy.setAttribute('width', String(w));
    copy.setAttribute('height', String(h));
    copy.removeAttribute('class');
    out.appendChild(doc.importNode(copy, true));
    y += h + gap;
    width = Math.max(width, w);
  }
  let height = Math.max(0, y - gap);
  if (caption) {
    const lines = wrapCaption(caption.lines);
    const g = doc.createElementNS(NS, 'g');
    g.setAttribute('data-caption', '');
    g.setAttribute('font-family', 'ui-sans-serif, system-ui, sans-serif');
    g.setAttribute('font-size', String(CAPTION_FONT));
    g.setAttribute('fill', caption.color);
    let ty = height + gap + CAPTION_FONT;
    for (const [i, line] of lines.entries()) {
      const t = doc.createElementNS(NS, 'text');
      t.setAttribute('x', '8');
      t.setAttribute('y', String(ty));
      if (i === 0) t.setAttribute('font-weight', '600');
      t.textContent = line;
      g.appendChild(t);
      ty += CAPTION_LINE;
    }
    out.appendChild(g);
    height = ty - CAPTION_LINE + 6;
    // About 0.6 em a character: wide enough for the longest line in a sans-serif face.
    const longest = Math.max(...lines.map((l) => l.length));
    width = Math.max(width, Math.ceil(longest * CAPTION_FONT * 0.6) + 16);
    const title = doc.createElementNS(NS, 'title');
    title.textContent = caption.lines[0] ?? '';
    const desc = doc.createElementNS(NS, 'desc');
    desc.textContent = caption.lines.join('\n');
    out.insertBefore(desc, out.firstChild);
    out.insertBefore(title, out.firstChild);
  }
  out.setAttribute('xmlns', NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = doc.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  // After <title> and <desc>, which come first in a document that has them.
  const firstDrawn = [...out.children].find((c) => c.localName !== 'title' && c.localName !== 'desc');
  out.insertBefore(bg, firstDrawn ?? null);
  return { text: new XMLSerializer().serializeToString(doc), width, height };
}

/** Renders an SVG document to PNG (through an <img> of a blob URL, allowed by the page's CSP). */
export async function svgToPng(
  svg: { text: string; width: number; height: number },
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(svg.width * scale));
    canvas.height = Math.max(1, Math.round(svg.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export { download } from './download';
