// SPDX-License-Identifier: GPL-2.0
/*
 * MiniDebugInfo (Fedora, gdb): a small ELF holding only a .symtab of the
 * functions .dynsym lacks, xz-compressed into the .gnu_debugdata section
 * of a stripped object.  This unpacks it; the symbolizer reads the
 * result as any other ELF file.
 */
#include "sym/sources.h"

#include <errno.h>
#include <lzma.h>
#include <stdlib.h>

/*
 * liblzma's own ceiling on decoder memory: xz's default presets need
 * under 10 MiB to decode, a hostile header could ask for gigabytes.
 */
#define MINIDEBUG_MEMLIMIT (64ULL << 20)

int minidebug__decompress(const void *xz, size_t size, size_t max, void **out,
			  size_t *out_size)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	size_t cap = size * 4 < 65536 ? 65536 : size * 4;
	unsigned char *buf = NULL, *n;
	lzma_ret ret;
	int err;

	*out = NULL;
	*out_size = 0;
	if (cap > max)
		cap = max;
	if (!cap)
		return -EFBIG;
	if (lzma_stream_decoder(&strm, MINIDEBUG_MEMLIMIT, 0) != LZMA_OK)
		return -ENOMEM;
	buf = malloc(cap);
	if (!buf) {
		err = -ENOMEM;
		goto fail;
	}
	strm.next_in = xz;
	strm.avail_in = size;
	strm.next_out = buf;
	strm.avail_out = cap;
	for (;;) {
		ret = lzma_code(&strm, LZMA_FINISH);
		if (ret == LZMA_STREAM_END)
			break;
		if (ret != LZMA_OK && ret != LZMA_BUF_ERROR) {
			err = ret == LZMA_MEM_ERROR ? -ENOMEM : -EINVAL;
			goto fail;
		}
		if (strm.avail_out) {
			/* Input used up before the stream's end: truncated. */
			err = -EINVAL;
			goto fail;
		}
		if (cap == max) {
			err = -EFBIG;
			goto fail;
		}
		cap = cap > max / 2 ? max : cap * 2;
		n = realloc(buf, cap);
		if (!n) {
			err = -ENOMEM;
			goto fail;
		}
		buf = n;
		strm.next_out = buf + strm.total_out;
		strm.avail_out = cap - strm.total_out;
	}
	*out = buf;
	*out_size = strm.total_out;
	lzma_end(&strm);
	return 0;
fail:
	free(buf);
	lzma_end(&strm);
	return err;
}
