// SPDX-License-Identifier: GPL-2.0
#include "core/syscalls.h"

#include "util/strutil.h"

#include <errno.h>
#include <string.h>

const struct syscall_entry *syscalls__native(size_t *nr)
{
#if defined(__aarch64__)
	*nr = syscall_table_aarch64_nr;
	return syscall_table_aarch64;
#else
	*nr = syscall_table_x86_64_nr;
	return syscall_table_x86_64;
#endif
}

const char *syscalls__name(int nr)
{
	size_t n;
	const struct syscall_entry *t = syscalls__native(&n);
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t[mid].nr == nr)
			return t[mid].name;
		if (t[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int syscalls__number(const char *name)
{
	size_t n;
	const struct syscall_entry *t = syscalls__native(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].nr;
	return -ENOENT;
}

int syscalls__from_tracepoint(const char *tp_name)
{
	const char *name;
	int nr;

	if (str_has_prefix(tp_name, "sys_enter_"))
		name = tp_name + strlen("sys_enter_");
	else if (str_has_prefix(tp_name, "sys_exit_"))
		name = tp_name + strlen("sys_exit_");
	else
		return -ENOENT;
	nr = syscalls__number(name);
	if (nr < 0 && str_has_prefix(name, "new"))
		nr = syscalls__number(name + 3);
	return nr;
}
