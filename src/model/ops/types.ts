import type { LeafLevel } from '../entry';
import type { Pfn, Vpn } from '../units';
import type { Backing } from '../vma';

/** A user virtual address split into page and offset (so unaligned requests can be refused as the kernel does). */
export interface Addr {
  readonly vpn: Vpn;
  readonly off: number;
}

export interface Prot {
  readonly read: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

export type MmapBacking =
  | Exclude<Backing, { type: 'devmem' } | { type: 'raw' }>
  | { type: 'devmem'; openMode: 'rdonly' | 'rdwr' }
  | { type: 'raw-flags'; flags: number; pgoff: number; findPage?: readonly (Pfn | null)[] };

/** The operations of the model, with numbers parsed. The scenario layer compiles steps into these. */
export type Op =
  | {
      op: 'mmap';
      proc: string;
      addr: Addr;
      bytes: number;
      prot: Prot;
      shared: boolean;
      backing: MmapBacking;
      offsetBytes: number;
      hugepage: boolean;
      name?: string;
    }
  | { op: 'remap_pfn_range'; proc: string; addr: Addr; pfn: Pfn; bytes: number }
  | { op: 'vmf_insert_pfn'; proc: string; addr: Addr; pfn: Pfn }
  | { op: 'vmf_insert_pfn_pmd'; proc: string; addr: Addr; pfn: Pfn; write: boolean }
  | { op: 'vmf_insert_pfn_pud'; proc: string; addr: Addr; pfn: Pfn; write: boolean }
  | { op: 'vmf_insert_mixed'; proc: string; addr: Addr; pfn: Pfn; mkwrite: boolean }
  | { op: 'vmf_insert_page_mkwrite'; proc: string; addr: Addr; pfn: Pfn; write: boolean }
  | { op: 'vmf_insert_folio_pmd'; proc: string; addr: Addr; folio: Pfn | 'huge_zero'; write: boolean }
  | { op: 'read'; proc: string; addr: Addr }
  | { op: 'write'; proc: string; addr: Addr; value?: string; allocPfn?: Pfn }
  | { op: 'fork'; proc: string; child: string }
  | { op: 'munmap'; proc: string; addr: Addr; bytes: number }
  | { op: 'mprotect'; proc: string; addr: Addr; bytes: number; prot: Prot }
  | { op: 'folio_walk_start'; proc: string; addr: Addr; zeropage: boolean; migration: boolean }
  | { op: 'inject'; proc: string; addr: Addr; level: LeafLevel; entry: InjectSpec }
  | {
      op: 'query';
      proc: string;
      addr: Addr;
      fn:
        | 'vm_normal_page'
        | 'vm_normal_page_pmd'
        | 'vm_normal_page_pud'
        | 'vm_normal_folio'
        | 'vm_normal_folio_pmd';
    }
  | { op: 'dax_pmd_load_hole'; proc: string; addr: Addr }
  | {
      op: 'pin_user_pages';
      proc: string;
      addr: Addr;
      nrPages: number;
      /** FOLL_WRITE */
      write: boolean;
      /** FOLL_LONGTERM */
      longterm: boolean;
    }
  | { op: 'unpin_user_pages'; proc: string; addr: Addr }
  | { op: 'tick'; seconds: number }
  | { op: 'shrink' }
  | {
      op: 'madvise';
      proc: string;
      addr: Addr;
      bytes: number;
      advice: 'dontneed' | 'hugepage' | 'nohugepage' | 'collapse';
    }
  | {
      op: 'mremap';
      proc: string;
      addr: Addr;
      oldBytes: number;
      newBytes: number;
      maymove: boolean;
      fixed: boolean;
      dontunmap: boolean;
      /** new_addr: MREMAP_FIXED's target, MREMAP_DONTUNMAP's hint, or where ptlab puts a plain move. */
      newAddr?: Addr;
    }
  | { op: 'exit'; proc: string };

export type InjectSpec =
  | { type: 'leaf'; pfn: number; special: boolean; write: boolean; dirty: boolean; young: boolean }
  | { type: 'swap' | 'migration' | 'marker'; offset: number; write: boolean }
  | { type: 'none' };

/** What an operation returned, as the kernel would say it. */
export interface OpResult {
  /** e.g. "0", "-EINVAL", "VM_FAULT_NOPAGE", "SIGSEGV", "page 0x1234", "NULL", "BUG". */
  readonly result: string;
  /** Extra detail for the summary (one line). */
  readonly detail?: string;
}
