// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { combineSvgs, wrapCaption } from './exporting';

const NS = 'http://www.w3.org/2000/svg';

function pictureOf(): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg') as SVGSVGElement;
  const r = document.createElementNS(NS, 'rect');
  r.setAttribute('width', '10');
  svg.appendChild(r);
  document.body.appendChild(svg);
  return svg;
}

describe('the exported SVG’s caption', () => {
  it('writes each caption line as text, in <title> and <desc>, with no script and as valid XML', () => {
    const lines = [
      'The shared zero page <&> "quoted"',
      'Kernel v6.18; x86-64, CONFIG_ARCH_HAS_PTE_SPECIAL=y',
      'Step 2: A: read 0x10001000',
      'https://host/ptlab/?v=1&s=zero-page&step=2',
    ];
    const out = combineSvgs([pictureOf()], '#ffffff', { lines, color: 'rgb(0, 0, 0)' });
    const doc = new DOMParser().parseFromString(out.text, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const texts = [...doc.querySelectorAll('g[data-caption] text')].map((t) => t.textContent);
    expect(texts).toEqual(lines);
    expect(doc.querySelector('title')?.textContent).toBe(lines[0]);
    expect(doc.querySelector('desc')?.textContent).toBe(lines.join('\n'));
    expect(out.text).not.toMatch(/<script|\son\w+=/i);
    expect(out.text).toContain('&lt;&amp;&gt;');
    // The caption is inside the picture: its last line's baseline is above the bottom edge.
    const lastY = Number(doc.querySelector('g[data-caption] text:last-child')?.getAttribute('y'));
    expect(lastY).toBeLessThan(out.height);
    expect(out.width).toBeGreaterThanOrEqual(Math.ceil((lines[1]?.length ?? 0) * 13 * 0.6));
  });

  it('wraps a long link into lines of at most 120 characters, losing nothing', () => {
    const link = `https://host/?v=1#z=${'x'.repeat(300)}`;
    const wrapped = wrapCaption(['title', link]);
    expect(wrapped[0]).toBe('title');
    expect(wrapped.slice(1).join('')).toBe(link);
    expect(Math.max(...wrapped.map((l) => l.length))).toBe(120);
  });
});
