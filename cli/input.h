/* SPDX-License-Identifier: MIT */
/*
 * Reading input files: through a qasid_stream, so gzip and zstd are undone
 * on the fly; whole, line by line, or as a byte source for the WARC reader;
 * with a peek at the first bytes to tell the format.
 */
#ifndef QASID_INPUT_H
#define QASID_INPUT_H

#include <stdio.h>

#include "qasid.h"

typedef struct input {
	FILE *f;
	const char *name;   /* as the user gave it; "-" is stdin */
	qasid_stream *zs;
	char *buf;          /* bytes decoded but not consumed: buf[pos..len) */
	size_t len, pos, cap;
	long lineno;
	int eof;
	int err;            /* errno of a read error, 0 if none */
	int zerr;           /* decompression errors so far */
	int zpending;       /* one not yet reported by input_read_* */
	qasid_err zmsg;     /* the last one */
} input;

/* Input results besides 0 (ok) and 1 (a line). */
enum { IN_EOF = 0, IN_LINE = 1, IN_EREAD = -1, IN_EZIP = -2, IN_ETOOBIG = -3 };

/* Opens name ("-" for stdin); returns 0 or an errno value (EISDIR for a directory). */
int input_open(input *in, const char *name);
void input_close(input *in);
/*
 * Guesses the format from the first decoded bytes: "warc", "jsonl", "html",
 * "text", "binary" (NUL or control bytes: not text) or "empty".
 */
const char *input_sniff(input *in);
/* "gzip", "zstd" or "none". */
const char *input_codec(const input *in);
/*
 * Reads everything left, up to max bytes; *out is owned by in until the next
 * call. Returns 0, IN_EREAD, IN_EZIP (in->zmsg says why) or IN_ETOOBIG
 * (reading stopped at max).
 */
int input_read_all_max(input *in, char **out, size_t *len, size_t max);
/* The same without a limit: 0, or -1 on a read or decompression error. */
int input_read_all(input *in, char **out, size_t *len);
/*
 * Next line without its newline, NUL-terminated, valid until the next call:
 * returns IN_LINE, IN_EOF, IN_EREAD, IN_EZIP (call again to go on), or
 * IN_ETOOBIG for a line over max bytes (skipped; its number is in lineno).
 */
int input_read_line_max(input *in, char **out, size_t *len, size_t max);
/* The same without a limit, past corrupt data: 1 a line, 0 the end, -1 a read error. */
int input_read_line(input *in, char **out, size_t *len);
/* A qasid_read_fn over the input (for the WARC reader): ud is the input. */
long input_read(void *ud, void *buf, size_t n);

/* The charset parameter of a Content-Type value, copied into out (cap
 * bytes), or NULL when there is none. */
const char *input_charset_of(const char *ctype, char *out, size_t cap);
/* Whether a Content-Type is HTML (text/html, application/xhtml+xml). */
int input_is_html_type(const char *t);

/* A file name for messages: "standard input" for "-". */
const char *input_display_name(const char *name);
/* The file name without its directories and compression suffix (an article id),
 * into id (cap bytes). */
void input_base_id(const char *name, char *id, size_t cap);

#endif
