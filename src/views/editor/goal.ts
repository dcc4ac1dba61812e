/**
 * Which control of the form a problem's path leads to. Controls carry their JSON path in `data-path`; a
 * problem may name one exactly ("$.steps[1].addr"), a part of one ("$.steps[1].backing.type" is the
 * backing's select), or a whole ("$.memory.ranges[0]": its first field). Pure, over the list of paths.
 */

const under = (path: string, base: string) => path.startsWith(`${base}.`) || path.startsWith(`${base}[`);

/**
 * The index in `paths` of the control for `path`: the exact one; with `loose`, else the first control
 * inside it, else the nearest control it is inside. -1 when there is none.
 */
export function controlFor(paths: readonly string[], path: string, loose: boolean): number {
  const exact = paths.indexOf(path);
  if (exact >= 0 || !loose) return exact;
  const inside = paths.findIndex((p) => under(p, path));
  if (inside >= 0) return inside;
  let best = -1;
  paths.forEach((p, i) => {
    if (under(path, p) && (best < 0 || p.length > (paths[best] as string).length)) best = i;
  });
  return best;
}
