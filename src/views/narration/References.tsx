import { type Reference, referenceLinks } from '../../scenario/narration';

/** A story's references: each mail with its link on lore and, where the patch was merged, its commit. */
export function References({ references }: { references: readonly Reference[] }) {
  return (
    <ul className="mt-1 list-disc pl-5 text-muted" aria-label="References">
      {references.map((r) => {
        const links = referenceLinks(r);
        return (
          <li key={`${r.messageId ?? ''}${r.patch ?? ''}${r.subject ?? ''}${r.author ?? ''}${r.date ?? ''}`}>
            {r.patch !== undefined && (
              <span className="font-mono">RFC {String(r.patch).padStart(2, '0')}/14 </span>
            )}
            {r.subject}
            {r.author && ` — ${r.author}`}
            {r.date && `, ${r.date}`}
            {r.note && `: ${r.note}`}
            {links.length > 0 ? (
              <span>
                {' '}
                [
                {links.map((l, i) => (
                  <span key={l.href}>
                    {i > 0 && ', '}
                    <a
                      className="text-accent underline"
                      href={l.href}
                      title={l.title}
                      aria-label={`${l.text}: ${l.title}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {l.text}
                    </a>
                  </span>
                ))}
                ]
              </span>
            ) : (
              r.messageId && (
                <span title="Not one of the Message-IDs ptlab has verified">
                  {' '}
                  [{r.messageId}, not linked]
                </span>
              )
            )}
          </li>
        );
      })}
    </ul>
  );
}
