// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "jvm/attach.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* HotSpot's map lines, as Compiler.perfmap and DumpPerfMapAtExit write. */
TEST(jvm_read_perf_map_short_names)
{
	char path[] = "/tmp/sonde-unit-jvm-XXXXXX", *text;
	size_t size;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	fputs("0x00007f3e08ec7620 0x0000000000000278 long Hot.spin(int)\n"
	      "0x00007f3e01400560 0x330 int java.lang.String.hashCode()\n"
	      "0x00007f3e01401000 0x40 void com.example.Foo$Bar.<init>(java.lang.String, int)\n"
	      "0x00007f3e08938380 0x7d0 StubRoutines (1)\n"
	      "0x00007f3e08939000 0x100 Interpreter\n"
	      "not a line\n"
	      "0x00007f3e0893a000 0x10 \n",
	      f);
	fclose(f);
	CHECK_EQ_INT(jvm__read_perf_map(path, &text, &size), 0);
	unlink(path);
	CHECK_EQ_INT(size, strlen(text));
	CHECK_EQ_STR(text, "7f3e08ec7620 278 Hot.spin\n"
			   "7f3e01400560 330 java.lang.String.hashCode\n"
			   "7f3e01401000 40 com.example.Foo$Bar.<init>\n"
			   "7f3e08938380 7d0 StubRoutines (1)\n"
			   "7f3e08939000 100 Interpreter\n");
	free(text);
	CHECK_EQ_INT(jvm__read_perf_map("/nonexistent/perf-1.map", &text, &size),
		     -ENOENT);
}

TEST(jvm_is_hotspot_not_for_us)
{
	CHECK(!jvm__is_hotspot(getpid()));
}
