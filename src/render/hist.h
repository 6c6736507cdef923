/* SPDX-License-Identifier: GPL-2.0 */
/* Histograms as bpftrace prints hist(): power-of-two slots and bars. */
#ifndef SONDE_RENDER_HIST_H
#define SONDE_RENDER_HIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * slots[0] counts zeros, slots[1] ones, slots[k] values in
 * [2^(k-1), 2^k).  Prints "@[key]: " and the slots from the lowest to
 * the highest non-empty one, then a blank line.
 */
void hist_render__log2(FILE *out, const char *key, const uint64_t *slots,
		       size_t nr_slots);

#endif
