// SPDX-License-Identifier: GPL-2.0
#include "cli/commands.h"
#include "util/err.h"

int cmd_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	err_say("'list' is not built yet");
	return EXIT_FAIL;
}
