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
 * after.  0, or -errno (-ETIMEDOUT when the JVM did not answer; -EPROTO
 * when it refused, *output then saying why: free it either way).
 */
int jvm__jcmd(pid_t pid, const char *command, char **output);
/*
 * The JVM's JIT symbol map, written to /tmp/perf-NSPID.map inside the
 * JVM's mount namespace and returned (malloc'd) with Java names as
 * async-profiler prints them ("Hot.spin", not "long Hot.spin(int)").
 * Compiler.perfmap on JDK 17 and later; sonde's JVMTI agent where the
 * JVM does not know it (JDK 8, 11) or with use_agent.  When the JVM
 * refuses (-EPROTO), why holds its reason.  0 or -errno.
 */
int jvm__perf_map(pid_t pid, bool use_agent, char **text, size_t *size,
		  char *why, size_t why_size);
/*
 * Loads a JVMTI agent library into the JVM (the attach "load"
 * operation): it is written inside the JVM's file system for the load and
 * removed after.  *reply is the JVM's answer (malloc'd, or NULL).
 */
int jvm__load_agent(pid_t pid, const void *library, size_t size, char **reply);
/*
 * Reads a map file as HotSpot writes it (Compiler.perfmap,
 * -XX:+DumpPerfMapAtExit: "0x7f.. 0x2b8 long Hot.spin(int)") with the
 * names made short.  0 or -errno.
 */
int jvm__read_perf_map(const char *path, char **text, size_t *size);
/* Whether the JVM runs with -XX:+PreserveFramePointer: 1, 0 or -errno. */
int jvm__preserves_frame_pointers(pid_t pid);

/* An attach error in words: -EPERM is -XX:+DisableAttachMechanism. */
const char *jvm__strerror(int err);

#endif
