/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel types for sonde run, from the kernel's BTF (/sys/kernel/btf/
 * vmlinux): the members of structs and unions (args->sk->__sk_common.
 * skc_dport, ((struct task_struct *)curtask)->pid) and enum constants
 * (TCP_ESTABLISHED), as bpftrace reads them where the kernel has BTF.
 */
#ifndef SONDE_LANG_KTYPES_H
#define SONDE_LANG_KTYPES_H

#include "lang/sema.h"

#include <stdint.h>

/*
 * Member `member` of `record` ("struct sock", "union u", or a typedef of
 * one; or the type btf_id when not 0: unnamed unions have no name),
 * looked for in unnamed members too: its offset in bytes and its
 * type (INT, PTR, STR for a char array, ARRAY, RECORD for an embedded
 * struct or union).  0, -ENOENT (no such type), -ESRCH (no such
 * member), -EOPNOTSUPP (a bitfield, or a type sonde cannot read), or
 * -ENODATA (the kernel has no BTF).
 */
int ktypes__member(const char *record, uint32_t btf_id, const char *member,
		   struct lang_type *type, uint32_t *offset);

/* The value of enum constant name: 0, -ENOENT or -ENODATA. */
int ktypes__enum_value(const char *name, int64_t *value);

#endif
