/**
 * Kernel settings the user chose on top of the scenario's own `kernel` field: variant, architecture
 * preset and config overrides. The scenario text stays as written; a run uses scenario + overrides.
 */
import {
  ARCH_PRESETS,
  type ArchPresetId,
  DEFAULT_CONFIG,
  type MachineConfig,
  presetConfig,
} from '../model/config';
import { isVariantId, type VariantId } from '../model/variants';

export interface KernelSettings {
  readonly variant: VariantId;
  readonly preset: ArchPresetId;
  /** Options that differ from the preset. */
  readonly config: Partial<MachineConfig>;
}

export const DEFAULT_SETTINGS: KernelSettings = { variant: 'v6.18', preset: 'x86-64', config: {} };

/** The kernel settings a scenario asks for (before validation: anything unknown falls back to defaults). */
export function settingsOf(scenario: unknown): KernelSettings {
  const k = (scenario as { kernel?: { variant?: unknown; preset?: unknown; config?: unknown } } | null)
    ?.kernel;
  const variant =
    typeof k?.variant === 'string' && isVariantId(k.variant) ? k.variant : DEFAULT_SETTINGS.variant;
  const preset = ARCH_PRESETS.some((p) => p.id === k?.preset)
    ? (k?.preset as ArchPresetId)
    : DEFAULT_SETTINGS.preset;
  return { variant, preset, config: configOf(k?.config) };
}

/**
 * The options of a scenario's `kernel.config` that are what they claim to be: known names (own
 * properties only) with a value of the option's type. Anything else is left to the validator, which
 * reports it with its JSON path; the page never renders an unchecked value (an object where a boolean
 * belongs once blanked the page).
 */
export function configOf(x: unknown): Partial<MachineConfig> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return {};
  const out: Partial<MachineConfig> = {};
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof MachineConfig)[]) {
    if (!Object.hasOwn(x, key)) continue;
    const v = (x as Record<string, unknown>)[key];
    if (key === 'pgtableLevels') {
      if (v === 4 || v === 5) out.pgtableLevels = v;
    } else if (typeof v === 'boolean') {
      (out as Record<string, boolean>)[key] = v;
    }
  }
  return out;
}

/** The scenario with the settings applied (the input a run gets). Non-objects pass through for validation. */
export function withSettings(scenario: unknown, s: KernelSettings): unknown {
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) return scenario;
  return { ...scenario, kernel: { variant: s.variant, preset: s.preset, config: { ...s.config } } };
}

/** The full configuration the settings amount to. */
export function effectiveConfig(s: KernelSettings): MachineConfig {
  return { ...presetConfig(s.preset), ...s.config };
}

/** Sets one option; an option equal to the preset's value is dropped from the overrides. */
export function withOption<K extends keyof MachineConfig>(
  s: KernelSettings,
  key: K,
  value: MachineConfig[K],
): KernelSettings {
  const config: Partial<MachineConfig> = { ...s.config };
  if (presetConfig(s.preset)[key] === value) delete config[key];
  else config[key] = value;
  return { ...s, config };
}

export function sameSettings(a: KernelSettings, b: KernelSettings): boolean {
  if (a.variant !== b.variant || a.preset !== b.preset) return false;
  const ea = effectiveConfig(a);
  const eb = effectiveConfig(b);
  return (Object.keys(ea) as (keyof MachineConfig)[]).every((k) => ea[k] === eb[k]);
}
