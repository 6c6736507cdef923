// SPDX-License-Identifier: GPL-2.0
#include "cli/recording.h"

#include "core/events.h"
#include "util/err.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int recording__open(const char *path, bool time_ordered, struct session **out)
{
	int err = session__open(out, path, time_ordered);

	switch (err) {
	case 0:
		return 0;
	case -EINVAL:
		err_say("'%s' is not a perf.data file", path);
		break;
	case -EPROTONOSUPPORT:
		err_say("'%s' is a perf.data file sonde cannot read "
			"(byte-swapped or version 1)",
			path);
		break;
	case -ENODATA:
		err_say("'%s' is truncated: it ends inside its header", path);
		break;
	case -EBADMSG:
		err_say("'%s' is damaged: its header is inconsistent", path);
		break;
	default:
		err_say("cannot open '%s': %s", path, strerror(-err));
	}
	return EXIT_FAIL;
}

int recording__finish(struct session *s, const char *path, int err)
{
	struct perf_data_reader *r = session__reader(s);
	const struct perf_data_stats *st = perf_data_reader__stats(r);

	if (err == -ENODATA || err == -EBADMSG) {
		err_say("'%s' is %s at byte %" PRIu64 "; read %" PRIu64
			" samples before it",
			path, err == -ENODATA ? "truncated" : "damaged",
			perf_data_reader__stop_offset(r), st->samples);
		return EXIT_FAIL;
	}
	if (err == -EIO || err == -EPIPE) {
		err_say("cannot write the output");
		return EXIT_FAIL;
	}
	if (err) {
		err_say("cannot read '%s': %s", path, strerror(-err));
		return EXIT_FAIL;
	}
	if (perf_data_reader__is_unfinished(r))
		err_warn("'%s' was not finished by its recorder; read %" PRIu64
			 " samples",
			 path, st->samples);
	return EXIT_OK;
}

const char *recording__event_name(const struct perf_data_event *ev, char *buf,
				  size_t size)
{
	if (!ev)
		return "unknown";
	if (ev->name && ev->name[0])
		return ev->name;
	return events__name_of(ev->attr.type, ev->attr.config, buf, size);
}
