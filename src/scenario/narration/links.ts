/**
 * The links a citation shows, each to something a reader can open: a mail on the public archive by its
 * Message-ID, a merged commit on git.kernel.org, a function at a release tag on a cross-reference site.
 * No line numbers: none were checked against a tree. Pure; the ids come from thread.ts.
 */
import type { VariantId } from '../../model/variants';
import { COMMITS, type MergedCommit, mergedCommit, rfcMail, type ThreadMail, threadMail } from './thread';

export const LORE = 'https://lore.kernel.org/r/';
export const GIT_COMMIT = 'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/commit/?id=';
export const ELIXIR = 'https://elixir.bootlin.com/linux/';

/** A Message-ID as a URL path segment: the characters a path allows stay, the rest is escaped. */
function pathSegment(id: string): string {
  return id.replace(/[^A-Za-z0-9._~!$&'()*+,;=:@-]/g, (c) => encodeURIComponent(c));
}

/** The mail on lore.kernel.org; only for a Message-ID in THREAD. */
export function loreUrl(mail: ThreadMail): string {
  return `${LORE}${pathSegment(mail.id)}`;
}

/** The merged commit on git.kernel.org (Linus' tree). */
export function commitUrl(c: MergedCommit): string {
  return `${GIT_COMMIT}${c.id}`;
}

/** An identifier at a release tag on Elixir, as an identifier search (definitions and uses). */
export function elixirIdentUrl(tag: 'v6.17' | 'v6.18', ident: string): string {
  return `${ELIXIR}${tag}/A/ident/${ident}`;
}

export interface Link {
  readonly href: string;
  /** The link's text. */
  readonly text: string;
  /** What it is, for a tooltip and for screen readers. */
  readonly title: string;
}

/** A reference of a story, as the format has it. */
export interface ReferenceLike {
  readonly patch?: number;
  readonly subject?: string;
  readonly author?: string;
  readonly date?: string;
  readonly messageId?: string;
  readonly commit?: string;
}

/** The links of a reference: its mail (when its Message-ID is in THREAD) and its merged commit. */
export function referenceLinks(r: ReferenceLike): Link[] {
  const out: Link[] = [];
  const mail = r.messageId ? threadMail(r.messageId) : undefined;
  if (mail)
    out.push({
      href: loreUrl(mail),
      text: 'mail',
      title: `${mail.subject}, ${mail.from}, ${mail.date} (lore.kernel.org)`,
    });
  const c = r.commit ? mergedCommit(r.commit) : undefined;
  if (c)
    out.push({
      href: commitUrl(c),
      text: `commit ${c.id.slice(0, 12)}`,
      title: `${c.subject} (git.kernel.org)`,
    });
  return out;
}

export type DecisionFn = 'vm_normal_page' | 'vm_normal_page_pmd' | 'vm_normal_page_pud';

function rfcLink(n: number, what: string): Link | undefined {
  const mail = rfcMail(n);
  return mail && { href: loreUrl(mail), text: `RFC ${String(n).padStart(2, '0')}/14 on lore`, title: what };
}

/**
 * Where to read the function that decides for a variant, pinned to that variant's own code: the function
 * at its tag for v6.17 and v6.18; the commit a 2026 tree adds; for the RFC, the patch mail of the variant
 * (the RFC was never merged, so no tree has it); for the baseline, which has no tag, RFC 01's mail, whose
 * context and removed lines show the code before the series.
 */
export function codeLinks(variant: VariantId, fn: DecisionFn): Link[] {
  const m = /^rfc-(\d\d)$/.exec(variant);
  if (m) {
    const n = Number(m[1]);
    const l = rfcLink(n, `the patch this variant adds to the ones before it; the RFC was never merged`);
    return l ? [l] : [];
  }
  switch (variant) {
    case 'baseline': {
      const l = rfcLink(
        1,
        "the baseline is the RFC's base (mm-new of 2025-06-17), which has no tag: RFC 01's context and removed lines show vm_normal_page() before the series",
      );
      return l ? [{ ...l, text: 'the code before RFC 01, in its mail' }] : [];
    }
    case 'v6.17': {
      // v6.17 has no vm_normal_page_pud(): its folio_walk_start() handles PUD leaves itself.
      const ident = fn === 'vm_normal_page_pud' ? 'folio_walk_start' : fn;
      return [
        {
          href: elixirIdentUrl('v6.17', ident),
          text: `${ident}() at v6.17`,
          title: `${ident} in the v6.17 tree (Elixir)`,
        },
      ];
    }
    case 'v6.18':
    case 'mm-2026':
    case 'fix-2026': {
      const body: Link = {
        href: elixirIdentUrl('v6.18', '__vm_normal_page'),
        text: '__vm_normal_page() at v6.18',
        title: 'the body every vm_normal_page*() wrapper calls, in the v6.18 tree (Elixir)',
      };
      if (variant === 'v6.18') return [body];
      const commits = (variant === 'mm-2026' ? ['d80a9cb1a64a'] : ['d80a9cb1a64a', 'c0c6ccd9828c'])
        .map(mergedCommit)
        .filter((c): c is MergedCommit => c !== undefined);
      return [
        body,
        ...commits.map(
          (c): Link => ({
            href: commitUrl(c),
            text: `commit ${c.id.slice(0, 12)}`,
            title: `${c.subject}: a commit this tree adds to v6.18 (git.kernel.org)`,
          }),
        ),
      ];
    }
  }
  return [];
}

const LORE_RE = /^https:\/\/lore\.kernel\.org\/r\/([A-Za-z0-9._~!$&'()*+,;=:@%-]+)$/;
const COMMIT_RE =
  /^https:\/\/git\.kernel\.org\/pub\/scm\/linux\/kernel\/git\/torvalds\/linux\.git\/commit\/\?id=([0-9a-f]{40})$/;
const ELIXIR_RE = /^https:\/\/elixir\.bootlin\.com\/linux\/v6\.1[78]\/A\/ident\/[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What is wrong with a citation link, or null when it is one ptlab makes: a mail of THREAD on lore, a commit
 * of COMMITS on git.kernel.org, or an identifier at a release tag on Elixir (the tests check every link the
 * page shows with this).
 */
export function linkProblem(href: string): string | null {
  const m = LORE_RE.exec(href);
  if (m) return threadMail(decodeURIComponent(m[1] as string)) ? null : `${href}: not a mail of the thread`;
  const c = COMMIT_RE.exec(href);
  if (c) return COMMITS.some((x) => x.id === c[1]) ? null : `${href}: not a merged commit ptlab knows`;
  if (ELIXIR_RE.test(href)) return null;
  return `${href}: not a link ptlab makes`;
}
