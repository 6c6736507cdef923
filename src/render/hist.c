// SPDX-License-Identifier: GPL-2.0
#include "render/hist.h"

#include <inttypes.h>
#include <string.h>

#define BAR_WIDTH 52
#define LABEL_SIZE 64

/*
 * One row.  bpftrace scales the bar in single-precision float,
 * truncated: count / (float)max * 52; the same arithmetic gives the
 * same bars where rounding matters (counts above 2^24).
 */
static void bar_row(FILE *out, const char *label, uint64_t shown,
		    uint64_t count, uint64_t max)
{
	char bar[BAR_WIDTH + 1];
	int n = 0;

	if (max)
		n = (int)((float)count / (float)max * (float)BAR_WIDTH);
	if (n < 0)
		n = 0;
	if (n > BAR_WIDTH)
		n = BAR_WIDTH;
	memset(bar, '@', (size_t)n);
	memset(bar + n, ' ', (size_t)(BAR_WIDTH - n));
	bar[BAR_WIDTH] = '\0';
	fprintf(out, "%-16s%8" PRIu64 " |%s|\n", label, shown, bar);
}

/* 2^power the way bpftrace labels hist() slots: 1K, 2M, 4G, 1024T. */
static void power_label(int power, char *buf, size_t size)
{
	static const struct {
		int power;
		char suffix;
	} units[] = {{40, 'T'}, {30, 'G'}, {20, 'M'}, {10, 'K'}};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (power >= units[i].power) {
			snprintf(buf, size, "%" PRIu64 "%c",
				 (uint64_t)1 << (power - units[i].power),
				 units[i].suffix);
			return;
		}
	}
	snprintf(buf, size, "%" PRIu64, (uint64_t)1 << power);
}

static void hist_slot_label(size_t slot, char *buf, size_t size)
{
	char lo[32], hi[32];

	if (slot == 0) {
		snprintf(buf, size, "(..., 0)");
	} else if (slot < 3) {
		snprintf(buf, size, "[%zu]", slot - 1);
	} else {
		power_label((int)slot - 2, lo, sizeof(lo));
		power_label((int)slot - 1, hi, sizeof(hi));
		snprintf(buf, size, "[%s, %s)", lo, hi);
	}
}

void hist_render__slots(FILE *out, const uint64_t *slots, size_t nr_slots,
			uint32_t div)
{
	size_t first = nr_slots, last = 0;
	uint64_t max = 0;
	char label[LABEL_SIZE];

	/* 66 slots at most: labels beyond 2^63 make no sense */
	if (nr_slots > HIST_NR_SLOTS + 1)
		nr_slots = HIST_NR_SLOTS + 1;
	if (!div)
		div = 1;
	for (size_t i = 0; i < nr_slots; i++) {
		if (!slots[i])
			continue;
		if (first == nr_slots)
			first = i;
		last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	for (size_t i = first; first < nr_slots && i <= last; i++) {
		hist_slot_label(i, label, sizeof(label));
		bar_row(out, label, slots[i] / div, slots[i], max);
	}
}

/* lhist bounds: 0, then multiples of 1M as "2M", of 1024 as "3K". */
static void lhist_number(int64_t v, char *buf, size_t size)
{
	if (v != 0 && v % 1048576 == 0)
		snprintf(buf, size, "%" PRId64 "M", v / 1048576);
	else if (v != 0 && v % 1024 == 0)
		snprintf(buf, size, "%" PRId64 "K", v / 1024);
	else
		snprintf(buf, size, "%" PRId64, v);
}

void hist_render__lslots(FILE *out, const uint64_t *slots, size_t nr_slots,
			 int64_t min, int64_t max, int64_t step)
{
	int64_t buckets = 0;
	size_t first = nr_slots, last = 0;
	uint64_t top = 0;
	char label[LABEL_SIZE], lo[32], hi[32];

	if (step > 0 && max > min) {
		uint64_t q = ((uint64_t)max - (uint64_t)min) / (uint64_t)step;

		buckets = q > INT64_MAX - 2 ? INT64_MAX - 2 : (int64_t)q;
	}
	for (size_t i = 0; i < nr_slots; i++) {
		if (slots[i] > top)
			top = slots[i];
		if (!slots[i] || (int64_t)i > buckets + 1)
			continue;
		if (first == nr_slots)
			first = i;
		last = i;
	}
	if (!top)
		return;
	if (first == nr_slots)
		first = last = 0;
	for (size_t i = first; i <= last && i < nr_slots; i++) {
		if (i == 0) {
			lhist_number(min, lo, sizeof(lo));
			snprintf(label, sizeof(label), "(..., %s)", lo);
		} else if ((int64_t)i == buckets + 1) {
			lhist_number(max, lo, sizeof(lo));
			snprintf(label, sizeof(label), "[%s, ...)", lo);
		} else {
			lhist_number(min + ((int64_t)i - 1) * step, lo,
				     sizeof(lo));
			lhist_number(min + (int64_t)i * step, hi, sizeof(hi));
			snprintf(label, sizeof(label), "[%s, %s)", lo, hi);
		}
		bar_row(out, label, slots[i], slots[i], top);
	}
}

void hist_render__log2(FILE *out, const char *key, const uint64_t *slots,
		       size_t nr_slots)
{
	uint64_t shifted[HIST_NR_SLOTS + 1] = {0};

	/* sonde trace has no negative slot: shift its slots up by one */
	if (nr_slots > HIST_NR_SLOTS)
		nr_slots = HIST_NR_SLOTS;
	memcpy(shifted + 1, slots, nr_slots * sizeof(*slots));
	fprintf(out, "@[%s]: \n", key);
	hist_render__slots(out, shifted, nr_slots + 1, 1);
	fputc('\n', out);
}
