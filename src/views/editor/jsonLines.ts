/**
 * Where each problem is in the JSON text: the line of the value its path names. jsonc-parser (the JSON
 * scanner and parser of VS Code's JSON support) gives every node of the text with its offset, and keeps
 * going past a syntax error, so a half-typed scenario still has lines for the parts before the error; a
 * hand-written walk would have to redo exactly that. It is loaded with the JSON tab's problem list, not
 * with the page. Pure.
 */
import { findNodeAtLocation, type Node, parseTree } from 'jsonc-parser';
import type { NamedProblem, PathPart } from '../../state/read/problems';

/** The node at `parts`, or the nearest enclosing one that exists (a missing field: its object). */
function nodeAt(root: Node, parts: readonly PathPart[]): Node | undefined {
  for (let n = parts.length; n >= 0; n--) {
    const node = n === 0 ? root : findNodeAtLocation(root, parts.slice(0, n) as PathPart[]);
    if (node) return node.parent?.type === 'property' ? node.parent : node;
  }
  return undefined;
}

/** The offset where each line starts: line n (from 1) starts at starts[n - 1]. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The line (from 1) of each problem in `text`, null where the text has nothing for it. */
export function problemLines(text: string, problems: readonly NamedProblem[]): (number | null)[] {
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  const starts = lineStarts(text);
  return problems.map((p) => {
    // A syntax error (at "$") says its own line: parse.ts adds it when the engine gives only a position.
    const said = p.path === '$' ? /\bline (\d+)/.exec(p.message) : null;
    if (said) return Math.min(Number(said[1]), starts.length);
    if (!root || !p.parts) return null;
    const node = nodeAt(root, p.parts);
    return node ? lineAt(starts, node.offset) : null;
  });
}

/** The text of line `line` without its indentation, as offsets: what a click on a problem selects. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  const starts = lineStarts(text);
  const from = starts[Math.max(0, Math.min(line, starts.length) - 1)] as number;
  const next = text.indexOf('\n', from);
  const end = next < 0 ? text.length : next;
  const indent = /^[ \t]*/.exec(text.slice(from, end))?.[0].length ?? 0;
  return { start: Math.min(from + indent, end), end };
}
