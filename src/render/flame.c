// SPDX-License-Identifier: GPL-2.0
#include "render/flame.h"

#include "gen/flame_html_js.h"
#include "gen/flame_js.h"
#include "util/strutil.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FONT_SIZE 12
#define FONT_WIDTH 0.59
#define XPAD 10
#define YPAD1 (FONT_SIZE * 3) /* room for the title */
#define YPAD2 (FONT_SIZE * 2 + 10) /* room for details and search */
#define SUBTITLE_PAD (FONT_SIZE * 2)
#define FRAME_PAD 1
#define PALETTE_MAX 65536

static const char *const palettes[] = {
	"hot", "mem", "io", "wakeup", "java", "js", "perl", "red", "green",
	"blue", "aqua", "yellow", "purple", "orange",
};

bool flame_render__palette_known(const char *name)
{
	for (size_t i = 0; i < sizeof(palettes) / sizeof(*palettes); i++)
		if (!strcmp(palettes[i], name))
			return true;
	return false;
}

void flame_render__escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\t')
				fputc('?', out);
			else
				fputc(*s, out);
		}
	}
}

/* A value in [0, 1) from a name, the same every time. */
static double hash01(const char *s, uint64_t seed)
{
	uint64_t h = hash__mix(seed, hash__bytes(s, strlen(s)));

	return (double)(h >> 11) / 9007199254740992.0;
}

/*
 * FlameGraph's --hash: the first characters weigh most, so similar
 * names get similar colours.
 */
static double name_hash(const char *name)
{
	double vector = 0, weight = 1, max = 1, mod = 10;
	const char *tick = strchr(name, '`');

	if (tick)
		name = tick + 1; /* drop a "module`" prefix */
	for (int i = 0; i < 3 && name[i]; i++) {
		double v = (double)((unsigned char)name[i] % (int)mod);

		vector += (v / (mod++ - 1)) * weight;
		max += weight;
		weight *= 0.70;
	}
	return 1 - vector / max;
}

static bool has_suffix(const char *s, const char *suffix)
{
	return str_has_suffix(s, suffix);
}

/* m:^L?(java|javax|jdk|net|org|com|io|sun)/: */
static bool java_package(const char *name)
{
	static const char *const packages[] = { "java/", "javax/", "jdk/",
						"net/",	 "org/",   "com/",
						"io/",	 "sun/" };

	if (name[0] == 'L')
		name++;
	for (size_t i = 0; i < sizeof(packages) / sizeof(*packages); i++)
		if (str_has_prefix(name, packages[i]))
			return true;
	return false;
}

/* Which colour family a name gets in the multi palettes. */
static const char *family(const char *type, const char *name)
{
	if (!strcmp(type, "java")) {
		if (has_suffix(name, "_[j]"))
			return "green";
		if (has_suffix(name, "_[i]"))
			return "aqua";
		if (strstr(name, ":::") || java_package(name))
			return "green";
		if (strstr(name, "::"))
			return "yellow";
		if (has_suffix(name, "_[k]"))
			return "orange";
		return "red";
	}
	if (!strcmp(type, "js")) {
		if (has_suffix(name, "_[j]"))
			return strchr(name, '/') ? "green" : "aqua";
		if (strstr(name, "::"))
			return "yellow";
		if (strchr(name, '/') && strstr(strchr(name, '/'), ".js"))
			return "green";
		if (strchr(name, ':'))
			return "aqua";
		if (strstr(name, "_[k]"))
			return "orange";
		return "red";
	}
	if (!strcmp(type, "perl")) {
		if (strstr(name, "::"))
			return "yellow";
		if (strstr(name, "Perl") || strstr(name, ".pl"))
			return "green";
		if (has_suffix(name, "_[k]"))
			return "orange";
		return "red";
	}
	if (!strcmp(type, "wakeup"))
		return "aqua";
	/* Annotated frames keep FlameGraph's colours in any palette. */
	if (has_suffix(name, "_[k]"))
		return "orange";
	if (has_suffix(name, "_[j]"))
		return "green";
	if (has_suffix(name, "_[i]"))
		return "aqua";
	return type;
}

static void colour(const struct flame_view *v, const char *name, char *buf,
		   size_t size)
{
	const char *type = v->colors ? v->colors : "hot";
	double v1, v2, v3;
	int r, g, b;

	if (v->hash) {
		v1 = name_hash(name);
		v2 = v3 = hash01(name, 2); /* of the reversed name, in spirit */
	} else {
		v1 = hash01(name, 1);
		v2 = hash01(name, 2);
		v3 = hash01(name, 3);
	}
	type = family(type, name);
	if (!strcmp(type, "hot")) {
		r = 205 + (int)(50 * v3), g = (int)(230 * v1), b = (int)(55 * v2);
	} else if (!strcmp(type, "mem")) {
		r = 0, g = 190 + (int)(50 * v2), b = (int)(210 * v1);
	} else if (!strcmp(type, "io")) {
		r = g = 80 + (int)(60 * v1), b = 190 + (int)(55 * v2);
	} else if (!strcmp(type, "red")) {
		r = 200 + (int)(55 * v1), g = b = 50 + (int)(80 * v1);
	} else if (!strcmp(type, "green")) {
		g = 200 + (int)(55 * v1), r = b = 50 + (int)(60 * v1);
	} else if (!strcmp(type, "blue")) {
		b = 205 + (int)(50 * v1), r = g = 80 + (int)(60 * v1);
	} else if (!strcmp(type, "yellow")) {
		r = g = 175 + (int)(55 * v1), b = 50 + (int)(20 * v1);
	} else if (!strcmp(type, "purple")) {
		r = b = 190 + (int)(65 * v1), g = 80 + (int)(60 * v1);
	} else if (!strcmp(type, "aqua")) {
		r = 50 + (int)(60 * v1), g = b = 165 + (int)(55 * v1);
	} else { /* orange */
		r = 190 + (int)(65 * v1), g = 90 + (int)(65 * v1), b = 0;
	}
	snprintf(buf, size, "rgb(%d,%d,%d)", r, g, b);
}

/* Differential colours: red grew, blue shrank, white the same. */
static void diff_colour(const struct flame_view *v, int64_t delta,
			int64_t max_delta, char *buf, size_t size)
{
	int c;

	if (v->negate)
		delta = -delta;
	if (!delta || !max_delta) {
		snprintf(buf, size, "rgb(250,250,250)");
		return;
	}
	c = (int)(210 * (double)(max_delta - llabs(delta)) / (double)max_delta);
	if (delta > 0)
		snprintf(buf, size, "rgb(255,%d,%d)", c, c);
	else
		snprintf(buf, size, "rgb(%d,%d,255)", c, c);
}

/* name -> colour lines, kept so graphs of one system match. */
struct palette_map {
	struct strpool names;
	char (*colours)[24];
	size_t cap;
	bool changed;
};

static void palette_load(struct palette_map *m, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && m->names.nr < PALETTE_MAX) {
		char *arrow = strstr(line, "->");
		int64_t id;

		if (!arrow)
			continue;
		*arrow = '\0';
		arrow[2 + strcspn(arrow + 2, "\r\n")] = '\0';
		id = strpool__intern(&m->names, line);
		if (id < 0 || (size_t)id >= m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 256;
			void *grown = realloc(m->colours, cap * sizeof(*m->colours));

			if (id < 0 || !grown)
				break;
			m->colours = grown;
			m->cap = cap;
		}
		snprintf(m->colours[id], sizeof(m->colours[id]), "%s",
			 arrow + 2);
	}
	fclose(f);
}

static const char *palette_colour(struct palette_map *m, const char *name,
				  const char *fresh)
{
	int64_t id = strpool__find(&m->names, name);

	if (id >= 0)
		return m->colours[id];
	id = strpool__intern(&m->names, name);
	if (id < 0)
		return fresh;
	if ((size_t)id >= m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		void *grown = realloc(m->colours, cap * sizeof(*m->colours));

		if (!grown)
			return fresh;
		m->colours = grown;
		m->cap = cap;
	}
	snprintf(m->colours[id], sizeof(m->colours[id]), "%s", fresh);
	m->changed = true;
	return fresh;
}

static const struct strpool *sort_names;

static int cmp_ids(const void *a, const void *b)
{
	return strcmp(strpool__get(sort_names, *(const uint32_t *)a),
		      strpool__get(sort_names, *(const uint32_t *)b));
}

static void palette_save(struct palette_map *m, const char *path)
{
	uint32_t *ids;
	FILE *f;

	if (!m->changed || !(ids = malloc(m->names.nr * sizeof(*ids))))
		return;
	for (size_t i = 0; i < m->names.nr; i++)
		ids[i] = (uint32_t)i;
	sort_names = &m->names;
	qsort(ids, m->names.nr, sizeof(*ids), cmp_ids);
	f = fopen(path, "w");
	for (size_t i = 0; f && i < m->names.nr; i++)
		fprintf(f, "%s->%s\n", strpool__get(&m->names, ids[i]),
			m->colours[ids[i]]);
	if (f)
		fclose(f);
	free(ids);
}

/* A frame's colour: by name and palette, or by change in a diff. */
static void frame_fill(const struct flame_view *v, const struct flame *f,
		       const struct flame_frame *fr, struct palette_map *pm,
		       int64_t max_delta, char *fill, size_t size)
{
	const char *name = flame__name(f, fr->name);
	char fresh[32];

	if (f->diff && fr->depth) {
		diff_colour(v,
			    (int64_t)(fr->end - fr->start) - (int64_t)fr->before,
			    max_delta, fill, size);
	} else if (!fr->depth) {
		snprintf(fill, size, "rgb(250,250,250)");
	} else {
		colour(v, name, fresh, sizeof(fresh));
		snprintf(fill, size, "%s",
			 v->palette_file ? palette_colour(pm, name, fresh) :
					   fresh);
	}
}

static int64_t max_change(const struct flame *f)
{
	int64_t max_delta = 0;

	for (size_t i = 0; f->diff && i < f->nr_frames; i++) {
		const struct flame_frame *fr = &f->frames[i];
		int64_t d = (int64_t)(fr->end - fr->start) - (int64_t)fr->before;

		if (fr->depth && llabs(d) > max_delta)
			max_delta = llabs(d);
	}
	return max_delta;
}

/* The label that fits in a box of px pixels, as FlameGraph cuts it. */
static void label(const char *name, double px, char *buf, size_t size)
{
	size_t chars = (size_t)(px / (FONT_SIZE * FONT_WIDTH));
	size_t len = strlen(name);

	if (chars < 3) {
		buf[0] = '\0';
	} else if (len <= chars) {
		snprintf(buf, size, "%s", name);
	} else {
		snprintf(buf, size, "%.*s..",
			 (int)(chars - 2 < size - 3 ? chars - 2 : size - 3),
			 name);
	}
}

static void header(FILE *out, const struct flame *f,
		   const struct flame_view *v, unsigned int height,
		   const char *title)
{
	fprintf(out,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
		"\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
		"<svg version=\"1.1\" width=\"%u\" height=\"%u\" "
		"onload=\"init(evt)\" viewBox=\"0 0 %u %u\" "
		"xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		"data-total=\"%llu\" data-xpad=\"%d\" data-fontsize=\"%d\">\n",
		v->width, height, v->width, height,
		(unsigned long long)f->total, XPAD, FONT_SIZE);
	fputs("<!-- Flame graph by sonde.  Stacks: width is the samples under "
	      "a frame, depth the call depth. -->\n",
	      out);
	fprintf(out,
		"<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" "
		"x1=\"0\" x2=\"0\"><stop stop-color=\"#eeeeee\" "
		"offset=\"5%%\"/><stop stop-color=\"#eeeeb0\" "
		"offset=\"95%%\"/></linearGradient></defs>\n"
		"<style type=\"text/css\">\n"
		"text { font-family: Verdana, sans-serif; font-size: %dpx; "
		"fill: rgb(0,0,0); }\n"
		"#title { text-anchor: middle; font-size: %dpx; }\n"
		"#subtitle { text-anchor: middle; fill: rgb(160,160,160); }\n"
		"#search, #ignorecase { opacity: 0.1; cursor: pointer; }\n"
		"#search:hover, #search.on, #ignorecase:hover, #ignorecase.on "
		"{ opacity: 1; }\n"
		"#unzoom { cursor: pointer; }\n"
		"#frames > g.f { cursor: pointer; }\n"
		".hide { display: none; }\n"
		".parent { opacity: 0.5; }\n"
		"</style>\n",
		FONT_SIZE, FONT_SIZE + 5);
	fprintf(out, "<script type=\"text/ecmascript\"><![CDATA[\n%s]]></script>\n",
		flame_js);
	fprintf(out,
		"<rect x=\"0\" y=\"0\" width=\"%u\" height=\"%u\" "
		"fill=\"url(#background)\"/>\n",
		v->width, height);
	fprintf(out, "<text id=\"title\" x=\"%u\" y=\"%d\">", v->width / 2,
		FONT_SIZE * 2);
	flame_render__escape(out, title);
	fputs("</text>\n", out);
	if (v->subtitle) {
		fprintf(out, "<text id=\"subtitle\" x=\"%u\" y=\"%d\">",
			v->width / 2, FONT_SIZE * 4);
		flame_render__escape(out, v->subtitle);
		fputs("</text>\n", out);
	}
	fprintf(out,
		"<text id=\"details\" x=\"%d\" y=\"%u\"> </text>\n"
		"<text id=\"unzoom\" class=\"hide\" x=\"%d\" y=\"%d\">Reset "
		"Zoom</text>\n"
		"<text id=\"search\" x=\"%u\" y=\"%d\">Search</text>\n"
		"<text id=\"ignorecase\" x=\"%u\" y=\"%d\">ic</text>\n"
		"<text id=\"matched\" x=\"%u\" y=\"%u\"> </text>\n",
		XPAD, height - YPAD2 / 2, XPAD, FONT_SIZE * 2,
		v->width - XPAD - 100, FONT_SIZE * 2, v->width - XPAD - 16,
		FONT_SIZE * 2, v->width - XPAD - 100, height - YPAD2 / 2);
}

int flame_render__svg(FILE *out, const struct flame *f,
		      const struct flame_view *v)
{
	unsigned int top = YPAD1 + (v->subtitle ? SUBTITLE_PAD : 0);
	unsigned int height = (f->max_depth + 1) * v->frame_height + top + YPAD2;
	double scale = f->total ? (v->width - 2.0 * XPAD) / (double)f->total : 0;
	double min_px = v->min_width_percent ?
				(v->width - 2.0 * XPAD) * v->min_width / 100 :
				v->min_width;
	const char *countname = v->countname ? v->countname : "samples";
	const char *title = v->title ? v->title :
			    v->inverted ? "Icicle Graph" :
					  "Flame Graph";
	struct palette_map pm = { 0 };
	int64_t max_delta = max_change(f);
	char fill[32], text[1024];

	if (v->palette_file)
		palette_load(&pm, v->palette_file);
	header(out, f, v, height, title);
	fputs("<g id=\"frames\">\n", out);
	/* Parents before children: a zoom's ancestors come first. */
	for (size_t k = f->nr_frames; k-- > 0;) {
		const struct flame_frame *fr = &f->frames[k];
		const char *name = flame__name(f, fr->name);
		uint64_t samples = fr->end - fr->start;
		double x1 = XPAD + fr->start * scale;
		double w = samples * scale;
		double y = v->inverted ?
				   top + fr->depth * v->frame_height :
				   height - YPAD2 -
					   (fr->depth + 1) * v->frame_height;

		if (w < min_px)
			continue;
		frame_fill(v, f, fr, &pm, max_delta, fill, sizeof(fill));
		fputs("<g class=\"f\" data-n=\"", out);
		flame_render__escape(out, name);
		fprintf(out, "\" data-s=\"%llu\" data-w=\"%llu\" data-d=\"%u\">"
			     "<title>",
			(unsigned long long)fr->start,
			(unsigned long long)samples, fr->depth);
		flame_render__escape(out, name);
		/* As flamegraph.pl words it: "f (1,234 samples, 5.67%)". */
		fprintf(out, " (%s %s, ",
			str_thousands(samples, text, sizeof(text)), countname);
		if (fr->depth)
			fprintf(out, "%.2f%%",
				f->total ? 100.0 * samples / f->total : 0);
		else
			fputs("100%", out);
		if (f->diff && fr->depth)
			fprintf(out, "; %+.2f%%",
				f->total ? 100.0 *
						   ((double)samples -
						    (double)fr->before) /
						   f->total :
					   0);
		fprintf(out,
			")</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%u\" fill=\"%s\" rx=\"2\" ry=\"2\"/>"
			"<text x=\"%.1f\" y=\"%.1f\">",
			x1, y, w, v->frame_height - FRAME_PAD, fill, x1 + 3,
			y + v->frame_height - 5.5);
		label(name, w, text, sizeof(text));
		flame_render__escape(out, text);
		fputs("</text></g>\n", out);
	}
	fputs("</g>\n</svg>\n", out);
	if (v->palette_file)
		palette_save(&pm, v->palette_file);
	strpool__release(&pm.names);
	free(pm.colours);
	return ferror(out) ? -EIO : 0;
}

/* A string for a <script>: JSON, and nothing that could close the tag. */
static void js_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&')
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

int flame_render__html(FILE *out, const struct flame *f,
		       const struct flame_view *v)
{
	const char *title = v->title ? v->title :
			    v->inverted ? "Icicle Graph" :
					  "Flame Graph";
	uint32_t *index = calloc(f->strings.nr ? f->strings.nr : 1,
				 sizeof(*index));
	struct palette_map pm = { 0 };
	int64_t max_delta = max_change(f);
	uint32_t next = 0;
	char fill[32];

	if (!index)
		return -ENOMEM;
	if (v->palette_file)
		palette_load(&pm, v->palette_file);
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>",
	      out);
	flame_render__escape(out, title);
	fputs("</title>\n<style>\n"
	      "body { font-family: Verdana, sans-serif; font-size: 12px; "
	      "margin: 10px; background: #f4f4ec; }\n"
	      "h1 { font-size: 17px; text-align: center; font-weight: normal; "
	      "margin: 4px; }\n"
	      "#subtitle { text-align: center; color: #a0a0a0; }\n"
	      "#bar { margin: 6px 0; } #bar span { cursor: pointer; margin-right: "
	      "14px; }\n"
	      "#search, #ignorecase { opacity: 0.4; } #search:hover, "
	      "#ignorecase.on { opacity: 1; }\n"
	      ".hide { display: none; } canvas { cursor: pointer; display: block; }\n"
	      "#details { min-height: 16px; margin-top: 6px; }\n"
	      "</style></head><body>\n<h1 id=\"title\">",
	      out);
	flame_render__escape(out, title);
	fputs("</h1>\n", out);
	if (v->subtitle) {
		fputs("<div id=\"subtitle\">", out);
		flame_render__escape(out, v->subtitle);
		fputs("</div>\n", out);
	}
	fputs("<div id=\"bar\"><span id=\"unzoom\" class=\"hide\">Reset "
	      "Zoom</span><span id=\"search\">Search</span><span "
	      "id=\"ignorecase\">Aa</span><span id=\"matched\"></span></div>\n"
	      "<canvas id=\"flame\"></canvas>\n<div id=\"details\"></div>\n"
	      "<script>window.FLAME = { names: [",
	      out);
	/* Each name once; frames refer to them by index. */
	for (size_t k = f->nr_frames; k-- > 0;) {
		uint32_t id = f->frames[k].name;

		if (index[id])
			continue;
		index[id] = ++next;
		if (next > 1)
			fputc(',', out);
		js_string(out, flame__name(f, id));
	}
	fputs("],\nframes: [", out);
	for (size_t k = f->nr_frames, n = 0; k-- > 0; n++) {
		const struct flame_frame *fr = &f->frames[k];

		fprintf(out, "%s%u,%u,%llu,%llu", n ? "," : "",
			index[fr->name] - 1, fr->depth,
			(unsigned long long)fr->start,
			(unsigned long long)(fr->end - fr->start));
	}
	fputs("],\ncolors: [", out);
	for (size_t k = f->nr_frames, n = 0; k-- > 0; n++) {
		frame_fill(v, f, &f->frames[k], &pm, max_delta, fill,
			   sizeof(fill));
		fprintf(out, "%s\"%s\"", n ? "," : "", fill);
	}
	fprintf(out,
		"],\ntotal: %llu, maxDepth: %u, frameHeight: %u, inverted: "
		"%s, countName: ",
		(unsigned long long)f->total, f->max_depth, v->frame_height,
		v->inverted ? "true" : "false");
	js_string(out, v->countname ? v->countname : "samples");
	fprintf(out, " };</script>\n<script>\n%s</script>\n</body></html>\n",
		flame_html_js);
	if (v->palette_file)
		palette_save(&pm, v->palette_file);
	strpool__release(&pm.names);
	free(pm.colours);
	free(index);
	return ferror(out) ? -EIO : 0;
}
