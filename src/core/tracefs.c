// SPDX-License-Identifier: GPL-2.0
#include "core/tracefs.h"

#include "util/fileio.h"
#include "util/strutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define TRACEFS_MAGIC 0x74726163
#define DEFAULT_ROOT "/sys/kernel/tracing"

static char root[PATH_MAX];
static int root_error;
static bool probed, mounted_here;

static bool is_tracefs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == TRACEFS_MAGIC;
}

static bool find_mounted(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	char dev[256], dir[PATH_MAX], type[64];
	bool found = false;

	if (!f)
		return false;
	while (fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, type) == 3) {
		if (!strcmp(type, "tracefs") && access(dir, R_OK) == 0) {
			snprintf(root, sizeof(root), "%s", dir);
			found = true;
			break;
		}
	}
	fclose(f);
	return found;
}

const char *tracefs__root(void)
{
	if (probed)
		return root_error ? NULL : root;
	probed = true;
	if (is_tracefs(DEFAULT_ROOT)) {
		snprintf(root, sizeof(root), "%s", DEFAULT_ROOT);
		return root;
	}
	if (find_mounted())
		return root;
	if (mount("nodev", DEFAULT_ROOT, "tracefs", 0, NULL) == 0) {
		mounted_here = true;
		snprintf(root, sizeof(root), "%s", DEFAULT_ROOT);
		return root;
	}
	root_error = -errno;
	return NULL;
}

int tracefs__error(void)
{
	tracefs__root();
	return root_error;
}

bool tracefs__mounted_by_us(void)
{
	return mounted_here;
}

int tracefs__event_id(const char *category, const char *name)
{
	const char *r = tracefs__root();
	char path[PATH_MAX], buf[32];
	unsigned long long id;
	int n;

	if (!r)
		return root_error;
	if (strchr(category, '/') || strchr(name, '/') || !*category || !*name)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", r, category, name);
	n = file__read_text(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	buf[strcspn(buf, "\n")] = '\0';
	if (str_to_u64(buf, &id) || id > INT_MAX)
		return -EINVAL;
	return (int)id;
}

static int cmp_dirent(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_event_dir(const struct dirent *d)
{
	return d->d_name[0] != '.' && d->d_type == DT_DIR;
}

int tracefs__for_each_event(int (*cb)(const char *category, const char *name,
				      void *ctx),
			    void *ctx)
{
	const char *r = tracefs__root();
	struct dirent **cats = NULL, **evs = NULL;
	char path[PATH_MAX];
	int ncat, nev, err = 0;

	if (!r)
		return root_error;
	snprintf(path, sizeof(path), "%s/events", r);
	ncat = scandir(path, &cats, is_event_dir, cmp_dirent);
	if (ncat < 0)
		return -errno;
	for (int i = 0; i < ncat; i++) {
		snprintf(path, sizeof(path), "%s/events/%s", r,
			 cats[i]->d_name);
		nev = err ? 0 : scandir(path, &evs, is_event_dir, cmp_dirent);
		for (int k = 0; k < nev; k++) {
			if (!err)
				err = cb(cats[i]->d_name, evs[k]->d_name, ctx);
			free(evs[k]);
		}
		if (nev > 0)
			free(evs);
		free(cats[i]);
	}
	free(cats);
	return err;
}

/* Splits a declaration "unsigned long args[6]" into type, name, length. */
static void split_decl(struct tracefs_field *f)
{
	char tmp[sizeof(f->decl)];
	char *name, *bracket;

	snprintf(tmp, sizeof(tmp), "%s", f->decl);
	bracket = strchr(tmp, '[');
	/* "__data_loc char[] name": the brackets belong to the type. */
	if (bracket && bracket[1] == ']')
		bracket = NULL;
	if (bracket) {
		f->array_len = (unsigned int)strtoul(bracket + 1, NULL, 10);
		*bracket = '\0';
	}
	name = strrchr(tmp, ' ');
	if (!name) {
		snprintf(f->name, sizeof(f->name), "%s", tmp);
		f->type[0] = '\0';
		return;
	}
	*name++ = '\0';
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->type, sizeof(f->type), "%s", tmp);
}

static int parse_field_line(const char *line, struct tracefs_field *f)
{
	const char *p = strstr(line, "field:");
	const char *semi;
	unsigned int offset, size;
	int is_signed;

	if (!p)
		return -EINVAL;
	p += strlen("field:");
	semi = strchr(p, ';');
	if (!semi || (size_t)(semi - p) >= sizeof(f->decl))
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	memcpy(f->decl, p, (size_t)(semi - p));
	if (sscanf(semi, "; offset:%u; size:%u; signed:%d;", &offset, &size,
		   &is_signed) != 3)
		return -EINVAL;
	f->offset = offset;
	f->size = size;
	f->is_signed = is_signed != 0;
	split_decl(f);
	f->common = str_has_prefix(f->name, "common_");
	return 0;
}

int tracefs__parse_format(const char *text, struct tracefs_format *fmt)
{
	const char *line = text;
	bool have_id = false;

	memset(fmt, 0, sizeof(*fmt));
	while (line && *line) {
		const char *next = strchr(line, '\n');
		char buf[512];
		size_t len = next ? (size_t)(next - line) : strlen(line);

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		if (str_has_prefix(buf, "ID:")) {
			fmt->id = atoi(buf + 3);
			have_id = true;
		} else if (strstr(buf, "field:")) {
			if (fmt->nr_fields == TRACEFS_MAX_FIELDS)
				return -E2BIG;
			if (parse_field_line(buf,
					     &fmt->fields[fmt->nr_fields]) == 0)
				fmt->nr_fields++;
		} else if (str_has_prefix(buf, "print fmt:")) {
			break;
		}
		line = next ? next + 1 : NULL;
	}
	return have_id && fmt->nr_fields ? 0 : -EINVAL;
}

int tracefs__read_format(const char *category, const char *name,
			 struct tracefs_format *fmt)
{
	const char *r = tracefs__root();
	char path[PATH_MAX];
	char *buf;
	int n;

	if (!r)
		return root_error;
	if (strchr(category, '/') || strchr(name, '/'))
		return -ENOENT;
	buf = malloc(65536);
	if (!buf)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", r, category,
		 name);
	n = file__read_text(path, buf, 65536);
	if (n >= 0)
		n = tracefs__parse_format(buf, fmt);
	free(buf);
	return n;
}
