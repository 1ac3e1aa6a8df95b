/*
 * `meishi eval DIR`: accuracy and speed against labelled photos.
 *
 * PLACEHOLDER: to be written.
 */
#include <stdio.h>

#include "cli/cli.h"

int ms_cmd_eval(int argc, char **argv)
{
	fprintf(stderr, "meishi eval: not yet built\n");
	return 1;
}
