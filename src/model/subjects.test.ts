/** What each step is about (StepRecord.subjects): the entry the page's decision path follows. */
import { describe, expect, it } from 'vitest';
import { devmemRemap } from '../scenario/fixtures';
import { lab } from '../scenario/lab';
import { libraryScenario } from '../scenario/library';

const story = (id: string) => {
  const s = libraryScenario(id);
  if (!s) throw new Error(id);
  return lab(s.scenario).run(id);
};

describe('the subject of a step', () => {
  it('a query is about the entry it asks about: story 02 step 4 is the PMD at 0x40000000', () => {
    const r = story('thp-huge-zero');
    expect(r.step(4).title).toMatch(/vm_normal_page_pmd\(0x40000000\)/);
    expect(r.step(4).subjects[0]).toEqual({ proc: 'A', level: 'pmd', v: 0x40000 });
  });

  it('a fault is about the entry at its address, at the level that maps it', () => {
    const r = lab()
      .anon('A', '0x10000000', '0x4000')
      .read('A', '0x10001000')
      .write('A', '0x10001000')
      .write('A', '0x10001000')
      .run();
    for (const i of [2, 3, 4]) expect(r.step(i).subjects[0]).toEqual({ proc: 'A', level: 'pte', v: 0x10001 });
    expect(r.step(1).subjects).toEqual([]); // an mmap writes no entry
  });

  it('a fork is about what it copied: the parent entries decided about, then the child entries written', () => {
    const r = lab().anon('A', '0x10000000', '0x4000').write('A', '0x10000000').fork('A', 'B').run();
    expect(r.step(3).subjects.slice(0, 2)).toEqual([
      { proc: 'A', level: 'pte', v: 0x10000 },
      { proc: 'B', level: 'pte', v: 0x10000 },
    ]);
  });

  it('a step that touches a whole mapping keeps the first eight entries and says there are more', () => {
    const r = lab(devmemRemap('0x200000')).run();
    expect(r.step(1).subjects).toHaveLength(8);
    expect(r.step(1).subjects[0]).toEqual({ proc: 'A', level: 'pte', v: 0x40000 });
    expect(r.step(1).subjectsMore).toBe(true);
  });

  it('a report is about the entry it points at', () => {
    const r = lab()
      .anon('A', '0x10000000', '0x2000')
      .steps(
        {
          op: 'inject',
          proc: 'A',
          addr: '0x10001000',
          level: 'pte',
          entry: { type: 'leaf', pfn: '0x5000', write: true },
        },
        { op: 'munmap', proc: 'A', addr: '0x10000000', length: '0x2000' },
      )
      .run();
    const at = r.last.events.find((e) => e.t === 'report' && e.kind === 'bad_page_map' && e.at);
    expect(at?.t === 'report' && at.at).toEqual({ proc: 'A', level: 'pte', vaddr: '0x10001000' });
    expect(r.last.subjects).toContainEqual({ proc: 'A', level: 'pte', v: 0x10001 });
  });
});
