// SPDX-License-Identifier: GPL-2.0
#include "sym/usdt_args.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A register name and where struct pt_regs keeps it. */
struct reg_slot {
	const char *name;
	unsigned int offset;
};

#if defined(__aarch64__)
/* struct user_pt_regs: regs[31], sp, pc, pstate. */
static int arm64_reg(const char *name, unsigned int *offset)
{
	char *end;
	long n;

	if (!strcmp(name, "sp") || !strcmp(name, "pc")) {
		*offset = (name[0] == 's' ? 31 : 32) * 8;
		return 0;
	}
	if ((name[0] != 'x' && name[0] != 'w') ||
	    !isdigit((unsigned char)name[1]))
		return -EINVAL;
	n = strtol(name + 1, &end, 10);
	if (*end || n > 30)
		return -EINVAL;
	*offset = (unsigned int)n * 8;
	return 0;
}

int usdt_args__reg_offset(const char *name, unsigned int *offset)
{
	return arm64_reg(name, offset);
}
#else
/* x86_64's struct pt_regs, every name for each register. */
static const struct reg_slot x86_regs[] = {
	{"r15", 0},   {"r15d", 0},  {"r15w", 0},  {"r15b", 0},	{"r14", 8},
	{"r14d", 8},  {"r14w", 8},  {"r14b", 8},  {"r13", 16},	{"r13d", 16},
	{"r13w", 16}, {"r13b", 16}, {"r12", 24},  {"r12d", 24}, {"r12w", 24},
	{"r12b", 24}, {"rbp", 32},  {"ebp", 32},  {"bp", 32},	{"bpl", 32},
	{"rbx", 40},  {"ebx", 40},  {"bx", 40},	  {"bl", 40},	{"r11", 48},
	{"r11d", 48}, {"r11w", 48}, {"r11b", 48}, {"r10", 56},	{"r10d", 56},
	{"r10w", 56}, {"r10b", 56}, {"r9", 64},	  {"r9d", 64},	{"r9w", 64},
	{"r9b", 64},  {"r8", 72},   {"r8d", 72},  {"r8w", 72},	{"r8b", 72},
	{"rax", 80},  {"eax", 80},  {"ax", 80},	  {"al", 80},	{"rcx", 88},
	{"ecx", 88},  {"cx", 88},   {"cl", 88},	  {"rdx", 96},	{"edx", 96},
	{"dx", 96},   {"dl", 96},   {"rsi", 104}, {"esi", 104}, {"si", 104},
	{"sil", 104}, {"rdi", 112}, {"edi", 112}, {"di", 112},	{"dil", 112},
	{"rip", 128}, {"rsp", 152}, {"esp", 152}, {"sp", 152},	{"spl", 152},
};

int usdt_args__reg_offset(const char *name, unsigned int *offset)
{
	for (size_t i = 0; i < sizeof(x86_regs) / sizeof(*x86_regs); i++) {
		if (!strcmp(x86_regs[i].name, name)) {
			*offset = x86_regs[i].offset;
			return 0;
		}
	}
	return -EINVAL;
}
#endif

/* Copies a register name of at most sizeof(a->reg) - 1 characters. */
static int set_reg(struct usdt_arg *a, const char *name, size_t len)
{
	if (!len || len >= sizeof(a->reg))
		return -EINVAL;
	memcpy(a->reg, name, len);
	a->reg[len] = '\0';
	return usdt_args__reg_offset(a->reg, &a->reg_offset);
}

/* The location after "N@": one of the forms a probe can read. */
static int parse_location(const char *s, size_t len, struct usdt_arg *a)
{
	char text[64], *end;
	const char *open, *close;

	if (len >= sizeof(text))
		return -EINVAL;
	memcpy(text, s, len);
	text[len] = '\0';
	if (!strchr(text, '(') &&
	    (text[0] == '$' || isdigit((unsigned char)text[0]) ||
	     (text[0] == '-' && isdigit((unsigned char)text[1])))) {
		/* x86's "$5"; arm64 writes bare numbers. */
		errno = 0;
		a->value = strtoll(text + (text[0] == '$'), &end, 0);
		a->kind = USDT_ARG_CONST;
		return *end || errno ? -EINVAL : 0;
	}
	if (text[0] == '%') {
		a->kind = USDT_ARG_REG;
		return set_reg(a, text + 1, strlen(text + 1));
	}
	if (text[0] == '[') {
		/* arm64: "[x1]" or "[sp, 16]". */
		char *comma = strchr(text, ',');

		close = strchr(text, ']');
		if (!close || close[1])
			return -EINVAL;
		a->kind = USDT_ARG_MEM;
		if (comma) {
			a->value = strtoll(comma + 1, &end, 0);
			if (end != close)
				return -EINVAL;
		}
		return set_reg(a, text + 1,
			       (size_t)((comma ? comma : close) - text - 1));
	}
	open = strchr(text, '(');
	close = open ? strchr(open, ')') : NULL;
	if (open && close && !close[1] && open[1] == '%' &&
	    !memchr(open, ',', (size_t)(close - open))) {
		/* x86: "-16(%rbp)", "(%rax)"; not "sym(%rip)" or "(%a,%b,8)".
		 */
		a->kind = USDT_ARG_MEM;
		a->value = 0;
		if (open != text) {
			a->value = strtoll(text, &end, 0);
			if (end != open)
				return -EINVAL;
		}
		return set_reg(a, open + 2, (size_t)(close - open - 2));
	}
	if (isalpha((unsigned char)text[0])) {
		/* arm64's plain register: "x1", "w0". */
		a->kind = USDT_ARG_REG;
		return set_reg(a, text, len);
	}
	return -EINVAL;
}

int usdt_args__parse(const char *spec, struct usdt_arg *args, size_t *nr,
		     size_t *bad_at)
{
	const char *s = spec;

	*nr = 0;
	while (*s) {
		struct usdt_arg *a = &args[*nr];
		const char *at, *end;
		char *num_end;
		long size;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		*bad_at = *nr;
		if (*nr == USDT_MAX_ARGS)
			return -EINVAL;
		end = strchr(s, ' ');
		if (!end)
			end = s + strlen(s);
		at = memchr(s, '@', (size_t)(end - s));
		memset(a, 0, sizeof(*a));
		size = at ? strtol(s, &num_end, 10) : 0;
		if (!at || num_end != at ||
		    (labs(size) != 1 && labs(size) != 2 && labs(size) != 4 &&
		     labs(size) != 8))
			return -EINVAL;
		a->size = (unsigned int)labs(size);
		a->is_signed = size < 0;
		if (parse_location(at + 1, (size_t)(end - at - 1), a))
			return -EINVAL;
		(*nr)++;
		s = end;
	}
	return 0;
}
