/* SPDX-License-Identifier: MIT */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_OPTS 64

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("qasid: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_parse(int argc, char **argv, const cli_opt *opts, int (*on)(int, const char *, void *),
              void *ud)
{
	struct option lo[MAX_OPTS + 1];
	char so[MAX_OPTS * 2 + 2] = ":";
	int n, c, idx;
	size_t sl = 1;

	for (n = 0; opts[n].name && n < MAX_OPTS; n++) {
		lo[n].name = opts[n].name;
		lo[n].has_arg = opts[n].arg ? required_argument : no_argument;
		lo[n].flag = NULL;
		lo[n].val = 256 + n;
		if (opts[n].shortc) {
			so[sl++] = (char)opts[n].shortc;
			if (opts[n].arg)
				so[sl++] = ':';
		}
	}
	so[sl] = '\0';
	memset(&lo[n], 0, sizeof lo[n]);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, lo, &idx)) != -1) {
		int k = -1, i;

		if (c == '?' || c == ':') {
			const char *what = c == '?' ? "unknown option" : "option needs an argument";

			if (optopt && optopt < 256)
				cli_error("%s: -%c (try --help)", what, optopt);
			else
				cli_error("%s: %s (try --help)", what, argv[optind - 1]);
			return -1;
		}
		if (c >= 256)
			k = c - 256;
		else
			for (i = 0; i < n; i++)
				if (opts[i].shortc == c)
					k = i;
		if (k < 0 || on(k, optarg, ud))
			return -1;
	}
	return optind;
}

int cli_parse_args(int argc, char **argv, const cli_opt *opts,
                   int (*on)(int, const char *, void *), void *ud, char **pos, int *n_pos)
{
	int first = cli_parse(argc, argv, opts, on, ud), i;

	*n_pos = 0;
	if (first < 0)
		return -1;
	for (i = first; i < argc; i++) /* cli_parse put the operands last, in order */
		pos[(*n_pos)++] = argv[i];
	return 0;
}

void cli_print_opts(FILE *f, const cli_opt *opts)
{
	int i;

	for (i = 0; opts[i].name; i++) {
		char left[64];

		if (opts[i].shortc)
			snprintf(left, sizeof left, "-%c, --%s%s%s", opts[i].shortc, opts[i].name,
			         opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", opts[i].name, opts[i].arg ? " " : "",
			         opts[i].arg ? opts[i].arg : "");
		fprintf(f, "  %-26s %s\n", left, opts[i].help);
	}
}
