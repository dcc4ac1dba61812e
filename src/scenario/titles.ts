/** Step titles, shared by the compiler (each step's title in a run) and the editor's step list. Pure. */
import { hex, parseNum } from '../model/units';
import type { StepSpec } from './schema';

/** A one-line description of a step, e.g. "A: read 0x10005000". */
export function stepTitle(st: StepSpec, defaultProc: string): string {
  const proc = 'proc' in st && st.proc ? st.proc : defaultProc;
  const h = (v: unknown) => {
    const n = parseNum(v);
    return n === undefined ? String(v) : hex(n);
  };
  switch (st.op) {
    case 'mmap': {
      const kind =
        st.backing.type === 'devmem'
          ? `/dev/mem (${st.backing.openMode === 'rdonly' ? 'O_RDONLY' : 'O_RDWR'})`
          : st.backing.type;
      return `${proc}: mmap ${h(st.addr)} +${h(st.length)} ${st.shared ? 'MAP_SHARED' : 'MAP_PRIVATE'} ${kind} [${st.prot.join(',') || 'none'}]`;
    }
    case 'remap_pfn_range':
      return `${proc}: remap_pfn_range(${h(st.addr)}, pfn ${h(st.pfn)}, ${h(st.length)})`;
    case 'vmf_insert_pfn':
      return `${proc}: vmf_insert_pfn(${h(st.addr)}, pfn ${h(st.pfn)})`;
    case 'vmf_insert_pfn_pmd':
    case 'vmf_insert_pfn_pud':
      return `${proc}: ${st.op}(${h(st.addr)}, pfn ${h(st.pfn)}, write=${st.write})`;
    case 'vmf_insert_mixed':
      return `${proc}: vmf_insert_mixed${st.mkwrite ? '_mkwrite' : ''}(${h(st.addr)}, pfn ${h(st.pfn)})`;
    case 'vmf_insert_page_mkwrite':
      return `${proc}: vmf_insert_page_mkwrite(${h(st.addr)}, pfn ${h(st.pfn)}, write=${st.write})`;
    case 'vmf_insert_folio_pmd':
      return `${proc}: vmf_insert_folio_pmd(${h(st.addr)}, ${st.folio === 'huge_zero' ? 'huge zero folio' : `folio ${h(st.folio)}`}, write=${st.write})`;
    case 'read':
      return `${proc}: read ${h(st.addr)}`;
    case 'write':
      return `${proc}: write ${h(st.addr)}${st.value !== undefined ? ` = "${st.value}"` : ''}`;
    case 'fork':
      return `${proc}: fork -> ${st.child}`;
    case 'munmap':
      return `${proc}: munmap ${h(st.addr)} +${h(st.length)}`;
    case 'madvise':
      return `${proc}: madvise ${h(st.addr)} +${h(st.length)} MADV_${st.advice.toUpperCase()}`;
    case 'mremap':
      return `${proc}: mremap ${h(st.addr)} +${h(st.oldLength)} -> +${h(st.newLength)}${st.flags.length ? ` [${st.flags.join(',')}]` : ''}${st.newAddr !== undefined ? ` to ${h(st.newAddr)}` : ''}`;
    case 'mprotect':
      return `${proc}: mprotect ${h(st.addr)} +${h(st.length)} [${st.prot.join(',') || 'none'}]`;
    case 'folio_walk_start':
      return `${proc}: folio_walk_start(${h(st.addr)}${st.flags.length ? `, ${st.flags.map((f) => `FW_${f.toUpperCase()}`).join('|')}` : ''})`;
    case 'inject':
      return `${proc}: inject ${st.level} at ${h(st.addr)} (${st.entry.type}${st.entry.type === 'leaf' ? ` pfn ${h(st.entry.pfn)}${st.entry.special ? ' special' : ''}` : ''})`;
    case 'query':
      return `${proc}: ${st.fn}(${h(st.addr)})`;
    case 'dax_pmd_load_hole':
      return `${proc}: dax_pmd_load_hole(${h(st.addr)})`;
    case 'pin_user_pages': {
      const flags = [
        'FOLL_PIN',
        ...(st.write ? ['FOLL_WRITE'] : []),
        ...(st.longterm ? ['FOLL_LONGTERM'] : []),
      ];
      return `${proc}: pin_user_pages(${h(st.addr)}, ${st.nrPages}, ${flags.join('|')})`;
    }
    case 'unpin_user_pages':
      return `${proc}: unpin_user_pages(pages pinned at ${h(st.addr)})`;
    case 'tick':
      return `${st.seconds} s pass`;
    case 'shrink':
      return 'reclaim: the huge zero folio shrinker';
    case 'exit':
      return `${proc}: exit`;
  }
}
