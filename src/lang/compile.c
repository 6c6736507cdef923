// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's driver: record layouts, the maps a checked program
 * needs, its probes' targets (through the providers) and one program
 * per probe, or per target when the code depends on it.
 */
#include "lang/codegen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* bpftrace's default map size (BPFTRACE_MAP_KEYS_MAX). */
#define MAP_ENTRIES 4096
#define RING_SIZE (1u << 20)

static uint32_t round8(uint32_t n)
{
	return (n + 7) & ~7u;
}

uint32_t lang_layout__size(const struct lang_sema *sema,
			   const struct lang_type *t)
{
	uint32_t size = 0;

	switch (t->kind) {
	case LANG_TYPE_STR:
		return round8(t->size);
	case LANG_TYPE_BUF:
		return 8 + round8(t->size);
	case LANG_TYPE_USTACK:
	case LANG_TYPE_USYM:
		return 16;
	case LANG_TYPE_INET:
		return 24;
	case LANG_TYPE_TUPLE:
		for (unsigned int i = 0; t->tuple && i < t->nr; i++)
			size += lang_layout__size(
				sema, lang_sema__expr_type(
					      sema, t->tuple->tuple.items[i]));
		return size;
	default:
		return 8;
	}
}

static int add_part(struct lang_record *r, struct lang_part part)
{
	if (r->nr == LANG_RECORD_MAX_PARTS)
		return -E2BIG;
	part.offset = r->size;
	r->parts[r->nr++] = part;
	r->size += part.size;
	return 0;
}

static int add_stack(struct lang_record *r, const struct lang_type *t,
		     struct lang_compiled *c)
{
	bool user = t->kind == LANG_TYPE_USTACK;
	struct lang_stack_map *s = &c->stacks[user];

	if (s->depth < t->depth)
		s->depth = t->depth;
	return add_part(
		r, (struct lang_part){
			   .kind = user ? LANG_PART_USTACK : LANG_PART_KSTACK,
			   .size = user ? 16 : 8,
			   .stack = user,
			   .depth = t->depth,
			   .stack_mode = t->stack_mode,
		   });
}

int lang_layout__add(struct lang_record *r, const struct lang_sema *sema,
		     const struct lang_type *t, struct lang_compiled *c)
{
	int err = 0;

	switch (t->kind) {
	case LANG_TYPE_STR:
		return add_part(r, (struct lang_part){.kind = LANG_PART_STR,
						      .size = round8(t->size),
						      .len = t->size});
	case LANG_TYPE_BUF:
		return add_part(r,
				(struct lang_part){.kind = LANG_PART_BUF,
						   .size = 8 + round8(t->size),
						   .len = t->size});
	case LANG_TYPE_KSTACK:
	case LANG_TYPE_USTACK:
		return add_stack(r, t, c);
	case LANG_TYPE_KSYM:
		return add_part(r, (struct lang_part){.kind = LANG_PART_KSYM,
						      .size = 8});
	case LANG_TYPE_USYM:
		return add_part(r, (struct lang_part){.kind = LANG_PART_USYM,
						      .size = 16});
	case LANG_TYPE_PROBE:
		return add_part(r, (struct lang_part){.kind = LANG_PART_PROBE,
						      .size = 8});
	case LANG_TYPE_USERNAME:
		return add_part(r,
				(struct lang_part){.kind = LANG_PART_USERNAME,
						   .size = 8});
	case LANG_TYPE_INET:
		return add_part(r, (struct lang_part){.kind = LANG_PART_INET,
						      .size = 24});
	case LANG_TYPE_TUPLE:
		for (unsigned int i = 0; !err && t->tuple && i < t->nr; i++)
			err = lang_layout__add(
				r, sema,
				lang_sema__expr_type(sema,
						     t->tuple->tuple.items[i]),
				c);
		return err;
	case LANG_TYPE_INT:
		return add_part(r,
				(struct lang_part){.kind = LANG_PART_INT,
						   .size = 8,
						   .len = t->size,
						   .is_signed = t->is_signed});
	default: /* pointers and the like: their address */
		return add_part(r, (struct lang_part){.kind = LANG_PART_INT,
						      .size = 8,
						      .len = 8});
	}
}

static int lay_out_map(struct lang_compiled *c, const struct lang_sema *sema,
		       const struct lang_sema_map *sm, struct lang_map *m)
{
	int err = 0;

	m->sema = sm;
	m->fd = -1;
	m->agg =
		sm->value.kind == LANG_TYPE_AGG ? sm->value.agg : LANG_AGG_NONE;
	m->max_entries = MAP_ENTRIES;
	m->type = m->agg == LANG_AGG_NONE ? BPF_MAP_TYPE_HASH
					  : BPF_MAP_TYPE_PERCPU_HASH;
	for (size_t k = 0; !err && k < sm->nr_keys; k++)
		err = lang_layout__add(&m->key, sema, &sm->keys[k], c);
	if (!err && !sm->nr_keys)
		err = add_part(&m->key,
			       (struct lang_part){.kind = LANG_PART_INT,
						  .size = 8,
						  .len = 8});
	if (!err && (m->agg == LANG_AGG_HIST || m->agg == LANG_AGG_LHIST)) {
		m->slot_offset = m->key.size;
		m->key.size += 8;
		/* Every slot of every key: a histogram's entries. */
		m->max_entries = MAP_ENTRIES * 16;
	}
	switch (m->agg) {
	case LANG_AGG_NONE:
		if (!err && sm->has_value)
			err = lang_layout__add(&m->value, sema, &sm->value, c);
		m->value_size = m->value.size ? m->value.size : 8;
		break;
	case LANG_AGG_MIN:
	case LANG_AGG_MAX:
	case LANG_AGG_AVG:
	case LANG_AGG_STATS:
		m->value_size = 16;
		break;
	default:
		m->value_size = 8;
		break;
	}
	return err;
}

static int add_probe_name(struct lang_compiled *c, const char *name,
			  uint32_t *index)
{
	char **names;

	for (size_t i = 0; i < c->nr_probe_names; i++)
		if (!strcmp(c->probe_names[i], name)) {
			*index = (uint32_t)i;
			return 0;
		}
	names = realloc(c->probe_names,
			(c->nr_probe_names + 1) * sizeof(*names));
	if (!names)
		return -ENOMEM;
	c->probe_names = names;
	names[c->nr_probe_names] = strdup(name);
	if (!names[c->nr_probe_names])
		return -ENOMEM;
	*index = (uint32_t)c->nr_probe_names++;
	return 0;
}

static struct lang_prog *new_prog(struct lang_compiled *c, size_t probe,
				  enum lang_probe_type type)
{
	struct lang_prog *progs =
		realloc(c->progs, (c->nr_progs + 1) * sizeof(*progs));
	struct lang_prog *p;

	if (!progs)
		return NULL;
	c->progs = progs;
	p = &progs[c->nr_progs++];
	memset(p, 0, sizeof(*p));
	p->probe = probe;
	p->type = type;
	p->fd = -1;
	ir_func__init(&p->ir);
	insn_buf__init(&p->insns);
	return p;
}

static int copy_target(struct lang_targets *to, const struct lang_target *t)
{
	struct lang_target *n = lang_targets__add(to, t->type, t->probe);

	if (!n)
		return -ENOMEM;
	*n = (struct lang_target){
		.type = t->type,
		.probe = n->probe,
		.category = t->category ? strdup(t->category) : NULL,
		.name = t->name ? strdup(t->name) : NULL,
		.path = t->path ? strdup(t->path) : NULL,
		.offset = t->offset,
		.ref_ctr_offset = t->ref_ctr_offset,
		.usdt_args = t->usdt_args ? strdup(t->usdt_args) : NULL,
		.perf_type = t->perf_type,
		.perf_config = t->perf_config,
		.period = t->period,
		.freq = t->freq,
		.one_cpu = t->one_cpu,
	};
	if ((t->category && !n->category) || (t->name && !n->name) ||
	    (t->path && !n->path) || (t->usdt_args && !n->usdt_args))
		return -ENOMEM;
	return 0;
}

/* One program for target t of probe; the next targets share it if they can. */
static int compile_target(struct lang_codegen *cg, const struct lang_target *t,
			  struct lang_prog **shared, struct lang_diag *diag)
{
	struct lang_prog *p = *shared;
	bool per_target = false;
	int err;

	if (p)
		return copy_target(&p->targets, t);
	p = new_prog(cg->c, cg->probe, t->type);
	if (!p)
		return -ENOMEM;
	err = add_probe_name(cg->c, t->probe, &cg->probe_name);
	if (err)
		return err;
	cg->target = t;
	err = lang_codegen__probe(cg, &p->ir, &per_target, diag);
	if (!err)
		err = ir__lower(&p->ir, &p->insns);
	if (err == -E2BIG && !diag->set)
		err = lang_diag__error(diag, cg->file,
				       cg->prog->probes[cg->probe]->loc,
				       "the probe's program is too large for "
				       "BPF");
	if (!err)
		err = copy_target(&p->targets, t);
	*shared = per_target ? NULL : p;
	return err;
}

static int compile_probe(struct lang_codegen *cg, struct lang_diag *diag)
{
	const struct lang_probe *probe = cg->prog->probes[cg->probe];
	int err = 0;

	for (size_t a = 0; !err && a < probe->nr_attach; a++) {
		const struct lang_attach *ap = &probe->attach[a];
		const struct lang_provider *pv = lang_provider__of(ap->type);
		struct lang_targets ts = {0};
		struct lang_prog *shared = NULL;

		if (!pv)
			return lang_diag__error(
				diag, cg->file, ap->loc,
				"%s probes are not supported",
				lang_probe_type__name(ap->type));
		err = pv->expand(ap, cg->file, &ts, diag);
		for (size_t i = 0; !err && i < ts.nr; i++)
			err = compile_target(cg, &ts.items[i], &shared, diag);
		lang_targets__release(&ts);
		if (ap->type == LANG_PROBE_END)
			cg->c->has_end = true;
	}
	return err;
}

int lang_compile(const struct lang_program *prog, const struct lang_sema *sema,
		 const struct lang_compile_opts *opts,
		 struct lang_compiled *out, struct lang_diag *diag)
{
	struct lang_codegen cg = {
		.c = out,
		.prog = prog,
		.sema = sema,
		.opts = opts,
		.file = opts->env && opts->env->filename ? opts->env->filename
							 : diag->file,
	};
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->ring_fd = -1;
	out->scratch_fd = -1;
	out->seen_fd = -1;
	out->ring_size = RING_SIZE;
	out->stacks[0].fd = out->stacks[1].fd = -1;
	out->stacks[1].user = true;
	out->nr_maps = lang_sema__nr_maps(sema);
	out->maps = calloc(out->nr_maps + 1, sizeof(*out->maps));
	if (!out->maps)
		return -ENOMEM;
	for (size_t i = 0; i < out->nr_maps; i++)
		out->maps[i].fd = -1;
	for (size_t i = 0; !err && i < out->nr_maps; i++) {
		err = lay_out_map(out, sema, lang_sema__map(sema, i),
				  &out->maps[i]);
		if (err)
			err = lang_diag__error(diag, cg.file,
					       lang_sema__map(sema, i)->loc,
					       "@%s has too many keys",
					       lang_sema__map(sema, i)->name);
	}
	for (size_t p = 0; !err && p < prog->nr_probes; p++) {
		cg.probe = p;
		err = compile_probe(&cg, diag);
	}
	return err;
}

static int map_fd_of(const struct lang_compiled *c, int64_t id)
{
	if (id == LANG_MAP_ID_STACK_KERNEL)
		return c->stacks[0].fd;
	if (id == LANG_MAP_ID_STACK_USER)
		return c->stacks[1].fd;
	if (id == LANG_MAP_ID_RING)
		return c->ring_fd;
	if (id == LANG_MAP_ID_SCRATCH)
		return c->scratch_fd;
	if (id == LANG_MAP_ID_SEEN)
		return c->seen_fd;
	if (id >= 0 && (size_t)id < c->nr_maps)
		return c->maps[id].fd;
	return -1;
}

int lang_compile__bind_maps(struct lang_compiled *c)
{
	for (size_t p = 0; p < c->nr_progs; p++) {
		struct insn_buf *b = &c->progs[p].insns;

		for (size_t i = 0; i < b->nr; i++) {
			struct bpf_insn *in = &b->insns[i];
			int fd;

			if (in->code != (BPF_LD | BPF_IMM | BPF_DW) ||
			    in->src_reg != BPF_PSEUDO_MAP_FD)
				continue;
			fd = map_fd_of(c, in->imm);
			if (fd < 0)
				return -EBADF;
			in->imm = fd;
			i++; /* the second half of the 64-bit load */
		}
	}
	return 0;
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

void lang_compiled__release(struct lang_compiled *c)
{
	for (size_t i = 0; c->maps && i < c->nr_maps; i++)
		close_fd(c->maps[i].fd);
	close_fd(c->stacks[0].fd);
	close_fd(c->stacks[1].fd);
	close_fd(c->ring_fd);
	close_fd(c->scratch_fd);
	close_fd(c->seen_fd);
	for (size_t p = 0; p < c->nr_progs; p++) {
		close_fd(c->progs[p].fd);
		lang_targets__release(&c->progs[p].targets);
		ir_func__release(&c->progs[p].ir);
		insn_buf__release(&c->progs[p].insns);
	}
	free(c->progs);
	free(c->maps);
	free(c->events);
	for (size_t i = 0; i < c->nr_probe_names; i++)
		free(c->probe_names[i]);
	free(c->probe_names);
	memset(c, 0, sizeof(*c));
}
