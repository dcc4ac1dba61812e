/**
 * What the kernel prints, line by line: the headers of WARN_ON_ONCE and BUG_ON (lib/bug.c __warn(),
 * arch/x86 die()), "BUG: Bad page map" (mm/memory.c print_bad_pte() / print_bad_page_map()), "BUG: Bad
 * page state" (mm/page_alloc.c bad_page()) and dump_page() (mm/debug.c). Kernel (kernel.ts) decides when
 * to print, with rate limits and taint; this file only formats. Pointers the model does not have are
 * placeholders; line numbers and offsets are not modelled; a "ptlab:" line is the model's note.
 */
import { type Entry, entryRawValue, type Level } from './entry';
import { levelIndex } from './geometry';
import type { Mm } from './mm';
import type { Folio } from './physmem';
import { hex, type Vpn, vaddrHex } from './units';
import { flagNames, type Vma, vmaRangeText } from './vma';

/** The process a message is printed in the context of (current), if any. */
export type Current = { readonly pid: number; readonly name: string } | undefined;

/** "mm/memory.c:insert_pfn:tag" -> "mm/memory.c" */
export function siteFile(site: string): string {
  return site.split(':')[0] ?? site;
}

/** "mm/memory.c:insert_pfn:tag" -> "insert_pfn" */
export function siteFunc(site: string): string {
  return site.split(':')[1] ?? site;
}

/** pte_val() as the reports print it ("%08llx"). */
export function raw8(v: bigint): string {
  return v.toString(16).padStart(8, '0');
}

/** A kernel pointer stands for an object the model does not have (an anon_vma, a mapping). */
export function fakePtr(n: number): string {
  return `ffff8881${n.toString(16).padStart(8, '0')}`;
}

/** dump_page() (mm/debug.c), the lines the model can fill in. */
export function dumpPage(f: Folio, reason: string): string[] {
  const mapping = f.kind === 'anon' ? fakePtr(0x300001) : '0000000000000000';
  return [
    `page: refcount:${f.refcount} mapcount:${f.mapcount} mapping:${mapping} index:0x0 pfn:${hex(f.pfn)}`,
    `flags: ${f.kind === 'anon' ? 'anon' : f.kind === 'file' ? 'file' : f.kind}${f.order ? `|head order:${f.order}` : ''}`,
    `page dumped because: ${reason}`,
  ];
}

/** The symbols print_bad_pte() prints for the VMA's file, vm_ops->fault, f_op->mmap and read_folio. */
export function vmOpsSymbols(vma: Vma): { file: string; fault: string; mmap: string; readFolio: string } {
  switch (vma.backing.type) {
    case 'anon':
      return { file: '(null)', fault: '0x0', mmap: '0x0', readFolio: '0x0' };
    case 'devmem':
      return { file: 'mem', fault: '0x0', mmap: 'mmap_mem', readFolio: '0x0' };
    case 'file':
      return {
        file: vma.backing.file,
        fault: 'filemap_fault',
        mmap: 'generic_file_mmap',
        readFolio: 'filemap_read_folio',
      };
    case 'dax':
      return { file: vma.backing.file, fault: 'ext4_dax_fault', mmap: 'ext4_file_mmap', readFolio: '0x0' };
    case 'gntdev':
      return { file: 'gntdev', fault: '0x0', mmap: 'gntdev_mmap', readFolio: '0x0' };
    default:
      return { file: 'driver', fault: 'driver_fault', mmap: 'driver_mmap', readFolio: '0x0' };
  }
}

/** The "Tainted:" part of a CPU line: "Not tainted" or "Tainted: G    B   W" style letters. */
export function taintLetters(taint: ReadonlySet<string>): string {
  if (taint.size === 0) return 'Not tainted';
  return `Tainted: G ${['B', 'D', 'W'].map((x) => (taint.has(x) ? x : ' ')).join(' ')}`;
}

export function taintString(taint: ReadonlySet<string>): string {
  const names: Record<string, string> = { B: 'BAD_PAGE', D: 'DIE', W: 'WARN' };
  const t = ['B', 'D', 'W'].filter((x) => taint.has(x));
  return t.length ? t.map((x) => `[${x}]=${names[x]}`).join(', ') : 'Not tainted';
}

/** The separate "Tainted: [B]=BAD_PAGE, [W]=WARN" line of newer kernels, when tainted. */
function taintNames(taint: ReadonlySet<string>): string[] {
  return taint.size ? [`Tainted: ${taintString(taint)}`] : [];
}

/** "CPU: 0 UID: 0 PID: 1000 Comm: A Not tainted" as the oops and warning headers print it. */
export function cpuLine(current: Current, taint: ReadonlySet<string>): string {
  return `CPU: 0 UID: 0 PID: ${current?.pid ?? 0} Comm: ${current?.name ?? 'swapper/0'} ${taintLetters(taint)}`;
}

/** WARN_ON_ONCE / VM_WARN_ON_ONCE: lib/bug.c __warn() prints both alike. */
export function warningLines(
  macro: string,
  site: string,
  cond: string,
  current: Current,
  taint: ReadonlySet<string>,
): string[] {
  return [
    '------------[ cut here ]------------',
    `WARNING: CPU: 0 PID: ${current?.pid ?? 0} at ${siteFile(site)} ${siteFunc(site)}`,
    cpuLine(current, taint),
    ...taintNames(taint),
    `ptlab: ${macro}(${cond})`,
    '---[ end trace 0000000000000000 ]---',
  ];
}

/** BUG_ON() and friends: "kernel BUG at <file>!" and the oops header, or the lines the bug gave. */
export function bugLines(
  b: { readonly where: string; readonly cond: string; readonly lines?: readonly string[] | undefined },
  current: Current,
  taint: ReadonlySet<string>,
): string[] {
  const head = b.lines ?? [
    `kernel BUG at ${siteFile(b.where)}!`,
    'Oops: invalid opcode: 0000 [#1] SMP NOPTI',
  ];
  return [
    '------------[ cut here ]------------',
    ...head,
    cpuLine(current, taint),
    ...taintNames(taint),
    `RIP: 0010:${siteFunc(b.where)}`,
    `ptlab: ${b.lines ? b.cond : `BUG_ON(${b.cond})`} in ${siteFunc(b.where)}; the process is killed`,
  ];
}

export interface BadMap {
  readonly mm: Mm;
  readonly vma: Vma;
  readonly v: Vpn;
  readonly level: Level;
  readonly e: Entry | undefined;
  readonly page: Folio | undefined;
  /** What dump_page() says before v6.18 ("bad pte"). */
  readonly reason: string;
}

/**
 * print_bad_pte() (`modern` false: the PTE and its PMD) or print_bad_page_map() (v6.18: the entry at its
 * level, and the page tables above it), then the page, the VMA and its operations.
 */
export function badPageMapLines(
  b: BadMap,
  modern: boolean,
  current: Current,
  taint: ReadonlySet<string>,
): string[] {
  const { mm, vma, v, level, e, page } = b;
  const comm = current?.name ?? mm.name;
  const lines: string[] = [];
  if (modern) {
    lines.push(`BUG: Bad page map in process ${comm}  ${level}:${raw8(entryRawValue(e, level))}`);
    lines.push(pgtableLine(mm, v, level));
  } else {
    const pmdE = mm.pt.walk(v, 'pmd').entry;
    lines.push(
      `BUG: Bad page map in process ${comm}  pte:${raw8(entryRawValue(e, 'pte'))} pmd:${raw8(entryRawValue(pmdE, 'pmd'))}`,
    );
  }
  if (page) lines.push(...dumpPage(page, modern ? 'bad page map' : b.reason));
  const ops = vmOpsSymbols(vma);
  const mapping = vma.backing.type === 'anon' ? '0000000000000000' : fakePtr(0x200000 + vma.id);
  const index = (vma.pgoff + (v - vma.start)).toString(16);
  lines.push(
    `addr:${vaddrHex(v).slice(2).padStart(16, '0')} vm_flags:${vma.flags.toString(16).padStart(8, '0')} anon_vma:${vma.anonVma ? fakePtr(0x100000 + vma.id) : '0000000000000000'} mapping:${mapping} index:${index}`,
  );
  lines.push(
    modern
      ? `file:${ops.file} fault:${ops.fault} mmap:${ops.mmap} mmap_prepare: 0x0 read_folio:${ops.readFolio}`
      : `file:${ops.file} fault:${ops.fault} mmap:${ops.mmap} read_folio:${ops.readFolio}`,
  );
  lines.push(cpuLine(current, taint));
  lines.push(
    `ptlab: VMA ${vmaRangeText(vma)} ${vma.name} [${flagNames(vma.flags).join('|')}]; pointers are placeholders`,
  );
  return lines;
}

/**
 * __print_bad_page_map_pgtable(): the values from the PGD down to the PMD at most, the P4D printed even
 * when folded, stopping after the first level that is not present or is a leaf.
 */
export function pgtableLine(mm: Mm, v: Vpn, level: Level): string {
  const parts: string[] = [];
  const folded = mm.pt.nlevels === 4;
  for (const t of mm.pt.walk(v, level).path) {
    // The PTE itself is never printed here ("print_bad_page_map() should already take care of [it]").
    if (t.level === 'pte') break;
    const pe = t.entries.get(levelIndex(v, t.level, mm.pt.nlevels));
    const val = raw8(entryRawValue(pe, t.level));
    parts.push(`${t.level}:${val}`);
    if (t.level === 'pgd' && folded) parts.push(`p4d:${val}`);
    if (pe?.kind !== 'table') break;
  }
  return parts.join(' ');
}

/**
 * bad_page() in mm/page_alloc.c: "BUG: Bad page state" and the page. `pfn` is the page checked when it is
 * not the head (free_tail_page_prepare() checks a large folio's mapcounts on its first tail page).
 */
export function badPageStateLines(
  f: Folio,
  reason: string,
  current: Current,
  taint: ReadonlySet<string>,
  pfn: number = f.pfn,
): string[] {
  return [
    `BUG: Bad page state in process ${current?.name ?? 'swapper/0'}  pfn:${pfn.toString(16).padStart(5, '0')}`,
    ...dumpPage(f, reason),
    cpuLine(current, taint),
  ];
}
