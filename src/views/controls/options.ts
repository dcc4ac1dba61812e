/**
 * The kernel settings as a kernel developer names them: Kconfig symbols and sysfs knobs, what each one
 * changes in the model, and a one-line description of a KernelSettings. Pure.
 */
import { ARCH_PRESETS, type MachineConfig, presetConfig } from '../../model/config';
import { VARIANTS, type VariantId, type VariantInfo, variantInfo } from '../../model/variants';
import { effectiveConfig, type KernelSettings } from '../../state/settings';
import { findNormalPageHint } from '../kernelTexts';

export type BoolOption = {
  [K in keyof MachineConfig]: MachineConfig[K] extends boolean ? K : never;
}[keyof MachineConfig];

export interface OptionInfo {
  readonly key: BoolOption;
  /** The Kconfig symbol or knob. */
  readonly name: string;
  readonly hint: string;
}

/** Its hint depends on the kernel variant: kernelTexts.ts pteSpecialHint(). */
export const PTE_SPECIAL: Omit<OptionInfo, 'hint'> = {
  key: 'pteSpecial',
  name: 'CONFIG_ARCH_HAS_PTE_SPECIAL',
};

/** The options of the "more" disclosure, in the order shown. */
export const MORE_OPTIONS: readonly OptionInfo[] = [
  {
    key: 'pmdPfnmap',
    name: 'CONFIG_ARCH_SUPPORTS_PMD_PFNMAP',
    hint: 'pmd_special()/pmd_mkspecial() are real (else constant false / a no-op, as on every 32-bit architecture)',
  },
  {
    key: 'pudPfnmap',
    name: 'CONFIG_ARCH_SUPPORTS_PUD_PFNMAP',
    hint: 'pud_special()/pud_mkspecial() are real (else constant false / a no-op)',
  },
  {
    key: 'debugVm',
    name: 'CONFIG_DEBUG_VM',
    hint: 'VM_WARN_ON_ONCE() and VM_BUG_ON() are compiled in',
  },
  {
    key: 'thp',
    name: 'CONFIG_TRANSPARENT_HUGEPAGE',
    hint: 'with transparent_hugepage/enabled allowing THP for the VMA',
  },
  {
    key: 'useZeroPage',
    name: 'transparent_hugepage/use_zero_page',
    hint: '/sys/kernel/mm/transparent_hugepage/use_zero_page: a THP read fault maps the huge zero folio',
  },
  {
    key: 'findNormalPage',
    name: 'CONFIG_FIND_NORMAL_PAGE',
    hint: findNormalPageHint(),
  },
  {
    key: 'thpAllocSucceeds',
    name: 'THP allocation succeeds',
    hint: 'do_huge_zero_wp_pmd(): when the allocation fails the huge zero PMD is split instead',
  },
];

export const PGTABLE_LEVELS_NAME = 'CONFIG_PGTABLE_LEVELS';

/** The variant before / after `id` in VARIANTS order (the order of the series). */
export function prevVariant(id: VariantId): VariantInfo | undefined {
  const i = VARIANTS.findIndex((v) => v.id === id);
  return i > 0 ? VARIANTS[i - 1] : undefined;
}

export function nextVariant(id: VariantId): VariantInfo | undefined {
  const i = VARIANTS.findIndex((v) => v.id === id);
  return i >= 0 ? VARIANTS[i + 1] : undefined;
}

export interface VariantGroup {
  readonly label: string;
  readonly variants: readonly VariantInfo[];
}

/** The variant <select>'s groups: before the series, the RFC patches, merged and later. */
export const VARIANT_GROUPS: readonly VariantGroup[] = [
  {
    label: 'Before the series',
    variants: VARIANTS.filter((v) => v.features.classifier === 'base' && !v.id.startsWith('rfc-')),
  },
  {
    label: 'RFC series, June 2025 (never merged as such)',
    variants: VARIANTS.filter((v) => v.id.startsWith('rfc-')),
  },
  { label: 'Merged (v6.18) and later', variants: VARIANTS.filter((v) => v.features.classifier === 'merged') },
];

export const isRfc = (id: VariantId) => id.startsWith('rfc-');

/** "[PATCH RFC 11/14] mm: remove ..." for RFC variants, else the variant's subject. */
export function patchSubject(id: VariantId): string {
  const v = variantInfo(id);
  return isRfc(id) ? `[PATCH ${v.label}] ${v.subject}` : v.subject;
}

/** The text of an option of the variant <select>. */
export function variantOptionText(v: VariantInfo): string {
  return isRfc(v.id) ? `${v.label}: ${v.subject}` : v.label;
}

/** Options that differ from the preset, kernel style ("CONFIG_DEBUG_VM=n", "CONFIG_PGTABLE_LEVELS=5"). */
export function overrideTexts(s: KernelSettings): string[] {
  const preset = presetConfig(s.preset);
  const cfg = effectiveConfig(s);
  const out: string[] = [];
  for (const o of [PTE_SPECIAL, ...MORE_OPTIONS]) {
    if (cfg[o.key] === preset[o.key]) continue;
    out.push(
      o.name.startsWith('CONFIG_')
        ? `${o.name}=${cfg[o.key] ? 'y' : 'n'}`
        : `${o.name}=${cfg[o.key] ? 1 : 0}`,
    );
  }
  if (cfg.pgtableLevels !== preset.pgtableLevels) out.push(`${PGTABLE_LEVELS_NAME}=${cfg.pgtableLevels}`);
  return out;
}

export function presetLabel(id: KernelSettings['preset']): string {
  return ARCH_PRESETS.find((p) => p.id === id)?.label ?? id;
}

/** One line naming a run's settings: "RFC 11/14, no pte_special" or "v6.18, x86-64, CONFIG_DEBUG_VM=n". */
export function settingsText(s: KernelSettings): string {
  return [variantInfo(s.variant).label, presetLabel(s.preset), ...overrideTexts(s)].join(', ');
}
