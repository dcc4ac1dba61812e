import { describe, expect, it } from 'vitest';
import { anonMapping } from '../../scenario/fixtures';
import { runScenarioInput } from '../../scenario/run';
import { createLabStore } from '../store';
import { captionLines, captionOf, configLine } from './caption';

describe('what a picture or an embed says it shows', () => {
  it('names the title, kernel, configuration and step of the view, and the link last', async () => {
    const text = JSON.stringify({
      ...anonMapping([{ op: 'read', proc: 'A', addr: '0x10001000' }]),
      title: 'A read',
    });
    const store = createLabStore({ text, runner: async (i) => runScenarioInput(i) });
    await store.getState().run();
    store.getState().setVariant('rfc-08');
    store.getState().setOption('debugVm', false);
    await new Promise((r) => setTimeout(r, 50));
    store.getState().select(2);
    const c = captionOf(store.getState());
    expect(c).toEqual({
      title: 'A read',
      kernel: 'RFC 08/14',
      config: 'x86-64, CONFIG_ARCH_HAS_PTE_SPECIAL=y, CONFIG_DEBUG_VM=n',
      step: 2,
      stepLabel: 'A: read 0x10001000',
    });
    expect(captionLines(c, 'https://h/?v=1')).toEqual([
      'A read',
      'Kernel RFC 08/14; x86-64, CONFIG_ARCH_HAS_PTE_SPECIAL=y, CONFIG_DEBUG_VM=n',
      'Step 2: A: read 0x10001000',
      'https://h/?v=1',
    ]);
  });

  it('says the preset’s own CONFIG_ARCH_HAS_PTE_SPECIAL, and levels as a number', () => {
    expect(configLine({ variant: 'v6.18', preset: 'no-pte-special', config: { pgtableLevels: 5 } })).toBe(
      'no-pte-special, CONFIG_ARCH_HAS_PTE_SPECIAL=n, CONFIG_PGTABLE_LEVELS=5',
    );
  });
});
