// SPDX-License-Identifier: GPL-2.0
#include "render/hist.h"

#include <string.h>

#define BAR_WIDTH 52

/* 1024 -> "1K", 3 -> "3": bpftrace's short powers of two. */
static void short_number(uint64_t v, char *buf, size_t size)
{
	static const char suffix[] = "KMGTPE";
	int unit = 0;

	while (v >= 1024 && v % 1024 == 0 && unit < 6) {
		v /= 1024;
		unit++;
	}
	if (unit)
		snprintf(buf, size, "%llu%c", (unsigned long long)v,
			 suffix[unit - 1]);
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
}

static void slot_label(size_t slot, char *buf, size_t size)
{
	char lo[24], hi[24];

	if (slot < 2) {
		snprintf(buf, size, "[%zu]", slot);
		return;
	}
	short_number(1ULL << (slot - 1), lo, sizeof(lo));
	if (slot == 64)
		snprintf(hi, sizeof(hi), "...");
	else
		short_number(1ULL << slot, hi, sizeof(hi));
	snprintf(buf, size, "[%s, %s)", lo, hi);
}

void hist_render__log2(FILE *out, const char *key, const uint64_t *slots,
		       size_t nr_slots)
{
	size_t first = nr_slots, last = 0;
	uint64_t max = 0;
	char label[64], bar[BAR_WIDTH + 1];

	for (size_t i = 0; i < nr_slots; i++) {
		if (!slots[i])
			continue;
		if (first == nr_slots)
			first = i;
		last = i;
		if (slots[i] > max)
			max = slots[i];
	}
	fprintf(out, "@[%s]: \n", key);
	for (size_t i = first; i <= last && first < nr_slots; i++) {
		size_t n = (size_t)(slots[i] * BAR_WIDTH / max);

		memset(bar, '@', n);
		memset(bar + n, ' ', BAR_WIDTH - n);
		bar[BAR_WIDTH] = '\0';
		slot_label(i, label, sizeof(label));
		fprintf(out, "%-16s%8llu |%s|\n", label,
			(unsigned long long)slots[i], bar);
	}
	fputc('\n', out);
}
