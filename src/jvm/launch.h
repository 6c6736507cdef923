/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JVM that sonde starts itself is gone when the recording ends, and
 * its JIT map with it: through JAVA_TOOL_OPTIONS, every HotSpot JVM the
 * command runs writes /tmp/perf-PID.map as it exits.
 */
#ifndef SONDE_JVM_LAUNCH_H
#define SONDE_JVM_LAUNCH_H

#include <stdbool.h>

/*
 * Adds the options to JAVA_TOOL_OPTIONS in sonde's environment, which the
 * command inherits (the user's own options kept, and winning); with
 * frame_pointers, -XX:+PreserveFramePointer too, so stacks walk through
 * compiled Java code.  0 or -errno.
 */
int jvm__prepare_launch(bool frame_pointers);

#endif
