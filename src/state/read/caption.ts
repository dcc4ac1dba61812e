/**
 * What a picture or an embed says about itself: the scenario's title, the kernel variant, the
 * configuration, the step (number and label) and the link that opens the same view. An exported SVG or
 * PNG carries these lines as its caption, so it still says what it shows once pasted elsewhere, and the
 * embed view's header shows them.
 */
import type { MachineConfig } from '../../model/config';
import { variantInfo } from '../../model/variants';
import { parseJson } from '../../scenario/json';
import { effectiveConfig, type KernelSettings } from '../settings';
import type { LabState } from '../store';

export interface Caption {
  readonly title: string;
  /** The variant's label, e.g. "RFC 08/14" or "v6.18". */
  readonly kernel: string;
  /** The preset and the options set on top of it: "x86-64, CONFIG_ARCH_HAS_PTE_SPECIAL=y". */
  readonly config: string;
  readonly step: number;
  readonly stepLabel: string;
}

/** Kconfig and sysfs names of the options, as the kernel controls name them. */
const OPTION_NAMES: Record<keyof MachineConfig, string> = {
  pteSpecial: 'CONFIG_ARCH_HAS_PTE_SPECIAL',
  pmdPfnmap: 'CONFIG_ARCH_SUPPORTS_PMD_PFNMAP',
  pudPfnmap: 'CONFIG_ARCH_SUPPORTS_PUD_PFNMAP',
  debugVm: 'CONFIG_DEBUG_VM',
  thp: 'CONFIG_TRANSPARENT_HUGEPAGE',
  useZeroPage: 'transparent_hugepage/use_zero_page',
  findNormalPage: 'CONFIG_FIND_NORMAL_PAGE',
  pgtableLevels: 'CONFIG_PGTABLE_LEVELS',
  thpAllocSucceeds: 'THP allocation succeeds',
};

const yn = (v: boolean | number) => (typeof v === 'number' ? String(v) : v ? 'y' : 'n');

/**
 * The configuration in one line: the preset, CONFIG_ARCH_HAS_PTE_SPECIAL (the option the series turns
 * on), then each option set on top of the preset.
 */
export function configLine(s: KernelSettings): string {
  const full = effectiveConfig(s);
  const parts = [`${s.preset}`, `${OPTION_NAMES.pteSpecial}=${yn(full.pteSpecial)}`];
  for (const [k, v] of Object.entries(s.config) as [keyof MachineConfig, boolean | number][])
    if (k !== 'pteSpecial' && v !== undefined) parts.push(`${OPTION_NAMES[k]}=${yn(v)}`);
  return parts.join(', ');
}

let lastText: string | null = null;
let lastTitle = '';

/** The title a scenario's text gives itself (parsed once per text), or a plain name. */
export function scenarioTitle(text: string | null): string {
  if (text === null) return 'Scenario';
  if (text !== lastText) {
    const p = parseJson(text);
    const t = p.ok ? (p.value as { title?: unknown } | null)?.title : undefined;
    lastTitle = typeof t === 'string' && t.trim() ? t.trim() : 'Untitled scenario';
    lastText = text;
  }
  return lastTitle;
}

export function captionOf(s: LabState): Caption {
  const settings = s.settings ?? s.scenarioSettings;
  return {
    title: scenarioTitle(s.ranText),
    kernel: variantInfo(settings.variant).label,
    config: configLine(settings),
    step: s.cursor,
    stepLabel: s.steps[s.cursor]?.title ?? '',
  };
}

/** The caption as lines of text, with the share link last (the SVG export writes one <text> each). */
export function captionLines(c: Caption, link: string): string[] {
  return [
    c.title,
    `Kernel ${c.kernel}; ${c.config}`,
    `Step ${c.step}${c.stepLabel ? `: ${c.stepLabel}` : ''}`,
    link,
  ];
}
