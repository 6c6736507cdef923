// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "sym/demangle.h"

/* Demangles name and compares; want NULL means "not mangled". */
static void check_demangle(const char *name, const char *want)
{
	char *got = demangle__name(name, true);

	if (!want) {
		if (got)
			fprintf(stderr, "  %s -> \"%s\", want NULL\n", name,
				got);
		CHECK(got == NULL);
		return;
	}
	CHECK_EQ_STR(got, want);
	free(got);
}

TEST(demangle_cplusplus)
{
	check_demangle("_ZN3foo3barEv", "foo::bar()");
	check_demangle("_Z3addii", "add(int, int)");
	check_demangle("_ZNKSt6vectorIiSaIiEE4sizeEv",
		       "std::vector<int, std::allocator<int> >::size() const");
	check_demangle("_ZN3foo3barEv.cold", "foo::bar() [clone .cold]");
	/* A PLT stub keeps its suffix, as perf names it. */
	check_demangle("_ZNSt9basic_iosIcSt11char_traitsIcEE15_M_cache_localeERKSt6locale@plt",
		       "std::basic_ios<char, std::char_traits<char> >::_M_cache_locale(std::locale const&)@plt");
	check_demangle("memcpy@plt", NULL);
}

TEST(demangle_rust_legacy)
{
	check_demangle("_ZN4core3fmt5write17h0123456789abcdefE",
		       "core::fmt::write");
	check_demangle("_ZN3std2rt10lang_start17hfedcba9876543210E",
		       "std::rt::lang_start");
}

TEST(demangle_rust_v0)
{
	char *probe = demangle__name("_RNvCs15kBYyAo9fc_7mycrate4main", true);

	if (!probe)
		harness__skip("libiberty here has no Rust v0 demangler");
	CHECK_EQ_STR(probe, "mycrate::main");
	free(probe);
	check_demangle("_RNvNtCs1234_7mycrate3foo3bar", "mycrate::foo::bar");
}

TEST(demangle_not_mangled)
{
	check_demangle("main", NULL);
	check_demangle("do_getppid", NULL);
	check_demangle("", NULL);
	check_demangle("_start", NULL);
	check_demangle("__libc_start_main", NULL);
	check_demangle(NULL, NULL);
	/* Looks mangled, is not. */
	check_demangle("_Z", NULL);
	check_demangle("_ZN3foo", NULL);
	check_demangle("_Rubbish", NULL);
}

TEST(demangle_refuses_huge_names)
{
	size_t n = 1 << 20;
	char *name = malloc(n + 1);

	CHECK(name);
	memcpy(name, "_ZN", 3);
	for (size_t i = 3; i < n - 1; i += 2)
		memcpy(name + i, "1a", 2);
	name[n - 1] = 'E';
	name[n] = '\0';
	CHECK(demangle__name(name, true) == NULL);
	free(name);
}
