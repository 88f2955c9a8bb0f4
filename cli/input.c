/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input.h"

#define CHUNK 65536

int input_open(input *in, const char *name)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	in->name = name;
	if (!strcmp(name, "-")) {
		in->f = stdin;
		return 0;
	}
	if (stat(name, &st) == 0 && S_ISDIR(st.st_mode))
		return EISDIR;
	in->f = fopen(name, "rb");
	return in->f ? 0 : errno;
}

void input_close(input *in)
{
	if (in->f && in->f != stdin)
		fclose(in->f);
	free(in->buf);
	memset(in, 0, sizeof *in);
}

/* Reads up to CHUNK more bytes into buf; returns the count read. */
static size_t fill(input *in)
{
	size_t n;

	if (in->eof)
		return 0;
	if (in->pos > 0 && in->pos == in->len)
		in->pos = in->len = 0;
	if (in->cap - in->len < CHUNK) {
		size_t ncap = in->cap ? in->cap * 2 : CHUNK * 2;
		char *p;

		while (ncap - in->len < CHUNK)
			ncap *= 2;
		p = realloc(in->buf, ncap);
		if (!p) {
			in->err = ENOMEM;
			in->eof = 1;
			return 0;
		}
		in->buf = p;
		in->cap = ncap;
	}
	n = fread(in->buf + in->len, 1, CHUNK, in->f);
	in->len += n;
	if (n < CHUNK) {
		if (ferror(in->f))
			in->err = errno ? errno : EIO;
		in->eof = 1;
	}
	return n;
}

const char *input_sniff(input *in)
{
	size_t i;

	while (in->len - in->pos < 4096 && fill(in) > 0)
		;
	i = in->pos;
	if (in->len - i >= 3 && !memcmp(in->buf + i, "\xEF\xBB\xBF", 3))
		i += 3;
	while (i < in->len && strchr(" \t\r\n", in->buf[i]))
		i++;
	return i < in->len && in->buf[i] == '{' ? "jsonl" : "text";
}

int input_read_all(input *in, char **out, size_t *len)
{
	while (fill(in) > 0)
		;
	if (in->err)
		return -1;
	*out = in->buf ? in->buf + in->pos : "";
	*len = in->len - in->pos;
	in->pos = in->len;
	return 0;
}

int input_read_line(input *in, char **out, size_t *len)
{
	size_t scanned = in->pos;

	for (;;) {
		char *nl = memchr(in->buf + scanned, '\n', in->len - scanned);

		if (nl || (in->eof && in->len > in->pos)) {
			size_t end = nl ? (size_t)(nl - in->buf) : in->len;
			size_t n = end - in->pos;

			/* fill() leaves room for this NUL when there is no newline. */
			*out = in->buf + in->pos;
			in->buf[end] = '\0';
			if (n && (*out)[n - 1] == '\r')
				(*out)[--n] = '\0';
			in->pos = nl ? end + 1 : end;
			in->lineno++;
			*len = n;
			return 1;
		}
		if (in->eof)
			return in->err ? -1 : 0;
		/* Keep what is unread at the front, then read more. */
		if (in->pos > 0) {
			memmove(in->buf, in->buf + in->pos, in->len - in->pos);
			in->len -= in->pos;
			in->pos = 0;
		}
		scanned = in->len;
		fill(in);
	}
}
