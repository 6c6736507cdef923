// SPDX-License-Identifier: GPL-2.0
/*
 * A JVMTI agent that writes the JVM's JIT symbol map, for the JVMs that
 * have no Compiler.perfmap (JDK 8 and 11).  sonde loads it through the
 * attach "load" command; on attach it writes every compiled method and
 * stub to /tmp/perf-PID.map, then keeps appending what gets compiled,
 * so code freed and reused later keeps its earlier names too.  Loaded
 * again, it starts the file over.
 */
#include <jvmti.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *map_file;
static jrawMonitorID map_lock;

/* "Lcom/example/Foo;" + "bar" -> "com.example.Foo.bar" */
static void write_method(jvmtiEnv *jvmti, jmethodID method, const void *addr,
			 jint size)
{
	char *class_sig = NULL, *name = NULL;
	jclass klass;

	if ((*jvmti)->GetMethodDeclaringClass(jvmti, method, &klass) ||
	    (*jvmti)->GetClassSignature(jvmti, klass, &class_sig, NULL) ||
	    (*jvmti)->GetMethodName(jvmti, method, &name, NULL, NULL))
		goto out;
	{
		char *c = class_sig[0] == 'L' ? class_sig + 1 : class_sig;
		size_t len = strlen(c);

		if (len && c[len - 1] == ';')
			c[len - 1] = '\0';
		for (char *p = c; *p; p++)
			if (*p == '/')
				*p = '.';
		(*jvmti)->RawMonitorEnter(jvmti, map_lock);
		fprintf(map_file, "%lx %x %s.%s\n", (unsigned long)addr,
			(unsigned)size, c, name);
		fflush(map_file);
		(*jvmti)->RawMonitorExit(jvmti, map_lock);
	}
out:
	if (class_sig)
		(*jvmti)->Deallocate(jvmti, (unsigned char *)class_sig);
	if (name)
		(*jvmti)->Deallocate(jvmti, (unsigned char *)name);
}

static void JNICALL on_compiled(jvmtiEnv *jvmti, jmethodID method,
				jint size, const void *addr, jint nr_map,
				const jvmtiAddrLocationMap *map,
				const void *compile_info)
{
	write_method(jvmti, method, addr, size);
}

static void JNICALL on_dynamic_code(jvmtiEnv *jvmti, const char *name,
				    const void *addr, jint size)
{
	(*jvmti)->RawMonitorEnter(jvmti, map_lock);
	fprintf(map_file, "%lx %x %s\n", (unsigned long)addr, (unsigned)size,
		name);
	fflush(map_file);
	(*jvmti)->RawMonitorExit(jvmti, map_lock);
}

JNIEXPORT jint JNICALL Agent_OnAttach(JavaVM *vm, char *options,
				      void *reserved)
{
	static jvmtiEnv *jvmti;
	jvmtiEventCallbacks callbacks = {
		.CompiledMethodLoad = on_compiled,
		.DynamicCodeGenerated = on_dynamic_code,
	};
	jvmtiCapabilities caps = { .can_generate_compiled_method_load_events =
					   1 };
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/perf-%d.map", getpid());
	f = fopen(path, "w");
	if (!f)
		return JNI_ERR;
	if (!jvmti) {
		if ((*vm)->GetEnv(vm, (void **)&jvmti, JVMTI_VERSION_1_0) ||
		    (*jvmti)->AddCapabilities(jvmti, &caps) ||
		    (*jvmti)->CreateRawMonitor(jvmti, "sonde perf map",
					       &map_lock) ||
		    (*jvmti)->SetEventCallbacks(jvmti, &callbacks,
						sizeof(callbacks))) {
			jvmti = NULL;
			fclose(f);
			return JNI_ERR;
		}
	}
	(*jvmti)->RawMonitorEnter(jvmti, map_lock);
	if (map_file)
		fclose(map_file);
	map_file = f;
	(*jvmti)->RawMonitorExit(jvmti, map_lock);
	/* What is compiled already, then everything compiled from now on. */
	(*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE,
					   JVMTI_EVENT_COMPILED_METHOD_LOAD,
					   NULL);
	(*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE,
					   JVMTI_EVENT_DYNAMIC_CODE_GENERATED,
					   NULL);
	(*jvmti)->GenerateEvents(jvmti, JVMTI_EVENT_DYNAMIC_CODE_GENERATED);
	(*jvmti)->GenerateEvents(jvmti, JVMTI_EVENT_COMPILED_METHOD_LOAD);
	return JNI_OK;
}
