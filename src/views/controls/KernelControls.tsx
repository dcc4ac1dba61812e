import { useLab, useLabShallow } from '../../state/hooks';
import { effectiveConfig, sameSettings } from '../../state/settings';
import { type LabState, selectSettings, selectTheme } from '../../state/store';
import { pteSpecialHint } from '../kernelTexts';
import { KconfigSwitch } from './KconfigSwitch';
import { MoreOptions } from './MoreOptions';
import { PTE_SPECIAL, settingsText } from './options';
import { PresetPicker } from './PresetPicker';
import { BUTTON, TOGGLE } from './styles';
import { VariantPicker } from './VariantPicker';

const selectActions = (s: LabState) => ({
  setVariant: s.setVariant,
  setPreset: s.setPreset,
  setOption: s.setOption,
  resetSettings: s.resetSettings,
  setTheme: s.setTheme,
});
/** True when the user's settings amount to something other than the scenario's own. */
const selectDiffers = (s: LabState) => s.settings !== null && !sameSettings(s.settings, s.scenarioSettings);
const selectScenarioSettings = (s: LabState) => s.scenarioSettings;

/** The kernel the scenario runs on: variant, CONFIG_ARCH_HAS_PTE_SPECIAL, preset, other options, theme. */
export function KernelControls() {
  const settings = useLab(selectSettings);
  const differs = useLab(selectDiffers);
  const scenario = useLab(selectScenarioSettings);
  const theme = useLab(selectTheme);
  const { setVariant, setPreset, setOption, resetSettings, setTheme } = useLabShallow(selectActions);
  const cfg = effectiveConfig(settings);
  return (
    <fieldset className="flex flex-1 flex-wrap items-center gap-x-3 gap-y-2">
      <legend className="sr-only">Kernel settings</legend>
      <VariantPicker value={settings.variant} onChange={setVariant} label="Kernel variant" stepper />
      <KconfigSwitch
        name={PTE_SPECIAL.name}
        checked={cfg.pteSpecial}
        onChange={(v) => setOption('pteSpecial', v)}
        hint={pteSpecialHint(settings.variant)}
      />
      <PresetPicker value={settings.preset} onChange={setPreset} label="Architecture preset" />
      <MoreOptions settings={settings} setOption={setOption} />
      {differs && (
        <p
          className="flex items-center gap-2 rounded border border-cls-warn px-2 py-0.5 text-xs"
          title={`The scenario asks for: ${settingsText(scenario)}`}
        >
          <span>
            <span aria-hidden="true" className="text-cls-warn">
              ●{' '}
            </span>
            Not the scenario's settings
            <span className="sr-only"> (the scenario asks for {settingsText(scenario)})</span>
          </span>
          <button type="button" className={`${BUTTON} py-0.5 text-xs`} onClick={resetSettings}>
            Reset to the scenario's
          </button>
        </p>
      )}
      <button
        type="button"
        className={`${TOGGLE} ml-auto`}
        aria-pressed={theme === 'dark'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        Dark theme
      </button>
    </fieldset>
  );
}
