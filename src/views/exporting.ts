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

/** One standalone SVG document stacking the given SVGs vertically, styles inlined. */
export function combineSvgs(
  svgs: readonly SVGSVGElement[],
  background: string,
): { text: string; width: number; height: number } {
  const NS = 'http://www.w3.org/2000/svg';
  const doc = document.implementation.createDocument(NS, 'svg', null);
  const out = doc.documentElement;
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
  const height = Math.max(0, y - gap);
  out.setAttribute('xmlns', NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = doc.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  out.insertBefore(bg, out.firstChild);
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

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
