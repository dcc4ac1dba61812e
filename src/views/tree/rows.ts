/**
 * What a table node of the tree is made of, as plain data: its rows (runs, entries, "more" and notes) and
 * the lines of text in them. box.ts builds a TableBox from a BoxInput; drafts.ts drafts its rows.
 */
import type { MachineConfig } from '../../model/config';
import type { Level } from '../../model/entry';
import type { Badge, EntryRun } from '../../model/inspect';
import type { Table } from '../../model/pagetable';

export interface Seg {
  readonly x: number;
  readonly text: string;
  readonly tone: 'fg' | 'muted' | 'strong';
}
/** One line of text; `y` is the baseline, from the top of its row. */
export interface Line {
  readonly y: number;
  readonly segs: readonly Seg[];
}

interface RowBase {
  readonly key: string;
  readonly y: number;
  readonly h: number;
  readonly lines: readonly Line[];
  /** What a screen reader says for the row. */
  readonly spoken: string;
}
/** A run or an entry: the entries with first pages lo..hi (inclusive) at `level`. */
export interface EntryRow extends RowBase {
  /** What a screen reader hears after the row's visible words: its bits and class in words. */
  readonly detail: string;
  readonly kind: 'run' | 'entry';
  readonly level: Level;
  readonly lo: number;
  readonly hi: number;
  readonly span: number;
  readonly badge: Badge;
  readonly pfns: readonly [number, number] | null;
  /** The entry's write and dirty bits (a filter asks). */
  readonly write: boolean;
  readonly dirty: boolean;
  /** "PTE 0-511", "PTE 5". */
  readonly name: string;
  /** Runs of more than one entry: the key toggleExpanded() takes. */
  readonly expandKey: string | null;
  readonly expanded: boolean;
  /** x of the glyph's centre. */
  readonly glyphX: number;
}
/** "show more entries", "show all runs", "show fewer runs". */
export interface MoreRow extends RowBase {
  readonly kind: 'more';
  readonly action: 'entries' | 'runs';
  readonly toggleKey: string;
}
export interface NoteRow extends RowBase {
  readonly kind: 'note';
}
export type Row = EntryRow | MoreRow | NoteRow;

export interface TableBox {
  readonly kind: 'table';
  readonly key: string;
  readonly table: Table;
  readonly level: Level;
  /** First page the table covers and one past the last. */
  readonly base: number;
  readonly end: number;
  readonly title: string;
  readonly sub: string;
  readonly rows: readonly Row[];
  readonly w: number;
  readonly h: number;
}

export interface BoxInput {
  readonly proc: string;
  readonly levels: 4 | 5;
  readonly table: Table;
  readonly base: number;
  /** Which entry of which table points at this one ("PMD[128]"), or the root's own words. */
  readonly title: string;
  readonly sub: string;
  readonly runs: readonly EntryRun[];
  readonly cfg: MachineConfig;
  readonly expanded: (key: string) => boolean;
  /** Entries shown of an expanded run. */
  readonly limit: (runKey: string) => number;
  /** First pages of entries that must stay visible (the selection, report targets). */
  readonly focus: readonly number[];
  /** Three shorter lines per run instead of two long ones, for narrow viewports. */
  readonly compact?: boolean;
}
