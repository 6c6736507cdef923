/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to a running HotSpot JVM through its attach mechanism, in C:
 * no jcmd, no JDK on the host.  A JVM in a container is reached through
 * /proc/PID/root with the pid it has in its own namespace.
 */
#ifndef SONDE_JVM_ATTACH_H
#define SONDE_JVM_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Whether pid runs a HotSpot JVM (it maps libjvm.so). */
bool jvm__is_hotspot(pid_t pid);
/*
 * Runs a diagnostic command ("Compiler.perfmap", "VM.flags") in the JVM
 * and returns its output (malloc'd, NUL-terminated).  Starts the JVM's
 * attach listener if needed: an .attach_pid file in its working
 * directory and a SIGQUIT, as the protocol asks; the file is removed
 * after.  0, or -errno (-ETIMEDOUT when the JVM did not answer).
 */
int jvm__jcmd(pid_t pid, const char *command, char **output);
/*
 * The JVM's JIT symbol map: Compiler.perfmap (JDK 17+) writes
 * /tmp/perf-NSPID.map inside the JVM's mount namespace; its text is
 * returned (malloc'd) with Java names as async-profiler prints them
 * ("Hot.spin", not "long Hot.spin(int)").
 */
int jvm__perf_map(pid_t pid, char **text, size_t *size);
/*
 * Reads a map file as HotSpot writes it (Compiler.perfmap,
 * -XX:+DumpPerfMapAtExit: "0x7f.. 0x2b8 long Hot.spin(int)") with the
 * names made short.  0 or -errno.
 */
int jvm__read_perf_map(const char *path, char **text, size_t *size);
/* Whether the JVM runs with -XX:+PreserveFramePointer: 1, 0 or -errno. */
int jvm__preserves_frame_pointers(pid_t pid);

#endif
