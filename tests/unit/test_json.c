// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "render/json.h"

#include <stdlib.h>

static char *render(void (*fill)(struct json *j), bool pretty)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct json j;

	json__init(&j, f, pretty);
	fill(&j);
	fclose(f);
	return buf;
}

static void nested(struct json *j)
{
	json__begin_object(j);
	json__kv_string(j, "name", "a\"b\\c\n\x01");
	json__kv_uint(j, "n", 18446744073709551615ULL);
	json__kv_int(j, "neg", -5);
	json__kv_bool(j, "ok", true);
	json__key(j, "list");
	json__begin_array(j);
	json__double(j, 1.5);
	json__null(j);
	json__begin_object(j);
	json__end_object(j);
	json__end_array(j);
	json__kv_double(j, "nan", 0.0 / 0.0);
	json__end_object(j);
}

TEST(json_compact)
{
	char *s = render(nested, false);

	CHECK_EQ_STR(s, "{\"name\":\"a\\\"b\\\\c\\n\\u0001\","
			"\"n\":18446744073709551615,\"neg\":-5,\"ok\":true,"
			"\"list\":[1.5,null,{}],\"nan\":null}");
	free(s);
}

static void small(struct json *j)
{
	json__begin_object(j);
	json__key(j, "a");
	json__begin_array(j);
	json__uint(j, 1);
	json__end_array(j);
	json__end_object(j);
}

TEST(json_pretty)
{
	char *s = render(small, true);

	CHECK_EQ_STR(s, "{\n  \"a\": [\n    1\n  ]\n}");
	free(s);
}
