import type { Badge } from '../../model/inspect';
import { variantInfo } from '../../model/variants';
import type { Classification } from '../../model/vm_normal_page';
import { specHref } from '../../spec/anchor';
import { effectiveConfig, type KernelSettings } from '../../state/settings';
import { BADGES } from '../badges';
import { badPageMapFn, decidingCheck, returnText, siteText } from './decision';

interface Props {
  c: Classification;
  badge: Badge;
  settings: KernelSettings;
  warned: readonly string[];
  /** In compare mode: the first check that differs from the other run's (marked). */
  differsAt?: number | undefined;
}

/** The function called, the conditions it tested in order, what it returned and what it printed. */
export function DecisionDetail({ c, badge, settings, warned, differsAt }: Props) {
  const decided = decidingCheck(c);
  const cfg = effectiveConfig(settings);
  const feat = variantInfo(settings.variant).features;
  const style = BADGES[badge];
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p>
        <code className="font-semibold">{c.fn}()</code>
        {c.impl !== c.fn && (
          <>
            {' '}
            decided in <code className="font-semibold">{c.impl}()</code>
          </>
        )}
        <a
          className="ml-2 rounded border border-line px-1 font-mono text-xs hover:bg-hover"
          href={specHref(c.branch)}
          target="_blank"
          rel="noopener"
          title={`Branch ${c.branch} in kernel-semantics §2 (opens the document)`}
        >
          <span className="sr-only">branch </span>
          {c.branch}
        </a>
      </p>
      {c.checks.length > 0 && (
        <ol aria-label="Conditions checked, in order" className="flex flex-col gap-0.5 font-mono text-xs">
          {c.checks.map((k, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: a decision path is a fixed sequence
              key={i}
              aria-current={i === decided ? 'true' : undefined}
              data-differs={i === differsAt || undefined}
              className={`flex items-baseline gap-2 rounded px-1 ${i === decided ? 'bg-selected font-semibold' : ''} ${i === differsAt ? 'border-l-4 border-cls-bad' : ''}`}
            >
              <span className={`w-4 shrink-0 text-right ${i === decided ? '' : 'text-muted'}`}>{i + 1}</span>
              <span className="min-w-0 flex-1 break-words">
                {k.cond}
                {k.id && (
                  <span
                    className={`ml-1.5 rounded border border-line px-0.5 text-[10px] font-normal ${i === decided ? '' : 'text-muted'}`}
                  >
                    {k.id}
                  </span>
                )}
              </span>
              <span
                className={`w-9 shrink-0 text-right ${i === decided ? '' : k.value ? 'text-cls-normal' : 'text-muted'}`}
              >
                {k.value ? 'true' : 'false'}
              </span>
              {i === decided && <span className="sr-only">(decided)</span>}
              {i === differsAt && (
                <span className="sr-only">(the first check that differs from the other run)</span>
              )}
            </li>
          ))}
        </ol>
      )}
      <p data-testid="decision-result" className={`rounded border-l-4 bg-page px-2 py-1 ${style.border}`}>
        <span className="text-muted">returns </span>
        <code className="font-semibold">{returnText(c)}</code>
        <span className={`ml-2 rounded border-2 px-1 text-xs font-semibold ${style.border}`}>
          {style.label}
        </span>
        <span className="block text-xs text-muted">{c.missing ?? c.text}</span>
      </p>
      {c.warns.map((w) => (
        <p key={w.site} className="rounded border-l-4 border-cls-warn bg-page px-2 py-1 text-xs">
          <code className="font-semibold text-cls-warn">VM_WARN_ON_ONCE({w.cond})</code> in {siteText(w.site)}
          <span className="block text-muted">
            {!cfg.debugVm
              ? 'not printed: CONFIG_DEBUG_VM is not set'
              : warned.includes(w.site)
                ? 'already fired at this site earlier (once per site): not printed again'
                : 'fires with CONFIG_DEBUG_VM (once per site)'}
          </span>
        </p>
      ))}
      {c.bad && (
        <p className="rounded border-l-4 border-cls-bad bg-page px-2 py-1 text-xs">
          <code className="font-semibold text-cls-bad">BUG: Bad page map</code> printed by{' '}
          <code>{badPageMapFn(feat.printBadPageMap)}</code> (rate limited; taints the kernel with
          TAINT_BAD_PAGE)
        </p>
      )}
    </div>
  );
}
