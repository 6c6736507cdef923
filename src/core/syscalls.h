/* SPDX-License-Identifier: GPL-2.0 */
/* Syscall names and numbers, from tables generated at build time. */
#ifndef SONDE_CORE_SYSCALLS_H
#define SONDE_CORE_SYSCALLS_H

#include <stddef.h>

struct syscall_entry {
	int nr;
	const char *name;
};

extern const struct syscall_entry syscall_table_x86_64[];
extern const size_t syscall_table_x86_64_nr;
extern const struct syscall_entry syscall_table_aarch64[];
extern const size_t syscall_table_aarch64_nr;

/* The table of the machine sonde was built for, sorted by number. */
const struct syscall_entry *syscalls__native(size_t *nr);
/* Name of a native syscall number, or NULL. */
const char *syscalls__name(int nr);
/* Native number of a syscall name, or -ENOENT. */
int syscalls__number(const char *name);

/*
 * The syscall behind a "sys_enter_NAME"/"sys_exit_NAME" tracepoint name.
 * The kernel names a few tracepoints after the internal function
 * (sys_enter_newstat for stat), so "new" is tried without it too.
 * Returns the number or -ENOENT.
 */
int syscalls__from_tracepoint(const char *tp_name);

#endif
