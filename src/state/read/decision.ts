import { isLeafLevel } from '../../model/entry';
import { type Badge, badgeOf, classifyCtx, type EntryAt, inspectEntry } from '../../model/inspect';
import type { KernelSnapshot } from '../../model/kernel';
import type { EntryRef } from '../lab';
import { effectiveConfig, type KernelSettings } from '../settings';
import { settingsKey } from './runs';

export type Decision =
  | { readonly kind: 'no-proc'; readonly ref: EntryRef }
  | {
      readonly kind: 'entry';
      readonly ref: EntryRef;
      readonly at: EntryAt;
      readonly badge: Badge | undefined;
      readonly settings: KernelSettings;
      /** Sites of VM_WARN_ON_ONCE() that already fired before this step's state (once per site). */
      readonly warned: readonly string[];
    };

/** The selected entry of a step, classified under `settings` with its full decision path. */
export function decide(state: KernelSnapshot, settings: KernelSettings, ref: EntryRef): Decision {
  const proc = state.procs.find((p) => p.name === ref.proc);
  if (!proc) return { kind: 'no-proc', ref };
  const ctx = classifyCtx(state, settings.variant, effectiveConfig(settings));
  const at = inspectEntry(ctx, proc, ref.v, ref.level, ref.asked);
  let badge: Badge | undefined;
  if (at.entry?.kind === 'swap') badge = 'swap';
  else if (at.entry?.kind === 'leaf' && isLeafLevel(ref.level))
    badge = at.classification ? badgeOf(ctx, at.classification, at.entry.pfn) : 'no-vma';
  return { kind: 'entry', ref, at, badge, settings, warned: state.warned };
}

const decisions = new WeakMap<KernelSnapshot, Map<string, Decision>>();

/**
 * decide(), remembered per snapshot, settings and entry: the decision panel and the comparison ask for
 * the same entry on every render.
 */
export function decisionOf(state: KernelSnapshot, settings: KernelSettings, ref: EntryRef): Decision {
  let m = decisions.get(state);
  if (!m) {
    m = new Map();
    decisions.set(state, m);
  }
  const key = `${settingsKey(settings.variant, effectiveConfig(settings))}|${ref.proc}|${ref.level}|${ref.v}|${ref.asked ?? ''}`;
  let d = m.get(key);
  if (!d) {
    d = decide(state, settings, ref);
    m.set(key, d);
  }
  return d;
}
