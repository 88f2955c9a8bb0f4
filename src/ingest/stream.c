/* SPDX-License-Identifier: MIT */
/*
 * Compressed input: gzip (zlib) and zstd (libzstd), detected from the first
 * bytes; anything else passes through. Streams of several gzip members or
 * zstd frames (as in .warc.gz, one member per record) are read as one.
 * Memory is bounded: a 64 KiB input window, zlib's 32 KiB window, zstd's
 * window capped at 128 MiB (the library default).
 *
 * Errors do not end the stream at once: a corrupt member is reported once
 * (QASID_EFORMAT) and reading resumes at the next member or frame header, so
 * that one bad record of a .warc.gz costs that record only. Bytes decoded
 * before an error are returned first; the error comes with the next call.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

#include "../core/core.h"

#define RAW_CAP 65536

enum { S_DETECT, S_GZIP, S_ZSTD, S_PLAIN, S_RESYNC, S_END };

struct qasid_stream {
	qasid_read_fn read;
	void *ud;
	unsigned char raw[RAW_CAP];
	size_t rpos, rlen;
	int src_eof;
	int src_err;
	int state;
	int codec; /* 0 none, 1 gzip, 2 zstd: what the stream started with */
	int z_ready;
	z_stream z;
	ZSTD_DStream *zs;
	unsigned long long members;
	int pending;       /* an error to return on the next call */
	qasid_err pending_err;
};

static void *z_alloc(void *op, unsigned items, unsigned size)
{
	(void)op;
	if (size && items > SIZE_MAX / size)
		return NULL;
	return qs_malloc((size_t)items * size);
}

static void z_free(void *op, void *p)
{
	(void)op;
	qs_free(p);
}

static void *zs_alloc(void *op, size_t n)
{
	(void)op;
	return qs_malloc(n);
}

static void zs_free(void *op, void *p)
{
	(void)op;
	qs_free(p);
}

int qasid_stream_new(qasid_stream **out, qasid_read_fn read, void *ud)
{
	qasid_stream *s = qs_malloc(sizeof *s);

	*out = NULL;
	if (!s)
		return QASID_ENOMEM;
	memset(s, 0, offsetof(qasid_stream, raw));
	s->rpos = s->rlen = 0;
	s->src_eof = s->src_err = 0;
	s->state = S_DETECT;
	s->codec = 0;
	s->z_ready = 0;
	memset(&s->z, 0, sizeof s->z);
	s->zs = NULL;
	s->members = 0;
	s->pending = 0;
	s->read = read;
	s->ud = ud;
	*out = s;
	return QASID_OK;
}

void qasid_stream_free(qasid_stream *s)
{
	if (!s)
		return;
	if (s->z_ready)
		inflateEnd(&s->z);
	ZSTD_freeDStream(s->zs);
	qs_free(s);
}

const char *qasid_stream_codec(const qasid_stream *s)
{
	return s->codec == 1 ? "gzip" : s->codec == 2 ? "zstd" : "none";
}

/* Reads more raw bytes, keeping [rpos, rlen). Returns bytes added. */
static size_t refill(qasid_stream *s)
{
	long n;

	if (s->src_eof)
		return 0;
	if (s->rpos > 0) {
		memmove(s->raw, s->raw + s->rpos, s->rlen - s->rpos);
		s->rlen -= s->rpos;
		s->rpos = 0;
	}
	if (s->rlen == RAW_CAP)
		return 0;
	n = s->read(s->ud, s->raw + s->rlen, RAW_CAP - s->rlen);
	if (n < 0) {
		s->src_eof = 1;
		s->src_err = (int)n;
		return 0;
	}
	if (n == 0)
		s->src_eof = 1;
	s->rlen += (size_t)n;
	return (size_t)n;
}

static int is_gzip(const unsigned char *p)
{
	return p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

static int is_zstd(const unsigned char *p)
{
	return p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd;
}

/* Records an error to return (now if nothing was produced, else next). */
static long fail(qasid_stream *s, long produced, int code, int next_state, qasid_err *err,
                 const char *msg)
{
	s->state = next_state;
	if (produced > 0) {
		s->pending = 1;
		err_set(&s->pending_err, code, 0, "%s", msg);
		return produced;
	}
	err_set(err, code, 0, "%s", msg);
	return code;
}

static int start_member(qasid_stream *s)
{
	const unsigned char *p = s->raw + s->rpos;

	if (is_gzip(p)) {
		if (!s->z_ready) {
			s->z.zalloc = z_alloc;
			s->z.zfree = z_free;
			if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
				return QASID_ENOMEM;
			s->z_ready = 1;
		} else if (inflateReset(&s->z) != Z_OK) {
			return QASID_ENOMEM;
		}
		s->state = S_GZIP;
		if (!s->members++)
			s->codec = 1;
		return QASID_OK;
	}
	if (is_zstd(p)) {
		if (!s->zs) {
			ZSTD_customMem mem = {zs_alloc, zs_free, NULL};

			s->zs = ZSTD_createDStream_advanced(mem);
			if (!s->zs)
				return QASID_ENOMEM;
		}
		if (ZSTD_isError(ZSTD_initDStream(s->zs)))
			return QASID_ENOMEM;
		s->state = S_ZSTD;
		if (!s->members++)
			s->codec = 2;
		return QASID_OK;
	}
	return QASID_EFORMAT;
}

long qasid_stream_read(qasid_stream *s, void *dst, size_t n, qasid_err *err)
{
	unsigned char *out = dst;
	long produced = 0;

	if (s->pending) {
		s->pending = 0;
		if (err)
			*err = s->pending_err;
		return s->pending_err.code;
	}
	if (n > (size_t)1 << 30)
		n = (size_t)1 << 30;
	while ((size_t)produced < n) {
		size_t avail = s->rlen - s->rpos;

		switch (s->state) {
		case S_DETECT:
			if (avail < 4 && !s->src_eof) {
				refill(s);
				continue;
			}
			if (avail == 0) {
				s->state = S_END;
				continue;
			}
			if (avail >= 4 || (avail >= 3 && is_gzip(s->raw + s->rpos))) {
				int rc = start_member(s);

				if (rc == QASID_ENOMEM)
					return fail(s, produced, rc, S_END, err, "out of memory");
				if (rc == QASID_OK)
					continue;
			}
			if (s->members == 0) {
				s->state = S_PLAIN;
				continue;
			}
			/* After compressed data: zero padding is fine, anything else not. */
			while (s->rpos < s->rlen && s->raw[s->rpos] == 0)
				s->rpos++;
			if (s->rpos == s->rlen) {
				if (!s->src_eof)
					refill(s);
				continue;
			}
			return fail(s, produced, QASID_EFORMAT, S_RESYNC, err,
			            s->codec == 1 ? "junk after gzip data" : "junk after zstd data");
		case S_PLAIN: {
			size_t k = avail < n - (size_t)produced ? avail : n - (size_t)produced;

			if (avail == 0) {
				if (s->src_eof) {
					s->state = S_END;
					continue;
				}
				refill(s);
				continue;
			}
			memcpy(out + produced, s->raw + s->rpos, k);
			s->rpos += k;
			produced += (long)k;
			/* Return what there is rather than block on a pipe. */
			return produced;
		}
		case S_GZIP: {
			int r;

			if (avail == 0 && !s->src_eof) {
				refill(s);
				continue;
			}
			s->z.next_in = s->raw + s->rpos;
			s->z.avail_in = (uInt)avail;
			s->z.next_out = out + produced;
			s->z.avail_out = (uInt)(n - (size_t)produced);
			r = inflate(&s->z, Z_NO_FLUSH);
			s->rpos = (size_t)(s->z.next_in - s->raw);
			produced = (long)(s->z.next_out - out);
			if (r == Z_STREAM_END) {
				s->state = S_DETECT;
				continue;
			}
			if (r == Z_MEM_ERROR)
				return fail(s, produced, QASID_ENOMEM, S_END, err, "out of memory");
			if (r == Z_DATA_ERROR || r == Z_NEED_DICT || r == Z_STREAM_ERROR) {
				char msg[200];

				snprintf(msg, sizeof msg, "corrupt gzip data (%s)",
				         s->z.msg ? s->z.msg : "bad data");
				return fail(s, produced, QASID_EFORMAT, S_RESYNC, err, msg);
			}
			if (s->z.avail_out == 0)
				return produced;
			if (s->rpos == s->rlen && s->src_eof)
				return fail(s, produced, QASID_EFORMAT, S_END, err,
				            "truncated gzip data: the input ends inside a compressed member");
			if (produced > 0 && s->rpos == s->rlen)
				return produced;
			continue;
		}
		case S_ZSTD: {
			ZSTD_inBuffer in = {s->raw + s->rpos, avail, 0};
			ZSTD_outBuffer o = {out + produced, n - (size_t)produced, 0};
			size_t r;

			if (avail == 0 && !s->src_eof) {
				refill(s);
				continue;
			}
			r = ZSTD_decompressStream(s->zs, &o, &in);
			s->rpos += in.pos;
			produced += (long)o.pos;
			if (ZSTD_isError(r)) {
				char msg[200];

				if (ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation)
					return fail(s, produced, QASID_ENOMEM, S_END, err, "out of memory");
				snprintf(msg, sizeof msg, "corrupt zstd data (%s)", ZSTD_getErrorName(r));
				return fail(s, produced, QASID_EFORMAT, S_RESYNC, err, msg);
			}
			if (r == 0) {
				s->state = S_DETECT;
				continue;
			}
			if (o.pos == o.size)
				return produced;
			if (s->rpos == s->rlen && s->src_eof)
				return fail(s, produced, QASID_EFORMAT, S_END, err,
				            "truncated zstd data: the input ends inside a frame");
			if (produced > 0 && s->rpos == s->rlen)
				return produced;
			continue;
		}
		case S_RESYNC: {
			size_t i;

			for (i = s->rpos + 1; i + 4 <= s->rlen; i++)
				if ((s->codec == 1 && is_gzip(s->raw + i)) || (s->codec == 2 && is_zstd(s->raw + i)))
					break;
			if (i + 4 <= s->rlen) {
				s->rpos = i;
				s->state = S_DETECT;
				continue;
			}
			/* Keep the last 3 bytes: a header may straddle the refill. */
			s->rpos = s->rlen > 3 ? s->rlen - 3 : s->rpos;
			if (s->src_eof) {
				s->rpos = s->rlen;
				s->state = S_END;
				continue;
			}
			refill(s);
			continue;
		}
		case S_END:
		default:
			if (s->src_err && produced == 0) {
				int e = s->src_err;

				s->src_err = 0;
				err_set(err, QASID_EIO, 0, "read error");
				return e < 0 && e != -1 ? e : QASID_EIO;
			}
			return produced;
		}
	}
	return produced;
}
