/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Histograms as bpftrace 0.17 prints hist() and lhist(): one row per
 * slot, "label (16 wide, left) count (8 wide, right) |bar (52)|", from
 * the lowest to the highest non-empty slot, empty slots between shown.
 */
#ifndef SONDE_RENDER_HIST_H
#define SONDE_RENDER_HIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * bpftrace's hist() slots: [0] counts negative values, [1] zeros,
 * [2] ones, [k >= 3] values in [2^(k-2), 2^(k-1)).  65 slots cover
 * every int64.
 */
#define HIST_NR_SLOTS 65

/*
 * The rows of a hist() in bpftrace's slot layout (above), without key
 * line or blank line after.  Counts print divided by div (print()'s
 * third argument; 0 means 1); the bars scale on the undivided counts.
 */
void hist_render__slots(FILE *out, const uint64_t *slots, size_t nr_slots,
			uint32_t div);

/*
 * The rows of an lhist(min, max, step): slots[0] counts values below
 * min, slots[i] for 1 <= i <= (max - min) / step values in
 * [min + (i-1)*step, min + i*step), the slot after them values >= max.
 * min, max and step are those of bpftrace's lhist(): int-sized.
 */
void hist_render__lslots(FILE *out, const uint64_t *slots, size_t nr_slots,
			 int64_t min, int64_t max, int64_t step);

/*
 * sonde trace --hist: slots[0] counts zeros, slots[1] ones, slots[k]
 * values in [2^(k-1), 2^k) (up to 65 slots, no negative slot).  Prints
 * "@[key]: " and the rows as bpftrace would, then a blank line.
 */
void hist_render__log2(FILE *out, const char *key, const uint64_t *slots,
		       size_t nr_slots);

#endif
