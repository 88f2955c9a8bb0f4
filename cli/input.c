/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "input.h"

#define CHUNK 65536

static long file_read(void *ud, void *p, size_t n)
{
	input *in = ud;
	size_t k = fread(p, 1, n, in->f);

	if (k == 0 && ferror(in->f)) {
		in->err = errno ? errno : EIO;
		return QASID_EIO;
	}
	return (long)k;
}

int input_open(input *in, const char *name)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	in->name = name;
	if (!strcmp(name, "-")) {
		in->f = stdin;
	} else {
		if (stat(name, &st) == 0 && S_ISDIR(st.st_mode))
			return EISDIR;
		in->f = fopen(name, "rb");
		if (!in->f)
			return errno;
	}
	if (qasid_stream_new(&in->zs, file_read, in)) {
		if (in->f != stdin)
			fclose(in->f);
		in->f = NULL;
		return ENOMEM;
	}
	return 0;
}

void input_close(input *in)
{
	if (in->f && in->f != stdin)
		fclose(in->f);
	qasid_stream_free(in->zs);
	free(in->buf);
	memset(in, 0, sizeof *in);
}

const char *input_codec(const input *in)
{
	return in->zs ? qasid_stream_codec(in->zs) : "none";
}

/*
 * Decodes up to CHUNK more bytes into buf; returns the count, 0 at the end
 * or on an error (in->err for reading, IN_EZIP noted in *zip).
 */
static size_t fill(input *in, int *zip)
{
	long n;

	if (in->eof)
		return 0;
	if (in->pos > 0 && in->pos == in->len)
		in->pos = in->len = 0;
	if (in->cap - in->len < CHUNK + 1) {
		size_t ncap = in->cap ? in->cap * 2 : CHUNK * 2;
		char *p;

		while (ncap - in->len < CHUNK + 1)
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
	n = qasid_stream_read(in->zs, in->buf + in->len, CHUNK, &in->zmsg);
	if (n > 0) {
		in->len += (size_t)n;
		return (size_t)n;
	}
	if (n == 0) {
		in->eof = 1;
		return 0;
	}
	if (n == QASID_EFORMAT) {
		in->zerr++;
		in->zpending = 1;
		if (zip)
			*zip = 1;
		return 0;
	}
	if (!in->err)
		in->err = n == QASID_ENOMEM ? ENOMEM : EIO;
	in->eof = 1;
	return 0;
}

static int looks_html(const char *s, size_t n)
{
	static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body", "<meta",
	                                   "<title", "<div", "<p>", "<p ", "<!--", "<script",
	                                   "<link", "<article", "<table", "<h1", "<span", NULL};
	size_t i, k;

	for (i = 0; i + 2 < n && i < 4096; i++) {
		if (s[i] != '<')
			continue;
		for (k = 0; tags[k]; k++)
			if (n - i >= strlen(tags[k]) && !strncasecmp(s + i, tags[k], strlen(tags[k])))
				return 1;
	}
	return 0;
}

const char *input_sniff(input *in)
{
	size_t i, n, ctl = 0;
	const char *s;
	int zip = 0;

	while (in->len - in->pos < 4096 && !zip && fill(in, &zip) > 0)
		;
	s = in->buf ? in->buf + in->pos : "";
	n = in->len - in->pos;
	if (n == 0)
		return zip || in->err ? "text" : "empty";
	if (n >= 7 && !memcmp(s, "WARC/1.", 7))
		return "warc";
	i = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	else if (n >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2)))
		return looks_html(s, n) ? "html" : "binary";
	/* Binary: over 5% NUL or control bytes in the first KiB (of 32 bytes or more). */
	for (size_t k = i; k < n && k < 1024; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
			ctl++;
	}
	if (n >= 32 && ctl * 20 > (n < 1024 ? n : 1024))
		return "binary";
	while (i < n && strchr(" \t\r\n", s[i]))
		i++;
	if (i < n && s[i] == '{')
		return "jsonl";
	if (i < n && s[i] == '<' && looks_html(s + i, n - i))
		return "html";
	return "text";
}

int input_read_all_max(input *in, char **out, size_t *len, size_t max)
{
	int zip = 0;

	while (!zip && in->len - in->pos <= max && fill(in, &zip) > 0)
		;
	*out = in->buf ? in->buf + in->pos : "";
	*len = in->len - in->pos;
	in->pos = in->len;
	if (in->err)
		return IN_EREAD;
	if (zip || in->zpending) {
		in->zpending = 0;
		return IN_EZIP;
	}
	if (*len > max)
		return IN_ETOOBIG;
	if (in->buf)
		in->buf[in->len] = '\0';
	return 0;
}

int input_read_line_max(input *in, char **out, size_t *len, size_t max)
{
	size_t scanned = in->pos;
	int skipping = 0;

	if (in->zpending) {
		/* Corrupt data met while peeking: report it once. */
		in->zpending = 0;
		in->lineno++;
		return IN_EZIP;
	}
	for (;;) {
		char *nl = memchr(in->buf + scanned, '\n', in->len - scanned);
		int zip = 0;

		if (nl || (in->eof && in->len > in->pos)) {
			size_t end = nl ? (size_t)(nl - in->buf) : in->len;
			size_t start = in->pos, n = end - start;

			in->lineno++;
			in->pos = nl ? end + 1 : end;
			if (skipping)
				return IN_ETOOBIG;
			/* fill() leaves room for this NUL when there is no newline. */
			*out = in->buf + start;
			(*out)[n] = '\0';
			if (n && (*out)[n - 1] == '\r')
				(*out)[--n] = '\0';
			*len = n;
			return IN_LINE;
		}
		if (in->eof) {
			if (skipping) {
				in->lineno++;
				return IN_ETOOBIG;
			}
			return in->err ? IN_EREAD : IN_EOF;
		}
		/* Keep what is unread at the front, then read more. */
		if (in->pos > 0) {
			memmove(in->buf, in->buf + in->pos, in->len - in->pos);
			in->len -= in->pos;
			in->pos = 0;
		}
		if (skipping || in->len > max) {
			/* Too long: drop what there is and look for the end of the line. */
			skipping = 1;
			in->len = in->pos = 0;
		}
		scanned = in->len;
		fill(in, &zip);
		if (zip) {
			in->zpending = 0;
			/* The line so far is lost with the corrupt data. */
			in->len = in->pos = 0;
			in->lineno++;
			return IN_EZIP;
		}
	}
}

long input_read(void *ud, void *p, size_t n)
{
	input *in = ud;
	size_t k;
	int zip = 0;

	if (in->pos == in->len) {
		fill(in, &zip);
		if (zip)
			return QASID_EFORMAT;
		if (in->err)
			return QASID_EIO;
	}
	k = in->len - in->pos < n ? in->len - in->pos : n;
	memcpy(p, in->buf + in->pos, k);
	in->pos += k;
	return (long)k;
}

int input_read_all(input *in, char **out, size_t *len)
{
	return input_read_all_max(in, out, len, SIZE_MAX - 1) ? -1 : 0;
}

int input_read_line(input *in, char **out, size_t *len)
{
	int r;

	while ((r = input_read_line_max(in, out, len, SIZE_MAX - 1)) == IN_EZIP)
		;
	return r == IN_LINE ? 1 : r == IN_EOF ? 0 : -1;
}

/* The charset parameter of a Content-Type value, copied into out. */
const char *input_charset_of(const char *ctype, char *out, size_t cap)
{
	const char *p = ctype ? strstr(ctype, "charset=") : NULL;
	size_t n = 0;

	if (!p)
		return NULL;
	p += 8;
	if (*p == '"')
		p++;
	while (p[n] && p[n] != ';' && p[n] != '"' && p[n] != ' ' && n + 1 < cap)
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	return n ? out : NULL;
}

int input_is_html_type(const char *t)
{
	return t && (!strncasecmp(t, "text/html", 9) || !strncasecmp(t, "application/xhtml", 17));
}

const char *input_display_name(const char *name)
{
	return strcmp(name, "-") ? name : "standard input";
}

void input_base_id(const char *name, char *id, size_t cap)
{
	const char *b = strrchr(name, '/');
	size_t n;

	snprintf(id, cap, "%s", b ? b + 1 : name);
	n = strlen(id);
	if (n > 3 && !strcmp(id + n - 3, ".gz"))
		id[n - 3] = '\0';
	else if (n > 4 && !strcmp(id + n - 4, ".zst"))
		id[n - 4] = '\0';
}
