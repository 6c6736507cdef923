// SPDX-License-Identifier: GPL-2.0
#include "cli/commands.h"
#include "util/err.h"

int cmd_record(int argc, char **argv)
{
	err_say("'record' is not built yet");
	return EXIT_FAIL;
}
