// SPDX-License-Identifier: GPL-2.0
#include "profile/collapse.h"

#include "util/hashmap.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES (16 << 20)
#define STACK_MAX_BYTES (64 << 20)

struct collapser {
	struct collapse_opts o;
	char *filter; /* the event kept */
	bool defaulted; /* the filter is the first event seen */
	bool dropped; /* events of another type were dropped */
	/* The sample being read. */
	bool have_pname;
	struct strbuf pname;
	uint64_t period;
	struct strbuf groups; /* each frame's names, ";"-joined, NUL-ended */
	size_t *group_ends;
	size_t nr_groups, cap_groups;
	/* Totals per distinct stack. */
	struct strpool stacks;
	uint64_t *counts;
	size_t cap_counts;
	struct strbuf stack; /* scratch */
	struct strbuf func; /* scratch */
	struct strbuf names; /* scratch: one frame's names */
	struct strbuf partial; /* a line cut by collapser__feed */
	uint64_t unrecognized;
	uint64_t lines, first_unrecognized;
	uint64_t samples; /* stacks remembered, summed or handed out */
	/*
	 * Frames given as parts: their folded names, once per (name, object)
	 * storage, since recordings repeat the same frames endlessly.
	 */
	struct u64map frame_cache; /* hash -> index + 1 */
	struct cached_names {
		const char *sym, *dso;
		bool java;
		uint32_t names; /* id in frame_names */
	} *cached;
	size_t nr_cached, cap_cached;
	struct strpool frame_names;
	bool deferred; /* some stacks hold kernel frames named later */
	/* Frame lines of text, and the names they fold to. */
	struct u64map line_cache; /* hash -> index + 1 */
	struct cached_line {
		size_t text, len; /* the line, in line_text */
		bool java;
		uint32_t names; /* id in frame_names */
	} *lines_cached;
	size_t nr_lines_cached, cap_lines_cached;
	struct strbuf line_text;
};

int collapser__new(struct collapser **out, const struct collapse_opts *o)
{
	struct collapser *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->o = *o;
	if (o->event_filter && *o->event_filter) {
		c->filter = strdup(o->event_filter);
		if (!c->filter) {
			free(c);
			return -ENOMEM;
		}
	}
	strbuf__init(&c->pname, LINE_MAX_BYTES);
	strbuf__init(&c->groups, STACK_MAX_BYTES);
	strbuf__init(&c->stack, STACK_MAX_BYTES);
	strbuf__init(&c->func, LINE_MAX_BYTES);
	strbuf__init(&c->names, STACK_MAX_BYTES);
	strbuf__init(&c->partial, LINE_MAX_BYTES);
	strbuf__init(&c->line_text, STACK_MAX_BYTES);
	*out = c;
	return 0;
}

void collapser__free(struct collapser *c)
{
	if (!c)
		return;
	free(c->filter);
	strbuf__release(&c->pname);
	strbuf__release(&c->groups);
	strbuf__release(&c->stack);
	strbuf__release(&c->func);
	strbuf__release(&c->names);
	strbuf__release(&c->partial);
	free(c->group_ends);
	strpool__release(&c->stacks);
	free(c->counts);
	u64map__release(&c->frame_cache);
	u64map__release(&c->line_cache);
	free(c->lines_cached);
	strbuf__release(&c->line_text);
	free(c->cached);
	strpool__release(&c->frame_names);
	free(c);
}

/* perl's \s and \w, on bytes. */
static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\f' || ch == '\v';
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool is_word(char ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || ch == '_';
}

struct span {
	const char *p;
	size_t len;
};

struct header {
	struct span comm, pid, tid; /* tid.len 0: absent */
};

/*
 * The perl pattern ^(\S.+?)\s+(\d+)[/]*(\d+)*\s+ : the shortest command
 * (two characters at least) followed by blanks, a pid, optionally
 * "/tid", and a blank.
 * fix_headers also takes a pid of -1.
 */
static bool match_header(const struct collapser *c, const char *l, size_t n,
			 struct header *h)
{
	if (n < 2 || is_space(l[0]))
		return false;
	for (size_t k = 2; k < n; k++) {
		size_t i = k, p0, p1, t0, t1;

		if (!is_space(l[i]))
			continue;
		while (i < n && is_space(l[i]))
			i++;
		p0 = i;
		if (c->o.fix_headers && i < n && l[i] == '-')
			i++;
		while (i < n && is_digit(l[i]))
			i++;
		p1 = i;
		if (p1 == p0 || (p1 == p0 + 1 && l[p0] == '-'))
			continue;
		while (i < n && l[i] == '/')
			i++;
		t0 = i;
		while (i < n && is_digit(l[i]))
			i++;
		t1 = i;
		if (i >= n || !is_space(l[i]))
			continue;
		h->comm = (struct span){ l, k };
		h->pid = (struct span){ l + p0, p1 - p0 };
		h->tid = (struct span){ l + t0, t1 - t0 };
		return true;
	}
	return false;
}

/*
 * /:\s*(\d+)*\s+(\S+):\s*$/ on a header: the event is the last word,
 * without its ':'; the period, if any, the number before it, after the
 * ':' that ends the time.
 */
static bool match_event(const char *l, size_t n, struct span *period,
			struct span *event)
{
	size_t e = n, w, q, r;

	while (e > 0 && is_space(l[e - 1]))
		e--;
	if (e < 2 || l[e - 1] != ':')
		return false;
	w = e - 1;
	while (w > 0 && !is_space(l[w - 1]))
		w--;
	if (w == e - 1)
		return false; /* (\S+) needs a character before the ':' */
	q = w;
	while (q > 0 && is_space(l[q - 1]))
		q--;
	if (q == w || q == 0)
		return false;
	*event = (struct span){ l + w, e - 1 - w };
	*period = (struct span){ NULL, 0 };
	if (l[q - 1] == ':')
		return true;
	if (!is_digit(l[q - 1]))
		return false;
	r = q;
	while (r > 0 && is_digit(l[r - 1]))
		r--;
	*period = (struct span){ l + r, q - r };
	while (r > 0 && is_space(l[r - 1]))
		r--;
	return r > 0 && l[r - 1] == ':';
}

static bool span_eq(struct span s, const char *str)
{
	return s.len == strlen(str) && !memcmp(s.p, str, s.len);
}

/* perl truth of a captured number: undef, "" and "0" are false. */
static bool perl_true(struct span s)
{
	return s.len && !(s.len == 1 && s.p[0] == '0');
}

static uint64_t number(struct span s)
{
	uint64_t v = 0;

	for (size_t i = 0; i < s.len; i++)
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	return v;
}

/* A sample header's parts: its event (if it names one) and period. */
static int start_sample(struct collapser *c, const struct header *h,
			bool have_event, struct span event, struct span period)
{
	struct span pid = h->pid, tid = h->tid;
	int err = 0;

	if (have_event) {
		if (!c->filter) {
			c->filter = strndup(event.p, event.len);
			if (!c->filter)
				return -ENOMEM;
			c->defaulted = true;
		} else if (!span_eq(event, c->filter)) {
			c->dropped = true;
			return 0; /* another event: its frames are skipped */
		}
	}
	c->period = perl_true(period) ? number(period) : 1;
	if (!perl_true(tid)) {
		tid = pid;
		pid = (struct span){ "?", 1 };
	}
	strbuf__reset(&c->pname);
	err = strbuf__add(&c->pname, h->comm.p, h->comm.len);
	if (!err && (c->o.tid || c->o.pid)) {
		err = strbuf__addc(&c->pname, '-');
		if (!err)
			err = strbuf__add(&c->pname, pid.p, pid.len);
		if (!err && c->o.tid)
			err = strbuf__addc(&c->pname, '/');
		if (!err && c->o.tid)
			err = strbuf__add(&c->pname, tid.p, tid.len);
	}
	if (err)
		return err;
	for (size_t i = 0; i < c->pname.len; i++)
		if (c->pname.buf[i] == ' ')
			c->pname.buf[i] = '_';
	c->have_pname = true;
	return 0;
}

static int on_header(struct collapser *c, const char *l, size_t n,
		     const struct header *h)
{
	struct span period = { 0 }, event = { 0 };
	bool have_event = match_event(l, n, &period, &event);

	return start_sample(c, h, have_event, event, period);
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (is_space(*s))
			return true;
	return false;
}

int collapser__header(struct collapser *c, const char *comm, int32_t tid,
		      bool has_period, uint64_t period, const char *event)
{
	char tid_digits[16], period_digits[24];
	struct header h;
	size_t n = sizeof(period_digits);

	/* Only where the header's pattern would read exactly these. */
	if (strlen(comm) < 2 || has_space(comm) || tid < 0 || !*event ||
	    has_space(event))
		return -EAGAIN;
	c->lines++;
	snprintf(tid_digits, sizeof(tid_digits), "%d", tid);
	h = (struct header){ .comm = { comm, strlen(comm) },
			     .pid = { tid_digits, strlen(tid_digits) } };
	do {
		period_digits[--n] = (char)('0' + period % 10);
		period /= 10;
	} while (period);
	return start_sample(c, &h, true, (struct span){ event, strlen(event) },
			    has_period ? (struct span){ period_digits + n,
							sizeof(period_digits) -
								n } :
					 (struct span){ NULL, 0 });
}

/*
 * /^\s*(\w+)\s*(.+) \((.*)\)/: the address, the function (up to the last
 * " (" that a ")" follows) and the object (up to the last ")").
 */
static bool match_frame(const char *l, size_t n, struct span *pc,
			struct span *func, struct span *mod)
{
	size_t i = 0, a, b, q, p, s;

	while (i < n && is_space(l[i]))
		i++;
	a = i;
	while (i < n && is_word(l[i]))
		i++;
	if (i == a)
		return false;
	*pc = (struct span){ l + a, i - a };
	b = i;
	while (b < n && is_space(l[b]))
		b++;
	for (q = n; q > i && l[q - 1] != ')'; q--)
		;
	if (q == i)
		return false;
	q--; /* the last ')' */
	for (p = q >= 1 ? q - 1 : 0; p > i; p--)
		if (l[p] == ' ' && l[p + 1] == '(' && p + 2 <= q)
			break;
	if (p <= i || !(l[p] == ' ' && l[p + 1] == '('))
		return false;
	s = b < p ? b : p - 1;
	if (s < i || s >= p)
		return false;
	*func = (struct span){ l + s, p - s };
	*mod = (struct span){ l + p + 2, q - (p + 2) };
	return true;
}

static bool contains(struct span s, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= s.len; i++)
		if (!memcmp(s.p + i, needle, k))
			return true;
	return false;
}

/* m:/tmp/perf-\d+\.map: */
static bool is_perf_map(struct span mod)
{
	for (size_t i = 0; i + 10 <= mod.len; i++) {
		size_t j = i + 10, d;

		if (memcmp(mod.p + i, "/tmp/perf-", 10))
			continue;
		for (d = j; d < mod.len && is_digit(mod.p[d]); d++)
			;
		if (d > j && d + 4 <= mod.len && !memcmp(mod.p + d, ".map", 4))
			return true;
	}
	return false;
}

/* The tidying of one function name, as the perl script does it. */
static int tidy(struct collapser *c, struct span f, struct span pc,
		struct span mod, bool inlined, struct strbuf *out)
{
	struct strbuf *b = &c->func;
	size_t len, from, mine = out->len; /* where this name starts in out */
	const char *open;
	int err = 0;

	strbuf__reset(b);
	if (f.len == 9 && !memcmp(f.p, "[unknown]", 9)) {
		struct span name = { "unknown", 7 };

		if (!span_eq(mod, "[unknown]")) {
			const char *slash = memrchr(mod.p, '/', mod.len);

			name = slash ? (struct span){ slash + 1,
						      mod.len - (size_t)(
							      slash + 1 - mod.p) } :
				       mod;
		}
		err = strbuf__addc(b, '[');
		if (!err)
			err = strbuf__add(b, name.p, name.len);
		if (!err && c->o.addrs) {
			err = strbuf__add(b, " <", 2);
			if (!err)
				err = strbuf__add(b, pc.p, pc.len);
			if (!err)
				err = strbuf__addc(b, '>');
		}
		if (!err)
			err = strbuf__addc(b, ']');
	} else {
		err = strbuf__add(b, f.p, f.len);
	}
	if (err)
		return err;
	for (size_t i = 0; i < b->len; i++)
		if (b->buf[i] == ';')
			b->buf[i] = ':';
	/* Unless a Go method ("pkg.(*T).M"), cut from the first "(". */
	len = b->len;
	if (memchr(b->buf, '(', len)) {
		open = strstr(b->buf, ".(");
		if (!(open && strstr(open + 2, ")."))) {
			for (size_t i = 0; i < len; i++) {
				if (b->buf[i] == '(' &&
				    strncmp(b->buf + i + 1,
					    "anonymous namespace)", 20)) {
					len = i;
					break;
				}
			}
		}
	}
	/* "Ljava/lang/Foo;" -> "java/lang/Foo:" in Java processes. */
	from = len && b->buf[0] == 'L' && c->pname.len >= 4 &&
	       !memcmp(c->pname.buf, "java", 4) && memchr(b->buf, '/', len);
	if (!memchr(b->buf + from, '"', len - from) &&
	    !memchr(b->buf + from, '\'', len - from)) {
		err = strbuf__add(out, b->buf + from, len - from);
	} else {
		for (size_t i = from; !err && i < len; i++)
			if (b->buf[i] != '"' && b->buf[i] != '\'')
				err = strbuf__addc(out, b->buf[i]);
	}
	if (err)
		return err;
	if (inlined) {
		if (!out->len || !strstr(out->buf + mine, "_[i]"))
			return strbuf__add(out, "_[i]", 4);
	} else if (c->o.kernel &&
		   ((mod.len && mod.p[0] == '[') ||
		    (mod.len >= 7 &&
		     !memcmp(mod.p + mod.len - 7, "vmlinux", 7))) &&
		   !contains(mod, "unknown")) {
		return strbuf__add(out, "_[k]", 4);
	} else if (c->o.jit && is_perf_map(mod)) {
		if (!out->len || !strstr(out->buf + mine, "_[j]"))
			return strbuf__add(out, "_[j]", 4);
	}
	return 0;
}

static int push_group(struct collapser *c, const char *text, size_t len)
{
	int err;

	if (c->nr_groups == c->cap_groups) {
		size_t cap = c->cap_groups ? c->cap_groups * 2 : 64;
		size_t *grown = realloc(c->group_ends, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		c->group_ends = grown;
		c->cap_groups = cap;
	}
	err = strbuf__add(&c->groups, text, len);
	if (err)
		return err;
	c->group_ends[c->nr_groups++] = c->groups.len;
	return 0;
}

/* A frame, once its address, function and object are known. */
static int process_frame(struct collapser *c, struct span pc, struct span func,
			 struct span mod)
{
	struct strbuf *names = &c->names;
	size_t start, nr = 0;
	int err = 0;

	/* s/\+0x[\da-f]+$//: the offset perf prints after the name */
	for (size_t d = func.len; d > 0; d--) {
		char ch = func.p[d - 1];

		if (is_digit(ch) || (ch >= 'a' && ch <= 'f'))
			continue;
		if (d < func.len && d >= 3 && !memcmp(func.p + d - 3, "+0x", 3))
			func.len = d - 3;
		break;
	}
	if (func.len && func.p[0] == '(')
		return 0; /* a process name */
	strbuf__reset(names);
	/* split /->/, dropping trailing empty fields */
	start = 0;
	while (!err) {
		const char *arrow = NULL;
		struct span field;

		for (size_t i = start; i + 1 < func.len; i++) {
			if (func.p[i] == '-' && func.p[i + 1] == '>') {
				arrow = func.p + i;
				break;
			}
		}
		field = (struct span){ func.p + start,
				       (arrow ? (size_t)(arrow - func.p) :
						func.len) -
					       start };
		if (!arrow) {
			/* A trailing empty field is no field. */
			if (field.len) {
				if (nr)
					err = strbuf__addc(names, ';');
				if (!err)
					err = tidy(c, field, pc, mod, nr > 0,
						   names);
				nr++;
			}
			break;
		}
		if (nr)
			err = strbuf__addc(names, ';');
		if (!err)
			err = tidy(c, field, pc, mod, nr > 0, names);
		nr++;
		start = (size_t)(arrow - func.p) + 2;
	}
	if (!err && nr)
		err = push_group(c, names->buf ? names->buf : "", names->len);
	return err;
}

static int on_frame(struct collapser *c, const char *l, size_t n)
{
	bool java = c->pname.len >= 4 && !memcmp(c->pname.buf, "java", 4);
	uint64_t key = hash__mix(hash__bytes(l, n), java);
	size_t before = c->nr_groups;
	struct cached_line *cl;
	struct span pc, func, mod;
	uint64_t *slot;
	bool inserted;
	int64_t id;
	int err;

	/* Stacks repeat their frames: a line seen before folds the same. */
	slot = c->have_pname ? u64map__find(&c->line_cache, key) : NULL;
	if (slot) {
		cl = &c->lines_cached[*slot - 1];
		if (cl->len == n && cl->java == java &&
		    !memcmp(c->line_text.buf + cl->text, l, n)) {
			const char *names =
				strpool__get(&c->frame_names, cl->names);

			return *names ? push_group(c, names, strlen(names)) :
					0;
		}
	}
	if (!match_frame(l, n, &pc, &func, &mod)) {
		if (!c->unrecognized++)
			c->first_unrecognized = c->lines;
		return 0;
	}
	if (!c->have_pname)
		return 0; /* a frame of a filtered sample */
	err = process_frame(c, pc, func, mod);
	if (err || slot || c->line_text.len + n > STACK_MAX_BYTES / 2)
		return err; /* a collision, or enough cached: not kept */
	slot = u64map__slot(&c->line_cache, key, &inserted);
	if (!slot)
		return -ENOMEM;
	id = strpool__intern(&c->frame_names,
			     c->nr_groups > before ? c->names.buf : "");
	if (id < 0)
		return (int)id;
	if (c->nr_lines_cached == c->cap_lines_cached) {
		size_t cap = c->cap_lines_cached ? c->cap_lines_cached * 2 :
						   1024;
		struct cached_line *grown =
			realloc(c->lines_cached, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		c->lines_cached = grown;
		c->cap_lines_cached = cap;
	}
	c->lines_cached[c->nr_lines_cached] = (struct cached_line){
		c->line_text.len, n, java, (uint32_t)id
	};
	err = strbuf__add(&c->line_text, l, n);
	if (err)
		return err;
	*slot = ++c->nr_lines_cached;
	return 0;
}

/* The folded names of a frame given as parts, from the cache if known. */
static int cached_frame(struct collapser *c, struct span pc, const char *sym,
			const char *dso)
{
	bool java = c->pname.len >= 4 && !memcmp(c->pname.buf, "java", 4);
	uint64_t key = hash__mix(hash__mix((uintptr_t)sym, (uintptr_t)dso),
				 java);
	size_t before = c->nr_groups;
	struct cached_names *cn;
	uint64_t *slot;
	bool inserted;
	int64_t id;
	int err;

	slot = u64map__slot(&c->frame_cache, key, &inserted);
	if (slot && !inserted) {
		cn = &c->cached[*slot - 1];
		if (cn->sym == sym && cn->dso == dso && cn->java == java) {
			const char *names =
				strpool__get(&c->frame_names, cn->names);

			return *names ? push_group(c, names, strlen(names)) :
					0;
		}
	}
	err = process_frame(c, pc, (struct span){ sym, strlen(sym) },
			    (struct span){ dso, strlen(dso) });
	if (err || !slot || !inserted)
		return err;
	/* What process_frame pushed (or nothing) is this frame's names. */
	id = strpool__intern(&c->frame_names,
			     c->nr_groups > before ? c->names.buf : "");
	if (id < 0)
		return (int)id;
	if (c->nr_cached == c->cap_cached) {
		size_t cap = c->cap_cached ? c->cap_cached * 2 : 1024;
		struct cached_names *grown =
			realloc(c->cached, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		c->cached = grown;
		c->cap_cached = cap;
	}
	c->cached[c->nr_cached] =
		(struct cached_names){ sym, dso, java, (uint32_t)id };
	*slot = ++c->nr_cached;
	return 0;
}

int collapser__frame(struct collapser *c, uint64_t pc, const char *sym,
		     const char *dso)
{
	char hex[20];
	size_t n = 0;

	c->lines++;
	if (!c->have_pname)
		return 0;
	/* The address as perf script prints it (the name's offset would
	 * be stripped again). */
	do {
		hex[sizeof(hex) - 1 - n++] = "0123456789abcdef"[pc % 16];
		pc /= 16;
	} while (pc);
	/* Named frames fold the same wherever they are; unknown ones may
	 * carry their address. */
	if (sym)
		return cached_frame(c, (struct span){ hex + sizeof(hex) - n, n },
				    sym, dso);
	return process_frame(c, (struct span){ hex + sizeof(hex) - n, n },
			     (struct span){ "[unknown]", 9 },
			     (struct span){ dso, strlen(dso) });
}

/* "\001<hex ip>": a kernel frame whose name comes later. */
#define DEFERRED_MARK '\001'

int collapser__frame_deferred(struct collapser *c, uint64_t ip)
{
	char mark[24];
	size_t n = sizeof(mark);

	c->lines++;
	if (!c->have_pname)
		return 0;
	do {
		mark[--n] = "0123456789abcdef"[ip % 16];
		ip /= 16;
	} while (ip);
	mark[--n] = DEFERRED_MARK;
	c->deferred = true;
	return push_group(c, mark + n, sizeof(mark) - n);
}

/* The stack with its deferred frames named, into c->stack. */
static int name_stack(struct collapser *c, const char *stack,
		      const char *(*name_of)(uint64_t ip, void *ctx),
		      void *ctx)
{
	static const char kernel[] = "[kernel.kallsyms]";
	const char *p = stack, *semi = strchr(stack, ';');
	int err;

	/* The process name leads: the Java rule reads it. */
	strbuf__reset(&c->pname);
	err = strbuf__add(&c->pname, stack, semi ? (size_t)(semi - stack) :
						  strlen(stack));
	strbuf__reset(&c->stack);
	while (!err) {
		size_t len;

		semi = strchr(p, ';');
		len = semi ? (size_t)(semi - p) : strlen(p);
		if (p != stack)
			err = strbuf__addc(&c->stack, ';');
		if (!err && len && p[0] == DEFERRED_MARK) {
			uint64_t ip = strtoull(p + 1, NULL, 16);
			const char *sym = name_of(ip, ctx);
			char hex[20];
			int n = snprintf(hex, sizeof(hex), "%llx",
					 (unsigned long long)ip);

			err = tidy(c,
				   sym ? (struct span){ sym, strlen(sym) } :
					 (struct span){ "[unknown]", 9 },
				   (struct span){ hex, (size_t)n },
				   (struct span){ kernel, sizeof(kernel) - 1 },
				   false, &c->stack);
		} else if (!err) {
			err = strbuf__add(&c->stack, p, len);
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	return err;
}

int collapser__name_deferred(struct collapser *c,
			     const char *(*name_of)(uint64_t ip, void *ctx),
			     void *ctx)
{
	struct strpool named = { 0 };
	uint64_t *counts;
	int err = 0;

	if (!c->deferred)
		return 0;
	counts = calloc(c->stacks.nr ? c->stacks.nr : 1, sizeof(*counts));
	if (!counts)
		return -ENOMEM;
	/* Stacks that become equal once named are summed. */
	for (size_t i = 0; !err && i < c->stacks.nr; i++) {
		const char *stack = strpool__get(&c->stacks, (uint32_t)i);
		int64_t id;

		if (strchr(stack, DEFERRED_MARK)) {
			err = name_stack(c, stack, name_of, ctx);
			stack = c->stack.buf;
		}
		id = err ? -1 : strpool__intern(&named, stack);
		if (id < 0) {
			err = err ? err : (int)id;
			break;
		}
		counts[id] += c->counts[i];
	}
	if (err) {
		strpool__release(&named);
		free(counts);
		return err;
	}
	strpool__release(&c->stacks);
	free(c->counts);
	c->stacks = named;
	c->counts = counts;
	c->cap_counts = c->stacks.nr ? c->stacks.nr : 1;
	c->deferred = false;
	return 0;
}

bool collapser__frame_is_plain(const char *sym, const char *dso)
{
	/* What the line pattern would read otherwise than it was written. */
	return (!sym || (!strstr(sym, " (") && !strchr(sym, ')') &&
			 !is_space(sym[0]) && !strstr(sym, "+0x"))) &&
	       !strchr(dso, ')') && !strstr(dso, " (");
}

static int remember(struct collapser *c)
{
	int64_t id;
	int err;

	strbuf__reset(&c->stack);
	err = strbuf__add(&c->stack, c->pname.buf, c->pname.len);
	for (size_t g = c->nr_groups; !err && g-- > 0;) {
		size_t from = g ? c->group_ends[g - 1] : 0;

		err = strbuf__addc(&c->stack, ';');
		if (!err)
			err = strbuf__add(&c->stack, c->groups.buf + from,
					  c->group_ends[g] - from);
	}
	if (err)
		return err;
	c->samples++;
	if (c->o.each_sample)
		return c->o.each_sample(c->stack.buf, c->period, c->o.ctx);
	id = strpool__intern(&c->stacks, c->stack.buf);
	if (id < 0)
		return (int)id;
	if ((size_t)id >= c->cap_counts) {
		size_t cap = c->cap_counts ? c->cap_counts * 2 : 1024;
		uint64_t *grown = realloc(c->counts, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		memset(grown + c->cap_counts, 0,
		       (cap - c->cap_counts) * sizeof(*grown));
		c->counts = grown;
		c->cap_counts = cap;
	}
	c->counts[id] += c->period;
	return 0;
}

int collapser__line(struct collapser *c, const char *l, size_t n)
{
	struct header h;
	int err;

	c->lines++;
	if (n && l[0] == '#')
		return 0;
	if (!n) {
		if (!c->have_pname)
			return 0;
		err = remember(c);
		c->nr_groups = 0;
		strbuf__reset(&c->groups);
		c->have_pname = false;
		return err;
	}
	if (match_header(c, l, n, &h))
		return on_header(c, l, n, &h);
	return on_frame(c, l, n);
}

int collapser__feed(struct collapser *c, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int err = 0;

	while (!err && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return strbuf__add(&c->partial, p, (size_t)(end - p));
		if (c->partial.len) {
			err = strbuf__add(&c->partial, p, (size_t)(nl - p));
			if (!err)
				err = collapser__line(c, c->partial.buf,
						      c->partial.len);
			strbuf__reset(&c->partial);
		} else {
			err = collapser__line(c, p, (size_t)(nl - p));
		}
		p = nl + 1;
	}
	return err;
}

int collapser__end(struct collapser *c)
{
	int err = 0;

	if (c->partial.len)
		err = collapser__line(c, c->partial.buf, c->partial.len);
	strbuf__reset(&c->partial);
	return err;
}

static const struct strpool *sort_pool;

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(strpool__get(sort_pool, *(const uint32_t *)a),
		      strpool__get(sort_pool, *(const uint32_t *)b));
}

int collapser__for_each(struct collapser *c,
			int (*cb)(const char *stack, uint64_t count, void *ctx),
			void *ctx)
{
	size_t n = c->stacks.nr;
	uint32_t *ids = malloc((n ? n : 1) * sizeof(*ids));
	int err = 0;

	if (!ids)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	sort_pool = &c->stacks;
	if (n > 1)
		qsort(ids, n, sizeof(*ids), cmp_ids);
	for (size_t i = 0; !err && i < n; i++)
		err = cb(strpool__get(&c->stacks, ids[i]), c->counts[ids[i]],
			 ctx);
	free(ids);
	return err;
}

static int print_folded(const char *stack, uint64_t count, void *ctx)
{
	fprintf(ctx, "%s %llu\n", stack, (unsigned long long)count);
	return 0;
}

int collapser__write(struct collapser *c, FILE *out)
{
	int err = collapser__for_each(c, print_folded, out);

	return err ? err : ferror(out) ? -EIO : 0;
}

uint64_t collapser__nr_samples(const struct collapser *c)
{
	return c->samples;
}

uint64_t collapser__lines(const struct collapser *c)
{
	return c->lines;
}

uint64_t collapser__first_unrecognized(const struct collapser *c)
{
	return c->first_unrecognized;
}

const char *collapser__filtered_event(const struct collapser *c)
{
	return c->defaulted && c->dropped ? c->filter : NULL;
}

uint64_t collapser__unrecognized(const struct collapser *c)
{
	return c->unrecognized;
}
