// SPDX-License-Identifier: GPL-2.0
#include "lang/format.h"

#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CONVERSIONS "diuxXocpsr"

static int number(const char *fmt, size_t len, size_t *i)
{
	int n = 0;

	if (*i >= len || !isdigit((unsigned char)fmt[*i]))
		return -1;
	while (*i < len && isdigit((unsigned char)fmt[*i]) && n < 10000)
		n = n * 10 + (fmt[(*i)++] - '0');
	return n;
}

int lang_format__next(const char *fmt, size_t len, size_t *pos,
		      struct lang_format_piece *piece, const char **why)
{
	size_t i = *pos, nf = 0;

	memset(piece, 0, sizeof(*piece));
	if (i >= len)
		return 0;
	piece->text = fmt + i;
	if (fmt[i] != '%' || (i + 1 < len && fmt[i + 1] == '%')) {
		/* Text up to the next specifier; "%%" is one "%". */
		if (fmt[i] == '%') {
			piece->len = 1;
			*pos = i + 2;
			return 1;
		}
		while (i < len && fmt[i] != '%')
			i++;
		piece->len = (size_t)(fmt + i - piece->text);
		*pos = i;
		return 1;
	}
	piece->is_spec = true;
	i++;
	while (i < len && strchr("-+ #0", fmt[i]) &&
	       nf < sizeof(piece->flags) - 1)
		piece->flags[nf++] = fmt[i++];
	piece->width = number(fmt, len, &i);
	piece->precision = -1;
	if (i < len && fmt[i] == '.') {
		i++;
		piece->precision = number(fmt, len, &i);
		if (piece->precision < 0)
			piece->precision = 0;
	}
	piece->bits = 32;
	if (i < len && (fmt[i] == 'h' || fmt[i] == 'l')) {
		piece->bits = fmt[i] == 'l' ? 64 : 16;
		if (i + 1 < len && fmt[i + 1] == fmt[i]) {
			piece->bits = fmt[i] == 'l' ? 64 : 8;
			i++;
		}
		i++;
	} else if (i < len && (fmt[i] == 'z' || fmt[i] == 'j')) {
		piece->bits = 64;
		i++;
	}
	piece->len = (size_t)(fmt + i + 1 - piece->text);
	if (i >= len) {
		piece->len = (size_t)(fmt + len - piece->text);
		*why = "the format ends inside the specifier";
		return -EINVAL;
	}
	piece->conv = fmt[i];
	/* bpftrace's %rx and %rh: a buffer in hex. */
	if (piece->conv == 'r' && i + 1 < len &&
	    (fmt[i + 1] == 'x' || fmt[i + 1] == 'h')) {
		i++;
		piece->len++;
	}
	*pos = i + 1;
	if (!piece->conv || !strchr(CONVERSIONS, piece->conv)) {
		*why = "unknown format specifier";
		return -EINVAL;
	}
	return 1;
}

/* The low bits of v, sign- or zero-extended: what C's printf reads. */
static uint64_t low_bits(uint64_t v, unsigned int bits, bool is_signed)
{
	unsigned int shift = bits && bits < 64 ? 64 - bits : 0;

	if (!shift)
		return v;
	return is_signed ? (uint64_t)((int64_t)(v << shift) >> shift)
			 : v << shift >> shift;
}

/* One specifier with its value, through the C library's printf. */
static int render_spec(struct strbuf *sb, const struct lang_format_piece *p,
		       const struct lang_format_arg *a)
{
	char spec[48];
	int n = snprintf(spec, sizeof(spec), "%%%s", p->flags);

	if (p->width >= 0)
		n += snprintf(spec + n, sizeof(spec) - (size_t)n, "%d",
			      p->width);
	if (p->precision >= 0)
		n += snprintf(spec + n, sizeof(spec) - (size_t)n, ".%d",
			      p->precision);
	switch (p->conv) {
	case 's':
	case 'r':
		snprintf(spec + n, sizeof(spec) - (size_t)n, "s");
		return strbuf__addf(sb, spec, a->is_str ? a->str : "");
	case 'c':
		snprintf(spec + n, sizeof(spec) - (size_t)n, "c");
		return strbuf__addf(sb, spec, (int)(unsigned char)a->value);
	case 'p':
		snprintf(spec + n, sizeof(spec) - (size_t)n, "#llx");
		return strbuf__addf(sb, spec, (unsigned long long)a->value);
	case 'd':
	case 'i':
		snprintf(spec + n, sizeof(spec) - (size_t)n, "lld");
		return strbuf__addf(
			sb, spec, (long long)low_bits(a->value, p->bits, true));
	default: /* u x X o */
		snprintf(spec + n, sizeof(spec) - (size_t)n, "ll%c", p->conv);
		return strbuf__addf(
			sb, spec,
			(unsigned long long)low_bits(a->value, p->bits, false));
	}
}

int lang_format__render(struct strbuf *sb, const char *fmt, size_t len,
			const struct lang_format_arg *args, size_t nr)
{
	struct lang_format_piece p;
	const char *why;
	size_t pos = 0, used = 0;
	int r, err = 0;

	while (!err && (r = lang_format__next(fmt, len, &pos, &p, &why)) > 0) {
		if (!p.is_spec)
			err = strbuf__add(sb, p.text, p.len);
		else if (used < nr)
			err = render_spec(sb, &p, &args[used++]);
		else
			err = -EINVAL;
	}
	return err ? err : r < 0 ? r : 0;
}
