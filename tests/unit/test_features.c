// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "core/features.h"

#include <dirent.h>
#include <errno.h>

static const char status_root[] =
	"Name:\tcat\n"
	"Umask:\t0022\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001fffeffffff\n"
	"CapEff:\t000001fffeffffff\n"
	"CapBnd:\t000001fffeffffff\n";

TEST(features_parse_capeff)
{
	uint64_t caps = 1;
	char names[64];

	CHECK_EQ_INT(features__parse_capeff(status_root, &caps), 0);
	CHECK(caps == 0x000001fffeffffffULL);
	CHECK_EQ_STR(features__cap_names(caps, names, sizeof(names)),
		     "CAP_PERFMON CAP_BPF CAP_SYS_ADMIN");

	CHECK_EQ_INT(features__parse_capeff("CapEff:\t0000000000000000\n",
					    &caps),
		     0);
	CHECK(caps == 0);
	CHECK_EQ_STR(features__cap_names(caps, names, sizeof(names)), "");
	/* CAP_BPF (39) alone. */
	CHECK_EQ_INT(features__parse_capeff("CapEff: 0000008000000000", &caps),
		     0);
	CHECK_EQ_STR(features__cap_names(caps, names, sizeof(names)),
		     "CAP_BPF");

	CHECK_EQ_INT(features__parse_capeff("Name:\tx\nCapPrm:\t1\n", &caps),
		     -ENOENT);
	CHECK_EQ_INT(features__parse_capeff("CapEff:\tzz\n", &caps), -EINVAL);
	CHECK_EQ_INT(features__parse_capeff("CapEff:\t00000000000000000\n",
					    &caps),
		     -EINVAL);
	CHECK_EQ_INT(features__parse_capeff("", &caps), -ENOENT);
}

TEST(features_cap_names_truncates_safely)
{
	char small[8];

	features__cap_names(0x000001fffeffffffULL, small, sizeof(small));
	CHECK(strlen(small) < sizeof(small));
}

TEST(features_paranoid_meaning)
{
	CHECK_EQ_STR(features__paranoid_meaning(-1), "no limits");
	CHECK_EQ_STR(features__paranoid_meaning(2),
		     "own processes only, user space only");
	CHECK(strstr(features__paranoid_meaning(1), "system-wide"));
	CHECK(strstr(features__paranoid_meaning(4), "Debian"));
	CHECK_EQ_STR(features__paranoid_meaning(-7), "no limits");
}

TEST(features_parse_lockdown)
{
	char mode[32];

	CHECK_EQ_INT(features__parse_lockdown(
			     "[none] integrity confidentiality\n", mode,
			     sizeof(mode)),
		     0);
	CHECK_EQ_STR(mode, "none");
	CHECK_EQ_INT(features__parse_lockdown(
			     "none integrity [confidentiality]\n", mode,
			     sizeof(mode)),
		     0);
	CHECK_EQ_STR(mode, "confidentiality");
	CHECK_EQ_INT(features__parse_lockdown("none integrity\n", mode,
					      sizeof(mode)),
		     -EINVAL);
	CHECK_EQ_INT(features__parse_lockdown("[] x", mode, sizeof(mode)),
		     -EINVAL);
	CHECK_EQ_INT(features__parse_lockdown("[integrity]", mode, 4),
		     -EINVAL);
}

TEST(features_kallsyms_address)
{
	CHECK(features__kallsyms_line_has_address(
		"ffffffff81000000 T _stext\n"));
	CHECK(!features__kallsyms_line_has_address(
		"0000000000000000 T _stext\n"));
	CHECK(!features__kallsyms_line_has_address(
		"0000000000000000 A fixed_percpu_data\n"));
	CHECK(!features__kallsyms_line_has_address(""));
	CHECK(!features__kallsyms_line_has_address("ffffffff81000000"));
}

TEST(features_names_complete)
{
	for (int f = 0; f < FEATURE__COUNT; f++) {
		CHECK(features__name(f) && features__name(f)[0]);
		CHECK(features__id(f) && features__id(f)[0]);
		CHECK(!strchr(features__id(f), ' '));
		CHECK(features__loss(f) && features__loss(f)[0]);
		for (int g = 0; g < f; g++)
			CHECK(strcmp(features__id(f), features__id(g)));
	}
	CHECK_EQ_STR(features__id(FEATURE_KPROBE), "kprobe");
	CHECK_EQ_STR(features__name(FEATURE__COUNT), "?");
}

/* Probing runs here for real: whatever the answer, it must be consistent. */
TEST(features_probe_consistent)
{
	char msg[FEATURE_MSG_MAX];

	for (int f = 0; f < FEATURE__COUNT; f++) {
		const struct feature_result *r = features__probe(f);
		int err = features__require(f, msg, sizeof(msg));

		CHECK(r->detail[0]);
		CHECK_EQ_INT(features__have(f), r->ok);
		if (r->ok) {
			CHECK_EQ_INT(r->error, 0);
			CHECK_EQ_INT(err, 0);
		} else {
			CHECK(r->error < 0);
			CHECK(err == -EPERM || err == -EOPNOTSUPP);
			CHECK(strstr(msg, features__loss(f)));
			CHECK(!strchr(msg, '\n'));
		}
		/* Cached: the same answer twice. */
		CHECK(features__probe(f) == r);
	}
}

TEST(features_message_kprobe_wording)
{
	char msg[FEATURE_MSG_MAX];

	if (features__have(FEATURE_KPROBE) || !features__privileged())
		harness__skip("needs a kernel without kprobes, as root");
	CHECK_EQ_INT(features__require(FEATURE_KPROBE, msg, sizeof(msg)),
		     -EOPNOTSUPP);
	CHECK_EQ_STR(msg, "this kernel has no kprobes (CONFIG_KPROBE_EVENTS): "
			  "kprobe:/kretprobe: probes and kernel function "
			  "tracing are unavailable");
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Every probe closes what it opens. */
TEST(features_probe_closes_fds)
{
	struct feature_result res[FEATURE__COUNT];
	int before = count_fds();

	CHECK(before > 0);
	features__probe_all(res);
	CHECK_EQ_INT(count_fds(), before);
}
