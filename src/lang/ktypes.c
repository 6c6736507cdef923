// SPDX-License-Identifier: GPL-2.0
#include "lang/ktypes.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Loaded once: a run asks for many members of the same BTF. */
static const struct btf *vmlinux(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__load_vmlinux_btf(); /* NULL, errno set, without BTF
						*/
	}
	return btf;
}

/* Past typedefs, const, volatile and restrict. */
static const struct btf_type *resolved(const struct btf *btf, uint32_t *id)
{
	int r = btf__resolve_type(btf, *id);

	if (r < 0)
		return NULL;
	*id = (uint32_t)r;
	return btf__type_by_id(btf, *id);
}

/* A type as C writes it: "struct sock", "unsigned int", "char *". */
static void type_text(const struct btf *btf, uint32_t id, char *buf, size_t len)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	char inner[96];

	if (!id || !t) {
		snprintf(buf, len, "void");
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		snprintf(buf, len, "struct %s", name ? name : "");
		break;
	case BTF_KIND_UNION:
		snprintf(buf, len, "union %s", name ? name : "");
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		snprintf(buf, len, "enum %s", name ? name : "");
		break;
	case BTF_KIND_PTR:
		type_text(btf, t->type, inner, sizeof(inner));
		snprintf(buf, len, "%s *", inner);
		break;
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
		type_text(btf, t->type, buf, len);
		break;
	default: /* int, typedef, ... by name */
		snprintf(buf, len, "%s", name && *name ? name : "void");
		break;
	}
}

static int to_lang_type(const struct btf *btf, uint32_t id,
			struct lang_type *out)
{
	const struct btf_type *t = resolved(btf, &id);

	memset(out, 0, sizeof(*out));
	if (!t)
		return -EOPNOTSUPP;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		out->kind = LANG_TYPE_INT;
		out->size = t->size;
		out->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
		return t->size <= 8 ? 0 : -EOPNOTSUPP;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		out->kind = LANG_TYPE_INT;
		out->size = t->size;
		out->is_signed = btf_kflag(t);
		return 0;
	case BTF_KIND_PTR: {
		uint32_t target = t->type;
		const struct btf_type *to = resolved(btf, &target);

		out->kind = LANG_TYPE_PTR;
		type_text(btf, t->type, out->pointee, sizeof(out->pointee));
		if (to && (btf_is_struct(to) || btf_is_union(to)))
			out->btf_id = target;
		return 0;
	}
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		out->kind = LANG_TYPE_RECORD;
		type_text(btf, id, out->pointee, sizeof(out->pointee));
		out->size = t->size;
		out->btf_id = id;
		return 0;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		struct lang_type elem;
		int err = to_lang_type(btf, a->type, &elem);

		if (err || elem.kind != LANG_TYPE_INT)
			return -EOPNOTSUPP;
		if (elem.size == 1) { /* char[N]: a string */
			out->kind = LANG_TYPE_STR;
			out->size = a->nelems;
			return a->nelems ? 0 : -EOPNOTSUPP;
		}
		out->kind = LANG_TYPE_ARRAY;
		out->size = elem.size;
		out->is_signed = elem.is_signed;
		out->nr = a->nelems;
		return 0;
	}
	default:
		return -EOPNOTSUPP;
	}
}

/* The struct or union a name stands for: "struct sock", "sk_buff_t". */
static const struct btf_type *find_record(const struct btf *btf,
					  const char *name, uint32_t *id)
{
	const struct btf_type *t;
	int found;

	if (!strncmp(name, "struct ", 7))
		found = btf__find_by_name_kind(btf, name + 7, BTF_KIND_STRUCT);
	else if (!strncmp(name, "union ", 6))
		found = btf__find_by_name_kind(btf, name + 6, BTF_KIND_UNION);
	else
		found = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (found <= 0)
		return NULL;
	*id = (uint32_t)found;
	t = resolved(btf, id);
	return t && (btf_is_struct(t) || btf_is_union(t)) ? t : NULL;
}

/* member in t or in its unnamed members; its offset in bits and its type. */
static bool find_member(const struct btf *btf, const struct btf_type *t,
			const char *member, uint32_t bits, uint32_t *off,
			uint32_t *type, uint32_t *bitfield)
{
	const struct btf_member *m = btf_members(t);

	for (uint16_t i = 0; i < btf_vlen(t); i++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		uint32_t at = bits + btf_member_bit_offset(t, i);
		uint32_t id = m->type;
		const struct btf_type *inner;

		if (name && *name) {
			if (strcmp(name, member))
				continue;
			*off = at;
			*type = m->type;
			*bitfield = btf_member_bitfield_size(t, i);
			return true;
		}
		inner = resolved(btf, &id);
		if (inner && (btf_is_struct(inner) || btf_is_union(inner)) &&
		    find_member(btf, inner, member, at, off, type, bitfield))
			return true;
	}
	return false;
}

int ktypes__member(const char *record, uint32_t btf_id, const char *member,
		   struct lang_type *type, uint32_t *offset)
{
	const struct btf *btf = vmlinux();
	const struct btf_type *t;
	uint32_t id = btf_id, bits, member_type, bitfield;

	if (!btf)
		return -ENODATA;
	t = id ? resolved(btf, &id) : find_record(btf, record, &id);
	if (!t || !(btf_is_struct(t) || btf_is_union(t)))
		return -ENOENT;
	if (!find_member(btf, t, member, 0, &bits, &member_type, &bitfield))
		return -ESRCH;
	if (bitfield || bits % 8)
		return -EOPNOTSUPP;
	*offset = bits / 8;
	return to_lang_type(btf, member_type, type);
}

int ktypes__enum_value(const char *name, int64_t *value)
{
	const struct btf *btf = vmlinux();
	uint32_t n;

	if (!btf)
		return -ENODATA;
	n = btf__type_cnt(btf);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t);

			for (uint16_t i = 0; i < btf_vlen(t); i++, e++)
				if (!strcmp(btf__name_by_offset(btf,
								e->name_off),
					    name)) {
					*value = e->val;
					return 0;
				}
		} else if (btf_is_enum64(t)) {
			const struct btf_enum64 *e = btf_enum64(t);

			for (uint16_t i = 0; i < btf_vlen(t); i++, e++)
				if (!strcmp(btf__name_by_offset(btf,
								e->name_off),
					    name)) {
					*value = (int64_t)btf_enum64_value(e);
					return 0;
				}
		}
	}
	return -ENOENT;
}
