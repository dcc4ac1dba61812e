import { describe, expect, it } from 'vitest';
import { anonMapping } from './fixtures';
import { branches, family, lab, printed, reportCounts, reports } from './lab';

describe('the lab() harness', () => {
  it('builds a scenario step by step, runs it in a chosen kernel and reads entries, branches and counters', () => {
    const r = lab()
      .anon('A', '0x10000000', '0x4000')
      .read('A', '0x10001000')
      .write('A', '0x10001000')
      .in({ variant: 'rfc-11', preset: 'no-pte-special' })
      .run();
    expect(r.steps).toHaveLength(4);
    expect(r.step(2).result).toBe('0');
    expect(branches(r.step(2))).toEqual([]); // a read fault maps the zero page without asking
    expect(branches(r.step(3))).toContain('R-N3'); // the write's do_wp_page() asks: is_zero_pfn()
    expect(r.entry(2, 'A', 0x10001000)).toMatchObject({ level: 'pte', pfn: 0x42, write: false });
    expect(r.entry(3, 'A', 0x10001000)?.write).toBe(true);
    expect(r.proc(3).counters.anon).toBe(1);
    expect(() => r.step(9)).toThrow(/has no step 9/);
  });

  it('starts from an existing scenario, merges the config and runs each scenario once', () => {
    const s = anonMapping([{ op: 'read', proc: 'A', addr: '0x10000000' }]);
    const a = lab(s).in({ variant: 'v6.18', config: { debugVm: true } });
    expect(a.json().kernel).toEqual({ variant: 'v6.18', config: { debugVm: true } });
    expect(a.run()).toBe(a.run());
    expect(s.kernel).toEqual({ variant: 'v6.18' }); // the given scenario is not changed
  });

  it('reads reports: every one, printed ones, by kind', () => {
    const r = lab()
      .procs('A')
      .steps(
        {
          op: 'mmap',
          proc: 'A',
          addr: '0x10000000',
          length: '0x1000',
          prot: ['read'],
          backing: { type: 'anon' },
        },
        { op: 'inject', proc: 'A', addr: '0x10000000', level: 'pte', entry: { type: 'leaf', pfn: '0x5000' } },
        { op: 'munmap', proc: 'A', addr: '0x10000000', length: '0x1000' },
      )
      .run();
    const zap = r.last;
    expect(printed(zap, 'bad_page_map')).toHaveLength(1);
    expect(reportCounts(zap).bad_page_map).toBe(1);
    expect(reports(zap).length).toBeGreaterThanOrEqual(printed(zap).length);
  });

  it('names the body vm_normal_page*() has per variant', () => {
    expect([
      family('baseline'),
      family('rfc-09'),
      family('rfc-10'),
      family('v6.18'),
      family('fix-2026'),
    ]).toEqual(['base', 'base', 'rfc', 'merged', 'merged']);
  });

  it('refuses an invalid scenario with its problems', () => {
    expect(() => lab().steps({ op: 'read', proc: 'nobody', addr: '0x0' }).run('broken')).toThrow(
      /invalid broken/,
    );
  });
});
