/* SPDX-License-Identifier: MIT */
/* Reading input files: whole, or line by line, with a peek to detect format. */
#ifndef QASID_INPUT_H
#define QASID_INPUT_H

#include <stdio.h>

typedef struct input {
	FILE *f;
	const char *name;   /* as the user gave it; "-" is stdin */
	char *buf;          /* bytes read but not consumed: buf[pos..len) */
	size_t len, pos, cap;
	long lineno;
	int eof;
	int err;            /* errno of a read error, 0 if none */
} input;

/* Opens name ("-" for stdin); returns 0 or an errno value. */
int input_open(input *in, const char *name);
void input_close(input *in);
/* Guesses the format from the first bytes: "jsonl" or "text". */
const char *input_sniff(input *in);
/* Reads everything left; *out is owned by in until the next call. */
int input_read_all(input *in, char **out, size_t *len);
/*
 * Next line without its newline, NUL-terminated, valid until the next call;
 * returns 1, 0 at the end, -1 on a read error.
 */
int input_read_line(input *in, char **out, size_t *len);

#endif
