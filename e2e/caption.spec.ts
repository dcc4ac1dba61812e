/**
 * Pictures that say what they show: an exported SVG and PNG carry a caption (scenario title, kernel,
 * configuration, step number and label, and the share link as text); the SVG stays valid, standalone
 * and free of script.
 */
import { type Download, expect, test } from '@playwright/test';

const bytesOf = async (d: Download) => Buffer.concat(await (await d.createReadStream()).toArray());

test('an exported PNG and SVG carry the caption; the SVG reads back, is valid and has no script', async ({
  page,
}) => {
  await page.goto('/?v=1&s=zero-page&variant=rfc-08&pte_special=0&step=2');
  await expect(page.getByTestId('step-position')).toHaveText(/^Step 2 of \d+$/);
  const logged: string[] = [];
  page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
  await page.getByText('Export', { exact: true }).click();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Trees and memory as PNG' }).click(),
  ]);
  const pngBytes = await bytesOf(png);
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Trees and memory as SVG' }).click(),
  ]);
  const svgText = (await bytesOf(svg)).toString();
  // The caption, read back from the SVG's text as a browser parses the file.
  const read = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      errors: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.localName,
      ns: doc.documentElement.namespaceURI,
      title: doc.querySelector('svg > title')?.textContent ?? null,
      lines: [...doc.querySelectorAll('g[data-caption] text')].map((t) => t.textContent ?? ''),
      scripts: doc.querySelectorAll('script, foreignObject').length,
      handlers: [...doc.querySelectorAll('*')].flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name),
      ),
      height: Number(doc.documentElement.getAttribute('height')),
    };
  }, svgText);
  expect(read.errors).toBe(0);
  expect(read.root).toBe('svg');
  expect(read.ns).toBe('http://www.w3.org/2000/svg');
  const title = 'The shared zero page: a read fault maps it, a write fault replaces it';
  expect(read.title).toBe(title);
  expect(read.lines.slice(0, 3)).toEqual([
    title,
    'Kernel RFC 08/14; x86-64, CONFIG_ARCH_HAS_PTE_SPECIAL=n',
    'Step 2: A: read 0x10001000',
  ]);
  expect(read.lines.slice(3).join('')).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/\?v=1&s=zero-page&variant=rfc-08&pte_special=0&step=2$/,
  );
  expect(read.scripts).toBe(0);
  expect(read.handlers).toEqual([]);
  expect(svgText).not.toMatch(/<script|javascript:/i);
  // The PNG is that SVG drawn at twice the size, caption included: its height (bytes 20-23 of IHDR).
  expect(pngBytes.readUInt32BE(20)).toBe(read.height * 2);
  // A look at the captioned picture, as a reader would see it pasted elsewhere.
  const shot = await page.evaluate(
    async (bytes) => {
      const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
      const img = document.createElement('img');
      img.src = URL.createObjectURL(blob);
      img.alt = 'exported picture';
      img.id = 'exported-png';
      img.width = img.naturalWidth / 2 || 800;
      document.body.prepend(img);
      await img.decode();
      img.width = img.naturalWidth / 2;
      return img.naturalHeight / 2;
    },
    [...pngBytes],
  );
  expect(shot).toBe(read.height);
  await page.locator('#exported-png').screenshot({ path: 'test-results/teach-export-caption.png' });
  expect(logged).toEqual([]);
});
