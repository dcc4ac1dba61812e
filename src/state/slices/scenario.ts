import type { ScenarioSlice, Slice } from '../lab';
import { loadBuiltin } from '../library';

export const scenarioSlice =
  (text: string): Slice<ScenarioSlice> =>
  (set, get) => ({
    text,
    setText: (t) => set({ text: t, scenarioId: null, dirty: true }),
    scenarioId: null,
    dirty: false,
    ranText: null,
    linkError: null,
    linkSalvage: null,
    linkReplaced: [],
    setLinkReplaced: (linkReplaced) => set({ linkReplaced }),
    draftError: null,
    setDraftError: (draftError) => set({ draftError }),
    setLinkError: (linkError, salvage = null) => set({ linkError, linkSalvage: linkError ? salvage : null }),
    async openSalvage() {
      const t = get().linkSalvage;
      if (t === null) return;
      set({
        text: t,
        scenarioId: null,
        dirty: true,
        cursor: 0,
        range: null,
        selected: null,
        linkError: null,
        linkSalvage: null,
        draftError: null,
        setDraftError: (draftError) => set({ draftError }),
      });
      await get().run();
    },
    async loadScenario(t, id) {
      // "running" with the new text, in one change: the address follows once the run is done, as one
      // history entry, not one for the text and another for its run.
      set({
        text: t,
        scenarioId: id,
        dirty: false,
        cursor: 0,
        range: null,
        selected: null,
        start: false,
        status: 'running',
      });
      await get().run();
    },
    async openBuiltin(id, step = 0) {
      const story = await loadBuiltin(id);
      if (!story) return false;
      await get().loadScenario(JSON.stringify(story.scenario, null, 2), story.id);
      if (step > 0) get().select(step);
      return true;
    },
  });
