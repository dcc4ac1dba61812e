/**
 * Where the user was: the address of the last view (query and fragment), kept in this browser so that a
 * later visit without a link reopens it (url.ts's `resume`). '' means the start view, which a plain
 * visit shows anyway. A link that could not be opened is never kept (url.ts does not report it).
 */
export const LAST_KEY = 'ptlab.last.v1';

export interface ResumeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The address to reopen, or undefined for the start view (nothing kept, or unreadable). */
export function readLast(storage: ResumeStorage): string | undefined {
  try {
    const v = storage.getItem(LAST_KEY);
    return v && /^[?#]/.test(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps each address as it is written; a write that fails (storage full or refused) is dropped. */
export function rememberIn(storage: ResumeStorage): (link: string) => void {
  return (link) => {
    try {
      storage.setItem(LAST_KEY, link);
    } catch {
      // this visit only: the next one opens the start view
    }
  };
}
