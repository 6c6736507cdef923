/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SONDE_UTIL_STRUTIL_H
#define SONDE_UTIL_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* A growable array of owned strings. */
struct strlist {
	char **items;
	size_t nr;
	size_t cap;
};

int strlist__push(struct strlist *list, const char *s);
/* Takes ownership of s (freed on failure too). */
int strlist__push_owned(struct strlist *list, char *s);
void strlist__sort(struct strlist *list);
/* Sorts and drops repeated entries. */
void strlist__uniq(struct strlist *list);
bool strlist__contains(const struct strlist *list, const char *s);
void strlist__release(struct strlist *list);

/* Splits "a,b,c" on sep into list; empty fields are skipped. */
int strlist__split(struct strlist *list, const char *s, char sep);

/* True when s contains a glob metacharacter (* ? [). */
bool str_is_glob(const char *s);
/* Shell-style glob match of the whole string. */
bool str_glob_match(const char *pattern, const char *s);

bool str_has_prefix(const char *s, const char *prefix);
bool str_has_suffix(const char *s, const char *suffix);

/*
 * Parses a decimal (or 0x hex) unsigned number that must fill the whole
 * string.  Returns 0 or -EINVAL/-ERANGE.
 */
int str_to_u64(const char *s, unsigned long long *out);
/* Parses a decimal number of seconds ("1", "0.5") into nanoseconds. */
int str_to_seconds_ns(const char *s, unsigned long long *out_ns);

/* The value of a hex digit, or -1. */
static inline int str_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Edit distance between a and b (insert, delete, substitute: cost 1). */
size_t str_edit_distance(const char *a, const char *b);

/*
 * Fills out[] with up to max entries of candidates that are close to name:
 * edit distance small against the name's length, or sharing a long
 * substring.  Returns the number found, closest first.
 */
size_t str_suggest(const char *name, const char *const *candidates, size_t nr,
		   const char **out, size_t max);

/* Formats n with thousands separators ("1,234,567") into buf. */
const char *str_thousands(unsigned long long n, char *buf, size_t size);

#endif
