// SPDX-License-Identifier: GPL-2.0
#include "lang/provider.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct lang_provider *lang_provider__of(enum lang_probe_type type)
{
	switch (type) {
	case LANG_PROBE_BEGIN:
	case LANG_PROBE_END:
		return &lang_provider_special;
	case LANG_PROBE_TRACEPOINT:
		return &lang_provider_tracepoint;
	case LANG_PROBE_RAWTRACEPOINT:
		return &lang_provider_rawtracepoint;
	case LANG_PROBE_UPROBE:
	case LANG_PROBE_URETPROBE:
		return &lang_provider_uprobe;
	case LANG_PROBE_USDT:
		return &lang_provider_usdt;
	case LANG_PROBE_PROFILE:
	case LANG_PROBE_INTERVAL:
		return &lang_provider_timer;
	case LANG_PROBE_SOFTWARE:
	case LANG_PROBE_HARDWARE:
		return &lang_provider_event;
	case LANG_PROBE_KPROBE:
	case LANG_PROBE_KRETPROBE:
		return &lang_provider_kernel;
	case LANG_PROBE_FENTRY:
	case LANG_PROBE_FEXIT:
		return &lang_provider_tracing;
	default:
		return NULL;
	}
}

struct lang_target *lang_targets__add(struct lang_targets *ts,
				      enum lang_probe_type type,
				      const char *probe)
{
	struct lang_target *t;

	if (ts->nr == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 8;
		struct lang_target *items =
			realloc(ts->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		ts->items = items;
		ts->cap = cap;
	}
	t = &ts->items[ts->nr];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->probe = strdup(probe);
	if (!t->probe)
		return NULL;
	ts->nr++;
	return t;
}

void lang_targets__release(struct lang_targets *ts)
{
	for (size_t i = 0; i < ts->nr; i++) {
		struct lang_target *t = &ts->items[i];

		free(t->probe);
		free(t->category);
		free(t->name);
		free(t->path);
		free(t->usdt_args);
	}
	free(ts->items);
	*ts = (struct lang_targets){0};
}
