// SPDX-License-Identifier: GPL-2.0
#include "jvm/launch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * DumpPerfMapAtExit is JDK 17's and diagnostic; older JVMs would refuse
 * to start on an option they do not know, hence IgnoreUnrecognized.
 */
#define PERF_MAP_OPTIONS                                                   \
	"-XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions " \
	"-XX:+DumpPerfMapAtExit"

int jvm__prepare_launch(bool frame_pointers)
{
	const char *user = getenv("JAVA_TOOL_OPTIONS");
	char options[4096];
	int n;

	/* The user's options come last: a later option wins in HotSpot. */
	n = snprintf(options, sizeof(options), "%s%s%s%s", PERF_MAP_OPTIONS,
		     frame_pointers ? " -XX:+PreserveFramePointer" : "",
		     user && *user ? " " : "", user ? user : "");
	if (n < 0 || (size_t)n >= sizeof(options))
		return -E2BIG;
	return setenv("JAVA_TOOL_OPTIONS", options, 1) ? -errno : 0;
}
