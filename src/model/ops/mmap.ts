/**
 * mmap(): do_mmap() flag rules (mm/mmap.c), then the file's mmap handler: /dev/mem mmap_mem()
 * (drivers/char/mem.c), gntdev_mmap() (drivers/xen/gntdev.c), a DAX file, a PFNMAP or MIXEDMAP driver.
 * kernel-semantics.md §3.1.
 */

import { userVpnLimit } from '../geometry';
import type { Kernel } from '../kernel';
import { asPfn, hex, type Vpn } from '../units';
import { type Backing, flagNames, VM, type Vma } from '../vma';
import { A, isResult, procOf } from './common';
import { errName, remapPfnRange, replaceVma } from './remap';
import type { Op, OpResult } from './types';
import { unmapRegion } from './zap';

type MmapOp = Extract<Op, { op: 'mmap' }>;

export function mmapOp(k: Kernel, op: MmapOp): OpResult {
  const mm = procOf(k, op.proc);
  if (isResult(mm)) return mm;
  const pages = Math.ceil(op.bytes / 4096);
  const start = op.addr.vpn;
  const end = start + pages;
  if (op.addr.off !== 0 || op.bytes === 0)
    return { result: '-EINVAL', detail: 'MAP_FIXED needs a page-aligned address and a non-zero length' };
  if (op.offsetBytes % 4096 !== 0) return { result: '-EINVAL', detail: 'the offset must be page aligned' };
  if (end > userVpnLimit(k.cfg.pgtableLevels)) {
    return {
      result: '-ENOMEM',
      detail: `the range ends beyond TASK_SIZE (${hex(BigInt(userVpnLimit(k.cfg.pgtableLevels)) << 12n)}) for ${k.cfg.pgtableLevels}-level page tables`,
    };
  }
  const pgoff = op.offsetBytes / 4096;
  const r = k.call(
    'do_mmap',
    `${A(start)}, ${hex(op.bytes)}, ${op.shared ? 'MAP_SHARED' : 'MAP_PRIVATE'}|MAP_FIXED`,
    () => {
      const b = op.backing;
      let flags =
        (op.prot.read ? VM.READ : 0) | (op.prot.write ? VM.WRITE : 0) | (op.prot.exec ? VM.EXEC : 0);
      flags |= VM.MAYREAD | VM.MAYWRITE | VM.MAYEXEC;
      let backing: Backing;
      if (b.type === 'raw-flags') {
        flags = b.flags;
        backing = b.findPage ? { type: 'raw', findPage: b.findPage } : { type: 'raw' };
      } else {
        backing = b.type === 'devmem' ? { type: 'devmem' } : b;
        if (op.shared) {
          flags |= VM.SHARED | VM.MAYSHARE;
          if (b.type === 'devmem' && b.openMode === 'rdonly') {
            // do_mmap(): MAP_SHARED of a file not open for writing: no VM_SHARED, no VM_MAYWRITE (not CoW).
            if (op.prot.write) {
              k.branch('do_mmap', 'mmap-eacces', 'MAP_SHARED with PROT_WRITE on a read-only fd: -EACCES');
              return { result: '-EACCES' };
            }
            flags &= ~(VM.MAYWRITE | VM.SHARED);
            k.branch(
              'do_mmap',
              'mmap-shared-ro',
              'MAP_SHARED of an O_RDONLY fd: VM_SHARED and VM_MAYWRITE cleared, VM_MAYSHARE kept',
            );
          }
        } else if (b.type === 'devmem' && b.openMode === 'rdonly') {
          // do_mmap() (mm/mmap.c) reads FMODE_WRITE only under MAP_SHARED: a private mapping of a file
          // opened read-only keeps VM_MAYWRITE, and a write makes a private copy (CoW of the PFNMAP).
          k.branch(
            'do_mmap',
            'mmap-private-ro',
            'MAP_PRIVATE of an O_RDONLY fd: FMODE_WRITE is not checked, VM_MAYWRITE kept (a write copies)',
          );
        }
        if (b.type === 'anon' && op.shared) backing = { type: 'file', file: 'shmem:anon' };
      }
      // MAP_FIXED replaces whatever was mapped there.
      if (mm.vmas.some((m) => m.start < end && m.end > start)) unmapRegion(k, mm, start, end);
      let vma: Vma = {
        id: k.newVmaId(),
        start: start as Vpn,
        end: end as Vpn,
        pgoff: b.type === 'raw-flags' ? b.pgoff : b.type === 'anon' && !op.shared ? start : pgoff,
        flags,
        backing,
        anonVma: false,
        name: op.name ?? defaultName(backing),
      };
      // The file's ->mmap handler.
      if (b.type === 'dax') {
        vma = { ...vma, flags: vma.flags | VM.HUGEPAGE };
        k.branch('ext4_file_mmap', 'mmap-dax', 'DAX file: VM_HUGEPAGE');
      } else if (b.type === 'pfnmap-driver') {
        vma = { ...vma, flags: vma.flags | VM.PFNMAP | VM.IO | VM.DONTEXPAND | VM.DONTDUMP };
        k.branch(
          'driver_mmap',
          'mmap-pfnmap-driver',
          'driver sets VM_PFNMAP|VM_IO|VM_DONTEXPAND|VM_DONTDUMP; its fault handler inserts pfns',
        );
      } else if (b.type === 'mixedmap-driver') {
        vma = { ...vma, flags: vma.flags | VM.MIXEDMAP };
        k.branch(
          'driver_mmap',
          'mmap-mixedmap-driver',
          'driver sets VM_MIXEDMAP; its fault handler calls vmf_insert_mixed()',
        );
      } else if (b.type === 'gntdev') {
        // gntdev_mmap(): "if ((vma->vm_flags & VM_WRITE) && !(vma->vm_flags & VM_SHARED)) return -EINVAL".
        if (vma.flags & VM.WRITE && !(vma.flags & VM.SHARED)) {
          k.branch('gntdev_mmap', 'mmap-gntdev-private', 'a private writable mapping of grants: -EINVAL');
          return { result: '-EINVAL' };
        }
        vma = { ...vma, flags: vma.flags | VM.DONTEXPAND | VM.DONTDUMP | VM.MIXEDMAP | VM.DONTCOPY };
        k.branch(
          'gntdev_mmap',
          'mmap-gntdev',
          'VM_DONTEXPAND|VM_DONTDUMP|VM_MIXEDMAP, and VM_DONTCOPY with use_ptemod (x86 PV)',
        );
      }
      mm.setVmas([...mm.vmas, vma]);
      k.emit({
        t: 'vma',
        proc: mm.name,
        action: 'map',
        range: `${A(start)}-${A(end)}`,
        text: `${vma.name} pgoff ${hex(vma.pgoff)} [${flagNames(vma.flags).join('|')}]`,
        fn: 'mmap_region',
        depth: k.trace.depth,
      });
      if (b.type === 'devmem') {
        // mmap_mem(): the whole VMA at vm_pgoff, which /dev/mem reads as a pfn (STRICT_DEVMEM not
        // modelled: every range is allowed).
        const err = k.call('mmap_mem', `pfn ${hex(pgoff)}`, () =>
          remapPfnRange(k, mm, vma, { vpn: start as Vpn, off: 0 }, asPfn(pgoff), op.bytes),
        );
        if (err !== 0) {
          k.branch(
            'mmap_mem',
            'mmap-mem-eagain',
            `remap_pfn_range() failed (${errName(err)}): -EAGAIN, the VMA is unmapped`,
          );
          unmapRegion(k, mm, start, end);
          return { result: '-EAGAIN' };
        }
      }
      return { result: A(start) };
    },
  );
  if (r.result !== A(start)) return r;
  if (op.hugepage) {
    // madvise(MADV_HUGEPAGE) right after the mmap(): hugepage_madvise() sets VM_HUGEPAGE on the VMA.
    k.call('madvise', `${A(start)}, ${hex(op.bytes)}, MADV_HUGEPAGE`, () => {
      const vma = mm.findVma(start);
      if (!vma) return;
      replaceVma(mm, vma, { ...vma, flags: vma.flags | VM.HUGEPAGE });
      k.emit({
        t: 'vma',
        proc: mm.name,
        action: 'change',
        range: `${A(vma.start)}-${A(vma.end)}`,
        text: 'VM_HUGEPAGE set',
        fn: 'hugepage_madvise',
        depth: k.trace.depth,
      });
    });
  }
  return {
    result: A(start),
    detail: `VMA ${A(start)}-${A(end)} ${flagNames(mm.findVma(start)?.flags ?? 0).join('|')}`,
  };
}

function defaultName(b: Backing): string {
  switch (b.type) {
    case 'anon':
      return '[anon]';
    case 'devmem':
      return '/dev/mem';
    case 'file':
      return b.file;
    case 'dax':
      return `${b.file} (dax)`;
    case 'pfnmap-driver':
      return 'pfnmap driver';
    case 'mixedmap-driver':
      return 'mixedmap driver';
    case 'gntdev':
      return '/dev/xen/gntdev';
    case 'raw':
      return 'raw VMA';
  }
}
