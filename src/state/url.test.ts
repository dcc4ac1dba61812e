import { describe, expect, it } from 'vitest';
import { runScenarioInput } from '../scenario/run';
import { createLabStore } from './store';
import { linkOf, startUrlSync, type WindowLike } from './url';

const BUILTIN = JSON.stringify({
  version: 1,
  id: 'zero-page',
  kernel: { variant: 'v6.18' },
  processes: [{ name: 'A' }],
  steps: [
    {
      op: 'mmap',
      proc: 'A',
      addr: '0x10000000',
      length: '0x4000',
      prot: ['read', 'write'],
      backing: { type: 'anon' },
    },
    { op: 'read', proc: 'A', addr: '0x10001000' },
    { op: 'write', proc: 'A', addr: '0x10001000' },
  ],
});
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
    addEventListener(type: string, f: () => void) {
      if (type === 'popstate') w.listeners.push(f);
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
    ['/?s=zero-page&step=99', /asks for step 99/],
    ['/?variant=nope', /unknown kernel variant/],
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
