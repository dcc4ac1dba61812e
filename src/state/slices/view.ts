import type { Slice, ViewSlice } from '../lab';
import { clampStepsWidth, DEFAULT_PLAY_SPEED, STEPS_WIDTH } from '../prefs';

export const viewSlice: Slice<ViewSlice> = (set, get) => ({
  selected: null,
  selectEntry: (selected) => set({ selected }),
  explain: 'reviewer',
  setExplain: (explain) => set({ explain }),
  filter: [],
  setFilter: (filter) => set({ filter: [...new Set(filter)] }),
  folioFocus: null,
  setFolioFocus: (folioFocus) => set({ folioFocus }),
  expanded: [],
  toggleExpanded: (key) => {
    const e = get().expanded;
    set({ expanded: e.includes(key) ? e.filter((k) => k !== key) : [...e, key] });
  },
  theme: 'light',
  setTheme: (theme) => set({ theme }),
  start: false,
  setStart: (start) => set(start ? { start, playing: false } : { start }),
  async leaveStart() {
    set({ start: false });
    if (get().steps.length === 0) await get().run();
  },
  playing: false,
  setPlaying: (playing) => set({ playing }),
  playSpeed: DEFAULT_PLAY_SPEED,
  setPlaySpeed: (playSpeed) => set({ playSpeed }),
  stepsWidth: STEPS_WIDTH.initial,
  setStepsWidth: (w) => set({ stepsWidth: clampStepsWidth(w) }),
  async resetView() {
    set({
      selected: null,
      expanded: [],
      playing: false,
      settings: null,
      cursor: 0,
      range: null,
      filter: [],
      folioFocus: null,
    });
    await get().setCompare(null);
    await get().run();
  },
});
