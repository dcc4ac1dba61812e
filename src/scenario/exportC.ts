/**
 * A scenario as one self-contained C program, in the style of the kernel's mm selftests
 * (tools/testing/selftests/mm/): each step is a syscall or a memory access, and after each step every live
 * process prints what userspace can observe of every page the scenario names, as one JSON line:
 * /proc/self/pagemap (fs/proc/task_mmu.c: pte_to_pagemap_entry(), pagemap_pmd_range_thp()),
 * /proc/kpageflags and /proc/kpagecount (fs/proc/page.c), RssAnon/RssFile (task_mem()), the signal an
 * access took, and for /dev/mem pages the MMIO word seen through a second MAP_SHARED mapping (the page
 * walker skips VM_PFNMAP VMAs: walk_page_test() in mm/pagewalk.c). The driver process prints kernel
 * reports from /dev/kmsg after each step. The raw numbers are decoded in TypeScript (conformance/decode.ts).
 *
 * `mmap` of /dev/mem stands in for a driver's remap_pfn_range() on MMIO (mmap_mem() in drivers/char/mem.c
 * calls it over the whole VMA): the guest boots with iomem=relaxed and has an ivshmem-plain device, whose
 * BAR 2 is where the scenario's device memory is put. Operations userspace cannot perform are refused,
 * naming the step. Pure: no DOM, no Node.
 */
import { parseNum } from '../model/units';
import { compileScenario } from './compile';
import type { Scenario, StepSpec } from './schema';

export interface ExportProblem {
  /** The step, counted from 1; 0 for the scenario as a whole. */
  readonly step: number;
  readonly message: string;
}

export interface ExportOptions {
  /**
   * `query` and `folio_walk_start` change nothing; userspace cannot call them, but pagemap reads the same
   * entry through vm_normal_page() (PTE) or pmd_page() (PMD). With this option they export as an
   * observation point (a comment and no syscall) instead of refusing the export.
   */
  readonly lookupsAsObservations?: boolean;
}

export type ExportResult =
  | {
      readonly ok: true;
      readonly c: string;
      readonly pages: readonly bigint[];
      readonly observeOnly: number[];
    }
  | { readonly ok: false; readonly problems: readonly ExportProblem[] };

/** ivshmem-plain's BAR 2 as the conformance run sizes it (-object memory-backend-ram,size=1G): room for the 1 GiB story. */
export const MMIO_WINDOW = 1n << 30n;
/** mmap_min_addr is 64 KiB; a static PIE binary (gcc -static-pie) loads at ELF_ET_DYN_BASE (2/3 of TASK_SIZE) with its brk heap after it, and the stack and mmap base are above that. */
const MMAP_LOW = 0x10000n;
const MMAP_HIGH = 0x500000000000n;
/** Pages observed after each step, at most: each costs three reads per process. */
const MAX_PAGES = 48;

const PAGE = 4096n;
const hexOf = (n: bigint) => `0x${n.toString(16)}`;
const num = (v: unknown): bigint => parseNum(v) ?? 0n;

/** A content token as the 32-bit word a write stores: FNV-1a, never 0 (0 is a page never written). */
export function tokenWord(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h === 0 ? 1 : h;
}

/** madvise(2) advices by the scenario's names (MADV_COLLAPSE is defined below for older headers). */
const MADVISE_C = {
  dontneed: 'MADV_DONTNEED',
  hugepage: 'MADV_HUGEPAGE',
  nohugepage: 'MADV_NOHUGEPAGE',
  collapse: 'MADV_COLLAPSE',
} as const;

/** Why an operation cannot run in userspace, or undefined when it can. */
function refusal(st: StepSpec, opts: ExportOptions): string | undefined {
  switch (st.op) {
    case 'mmap': {
      const b = st.backing;
      if (b.type !== 'anon' && b.type !== 'devmem')
        return `mmap with a ${b.type} backing needs a driver or file system the guest does not have`;
      const a = num(st.addr);
      const end = a + num(st.length);
      if (a < MMAP_LOW || end > MMAP_HIGH)
        return `address range ${hexOf(a)}-${hexOf(end)} overlaps where the program's own binary, heap or stack live`;
      return undefined;
    }
    case 'read':
    case 'fork':
    case 'munmap':
    case 'mprotect':
    case 'exit':
      return undefined;
    case 'write':
      return st.allocPfn !== undefined
        ? 'allocPfn chooses the page the allocator hands out, which userspace cannot'
        : undefined;
    case 'query':
    case 'folio_walk_start':
      return opts.lookupsAsObservations
        ? undefined
        : `${st.op === 'query' ? st.fn : 'folio_walk_start'}() is called from inside the kernel; userspace cannot call it`;
    case 'remap_pfn_range':
    case 'vmf_insert_pfn':
    case 'vmf_insert_pfn_pmd':
    case 'vmf_insert_pfn_pud':
    case 'vmf_insert_mixed':
    case 'vmf_insert_page_mkwrite':
    case 'vmf_insert_folio_pmd':
      return `${st.op}() is a driver's call from its mmap or fault handler; userspace cannot make it`;
    case 'inject':
      return 'inject writes a raw page-table entry, which userspace cannot';
    case 'dax_pmd_load_hole':
      return 'a DAX PMD fault racing another needs a DAX file system and a second thread timed inside the kernel';
    case 'tick':
      return "tick moves the kernel's rate-limit clock, which userspace cannot";
    case 'madvise':
      return undefined;
    case 'pin_user_pages':
    case 'unpin_user_pages':
      return `${st.op}() is a driver's call (RDMA, vfio, io_uring buffers); the program has no driver to make it`;
    case 'shrink':
      return 'the huge zero shrinker runs under memory pressure, with every other shrinker; userspace cannot run it alone';
    case 'mremap':
      // Userspace can call it, but the program's view of a page (pagemap by address, the shadow mapping
      // of /dev/mem) does not follow a move yet, and a MREMAP_MAYMOVE move goes where the kernel chooses.
      return 'mremap() is not exported yet: the program cannot yet follow pages to where a move puts them';
    default: {
      // Every op is placed above: a new one must say whether userspace can perform it.
      const unplaced: never = st;
      return unplaced;
    }
  }
}

/** JSON-and-C string literal (the C source is ASCII; other characters are escaped). */
function cstr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 10) out += '\\n';
    else out += '?';
  }
  return `${out}"`;
}

/** Text for a C block comment: no comment terminator, ASCII, wrapped at about 100 columns. */
function commentLines(text: string, indent: string): string[] {
  const clean = [...text.replace(/\*\//g, '* /')]
    .map((ch) => ((ch.codePointAt(0) ?? 0) < 0x7f ? ch : '?'))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const out: string[] = [];
  let line = '';
  for (const w of clean.split(' ')) {
    if (line && line.length + w.length + 1 > 100) {
      out.push(`${indent} * ${line}`);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(`${indent} * ${line}`);
  return out;
}

const PROT: Record<string, string> = { read: 'PROT_READ', write: 'PROT_WRITE', exec: 'PROT_EXEC' };
const protC = (p: readonly string[]) => (p.length ? p.map((x) => PROT[x]).join(' | ') : 'PROT_NONE');

/** The pages a scenario names: those its accesses and lookups point at, and the first of each mapping. */
export function namedPages(s: Scenario): bigint[] {
  const seen = new Set<bigint>();
  for (const st of s.steps) {
    if ('addr' in st && st.op !== 'munmap' && st.op !== 'mprotect') seen.add((num(st.addr) / PAGE) * PAGE);
  }
  return [...seen].slice(0, MAX_PAGES);
}

/** The lowest physical address a /dev/mem mapping of the scenario maps: MMIO base + 0 in the guest. */
export function devmemBase(s: Scenario): bigint | undefined {
  let lo: bigint | undefined;
  for (const st of s.steps)
    if (st.op === 'mmap' && st.backing.type === 'devmem') {
      const o = num(st.offset);
      if (lo === undefined || o < lo) lo = o;
    }
  return lo;
}

export function exportC(s: Scenario, opts: ExportOptions = {}): ExportResult {
  const problems: ExportProblem[] = [];
  s.steps.forEach((st, i) => {
    const why = refusal(st, opts);
    if (why) problems.push({ step: i + 1, message: `step ${i + 1} (${st.op}): ${why}` });
  });
  if (s.memory.folios.length)
    problems.push({ step: 0, message: 'memory.folios places pages by hand, which userspace cannot' });
  const base = devmemBase(s);
  for (const [i, st] of s.steps.entries()) {
    if (st.op !== 'mmap' || st.backing.type !== 'devmem' || base === undefined) continue;
    const end = num(st.offset) - base + num(st.length);
    if (end > MMIO_WINDOW)
      problems.push({
        step: i + 1,
        message: `step ${i + 1} (mmap): /dev/mem range ends ${hexOf(end)} past the first one, beyond the guest's ${MMIO_WINDOW >> 20n} MiB MMIO window`,
      });
  }
  if (problems.length) return { ok: false, problems };

  const procs = [...s.processes.map((p) => p.name)];
  for (const st of s.steps) if (st.op === 'fork' && !procs.includes(st.child)) procs.push(st.child);
  const first = procs[0] as string;
  const procOf = (st: StepSpec) => ('proc' in st && st.proc ? st.proc : first);
  const pages = namedPages(s);
  const compiled = compileScenario(s).ops;
  const tokens = [...new Set(s.steps.flatMap((st) => (st.op === 'write' && st.value ? [st.value] : [])))];
  const observeOnly: number[] = [];

  const cases: string[] = [];
  for (const [i, st] of s.steps.entries()) {
    const n = i + 1;
    const c = compiled[i];
    const body: string[] = [];
    body.push('\t/*');
    body.push(...commentLines(`Step ${n}: ${c?.title ?? st.op}`, '\t'));
    const narr = s.narration?.find((x) => x.step === n);
    const learner = narr && typeof narr.learner === 'string' ? narr.learner : undefined;
    const text = learner ?? st.note ?? c?.note;
    if (text) body.push('\t *', ...commentLines(text, '\t'));
    body.push('\t */');
    const a = hexOf(num('addr' in st ? st.addr : 0));
    switch (st.op) {
      case 'mmap': {
        const len = hexOf(num(st.length));
        const flags = `${st.shared ? 'MAP_SHARED' : 'MAP_PRIVATE'} | MAP_FIXED`;
        if (st.backing.type === 'anon') {
          body.push(
            `\tp = mmap((void *)${a}UL, ${len}UL, ${protC(st.prot)}, ${flags} | MAP_ANONYMOUS, -1, 0);`,
          );
          body.push('\tres = p == MAP_FAILED ? errno : 0;');
        } else {
          const rel = hexOf(num(st.offset) - (base ?? 0n));
          const mode =
            st.backing.type === 'devmem' && st.backing.openMode === 'rdonly' ? 'O_RDONLY' : 'O_RDWR';
          body.push(`\tfd = open("/dev/mem", ${mode} | O_SYNC);`);
          body.push('\tif (fd < 0) {\n\t\tres = errno;\n\t\tbreak;\n\t}');
          body.push(
            `\tp = mmap((void *)${a}UL, ${len}UL, ${protC(st.prot)}, ${flags}, fd, mmio_base + ${rel}UL);`,
          );
          body.push('\tres = p == MAP_FAILED ? errno : 0;');
          body.push('\tclose(fd);');
          body.push(`\tif (!res)\n\t\tadd_shadow(${a}UL, ${len}UL, mmio_base + ${rel}UL);`);
        }
        if (st.hugepage)
          body.push(`\tif (!res && madvise((void *)${a}UL, ${len}UL, MADV_HUGEPAGE))\n\t\tres = errno;`);
        break;
      }
      case 'read':
        body.push(`\tsig = touch(${a}UL, 0, 0, &value);`);
        break;
      case 'write': {
        const w = st.value !== undefined ? `0x${tokenWord(st.value).toString(16)}U` : '0';
        body.push(
          `\tsig = touch(${a}UL, 1, ${w}, &value);${st.value !== undefined ? ` /* "${st.value.replace(/\*\//g, '')}" */` : ''}`,
        );
        break;
      }
      case 'fork':
        body.push('\tfflush(stdout);\n\tchild_pid = fork();');
        body.push(
          `\tif (child_pid == 0) {\n\t\tme = ${procs.indexOf(st.child)}; /* ${st.child} */\n\t\treturn STEP_CHILD;\n\t}`,
        );
        body.push('\tres = child_pid < 0 ? errno : 0;');
        break;
      case 'munmap':
        body.push(`\tres = munmap((void *)${a}UL, ${hexOf(num(st.length))}UL) ? errno : 0;`);
        break;
      case 'mprotect':
        body.push(
          `\tres = mprotect((void *)${a}UL, ${hexOf(num(st.length))}UL, ${protC(st.prot)}) ? errno : 0;`,
        );
        break;
      case 'madvise':
        body.push(
          `\tres = madvise((void *)${a}UL, ${hexOf(num(st.length))}UL, ${MADVISE_C[st.advice]}) ? errno : 0;`,
        );
        break;
      case 'exit':
        body.push('\treport(step, 0, NULL, 0);\n\tack(0);\n\texit(0);');
        break;
      default:
        // query / folio_walk_start under lookupsAsObservations: nothing runs; the observation follows.
        observeOnly.push(n);
        body.push(
          `\t/* ${st.op} at ${a}: no syscall; pagemap below reads the entry the kernel would look up. */`,
        );
        break;
    }
    body.push('\tbreak;');
    cases.push(`\tcase ${n}: /* ${procOf(st)}: ${st.op} */\n${body.join('\n')}`);
  }

  const stepProc = s.steps.map((st) => procs.indexOf(procOf(st)));
  const stepOps = s.steps.map((st) => cstr(st.op));
  const stepChild = s.steps.map((st) => (st.op === 'fork' ? procs.indexOf(st.child) : -1));
  let mmioUsed = 0n;
  for (const st of s.steps)
    if (st.op === 'mmap' && st.backing.type === 'devmem') {
      const end = num(st.offset) - (base ?? 0n) + num(st.length);
      if (end > mmioUsed) mmioUsed = end;
    }
  const title = s.title ?? s.id ?? 'scenario';
  const c = [
    '// SPDX-License-Identifier: MIT',
    '/*',
    ...commentLines(`ptlab reproducer: ${title}`, ''),
    ...(s.id ? [` * Scenario id: ${s.id}.`] : []),
    ...(s.summary ? [' *', ...commentLines(s.summary, '')] : []),
    ' *',
    ' * Exported by `ptlab export-c`. Build: gcc -static-pie -O1 -o repro repro.c',
    ' * Run as root in a guest booted with iomem=relaxed and an ivshmem-plain device: its BAR 2 stands in',
    " * for the scenario's device memory, mapped through /dev/mem (mmap_mem() calls remap_pfn_range()).",
    ' * THP should be in "madvise" mode, as ptlab models it.',
    ' *',
    ' * Output: one JSON line per step with its result, then one per live process with what pagemap,',
    ' * kpageflags, kpagecount and /proc/self/status show of the named pages, then the kernel reports.',
    ' */',
    C_PRELUDE,
    `#define NPROC ${procs.length}`,
    `/* The scenario's processes that exist from the start; the others are made by its fork steps. */`,
    `#define NINITIAL ${s.processes.length}`,
    `static const char *const proc_name[NPROC] = { ${procs.map(cstr).join(', ')} };`,
    `#define NPAGES ${pages.length}`,
    `static const uintptr_t page_addr[NPAGES + 1] = { ${[...pages.map((p) => `${hexOf(p)}UL`), '0'].join(', ')} };`,
    `#define NSTEPS ${s.steps.length}`,
    `static const int step_proc[NSTEPS + 1] = { -1${stepProc.map((p) => `, ${p}`).join('')} };`,
    `static const char *const step_op[NSTEPS + 1] = { ""${stepOps.map((o) => `, ${o}`).join('')} };`,
    `static const int step_child[NSTEPS + 1] = { -1${stepChild.map((p) => `, ${p}`).join('')} };`,
    `/* Bytes of the MMIO window the scenario maps, from its base. */`,
    `#define MMIO_USED ${hexOf(mmioUsed)}UL`,
    `/* Content tokens the scenario writes, as tokenWord() stores them: ${tokens.map((t) => t.replace(/\*\//g, '')).join(', ') || 'none'}. */`,
    C_RUNTIME,
    'static int run_step(int step)',
    '{',
    '\tint res = 0, fd, child_pid = 0;',
    '\tconst char *sig = NULL;',
    '\tuint32_t value = 0;',
    '\tvoid *p;',
    '',
    '\t(void)fd;',
    '\t(void)p;',
    '\tswitch (step) {',
    cases.join('\n'),
    '\t}',
    '\treport(step, res, sig, value);',
    '\tack(child_pid);',
    '\treturn STEP_DONE;',
    '}',
    C_MAIN,
  ].join('\n');
  return { ok: true, c: `${c}\n`, pages, observeOnly };
}

const C_PRELUDE = `
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25 /* include/uapi/asm-generic/mman-common.h, Linux 6.1 */
#endif

#define STEP_DONE 0
#define STEP_CHILD 1
`;

const C_RUNTIME = String.raw`
static int me = -1;			/* this process's index in proc_name[] */
static int cmd_fd[NPROC][2];		/* driver -> process: step N to run (N), observe after step N (-N - 1), quit (0) */
static int ack_fd[2];			/* processes -> driver: { pid, child pid } */
static uint64_t mmio_base;		/* physical address of ivshmem's BAR 2 */

/* A MAP_SHARED view of each /dev/mem mapping: reads the MMIO itself, beside the scenario's VMA. */
#define MAX_SHADOWS 16
static struct shadow {
	uintptr_t start, end;
	volatile uint8_t *view;
} shadows[MAX_SHADOWS];
static int nshadows;

static __attribute__((unused)) void add_shadow(uintptr_t start, size_t len, uint64_t phys)
{
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	void *v;

	if (fd < 0 || nshadows == MAX_SHADOWS)
		return;
	v = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, phys);
	close(fd);
	if (v != MAP_FAILED)
		shadows[nshadows++] = (struct shadow){ start, start + len, v };
}

/* The BAR 2 of the first ivshmem device (PCI 1af4:1110), from sysfs. */
static uint64_t find_mmio_base(void)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	uint64_t base = 0;

	while (d && (e = readdir(d)) && !base) {
		char path[300], buf[64];
		unsigned int vendor = 0, device = 0;
		unsigned long long s, t, f;
		FILE *fp;

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor", e->d_name);
		if (!(fp = fopen(path, "r")))
			continue;
		if (fscanf(fp, "%x", &vendor) != 1)
			vendor = 0;
		fclose(fp);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/device", e->d_name);
		if (!(fp = fopen(path, "r")))
			continue;
		if (fscanf(fp, "%x", &device) != 1)
			device = 0;
		fclose(fp);
		if (vendor != 0x1af4 || device != 0x1110)
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", e->d_name);
		if (!(fp = fopen(path, "r")))
			continue;
		for (int bar = 0; bar <= 2 && fgets(buf, sizeof(buf), fp); bar++)
			if (bar == 2 && sscanf(buf, "%llx %llx %llx", &s, &t, &f) == 3)
				base = s;
		fclose(fp);
	}
	if (d)
		closedir(d);
	return base;
}

static uint64_t read_u64(const char *file, uint64_t index)
{
	uint64_t v = 0;
	int fd = open(file, O_RDONLY);

	if (fd >= 0) {
		if (pread(fd, &v, sizeof(v), index * sizeof(v)) != sizeof(v))
			v = 0;
		close(fd);
	}
	return v;
}

static long status_kb(const char *key)
{
	char line[256];
	long kb = -1;
	size_t n = strlen(key);
	FILE *fp = fopen("/proc/self/status", "r");

	while (fp && fgets(line, sizeof(line), fp))
		if (!strncmp(line, key, n) && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	if (fp)
		fclose(fp);
	return kb;
}

static const char *errno_name(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "-EPERM";
	case ENOENT: return "-ENOENT";
	case EAGAIN: return "-EAGAIN";
	case ENOMEM: return "-ENOMEM";
	case EACCES: return "-EACCES";
	case EFAULT: return "-EFAULT";
	case EEXIST: return "-EEXIST";
	case ENODEV: return "-ENODEV";
	case EINVAL: return "-EINVAL";
	default: return "-E?";
	}
}

/* One memory access; a SIGSEGV or SIGBUS it takes is caught and named. */
static sigjmp_buf fault_jmp;
static volatile sig_atomic_t in_access;

static void on_fault(int sig)
{
	if (in_access)
		siglongjmp(fault_jmp, sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static __attribute__((unused)) const char *touch(uintptr_t addr, int write, uint32_t word, uint32_t *value)
{
	/* ptlab keeps one content token per page: the word at the start of the page holds it. */
	volatile uint32_t *p = (volatile uint32_t *)(addr & ~(uintptr_t)4095);
	int sig = sigsetjmp(fault_jmp, 1);

	if (sig) {
		in_access = 0;
		return sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
	}
	in_access = 1;
	if (write)
		*p = word ? word : *p;	/* no token: store what is there */
	*value = *p;
	in_access = 0;
	return "0";
}

static void ack(int child_pid)
{
	int msg[2] = { getpid(), child_pid };

	if (write(ack_fd[1], msg, sizeof(msg)) != sizeof(msg))
		_exit(3);
}

static void report(int step, int res, const char *sig, uint32_t value)
{
	printf("{\"step\":%d,\"proc\":\"%s\",\"op\":\"%s\",\"result\":\"%s\"", step, proc_name[me], step_op[step],
	       sig ? sig : errno_name(res));
	if (sig && !strcmp(sig, "0"))
		printf(",\"value\":\"0x%x\"", value);
	printf("}\n");
	fflush(stdout);
}

/* What this process can see of every named page: pagemap entry, kpageflags, kpagecount, MMIO word. */
static void observe(int step)
{
	printf("{\"step\":%d,\"proc\":\"%s\",\"rss\":{\"anon\":%ld,\"file\":%ld,\"shmem\":%ld},\"pages\":[", step,
	       proc_name[me], status_kb("RssAnon"), status_kb("RssFile"), status_kb("RssShmem"));
	for (int i = 0; i < NPAGES; i++) {
		uintptr_t a = page_addr[i];
		uint64_t pm = read_u64("/proc/self/pagemap", a / 4096);
		uint64_t pfn = pm & ((1ULL << 55) - 1);
		int present = !!(pm >> 63);

		printf("%s{\"addr\":\"0x%lx\",\"pm\":\"0x%llx\"", i ? "," : "", (unsigned long)a, (unsigned long long)pm);
		if (present && pfn) {
			printf(",\"kflags\":\"0x%llx\",\"kcount\":%llu",
			       (unsigned long long)read_u64("/proc/kpageflags", pfn),
			       (unsigned long long)read_u64("/proc/kpagecount", pfn));
		}
		for (int s = 0; s < nshadows; s++)
			if (a >= shadows[s].start && a < shadows[s].end)
				printf(",\"mmio\":\"0x%x\"", *(volatile uint32_t *)(shadows[s].view + (a - shadows[s].start)));
		printf("}");
	}
	printf("]}\n");
	fflush(stdout);
}

`;

const C_MAIN = String.raw`
/* A scenario process: runs the steps and observations the driver sends it. */
static void serve(void)
{
	for (;;) {
		int cmd;

		if (read(cmd_fd[me][0], &cmd, sizeof(cmd)) != sizeof(cmd) || cmd == 0)
			_exit(0);
		if (cmd < 0) {
			observe(-cmd - 1);
			ack(0);
			continue;
		}
		run_step(cmd);
	}
}

/* The MMIO starts zeroed (the first word of each page), so that a word read back names the step that wrote it. */
static void zero_mmio(size_t used)
{
	int fd = used && mmio_base ? open("/dev/mem", O_RDWR | O_SYNC) : -1;
	void *v = fd < 0 ? MAP_FAILED : mmap(NULL, used, PROT_READ | PROT_WRITE, MAP_SHARED, fd, mmio_base);

	if (v != MAP_FAILED) {
		for (size_t off = 0; off < used; off += 4096)
			*(volatile uint32_t *)((char *)v + off) = 0;
		munmap(v, used);
	}
	if (fd >= 0)
		close(fd);
}

static int kmsg_fd = -1;

/* Kernel reports printed since the last call (BUG, WARNING, Bad ...), as one JSON line. */
static void kmsg_drain(int step)
{
	char rec[2048];
	int first = 1;
	ssize_t n;

	printf("{\"step\":%d,\"kmsg\":[", step);
	while (kmsg_fd >= 0 && (n = read(kmsg_fd, rec, sizeof(rec) - 1)) > 0) {
		char *msg;

		rec[n] = 0;
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = 0;
		if (!strstr(msg, "BUG") && !strstr(msg, "WARNING") && !strstr(msg, "Bad ") && !strstr(msg, "bad "))
			continue;
		printf("%s\"", first ? "" : ",");
		for (char *c = msg; *c; c++)
			if (*c == '"' || *c == '\\')
				printf("\\%c", *c);
			else if ((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f)
				putchar(*c);
		printf("\"");
		first = 0;
	}
	printf("]}\n");
	fflush(stdout);
}

static pid_t pids[NPROC];

/* Sends a command and waits for the answer; 0 when the process does not answer in 20 s. */
static int command(int proc, int cmd, int *child_pid)
{
	struct pollfd pfd = { .fd = ack_fd[0], .events = POLLIN };
	int msg[2];

	if (write(cmd_fd[proc][1], &cmd, sizeof(cmd)) != sizeof(cmd))
		return 0;
	if (poll(&pfd, 1, 20000) != 1 || read(ack_fd[0], msg, sizeof(msg)) != sizeof(msg))
		return 0;
	if (child_pid)
		*child_pid = msg[1];
	return 1;
}

/* exit_mmap() has run once the process is a zombie or gone (do_exit() calls exit_mm() before exit_notify()). */
static void wait_exited(pid_t pid)
{
	for (int i = 0; i < 2000; i++) {
		char path[64], buf[256];
		FILE *fp;
		char *r;

		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		fp = fopen(path, "r");
		if (!fp)
			return;
		r = fgets(buf, sizeof(buf), fp);
		fclose(fp);
		if (r && (r = strrchr(buf, ')')) && (r[2] == 'Z' || r[2] == 'X'))
			return;
		usleep(5000);
	}
}

int main(void)
{
	struct utsname u;
	int alive[NPROC] = { 0 };

	signal(SIGSEGV, on_fault);
	signal(SIGBUS, on_fault);
	signal(SIGCHLD, SIG_IGN);	/* no zombies to reap; a process that exits is gone */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	uname(&u);
	mmio_base = find_mmio_base();
	for (int i = 0; i < NPROC; i++)
		if (pipe(cmd_fd[i]))
			return 2;
	if (pipe(ack_fd))
		return 2;
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
	zero_mmio(MMIO_USED);
	printf("{\"ptlab\":\"start\",\"kernel\":\"%s\",\"mmio\":\"0x%llx\"}\n", u.release, (unsigned long long)mmio_base);
	fflush(stdout);

	for (int q = 0; q < NINITIAL; q++) {
		pids[q] = fork();
		if (pids[q] == 0) {
			me = q;
			serve();
		}
		alive[q] = 1;
	}
	/* Step 0: what each process holds before the scenario starts (libc's own pages), for RSS deltas. */
	for (int q = 0; q < NINITIAL; q++)
		if (!command(q, -1, NULL))
			alive[q] = 0;
	for (int step = 1; step <= NSTEPS; step++) {
		int p = step_proc[step], child = 0;

		if (!alive[p]) {
			printf("{\"step\":%d,\"proc\":\"%s\",\"op\":\"%s\",\"result\":\"ESRCH\"}\n", step, proc_name[p], step_op[step]);
		} else if (!command(p, step, &child)) {
			printf("{\"step\":%d,\"proc\":\"%s\",\"op\":\"%s\",\"result\":\"no answer\"}\n", step, proc_name[p], step_op[step]);
			alive[p] = 0;
		} else if (!strcmp(step_op[step], "exit")) {
			wait_exited(pids[p]);
			alive[p] = 0;
		} else if (step_child[step] >= 0 && child > 0) {
			pids[step_child[step]] = child;
			alive[step_child[step]] = 1;
		}
		fflush(stdout);
		for (int q = 0; q < NPROC; q++)
			if (alive[q] && !command(q, -step - 1, NULL))
				alive[q] = 0;
		kmsg_drain(step);
	}
	for (int q = 0; q < NPROC; q++) {
		int quit = 0;

		if (alive[q] && write(cmd_fd[q][1], &quit, sizeof(quit)) != sizeof(quit))
			alive[q] = 0;
	}
	printf("{\"ptlab\":\"end\"}\n");
	fflush(stdout);
	return 0;
}
`;
