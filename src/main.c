/*
 * The `meishi` command line: one binary, several subcommands.
 *
 *   meishi scan [--jobs N] [--debug DIR] FILE...   photos -> JSON Lines
 *   meishi eval [--jobs N] DIR                     accuracy and speed
 *   meishi serve [--listen A] [--data D] [--workers N]   the lead service
 *   meishi user add|list|passwd, meishi token create|revoke|list
 *   meishi import FILE.csv --profile P [--owner U] [--data D]
 *
 * Later subcommands (serve, user, token, import) register here the same
 * way: a name, a function, and a one-line summary for `meishi --help`.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "meishi/proc.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary; /* NULL: hidden from --help */
};

static const struct command commands[] = {
	{"scan", ms_cmd_scan, "read business-card photos, print JSON Lines"},
	{"eval", ms_cmd_eval, "measure accuracy and speed on labelled photos"},
	{"serve", ms_cmd_serve, "run the lead service (HTTP API, scanning)"},
	{"user", ms_cmd_user, "add, list and change accounts"},
	{"token", ms_cmd_token, "create, revoke and list integration tokens"},
	{"import", ms_cmd_import,
	 "load leads from a Salesforce, HubSpot or Meishi CSV"},
	{"seed", ms_cmd_seed, NULL},
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: meishi COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].summary)
			fprintf(f, "  %-8s %s\n", commands[i].name,
				commands[i].summary);
	fprintf(f, "\n`meishi COMMAND --help` describes each command.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	ms_proc_limit_openmp(argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("meishi %s\n", MEISHI_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "meishi: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
