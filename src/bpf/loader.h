/* SPDX-License-Identifier: GPL-2.0 */
/* What every BPF user in sonde does first: quiet libbpf, memlock. */
#ifndef SONDE_BPF_LOADER_H
#define SONDE_BPF_LOADER_H

/*
 * Routes libbpf's messages to stderr only when SONDE_DEBUG is set, and
 * tries to lift RLIMIT_MEMLOCK for old kernels (a failure is harmless on
 * kernels that account BPF memory to cgroups).  Idempotent.
 */
void bpf_loader__init(void);

#endif
