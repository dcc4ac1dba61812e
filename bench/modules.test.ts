import { describe, expect, it } from 'vitest';
import type { Chunk } from './bundle';
import { byGroup, chunkName, groupOf, moduleName, moduleRows } from './modules';

describe('bench/modules.ts: the largest modules, from the visualizer data', () => {
  it('names chunks without their hash, and modules from the project root', () => {
    expect(chunkName('assets/index-B0V9xz_3.js')).toBe('index');
    expect(chunkName('14-scale-1gib-remap-Cb6gL9yN.js')).toBe('14-scale-1gib-remap');
    expect(chunkName('assets/tasks-CSloOml-.js')).toBe('tasks');
    expect(moduleName('/node_modules/zod/v4/core/api.js')).toBe('node_modules/zod/v4/core/api.js');
    expect(moduleName('work/src/model/kernel.ts')).toBe('src/model/kernel.ts');
    expect(moduleName('/abs/checkout/node_modules/d3-zoom/src/zoom.js')).toBe(
      'node_modules/d3-zoom/src/zoom.js',
    );
    expect(groupOf('node_modules/zod/v4/core/api.js')).toBe('zod');
    expect(groupOf('node_modules/@scope/pkg/x.js')).toBe('@scope/pkg');
    expect(groupOf('src/model/ops/fault.ts')).toBe('src/model/ops');
  });

  it("shares out each chunk's real gzip size by its modules' gzipped code, and marks what loads to open", () => {
    const data = (lens: Record<string, [string, number, number][]>) => {
      const nodeParts: Record<string, { renderedLength: number; gzipLength: number; metaUid: string }> = {};
      const nodeMetas: Record<string, { id: string; moduleParts: Record<string, string> }> = {};
      for (const [bundle, mods] of Object.entries(lens))
        for (const [id, raw, gz] of mods) {
          const uid = `${bundle}:${id}`;
          nodeParts[uid] = { renderedLength: raw, gzipLength: gz, metaUid: id };
          nodeMetas[id] ??= { id, moduleParts: {} };
          (nodeMetas[id] as { moduleParts: Record<string, string> }).moduleParts[bundle] = uid;
        }
      return { nodeParts, nodeMetas };
    };
    const page = {
      'assets/index-AAAAAAAA.js': [
        ['/src/a.ts', 600, 300],
        ['/node_modules/react-dom/x.js', 400, 100],
      ] as [string, number, number][],
      'assets/lazy-BBBBBBBB.js': [['/src/b.ts', 100, 50]] as [string, number, number][],
    };
    const worker = { 'assets/worker-CCCCCCCC.js': [['/src/m.ts', 500, 80]] as [string, number, number][] };
    const chunks: Chunk[] = [
      { file: 'index-AAAAAAAA.js', role: 'main', raw: 1000, gzip: 200 },
      { file: 'lazy-BBBBBBBB.js', role: 'lazy', raw: 100, gzip: 40 },
      { file: 'worker-CCCCCCCC.js', role: 'worker', raw: 500, gzip: 90 },
    ];
    const rows = moduleRows(
      { page: data(page), worker: data(worker) },
      { page: data(page), worker: data(worker) },
      chunks,
    );
    const a = rows.find((r) => r.module === 'src/a.ts');
    expect(a).toMatchObject({ chunk: 'index', side: 'page', opening: true, raw: 600, rawShare: 0.6 });
    expect(a?.gzip).toBeCloseTo(150); // 300 of the 400 gzipped: three quarters of the chunk's 200
    expect(rows.find((r) => r.module === 'src/b.ts')).toMatchObject({
      opening: false,
      gzip: 40,
      gzipShare: 1,
    });
    expect(rows.find((r) => r.module === 'src/m.ts')).toMatchObject({
      side: 'worker',
      opening: true,
      gzip: 90,
    });
    expect(rows[0]?.module).toBe('src/a.ts');
    const groups = byGroup(rows.filter((r) => r.opening));
    expect(groups.map((g) => g.module)).toEqual(['src', 'src', 'react-dom']);
  });
});
