// SPDX-License-Identifier: GPL-2.0
#include "lang/diag.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Rendered diagnostics are a few lines; a ceiling for a pathological line. */
#define DIAG_RENDER_MAX (1u << 20)

void lang_diag__init(struct lang_diag *diag)
{
	memset(diag, 0, sizeof(*diag));
}

static int diag_vset(struct lang_diag *diag, enum lang_diag_level level,
		     const char *file, struct lang_loc loc, const char *fmt,
		     va_list ap)
{
	if (!diag || diag->set)
		return -EINVAL;
	diag->set = true;
	diag->level = level;
	snprintf(diag->file, sizeof(diag->file), "%s", file ? file : "stdin");
	diag->loc = loc;
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	return -EINVAL;
}

int lang_diag__set(struct lang_diag *diag, enum lang_diag_level level,
		   const char *file, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = diag_vset(diag, level, file, loc, fmt, ap);
	va_end(ap);
	return err;
}

int lang_diag__error(struct lang_diag *diag, const char *file,
		     struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = diag_vset(diag, LANG_DIAG_ERROR, file, loc, fmt, ap);
	va_end(ap);
	return err;
}

const char *lang_diag_level__name(enum lang_diag_level level)
{
	return level == LANG_DIAG_WARNING ? "WARNING" : "ERROR";
}

/* Finds line number 'line' (from 1): its start and length without "\r\n". */
static bool find_line(const char *source, size_t len, unsigned int line,
		      size_t *start, size_t *line_len)
{
	unsigned int cur = 1;
	size_t pos = 0, end;

	while (cur < line) {
		const char *nl = memchr(source + pos, '\n', len - pos);

		if (!nl)
			return false;
		pos = (size_t)(nl - source) + 1;
		cur++;
	}
	end = pos;
	while (end < len && source[end] != '\n')
		end++;
	if (end > pos && source[end - 1] == '\r')
		end--;
	*start = pos;
	*line_len = end - pos;
	return true;
}

static int render_marker(struct strbuf *sb, const struct lang_loc *loc,
			 const char *text, size_t text_len)
{
	unsigned int col = loc->col ? loc->col : 1;
	size_t i, width;
	int err = 0;

	/* Tabs stay tabs so the marker lines up however they are shown. */
	for (i = 0; i + 1 < col && !err; i++)
		err = strbuf__addc(sb, i < text_len && text[i] == '\t' ? '\t'
								       : ' ');
	if (err)
		return err;
	if (loc->end_line > loc->line)
		width = text_len > col - 1 ? text_len - (col - 1) : 1;
	else if (loc->end_col > col)
		width = loc->end_col - col;
	else
		width = 1;
	if (width == 1)
		return strbuf__add(sb, "^\n", 2);
	for (i = 0; i < width && !err; i++)
		err = strbuf__addc(sb, '~');
	return err ? err : strbuf__addc(sb, '\n');
}

int lang_diag__render(struct strbuf *sb, const struct lang_diag *diag,
		      const char *source, size_t len)
{
	const struct lang_loc *loc = &diag->loc;
	size_t start, text_len;
	int err;

	if (!diag->set)
		return 0;
	if (!loc->line)
		err = strbuf__addf(sb, "%s: ", diag->file);
	else if (loc->end_line > loc->line)
		err = strbuf__addf(sb, "%s:%u:%u-%u:%u: ", diag->file,
				   loc->line, loc->col, loc->end_line,
				   loc->end_col);
	else if (loc->end_col > loc->col + 1)
		err = strbuf__addf(sb, "%s:%u:%u-%u: ", diag->file, loc->line,
				   loc->col, loc->end_col);
	else
		err = strbuf__addf(sb, "%s:%u:%u: ", diag->file, loc->line,
				   loc->col);
	if (!err)
		err = strbuf__addf(sb, "%s: %s\n",
				   lang_diag_level__name(diag->level),
				   diag->msg);
	if (err || !source || !loc->line ||
	    !find_line(source, len, loc->line, &start, &text_len))
		return err;
	err = strbuf__add(sb, source + start, text_len);
	if (!err)
		err = strbuf__addc(sb, '\n');
	if (!err)
		err = render_marker(sb, loc, source + start, text_len);
	return err;
}

void lang_diag__print(FILE *out, const struct lang_diag *diag,
		      const char *source)
{
	struct strbuf sb;

	if (!diag->set)
		return;
	strbuf__init(&sb, DIAG_RENDER_MAX);
	if (lang_diag__render(&sb, diag, source, source ? strlen(source) : 0))
		fprintf(out, "%s: %s: %s\n", diag->file,
			lang_diag_level__name(diag->level), diag->msg);
	else if (sb.len)
		fwrite(sb.buf, 1, sb.len, out);
	strbuf__release(&sb);
}
