import type { SettingsSlice, Slice } from '../lab';
import { DEFAULT_SETTINGS, type KernelSettings, withOption } from '../settings';

export const settingsSlice: Slice<SettingsSlice> = (set, get) => {
  const change = (next: KernelSettings) => {
    set({ settings: next });
    void get().run();
  };
  const current = () => get().settings ?? get().scenarioSettings;
  return {
    settings: null,
    scenarioSettings: DEFAULT_SETTINGS,
    setVariant: (variant) => change({ ...current(), variant }),
    setPreset: (preset) => change({ ...current(), preset, config: {} }),
    setOption: (key, value) => change(withOption(current(), key, value)),
    resetSettings: () => {
      set({ settings: null });
      void get().run();
    },
  };
};
