/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flame graph as one self-contained, deterministic SVG or HTML page: the same input
 * gives the same bytes.  Tooltips, click to zoom, regex search with the
 * matched share, zoom and search kept in the URL.
 */
#ifndef SONDE_RENDER_FLAME_H
#define SONDE_RENDER_FLAME_H

#include "profile/flame.h"

#include <stdbool.h>
#include <stdio.h>

struct flame_view {
	const char *title; /* default "Flame Graph" / "Icicle Graph" */
	const char *subtitle;
	const char *countname; /* "samples" */
	unsigned int width; /* 1200 */
	unsigned int frame_height; /* 16 */
	double min_width; /* in pixels, or percent of the width */
	bool min_width_percent;
	bool inverted; /* icicle: the root at the top */
	const char *colors; /* palette: hot, mem, io, java, js, red, ... */
	bool hash; /* colours from names, FlameGraph's --hash */
	bool negate; /* diff: blue for growth, red for shrink */
	const char *palette_file; /* name -> colour, kept across graphs */
};

/* Whether a palette name is known. */
bool flame_render__palette_known(const char *name);
int flame_render__svg(FILE *out, const struct flame *f,
		      const struct flame_view *v);
/*
 * The same as one HTML page drawing on a canvas from compact data: the
 * same interactions, responsive with 100,000+ frames.
 */
int flame_render__html(FILE *out, const struct flame *f,
		       const struct flame_view *v);
/* One escape for text put in SVG and HTML. */
void flame_render__escape(FILE *out, const char *s);

#endif
