import type { ScenarioSlice, Slice } from '../lab';

export const scenarioSlice =
  (text: string): Slice<ScenarioSlice> =>
  (set, get) => ({
    text,
    setText: (t) => set({ text: t, scenarioId: null, dirty: true }),
    scenarioId: null,
    dirty: false,
    ranText: null,
    linkError: null,
    setLinkError: (linkError) => set({ linkError }),
    async loadScenario(t, id) {
      set({ text: t, scenarioId: id, dirty: false, cursor: 0, selected: null });
      await get().run();
    },
  });
