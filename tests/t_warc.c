/* SPDX-License-Identifier: MIT */
/*
 * Compressed streams and WARC records through the library: gzip members in
 * a row, zstd frames, truncated and corrupt data; WARC records of each type,
 * a record whose Content-Length lies, a truncated file.
 */
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

#include "test.h"

/* A byte source over memory, handing out at most step bytes a call. */
typedef struct mem {
	const unsigned char *p;
	size_t n, pos, step;
} mem;

static long mem_read(void *ud, void *buf, size_t n)
{
	mem *m = ud;
	size_t k = m->n - m->pos;

	if (k > n)
		k = n;
	if (m->step && k > m->step)
		k = m->step;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (long)k;
}

/* gzip of s appended to out (one member). */
static size_t gz(unsigned char *out, size_t cap, const char *s, size_t n)
{
	z_stream z;
	size_t k;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)s;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	k = cap - z.avail_out;
	deflateEnd(&z);
	return k;
}

/* Reads the whole stream; returns bytes read and counts errors. */
static size_t drain(mem *m, char *out, size_t cap, int *errors, char *last_err)
{
	qasid_stream *s;
	size_t got = 0;
	long r;

	*errors = 0;
	if (qasid_stream_new(&s, mem_read, m))
		return 0;
	for (;;) {
		qasid_err err = {0};

		r = qasid_stream_read(s, out + got, cap - got, &err);
		if (r == 0)
			break;
		if (r < 0) {
			(*errors)++;
			snprintf(last_err, 256, "%s", err.msg);
			if (r != QASID_EFORMAT)
				break;
			continue;
		}
		got += (size_t)r;
	}
	qasid_stream_free(s);
	return got;
}

static void gzip_members_and_errors(void)
{
	static unsigned char z[4096];
	char out[4096], msg[256];
	size_t n = 0, a, got;
	int errors;
	mem m;

	a = gz(z, sizeof z, "first member. ", 14);
	n = a;
	n += gz(z + n, sizeof z - n, "second member.", 14);
	m = (mem){z, n, 0, 7};
	got = drain(&m, out, sizeof out, &errors, msg);
	CHECK(errors == 0 && got == 28 && !memcmp(out, "first member. second member.", 28));
	/* Plain bytes pass through. */
	m = (mem){(const unsigned char *)"just text", 9, 0, 0};
	got = drain(&m, out, sizeof out, &errors, msg);
	CHECK(errors == 0 && got == 9 && !memcmp(out, "just text", 9));
	/* Truncated inside the second member. */
	m = (mem){z, n - 5, 0, 0};
	got = drain(&m, out, sizeof out, &errors, msg);
	CHECK(errors == 1 && strstr(msg, "truncated gzip"));
	CHECK(got >= 14 && !memcmp(out, "first member. ", 14));
	/* A corrupt first member: reported, and the second still read. */
	z[a / 2] ^= 0x55;
	z[a / 2 + 1] ^= 0x55;
	m = (mem){z, n, 0, 0};
	got = drain(&m, out, sizeof out, &errors, msg);
	CHECK_MSG(errors >= 1 && strstr(msg, "gzip"), "errors %d: %s", errors, msg);
	CHECK(got >= 14 && !memcmp(out + got - 14, "second member.", 14));
}

static void zstd_frames(void)
{
	unsigned char z[2048];
	char out[256], msg[256];
	size_t a, b, got;
	int errors;
	mem m;

	a = ZSTD_compress(z, sizeof z, "alpha ", 6, 3);
	b = ZSTD_compress(z + a, sizeof z - a, "beta", 4, 3);
	CHECK(!ZSTD_isError(a) && !ZSTD_isError(b));
	m = (mem){z, a + b, 0, 3};
	got = drain(&m, out, sizeof out, &errors, msg);
	CHECK(errors == 0 && got == 10 && !memcmp(out, "alpha beta", 10));
	m = (mem){z, a + b - 2, 0, 0};
	got = drain(&m, out, sizeof out, &errors, msg);
	CHECK(errors == 1 && strstr(msg, "zstd"));
}

static size_t add_record(char *w, size_t at, const char *type, const char *uri, const char *ctype,
                         const char *block, long lie)
{
	size_t n = strlen(block);

	at += (size_t)sprintf(w + at,
	                      "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\n"
	                      "WARC-Record-ID: <urn:uuid:%zu>\r\nContent-Type: %s\r\n"
	                      "Content-Length: %ld\r\n\r\n",
	                      type, uri, at, ctype, (long)n + lie);
	memcpy(w + at, block, n);
	at += n;
	memcpy(w + at, "\r\n\r\n", 4);
	return at + 4;
}

static void warc_records(void)
{
	static char w[16384];
	const char *http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
	                   "Transfer-Encoding: chunked\r\n\r\n"
	                   "10\r\n<html><p>Hello, \r\n6\r\nworld.\r\n0\r\n\r\n";
	size_t n = 0;
	qasid_warc *r;
	qasid_warc_record rec;
	qasid_err err;
	int k, got[8] = {0}, i = 0;
	mem m;

	n = add_record(w, n, "warcinfo", "", "application/warc-fields", "software: t\r\n", 0);
	n = add_record(w, n, "request", "http://a.pk/1", "application/http; msgtype=request",
	               "GET /1 HTTP/1.1\r\n\r\n", 0);
	n = add_record(w, n, "response", "http://a.pk/1", "application/http; msgtype=response", http, 0);
	n = add_record(w, n, "response", "http://a.pk/lie", "application/http; msgtype=response", http,
	               300);
	n = add_record(w, n, "metadata", "http://a.pk/1", "application/warc-fields", "a: b\r\n", 0);
	n = add_record(w, n, "response", "http://a.pk/short", "application/http; msgtype=response",
	               http, -20);
	n = add_record(w, n, "response", "http://a.pk/2", "application/http; msgtype=response", http, 0);
	m = (mem){(const unsigned char *)w, n - 10, 0, 100}; /* the last record truncated */
	CHECK(qasid_warc_new(&r, mem_read, &m, 0) == QASID_OK);
	while (i < 8 && (k = qasid_warc_next(r, &rec, &err)) != 0) {
		got[i++] = k;
		if (k == 1 && !strcmp(rec.type, "response")) {
			CHECK(rec.http_status == 200 && rec.http_type &&
			      !strcmp(rec.http_type, "text/html; charset=utf-8"));
			CHECK(rec.payload_len == 22 && !memcmp(rec.payload, "<html><p>Hello, world.", 22));
			CHECK_STR(rec.uri, "http://a.pk/1");
		}
		if (k < 0)
			CHECK_MSG(k == QASID_EFORMAT && strstr(err.msg, "broken WARC record"), "%s", err.msg);
	}
	qasid_warc_free(r);
	/* warcinfo, request, response, lie, metadata, short, truncated */
	CHECK_MSG(i == 7 && got[0] == 1 && got[1] == 1 && got[2] == 1 && got[3] == QASID_EFORMAT &&
	              got[4] == 1 && got[5] == QASID_EFORMAT && got[6] == QASID_EFORMAT,
	          "%d records: %d %d %d %d %d %d %d", i, got[0], got[1], got[2], got[3], got[4], got[5],
	          got[6]);
	/* Junk that is not WARC at all: one error, then the end. */
	m = (mem){(const unsigned char *)"not a warc file\n", 16, 0, 0};
	CHECK(qasid_warc_new(&r, mem_read, &m, 0) == QASID_OK);
	CHECK(qasid_warc_next(r, &rec, &err) == QASID_EFORMAT);
	CHECK(qasid_warc_next(r, &rec, &err) == 0);
	qasid_warc_free(r);
	/* A record over the size limit is skipped, the next one read. */
	n = add_record(w, 0, "resource", "http://a.pk/big", "text/plain", "0123456789012345678901234", 0);
	n = add_record(w, n, "resource", "http://a.pk/small", "text/plain", "ok", 0);
	m = (mem){(const unsigned char *)w, n, 0, 0};
	CHECK(qasid_warc_new(&r, mem_read, &m, 10) == QASID_OK);
	CHECK(qasid_warc_next(r, &rec, &err) == QASID_ETOOBIG);
	CHECK(qasid_warc_next(r, &rec, &err) == 1 && rec.payload_len == 2);
	qasid_warc_free(r);
}

const t_case t_warc_cases[] = {
	{"gzip_members_and_errors", gzip_members_and_errors},
	{"zstd_frames", zstd_frames},
	{"warc_records", warc_records},
	{NULL, NULL}};
