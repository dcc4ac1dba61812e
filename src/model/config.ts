/**
 * Machine configuration: the Kconfig options and sysfs knobs the model's decisions depend on.
 * kernel-semantics.md §0.2 ("Configs") and §1 (what S means per level).
 */
export interface MachineConfig {
  /** CONFIG_ARCH_HAS_PTE_SPECIAL: the PTE has a software "special" bit (pte_special/pte_mkspecial). */
  pteSpecial: boolean;
  /** CONFIG_ARCH_SUPPORTS_PMD_PFNMAP: pmd_special()/pmd_mkspecial() are real (else false / no-op). */
  pmdPfnmap: boolean;
  /** CONFIG_ARCH_SUPPORTS_PUD_PFNMAP: pud_special()/pud_mkspecial() are real (else false / no-op). */
  pudPfnmap: boolean;
  /** CONFIG_DEBUG_VM: gates every VM_WARN_ON_ONCE / VM_BUG_ON. */
  debugVm: boolean;
  /** CONFIG_TRANSPARENT_HUGEPAGE with the sysfs "enabled" knob allowing THP for the VMA. */
  thp: boolean;
  /** /sys/kernel/mm/transparent_hugepage/use_zero_page. */
  useZeroPage: boolean;
  /** CONFIG_FIND_NORMAL_PAGE (only read by variants that have it: RFC 14 and v6.18+). */
  findNormalPage: boolean;
  /** Page-table levels: 4 (P4D folded into PGD) or 5. */
  pgtableLevels: 4 | 5;
  /**
   * Whether the THP allocation in do_huge_zero_wp_pmd() succeeds. When false the write fault on a huge
   * zero PMD falls back to splitting it (kernel-semantics.md §3.8).
   */
  thpAllocSucceeds: boolean;
}

export type ArchPresetId = 'x86-64' | 'no-pte-special' | 'x86-32-thp' | 'x86-64-la57';

export interface ArchPreset {
  id: ArchPresetId;
  label: string;
  description: string;
  config: MachineConfig;
}

const X86_64: MachineConfig = {
  pteSpecial: true,
  pmdPfnmap: true,
  pudPfnmap: true,
  debugVm: true,
  thp: true,
  useZeroPage: true,
  findNormalPage: false,
  pgtableLevels: 4,
  thpAllocSucceeds: true,
};

export const ARCH_PRESETS: readonly ArchPreset[] = [
  {
    id: 'x86-64',
    label: 'x86-64',
    description: 'pte_special, PMD and PUD pfnmaps, 4-level paging, DEBUG_VM on',
    config: X86_64,
  },
  {
    id: 'x86-64-la57',
    label: 'x86-64 (5-level)',
    description: 'as x86-64 with 5-level paging (LA57)',
    config: { ...X86_64, pgtableLevels: 5 },
  },
  {
    id: 'no-pte-special',
    label: 'no pte_special',
    description:
      'an architecture without CONFIG_ARCH_HAS_PTE_SPECIAL (and so without PMD/PUD special bits): vm_normal_page() relies on the VMA rules',
    config: { ...X86_64, pteSpecial: false, pmdPfnmap: false, pudPfnmap: false },
  },
  {
    id: 'x86-32-thp',
    label: 'x86-32 with THP',
    description:
      'pte_special but no ARCH_SUPPORTS_PMD_PFNMAP/PUD_PFNMAP (never enabled on 32-bit): pmd_mkspecial() is a no-op',
    config: { ...X86_64, pmdPfnmap: false, pudPfnmap: false },
  },
];

export const DEFAULT_CONFIG: MachineConfig = X86_64;

export function presetConfig(id: ArchPresetId): MachineConfig {
  const p = ARCH_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown architecture preset ${id}`);
  return { ...p.config };
}
