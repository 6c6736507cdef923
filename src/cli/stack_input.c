// SPDX-License-Identifier: GPL-2.0
#include "cli/stack_input.h"

#include "cli/recording.h"
#include "render/perf_script.h"
#include "util/err.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define SAMPLE_TEXT_MAX (1 << 20)
#define FOLDED_LINE_MAX (16 << 20)

int stack_input__parse_format(const char *s, enum input_format *format)
{
	static const char *const names[] = { "auto", "perf-data",
					     "perf-script", "folded" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (!strcmp(s, names[i])) {
			*format = (enum input_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Folded stacks end every line with a count; perf script does not. */
static enum input_format sniff(const char *p, size_t n)
{
	size_t lines = 0;

	if (n >= 8 && !memcmp(p, "PERFILE2", 8))
		return INPUT_PERF_DATA;
	while (n && lines < 16) {
		const char *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) : n, e = len;

		if (!nl && n == STACK_INPUT_HEAD)
			break; /* a cut line says nothing */
		if (len && p[0] != '#') {
			if (p[0] == ' ' || p[0] == '\t')
				return INPUT_PERF_SCRIPT;
			while (e && p[e - 1] == '\r')
				e--;
			if (!e || p[e - 1] < '0' || p[e - 1] > '9')
				return INPUT_PERF_SCRIPT;
			lines++;
		}
		if (!nl)
			break;
		n -= len + 1;
		p = nl + 1;
	}
	return lines ? INPUT_FOLDED : INPUT_PERF_SCRIPT;
}

int stack_input__open(struct stack_input *in, const char *path,
		      enum input_format want)
{
	bool is_stdin = !strcmp(path, "-");
	ssize_t n;

	memset(in, 0, sizeof(*in));
	in->path = path;
	in->name = is_stdin ? "standard input" : path;
	in->format = want;
	in->fd = -1;
	if (want == INPUT_PERF_DATA && !is_stdin)
		return 0; /* the reader opens it */
	in->fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		err_say("cannot open '%s': %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	in->head = malloc(STACK_INPUT_HEAD);
	if (!in->head) {
		err_say("out of memory");
		return EXIT_FAIL;
	}
	while (in->head_len < STACK_INPUT_HEAD) {
		n = read(in->fd, in->head + in->head_len,
			 STACK_INPUT_HEAD - in->head_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_say("cannot read '%s': %s", in->name,
				strerror(errno));
			return EXIT_FAIL;
		}
		if (!n)
			break;
		in->head_len += (size_t)n;
	}
	if (!in->head_len) {
		err_say("'%s' is empty", in->name);
		return EXIT_FAIL;
	}
	if (want == INPUT_AUTO)
		in->format = sniff(in->head, in->head_len);
	if (in->format == INPUT_PERF_DATA && is_stdin) {
		err_say("a recording on standard input cannot be read here; "
			"give its path");
		return EXIT_USAGE;
	}
	if (in->format != INPUT_PERF_DATA) {
		const char *nul = memchr(in->head, '\0', in->head_len);
		size_t line = 1;

		for (const char *p = in->head; nul && p < nul; p++)
			line += *p == '\n';
		if (nul) {
			err_say("'%s' is not text: line %zu has a NUL byte (not "
				"a recording, perf script text or folded "
				"stacks)",
				in->name, line);
			return EXIT_FAIL;
		}
	}
	return 0;
}

/* Calls line() for each line of the input, the head first. */
static int each_line(struct stack_input *in,
		     int (*line)(const char *l, size_t n, void *ctx),
		     void *ctx)
{
	struct strbuf partial;
	char *buf = malloc(CHUNK);
	const char *data = in->head;
	size_t len = in->head_len;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	strbuf__init(&partial, FOLDED_LINE_MAX);
	for (;;) {
		const char *p = data, *end = data + len;
		ssize_t n;

		while (!err && p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			if (!nl) {
				err = strbuf__add(&partial, p,
						  (size_t)(end - p));
				break;
			}
			if (partial.len) {
				err = strbuf__add(&partial, p,
						  (size_t)(nl - p));
				if (!err)
					err = line(partial.buf, partial.len,
						   ctx);
				strbuf__reset(&partial);
			} else {
				err = line(p, (size_t)(nl - p), ctx);
			}
			p = nl + 1;
		}
		if (err)
			break;
		do {
			n = read(in->fd, buf, CHUNK);
		} while (n < 0 && errno == EINTR);
		if (n < 0) {
			err = -errno;
			break;
		}
		if (!n)
			break;
		data = buf;
		len = (size_t)n;
	}
	if (!err && partial.len)
		err = line(partial.buf, partial.len, ctx);
	strbuf__release(&partial);
	free(buf);
	return err;
}

static int collapse_line(const char *l, size_t n, void *ctx)
{
	return collapser__line(ctx, l, n);
}

struct from_recording {
	struct collapser *c;
	struct strbuf text;
	char name[128];
	uint8_t *plain; /* by frame id: 0 unknown, 1 plain, 2 not */
	size_t nr_plain;
	struct session *session;
};

/*
 * Whether every frame can skip the trip through text; known per frame
 * (by the resolver's frame id) after the first look.
 */
static bool plain_frames(struct from_recording *fr,
			 const struct session_sample *ss)
{
	for (size_t i = 0; i < ss->nr_frames; i++) {
		const struct resolved_frame *f = &ss->frames[i];
		bool plain;

		if (f->id && f->id < fr->nr_plain && fr->plain[f->id])
			plain = fr->plain[f->id] == 1;
		else
			plain = collapser__frame_is_plain(f->sym, f->dso);
		if (f->id && f->id >= fr->nr_plain) {
			size_t n = fr->nr_plain ? fr->nr_plain : 4096;
			uint8_t *grown;

			while (n <= f->id)
				n *= 2;
			grown = realloc(fr->plain, n);
			if (grown) {
				memset(grown + fr->nr_plain, 0,
				       n - fr->nr_plain);
				fr->plain = grown;
				fr->nr_plain = n;
			}
		}
		if (f->id && f->id < fr->nr_plain)
			fr->plain[f->id] = plain ? 1 : 2;
		if (!plain)
			return false;
	}
	return ss->callchain;
}

/* Names the deferred kernel frames of a sample (waits for kallsyms). */
static void name_now(struct from_recording *fr,
		     const struct session_sample *ss)
{
	for (size_t i = 0; i < ss->nr_frames; i++) {
		struct resolved_frame *f =
			(struct resolved_frame *)&ss->frames[i];

		if (f->deferred)
			session__kernel_frame(fr->session, f->ip, f);
	}
}

static const char *kernel_symbol(uint64_t ip, void *ctx)
{
	struct resolved_frame f;

	return session__kernel_frame(ctx, ip, &f) ? NULL : f.sym;
}

/*
 * A sample folded as perf script's text of it would be: the header as
 * text (its pattern is subtle), the frames as parts when their names
 * read back unchanged.
 */
static int feed_sample(const struct session_sample *ss, void *ctx)
{
	struct from_recording *fr = ctx;
	const char *event = recording__event_name(ss->event, fr->name,
						  sizeof(fr->name));
	int err;

	strbuf__reset(&fr->text);
	if (!plain_frames(fr, ss)) {
		/* The text route needs every name now. */
		name_now(fr, ss);
		err = perf_script__format(&fr->text, ss, event);
		return err ? err :
			     collapser__feed(fr->c, fr->text.buf,
					     fr->text.len);
	}
	/* The header as parts when its text would read back the same. */
	err = (ss->sample->type & PERF_SAMPLE_TIME) && ss->comm[0] != ':' ?
		      collapser__header(
			      fr->c, ss->comm, ss->tid,
			      (ss->sample->type & PERF_SAMPLE_PERIOD) &&
				      !(ss->event &&
					ss->event->attr.type ==
						PERF_TYPE_TRACEPOINT),
			      ss->sample->period, event) :
		      -EAGAIN;
	if (err == -EAGAIN) {
		err = perf_script__format_header(&fr->text, ss, event);
		if (!err)
			err = collapser__line(fr->c, fr->text.buf,
					      fr->text.len);
	}
	for (size_t i = 0; !err && i < ss->nr_frames; i++) {
		const struct resolved_frame *f = &ss->frames[i];

		err = f->deferred ?
			      collapser__frame_deferred(fr->c, f->ip) :
			      collapser__frame(fr->c, f->addr, f->sym, f->dso);
	}
	return err ? err : collapser__line(fr->c, "", 0);
}

int stack_input__collapse(struct stack_input *in, struct collapser *c,
			  bool defer_forbidden)
{
	int err;

	if (in->format == INPUT_PERF_DATA) {
		struct from_recording fr = { .c = c };
		struct session *s;

		err = recording__open(in->path, true, &s);
		if (err)
			return err;
		fr.session = s;
		/* Kernel frames are named at the end, while kallsyms loads. */
		if (!defer_forbidden)
			session__defer_kernel(s);
		strbuf__init(&fr.text, SAMPLE_TEXT_MAX);
		err = session__run(s, feed_sample, &fr);
		if (!err)
			err = collapser__end(c);
		if (!err || err == -ENODATA || err == -EBADMSG) {
			int name_err = collapser__name_deferred(c, kernel_symbol,
								s);

			if (name_err)
				err = name_err;
		}
		err = recording__finish(s, in->path, err);
		strbuf__release(&fr.text);
		free(fr.plain);
		session__free(s);
		return err;
	}
	err = each_line(in, collapse_line, c);
	if (!err)
		err = collapser__end(c);
	if (err) {
		err_say("cannot read '%s': %s", in->name,
			err == -E2BIG ? "a line or stack is too long" :
					strerror(-err));
		return EXIT_FAIL;
	}
	/* Text that gave no stack: say which line was not perf script. */
	if (!collapser__nr_samples(c)) {
		if (collapser__unrecognized(c))
			err_say("'%s' is not perf script text: line %llu is "
				"neither a sample header nor a frame",
				in->name,
				(unsigned long long)collapser__first_unrecognized(
					c));
		else
			err_say("'%s' has no samples", in->name);
		return EXIT_FAIL;
	}
	return 0;
}

struct folded_ctx {
	struct flame *f;
	uint64_t line;
	const char *name;
};

static int folded_line(const char *l, size_t n, void *ctx)
{
	struct folded_ctx *fc = ctx;
	int err;

	fc->line++;
	while (n && l[n - 1] == '\r')
		n--;
	if (!n || l[0] == '#')
		return 0;
	err = flame__add_line(fc->f, l, n);
	if (err == -EINVAL || err == -ERANGE) {
		err_say("'%s' line %llu is not a folded stack ('a;b;c COUNT'): "
			"%.*s%s",
			fc->name, (unsigned long long)fc->line,
			(int)(n > 60 ? 60 : n), l, n > 60 ? "..." : "");
		return -ECANCELED;
	}
	return err;
}

static int add_folded(const char *stack, uint64_t count, void *ctx)
{
	return flame__add(ctx, stack, 0, count);
}

int stack_input__load(struct stack_input *in, const struct collapse_opts *o,
		      bool in_order, struct flame *f)
{
	struct folded_ctx fc = { .f = f, .name = in->name };
	struct collapse_opts each = *o;
	struct collapser *c;
	int err;

	if (in->format == INPUT_FOLDED) {
		err = each_line(in, folded_line, &fc);
		if (err == -ECANCELED)
			return EXIT_FAIL;
		if (err) {
			err_say("cannot read '%s': %s", in->name,
				strerror(-err));
			return EXIT_FAIL;
		}
		if (!f->nr_stacks) {
			err_say("'%s' has no stacks", in->name);
			return EXIT_FAIL;
		}
		return 0;
	}
	/* In order: every sample as it comes, for a flame chart. */
	if (in_order) {
		each.each_sample = add_folded;
		each.ctx = f;
	}
	if (collapser__new(&c, &each)) {
		err_say("out of memory");
		return EXIT_FAIL;
	}
	err = stack_input__collapse(in, c, in_order);
	if (!in_order && !err && collapser__for_each(c, add_folded, f)) {
		err_say("out of memory");
		err = EXIT_FAIL;
	}
	collapser__free(c);
	return err;
}

void stack_input__close(struct stack_input *in)
{
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	free(in->head);
	in->head = NULL;
}
