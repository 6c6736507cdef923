/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A checked program compiled for the kernel: the BPF maps it needs, the
 * layout of every key, value and event record it writes (shared by the
 * code generator, which writes them, and the runtime, which reads them
 * back: lang/runtime.h), and one BPF program per probe (or per target,
 * when its code depends on the target: tracepoint fields, `probe`).
 *
 * Records are sequences of parts, each at an 8-byte aligned offset:
 *
 *	INT	 8 bytes, the value sign- or zero-extended
 *	STR	 len bytes, NUL-terminated unless the string fills them
 *	BUF	 u64 length, then len bytes
 *	KSTACK	 u64 stack id in the stack map `stack`
 *	USTACK	 u64 stack id, u64 tgid (the process to symbolize in)
 *	KSYM	 u64 kernel address
 *	USYM	 u64 address, u64 tgid
 *	PROBE	 u64 index into lang_compiled.probe_names
 *	USERNAME u64 uid
 *	INET	 u64 address family, then 16 bytes of address (ntop())
 *
 * Map keys: the keys' parts in order (a tuple key's items flattened), or
 * one INT part holding 0 for a map without keys.  hist and lhist add a
 * u64 slot index after them (slot_offset).  Map values:
 *
 *	count, sum	 u64 / s64 per CPU
 *	min, max	 s64 value, u64 1 once set; per CPU
 *	avg, stats	 s64 total, u64 count; per CPU
 *	hist, lhist	 u64 count of the key's slot, per CPU
 *	anything else	 the value's parts (a tuple's items flattened)
 *
 * Events, through one BPF ring buffer, start with struct
 * lang_event_header; their parts' offsets count from the header's start.
 */
#ifndef SONDE_LANG_COMPILE_H
#define SONDE_LANG_COMPILE_H

#include "lang/diag.h"
#include "lang/insn.h"
#include "lang/ir.h"
#include "lang/provider.h"
#include "lang/sema.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum lang_part_kind {
	LANG_PART_INT,
	LANG_PART_STR,
	LANG_PART_BUF,
	LANG_PART_KSTACK,
	LANG_PART_USTACK,
	LANG_PART_KSYM,
	LANG_PART_USYM,
	LANG_PART_PROBE,
	LANG_PART_USERNAME,
	LANG_PART_INET,
};

struct lang_part {
	enum lang_part_kind kind;
	uint32_t offset; /* in the record */
	uint32_t size;	 /* bytes taken there, a multiple of 8 */
	uint32_t len;	 /* STR, BUF: the capacity; INT: the type's size */
	bool is_signed;	 /* INT */
	/* KSTACK, USTACK: */
	uint32_t stack; /* index into lang_compiled.stacks */
	unsigned int depth;
	enum lang_stack_mode stack_mode;
};

#define LANG_RECORD_MAX_PARTS 32

struct lang_record {
	struct lang_part parts[LANG_RECORD_MAX_PARTS];
	size_t nr;
	uint32_t size; /* bytes, a multiple of 8 */
};

/* A map of the program. */
struct lang_map {
	const struct lang_sema_map *sema; /* name, keys, value type */
	enum lang_agg agg;		  /* sema->value.agg, or NONE */
	uint32_t type;			  /* BPF_MAP_TYPE_HASH, _PERCPU_HASH */
	uint32_t max_entries;
	struct lang_record key; /* its size includes a hist's slot */
	uint32_t slot_offset;	/* hist, lhist: where the slot index is */
	struct lang_record value;
	uint32_t value_size;
	int fd; /* -1 until created */
};

/* A stack trace map: one per kind (kernel, user) of stacks taken. */
struct lang_stack_map {
	bool user;
	unsigned int depth; /* the deepest stack taken into it */
	int fd;
};

enum lang_event_kind {
	LANG_EVENT_PRINTF,	/* id: events[id]; its format, args */
	LANG_EVENT_TIME,	/* id: events[id]; fmt is strftime's */
	LANG_EVENT_PRINT_VALUE, /* id: events[id]; args.parts[0] printed */
	LANG_EVENT_PRINT_MAP,	/* id: the map; then u64 top, u64 div */
	LANG_EVENT_CLEAR,	/* id: the map */
	LANG_EVENT_ZERO,	/* id: the map */
	LANG_EVENT_EXIT,	/* the program asked to stop */
	LANG_EVENT_JOIN,	/* id: events[id]; its STR parts joined by fmt */
	LANG_EVENT_CAT,		/* id: events[id]; a file named as printf would */
	LANG_EVENT_PROCESS,	/* id: a tgid whose user stack was first taken */
};

struct lang_event_header {
	uint32_t kind; /* enum lang_event_kind */
	uint32_t id;
};

/* PRINT_MAP's record. */
struct lang_event_print_map {
	struct lang_event_header h;
	uint64_t top, div;
};

/* What user space needs to print an event of kind PRINTF, TIME, PRINT_VALUE. */
struct lang_event {
	enum lang_event_kind kind;
	const char *fmt; /* into the program's string literal */
	size_t fmt_len;
	struct lang_record args; /* offsets from the header's start */
};

/* One BPF program and where it attaches. */
struct lang_prog {
	size_t probe;		     /* index in program->probes */
	enum lang_probe_type type;   /* of its attach points */
	struct lang_targets targets; /* where it attaches */
	struct ir_func ir;
	struct insn_buf insns;
	int fd; /* -1 until loaded */
};

struct lang_compiled {
	struct lang_map *maps; /* in lang_sema__map() order */
	size_t nr_maps;
	struct lang_stack_map stacks[2]; /* [0] kernel, [1] user */
	struct lang_event *events;
	size_t nr_events, cap_events;
	char **probe_names; /* the `probe` builtin's values */
	size_t nr_probe_names;
	int ring_fd;	    /* the events' ring buffer; -1 until created */
	uint32_t ring_size; /* bytes, a power of two */
	/*
	 * Records too big for the 512-byte BPF stack are built in one
	 * per-CPU array value of this size (0: none needed).
	 */
	uint32_t scratch_size;
	int scratch_fd;
	/*
	 * Processes whose user stacks or symbols were taken, each told to
	 * user space once, while it lives, to keep its mappings: a hash
	 * of tgids (-1: the program takes none).
	 */
	int seen_fd;
	bool takes_user_addresses;
	struct lang_prog *progs;
	size_t nr_progs;
	bool has_end; /* an END probe (its program is among progs) */
};

/*
 * Map ids in generated code, before lang_compile__bind_maps(): user maps
 * are 0..nr_maps-1, then these.  The dump shows ids, so it is stable.
 */
#define LANG_MAP_ID_STACK_KERNEL 0x10000
#define LANG_MAP_ID_STACK_USER 0x10001
#define LANG_MAP_ID_RING 0x10002
#define LANG_MAP_ID_SCRATCH 0x10003
#define LANG_MAP_ID_SEEN 0x10004

struct lang_compile_opts {
	/* Tracepoint formats (for args), USDT notes; as the checker's. */
	const struct lang_sema_env *env;
	pid_t pid;	   /* -p: probes fire only in this process; 0: all */
	pid_t cpid;	   /* -c: the command's pid, the `cpid` builtin */
	uint64_t start_ns; /* CLOCK_MONOTONIC at start, for `elapsed` */
};

/*
 * Expands every attach point (providers) and generates each probe's
 * programs, with map ids in place of fds.  0, or -EINVAL with diag set
 * (an unknown probe, a program BPF cannot express), or -ENOMEM.
 */
int lang_compile(const struct lang_program *prog, const struct lang_sema *sema,
		 const struct lang_compile_opts *opts,
		 struct lang_compiled *out, struct lang_diag *diag);
/* Puts the maps' fds (once created) in place of the ids. */
int lang_compile__bind_maps(struct lang_compiled *c);
void lang_compiled__release(struct lang_compiled *c);

#endif
