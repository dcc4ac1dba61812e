import { afterEach, describe, expect, it } from 'vitest';
import { anonMapping } from '../scenario/fixtures';
import { runScenarioInput } from '../scenario/run';
import { LAST_KEY, readLast, rememberIn } from './resume';
import { createLabStore, type LabState, type LabStore, LINK_FIELDS, type LinkField } from './store';
import { embedCode, embedLinkOf, linkOf, setEmbedMode, startUrlSync, type WindowLike } from './url';

const BUILTIN = JSON.stringify(
  anonMapping(
    [
      { op: 'read', proc: 'A', addr: '0x10001000' },
      { op: 'write', proc: 'A', addr: '0x10001000' },
    ],
    { id: 'zero-page' },
  ),
);
const lookup = (id: string) => (id === 'zero-page' ? BUILTIN : undefined);

function fakeWindow(url: string) {
  const entries: string[] = [];
  const [path, rest = ''] = url.split('?');
  const hashAt = rest.indexOf('#');
  const w = {
    location: {
      pathname: path as string,
      search: rest ? `?${hashAt < 0 ? rest : rest.slice(0, hashAt)}` : '',
      hash: hashAt < 0 ? '' : rest.slice(hashAt),
    },
    pushes: entries,
    replaces: [] as string[],
    history: {
      pushState(_d: unknown, _u: string, u: string) {
        entries.push(u);
        w.set(u);
      },
      replaceState(_d: unknown, _u: string, u: string) {
        w.replaces.push(u);
        w.set(u);
      },
    },
    set(u: string) {
      const q = u.indexOf('?');
      const h = u.indexOf('#');
      w.location.search = q < 0 ? '' : u.slice(q, h < 0 ? undefined : h);
      w.location.hash = h < 0 ? '' : u.slice(h);
    },
    listeners: [] as (() => void)[],
    hiding: [] as (() => void)[],
    addEventListener(type: string, f: () => void) {
      if (type === 'popstate') w.listeners.push(f);
      if (type === 'pagehide') w.hiding.push(f);
    },
    /** The user leaves the page (a reload, another address). */
    leave() {
      for (const f of w.hiding) f();
    },
    removeEventListener() {},
    /** The browser's Back to the entry `u`: the address changes, then popstate. */
    back(u: string) {
      w.set(u);
      for (const f of w.listeners) f();
    },
  };
  return w;
}

const store = () => createLabStore({ text: BUILTIN, runner: async (i) => runScenarioInput(i) });
const settle = () => new Promise((r) => setTimeout(r, 200));

/** A page opened at `url`: its store and window, once the link has been applied and the run is done. */
async function opened(url: string) {
  const s = store();
  const w = fakeWindow(url);
  startUrlSync(s, w as unknown as WindowLike, lookup);
  await settle();
  return { s, w };
}

describe('address bar and store', () => {
  it('opens a built-in scenario link at the step, variant and entry it names', async () => {
    const { s } = await opened(
      '/?v=1&s=zero-page&variant=baseline&pte_special=0&step=2&entry=A:pte:0x10001000',
    );
    const st = s.getState();
    expect(st.linkError).toBeNull();
    expect(st.scenarioId).toBe('zero-page');
    expect(st.settings).toEqual({ variant: 'baseline', preset: 'x86-64', config: { pteSpecial: false } });
    expect(st.cursor).toBe(2);
    expect(st.selected).toEqual({ proc: 'A', level: 'pte', v: 0x10001 });
    expect(st.steps).toHaveLength(4);
  });

  it('stepping replaces the history entry; a variant change pushes one; the link reopens the same view', async () => {
    const { s, w } = await opened('/');
    s.getState().next();
    s.getState().next();
    expect(w.pushes).toHaveLength(0);
    s.getState().setVariant('rfc-11');
    await settle();
    expect(w.pushes).toHaveLength(1);
    const link = linkOf(s.getState());
    expect(link).toContain('variant=rfc-11');
    expect(link).toContain('step=2');
    expect(link).toMatch(/#z=|#j=/); // the example is a custom scenario

    const { s: again } = await opened(`/${link}`);
    expect(again.getState()).toMatchObject({ cursor: 2, linkError: null, text: expect.any(String) });
    expect(again.getState().settings?.variant).toBe('rfc-11');
  });

  it('Back right after a variant change returns to the entry before it, and stays there', async () => {
    const { s, w } = await opened('/?v=1&s=zero-page');
    s.getState().next();
    s.getState().next();
    s.getState().setVariant('rfc-11');
    // The push writes the stepping's pending replacement first: that is the entry Back returns to.
    const before = '?v=1&s=zero-page&step=2';
    expect(w.replaces.at(-1)).toBe(`/${before}`);
    expect(w.pushes).toEqual(['/?v=1&s=zero-page&variant=rfc-11&step=2']);
    // The re-run's answer arrives; Back comes before the address would have been rewritten for it.
    await new Promise((r) => setTimeout(r, 20));
    w.back(`/${before}`);
    await settle();
    expect(`${w.location.search}${w.location.hash}`).toBe(before);
    expect(s.getState().settings).toBeNull();
    expect(s.getState().cursor).toBe(2);
  });

  it('opening a link of a custom scenario keeps its fragment in the address', async () => {
    const json = JSON.parse(BUILTIN);
    delete json.id;
    // Compact JSON, %-encoded: not what the page would write itself (it writes the editor's text).
    const hash = `#j=${encodeURIComponent(JSON.stringify(json))}`;
    const { s, w } = await opened(`/?v=1&step=1${hash}`);
    expect(s.getState()).toMatchObject({ linkError: null, cursor: 1, status: 'done' });
    expect(w.location.hash).toBe(hash);
    s.getState().next();
    await settle();
    expect(w.location.search).toContain('step=2');
    expect(w.location.hash).toBe(hash);
    // An edit that runs is a new scenario: its own fragment.
    s.getState().setText(s.getState().text.replace('0x10001000', '0x10002000'));
    await s.getState().run();
    await settle();
    expect(w.location.hash).not.toBe(hash);
    expect(w.location.hash).toMatch(/^#[zj]=/);
  });

  it.each([
    ['/?s=no-such-scenario', /no built-in scenario "no-such-scenario"/],
    ['/?v=1#z=garbage!!', /damaged/],
    ['/?v=1#j=%7B%22version%22%3A1%7D', /not valid: /],
  ])('a broken link %s opens the default view with a message', async (url, message) => {
    const { s } = await opened(url);
    const st = s.getState();
    expect(st.linkError).toMatch(message);
    if (url.includes('#j=')) {
      // An invalid scenario stays in the editor, its problems listed.
      expect(st.status).toBe('invalid');
      expect(st.problems.length).toBeGreaterThan(0);
    } else {
      expect(st.status).toBe('done');
      expect(st.steps.length).toBeGreaterThan(0);
    }
  });
});

describe('a visit without a link', () => {
  it('shows the start view when told to, with the page address, and Back to it shows it again', async () => {
    const s = store();
    const w = fakeWindow('/');
    const kept: string[] = [];
    startUrlSync(s, w as unknown as WindowLike, lookup, { plain: 'start', remember: (l) => kept.push(l) });
    await settle();
    expect(s.getState().start).toBe(true);
    expect(s.getState().steps).toEqual([]); // nothing ran
    expect(w.location.search).toBe('');
    expect(kept).toEqual(['']);
    await s.getState().openBuiltin('zero-page', 2);
    await settle();
    expect(s.getState()).toMatchObject({ start: false, cursor: 2, scenarioId: 'zero-page' });
    expect(w.location.search).toMatch(/s=zero-page&step=2/);
    // One history entry for the story, not one for its text and another for its run.
    expect(w.pushes).toHaveLength(1);
    expect(kept.at(-1)).toMatch(/^\?v=1&s=zero-page&step=2/);
    w.back('/');
    await settle();
    expect(s.getState().start).toBe(true);
  });

  it('reopens the address kept from last time, once: Back to the plain address is the start view', async () => {
    const s = store();
    const w = fakeWindow('/');
    startUrlSync(s, w as unknown as WindowLike, lookup, {
      plain: 'start',
      resume: '?v=1&s=zero-page&step=1',
    });
    await settle();
    expect(s.getState()).toMatchObject({ start: false, cursor: 1, scenarioId: 'zero-page' });
    expect(w.location.search).toMatch(/s=zero-page&step=1/);
    w.back('/');
    await settle();
    expect(s.getState().start).toBe(true);
  });

  it('leaving the page writes and remembers the step it was at, even within the pause', async () => {
    const s = store();
    const w = fakeWindow('/?v=1&s=zero-page&step=1');
    const kept: string[] = [];
    startUrlSync(s, w as unknown as WindowLike, lookup, { remember: (l) => kept.push(l) });
    await settle();
    s.getState().next();
    w.leave();
    expect(w.location.search).toMatch(/step=2/);
    expect(kept.at(-1)).toMatch(/step=2/);
  });

  it('keeps the address in storage, never a link that could not be opened', async () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
    const remember = rememberIn(storage);
    startUrlSync(store(), fakeWindow('/?v=1&s=zero-page&step=1') as unknown as WindowLike, lookup, {
      remember,
    });
    await settle();
    expect(readLast(storage)).toMatch(/^\?v=1&s=zero-page&step=1/);
    startUrlSync(store(), fakeWindow('/?s=no-such-story') as unknown as WindowLike, lookup, { remember });
    await settle();
    expect(readLast(storage)).toMatch(/^\?v=1&s=zero-page&step=1/);
    data.set(LAST_KEY, 'garbage');
    expect(readLast(storage)).toBeUndefined();
  });
});

describe('a link with values ptlab does not know', () => {
  it('opens with the nearest valid ones, names them, and the address then says what is shown', async () => {
    const { s, w } = await opened('/?v=1&s=zero-page&variant=v6.19&pte_special=maybe&step=99');
    await settle();
    const st = s.getState();
    expect(st.linkError).toBeNull();
    expect(st.settings?.variant).toBe('v6.18');
    expect(st.settings?.config).toEqual({});
    expect(st.cursor).toBe(st.steps.length - 1);
    expect(st.linkReplaced).toEqual([
      'kernel variant "v6.19" is not one ptlab models: showing v6.18, the nearest',
      'pte_special="maybe" is not 0 or 1: showing the scenario’s own value',
      `step 99 is past the run's last step: showing step ${st.steps.length - 1}, the last`,
    ]);
    expect(w.location.search).not.toContain('v6.19');
    expect(w.location.search).not.toContain('maybe');
    expect(w.location.search).toContain(`step=${st.steps.length - 1}`);
  });

  it('an unknown variant with nothing near leaves the scenario’s own kernel', async () => {
    const { s } = await opened('/?v=1&s=zero-page&variant=nope');
    const st = s.getState();
    expect(st.settings).toBeNull();
    expect(st.linkReplaced[0]).toMatch(/"nope" .*showing the scenario’s own/);
    expect(st.status).toBe('done');
  });
});

describe('a step-range embed', () => {
  afterEach(() => setEmbedMode(false));

  it('opens at the range’s first step and steps, plays to and jumps within it only', async () => {
    setEmbedMode(true);
    const { s, w } = await opened('/?v=1&s=zero-page&from=1&to=2&embed=1');
    const st = s.getState();
    expect(st.linkReplaced).toEqual([]);
    expect(st.range).toEqual({ from: 1, to: 2 });
    expect(st.cursor).toBe(1);
    st.next();
    st.next();
    st.next();
    expect(s.getState().cursor).toBe(2);
    st.first();
    expect(s.getState().cursor).toBe(1);
    st.prev();
    expect(s.getState().cursor).toBe(1);
    st.select(3);
    expect(s.getState().cursor).toBe(2);
    st.last();
    await settle();
    expect(w.location.search).toBe('?v=1&s=zero-page&step=2&from=1&to=2&embed=1');
    // "Open in ptlab": the full page at that step, without the range.
    expect(linkOf(s.getState(), true)).toBe('?v=1&s=zero-page&step=2');
  });

  it('brings an end past the run and a step outside the range to the nearest, and says so', async () => {
    setEmbedMode(true);
    const { s } = await opened('/?v=1&s=zero-page&step=0&from=2&to=9&embed=1');
    const st = s.getState();
    expect(st.range).toEqual({ from: 2, to: 3 });
    expect(st.cursor).toBe(2);
    expect(st.linkReplaced).toEqual([
      "the range's to 9 is past the run's last step: to step 3, the last",
      'step 0 is outside the range: showing step 2, the nearest in it',
    ]);
  });

  it('the embed code names the current step or a range, its size, and escapes what it quotes', async () => {
    const { s } = await opened('/?v=1&s=zero-page&step=2');
    expect(embedLinkOf(s.getState(), null)).toBe('?v=1&s=zero-page&step=2&embed=1');
    const ranged = embedLinkOf(s.getState(), { from: 1, to: 3 });
    expect(ranged).toBe('?v=1&s=zero-page&step=2&from=1&to=3&embed=1');
    expect(embedCode(`https://h/${ranged}`, 'Zero "page"', 800, 500)).toBe(
      '<iframe src="https://h/?v=1&amp;s=zero-page&amp;step=2&amp;from=1&amp;to=3&amp;embed=1" width="800" height="500" title="ptlab: Zero &quot;page&quot;" loading="lazy"></iframe>',
    );
  });

  it('a range outside the embed view is ignored: the full page opens as before', async () => {
    const { s } = await opened('/?v=1&s=zero-page&step=3&from=1&to=2');
    expect(s.getState().range).toBeNull();
    expect(s.getState().cursor).toBe(3);
    expect(s.getState().linkReplaced).toEqual([]);
  });
});

describe('PERSIST drives the link', () => {
  it('the link carries exactly the fields PERSIST marks "link"', () => {
    expect([...LINK_FIELDS].sort()).toEqual([
      'compare',
      'cursor',
      'explain',
      'filter',
      'ranText',
      'range',
      'scenarioId',
      'selected',
      'settings',
    ]);
  });

  /** Per link field: a view where it differs from the default, and what the reopened page must hold. */
  const CASES: { readonly [K in LinkField]: { set(s: LabStore): Promise<void>; expect(s: LabState): void } } =
    {
      scenarioId: {
        set: async (s) => s.getState().loadScenario(BUILTIN, 'zero-page'),
        expect: (st) => expect(st.scenarioId).toBe('zero-page'),
      },
      ranText: {
        set: async (s) => {
          s.getState().setText(BUILTIN.replace('0x10001000', '0x10002000'));
          await s.getState().run();
        },
        expect: (st) => {
          expect(st.scenarioId).toBeNull();
          expect(JSON.parse(st.ranText ?? 'null')).toEqual(
            JSON.parse(BUILTIN.replace('0x10001000', '0x10002000')),
          );
        },
      },
      settings: {
        set: async (s) => {
          s.getState().setVariant('rfc-11');
          s.getState().setOption('pteSpecial', false);
          await settle();
        },
        expect: (st) =>
          expect(st.settings).toEqual({ variant: 'rfc-11', preset: 'x86-64', config: { pteSpecial: false } }),
      },
      cursor: {
        set: async (s) => s.getState().select(2),
        expect: (st) => expect(st.cursor).toBe(2),
      },
      // A range travels in the embed view's links only (the full page has no range).
      range: {
        set: async (s) => {
          setEmbedMode(true);
          s.getState().setRange({ from: 1, to: 2 });
        },
        expect: (st) => expect(st.range).toEqual({ from: 1, to: 2 }),
      },
      selected: {
        set: async (s) => s.getState().selectEntry({ proc: 'A', level: 'pte', v: 0x10001 }),
        expect: (st) => expect(st.selected).toEqual({ proc: 'A', level: 'pte', v: 0x10001 }),
      },
      explain: {
        set: async (s) => s.getState().setExplain('learner'),
        expect: (st) => expect(st.explain).toBe('learner'),
      },
      filter: {
        set: async (s) => s.getState().setFilter(['special', 'writable']),
        expect: (st) => expect(st.filter).toEqual(['special', 'writable']),
      },
      compare: {
        set: async (s) => {
          await s.getState().setCompare({ variant: 'rfc-10', preset: 'x86-64', config: { debugVm: false } });
        },
        expect: (st) =>
          expect(st.compare).toEqual({ variant: 'rfc-10', preset: 'x86-64', config: { debugVm: false } }),
      },
    };

  it.each(LINK_FIELDS)('%s round-trips through a link', async (field) => {
    const { s } = await opened('/?v=1&s=zero-page');
    await CASES[field].set(s);
    const link = linkOf(s.getState());
    const { s: again } = await opened(`/${link}`);
    expect(again.getState().linkError).toBeNull();
    CASES[field].expect(again.getState());
  });
});

describe('frozen links of format 1 open the same view', () => {
  // Written by earlier releases; never edit them. What each must open, field by field.
  const FROZEN: [string, Partial<LabState>][] = [
    [
      '/?v=1&s=zero-page&variant=rfc-08&pte_special=1&step=2',
      {
        scenarioId: 'zero-page',
        settings: { variant: 'rfc-08', preset: 'x86-64', config: { pteSpecial: true } },
        cursor: 2,
        selected: null,
        compare: null,
      },
    ],
    ['/?s=zero-page', { scenarioId: 'zero-page', settings: null, cursor: 0, selected: null, compare: null }],
    [
      '/?v=1&entry=A:pte:0x10001000&cmp_variant=fix-2026&cmp_preset=x86-32-thp',
      {
        scenarioId: null,
        settings: null,
        selected: { proc: 'A', level: 'pte', v: 0x10001 },
        compare: { variant: 'fix-2026', preset: 'x86-32-thp', config: {} },
      },
    ],
    [
      `/?v=1&variant=v6.18&step=1#j=${encodeURIComponent(BUILTIN)}`,
      {
        scenarioId: null,
        ranText: JSON.stringify(JSON.parse(BUILTIN), null, 2),
        settings: { variant: 'v6.18', preset: 'x86-64', config: {} },
        cursor: 1,
      },
    ],
  ];
  it.each(FROZEN)('%s', async (url, want) => {
    const { s } = await opened(url);
    expect(s.getState().linkError).toBeNull();
    expect(s.getState()).toMatchObject(want);
  });
});

describe('a link damaged in transit', () => {
  it('is refused with what could be read offered, and opens that only when asked', async () => {
    const { s: first } = await opened('/?v=1&s=zero-page');
    first.getState().setText(BUILTIN.replace('0x10001000', '0x10003000'));
    await first.getState().run();
    const link = linkOf(first.getState());
    expect(link).toMatch(/#z=[0-9a-f]{8}\./);
    const cut = link.slice(0, Math.floor(link.length * 0.85));
    const { s } = await opened(`/${cut}`);
    const st = s.getState();
    expect(st.linkError).toMatch(/damaged in transit/);
    expect(st.linkSalvage?.length).toBeGreaterThan(20);
    expect(st.text).toBe(BUILTIN); // the default view, untouched
    const salvage = st.linkSalvage as string;
    await s.getState().openSalvage();
    expect(s.getState()).toMatchObject({ text: salvage, dirty: true, linkError: null, linkSalvage: null });
    expect(s.getState().status).toBe('invalid'); // cut short: its problems are listed for the user to fix
  });
});
