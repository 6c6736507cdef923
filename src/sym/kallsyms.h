/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel symbols by name, from /proc/kallsyms (any type: text or data). */
#ifndef SONDE_SYM_KALLSYMS_H
#define SONDE_SYM_KALLSYMS_H

#include <stdint.h>

/*
 * The address of the first symbol called name in path (NULL:
 * /proc/kallsyms).  0, -ENOENT (no such symbol), -EPERM (addresses
 * hidden by kptr_restrict), or open(2)'s error.
 */
int kallsyms__address(const char *path, const char *name, uint64_t *addr);

#endif
