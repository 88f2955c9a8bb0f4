/* SPDX-License-Identifier: MIT */
/*
 * WARC 1.0 and 1.1 (ISO 28500): a reader of records from a byte source, one
 * record in memory at a time (at most max_record bytes of block).
 *
 * A record: "WARC/1.x" CRLF, named fields, CRLF, a block of Content-Length
 * bytes, CRLF CRLF. For response records whose block is an HTTP response
 * (Content-Type application/http), the payload is the HTTP body: chunked
 * transfer coding is undone, and gzip or deflate content coding decoded.
 *
 * Broken input is reported, not fatal: a record whose Content-Length lies
 * (the next "WARC/1." header starts inside or right after a different
 * length), a truncated record, junk between records. Each is returned as
 * QASID_EFORMAT with the record number and byte offset, and the reader
 * resynchronises at the next line that starts "WARC/1.".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "../core/core.h"

#define HEADER_MAX 65536
#define CHUNK 65536

struct qasid_warc {
	qasid_read_fn read;
	void *ud;
	size_t max_record;
	buf b;           /* bytes read, not consumed: [pos, b.len) */
	size_t pos;
	unsigned long long base; /* stream offset of b.data[0] */
	int eof;
	int src_error;   /* a recoverable source error happened since the last record */
	long number;
	buf fields;      /* the current record's field values */
	buf body;        /* decoded payload, when it had to be decoded */
};

int qasid_warc_new(qasid_warc **out, qasid_read_fn read, void *ud, size_t max_record)
{
	qasid_warc *w = qs_malloc(sizeof *w);

	*out = NULL;
	if (!w)
		return QASID_ENOMEM;
	memset(w, 0, sizeof *w);
	w->read = read;
	w->ud = ud;
	w->max_record = max_record ? max_record : (size_t)256 << 20;
	*out = w;
	return QASID_OK;
}

void qasid_warc_free(qasid_warc *w)
{
	if (!w)
		return;
	buf_fini(&w->b);
	buf_fini(&w->fields);
	buf_fini(&w->body);
	qs_free(w);
}

/* Makes at least need bytes available from pos; returns how many are. */
static size_t want(qasid_warc *w, size_t need, int *rc)
{
	while (w->b.len - w->pos < need && !w->eof) {
		long n;

		if (w->pos > 0 && w->pos == w->b.len) {
			w->base += w->pos;
			w->b.len = w->pos = 0;
		} else if (w->pos > CHUNK && w->pos * 2 > w->b.len) {
			memmove(w->b.data, w->b.data + w->pos, w->b.len - w->pos);
			w->base += w->pos;
			w->b.len -= w->pos;
			w->pos = 0;
		}
		if (buf_reserve(&w->b, CHUNK)) {
			*rc = QASID_ENOMEM;
			return w->b.len - w->pos;
		}
		n = w->read(w->ud, w->b.data + w->b.len, CHUNK);
		if (n == 0) {
			w->eof = 1;
		} else if (n < 0) {
			if (n == QASID_EFORMAT) {
				w->src_error = 1; /* the source skipped data; go on */
				continue;
			}
			w->eof = 1;
			*rc = QASID_EIO;
		} else {
			w->b.len += (size_t)n;
			w->b.data[w->b.len] = '\0';
		}
	}
	return w->b.len - w->pos;
}

static int is_header_at(const char *p, size_t n)
{
	return n >= 7 && !memcmp(p, "WARC/1.", 7);
}

/*
 * Finds the next line starting "WARC/1." at or after from (an index into
 * w->b). Bytes searched are let go as it reads on, so memory stays bounded
 * however far the next header is. Returns its index, or SIZE_MAX.
 */
static size_t find_header(qasid_warc *w, size_t from, int *rc)
{
	size_t rel = from - w->pos;

	for (;;) {
		size_t i, end = w->b.len;

		for (i = w->pos + rel; i + 8 <= end; i++)
			if (w->b.data[i] == '\n' && is_header_at(w->b.data + i + 1, end - i - 1))
				return i + 1;
		if (w->eof || *rc)
			return SIZE_MAX;
		/* Keep only a tail, so a header across the boundary is still seen. */
		if (end - w->pos > 8) {
			w->pos = end - 8;
			rel = 0;
		}
		want(w, end - w->pos + 1, rc);
	}
}

/* Skips to the next record header and reports why. */
static int resync(qasid_warc *w, size_t from, qasid_err *err, long number,
                  unsigned long long offset, const char *why)
{
	int rc = QASID_OK;
	size_t h = find_header(w, from, &rc);

	if (h == SIZE_MAX)
		w->pos = w->b.len;
	else
		w->pos = h;
	if (rc == QASID_ENOMEM)
		return err_set(err, rc, number, "out of memory");
	return err_set(err, QASID_EFORMAT, number, "broken WARC record %ld at byte %llu: %s", number,
	               offset, why);
}

/* Case-insensitive field lookup in a header block of name: value lines. */
static const char *field(const char *h, size_t n, const char *name, size_t *len)
{
	size_t k = strlen(name), i = 0;

	while (i < n) {
		const char *line = h + i, *eol = memchr(line, '\n', n - i);
		size_t ll = eol ? (size_t)(eol - line) : n - i;

		if (ll > k && !strncasecmp(line, name, k) && line[k] == ':') {
			const char *v = line + k + 1;
			size_t vl = ll - k - 1;

			while (vl && (*v == ' ' || *v == '\t')) {
				v++;
				vl--;
			}
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			*len = vl;
			return v;
		}
		i += ll + 1;
	}
	return NULL;
}

/* Copies a field's value into w->fields; returns its offset or -1. */
static long keep(qasid_warc *w, const char *h, size_t n, const char *name)
{
	size_t len, off = w->fields.len;
	const char *v = field(h, n, name, &len);

	if (!v)
		return -1;
	if (buf_append(&w->fields, v, len) || buf_putc(&w->fields, '\0'))
		return -2;
	return (long)off;
}

/* Undoes chunked transfer coding into out; returns 0 or -1 if malformed. */
static int dechunk(const char *p, size_t n, buf *out, size_t max)
{
	size_t i = 0;

	out->len = 0;
	while (i < n) {
		char *end;
		unsigned long sz = strtoul(p + i, &end, 16);
		const char *eol = memchr(p + i, '\n', n - i);

		if (end == p + i || !eol)
			return -1;
		i = (size_t)(eol - p) + 1;
		if (sz == 0)
			return 0;
		if (sz > n - i || out->len + sz > max)
			return -1;
		if (buf_append(out, p + i, sz))
			return -2;
		i += sz;
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
	}
	return 0;
}

/* Decodes gzip or deflate content coding into out; -1 if corrupt. */
static int inflate_body(const char *p, size_t n, buf *out, size_t max)
{
	z_stream z;
	int r, rc = 0;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK)
		return -2;
	out->len = 0;
	z.next_in = (unsigned char *)p;
	z.avail_in = (uInt)n;
	do {
		if (buf_reserve(out, CHUNK)) {
			rc = -2;
			break;
		}
		z.next_out = (unsigned char *)out->data + out->len;
		z.avail_out = (uInt)(out->cap - out->len - 1);
		r = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->data);
		if (out->len > max) {
			rc = -1;
			break;
		}
		if (r == Z_STREAM_END)
			break;
		if (r != Z_OK) {
			rc = -1;
			break;
		}
	} while (z.avail_in > 0 || z.avail_out == 0);
	inflateEnd(&z);
	if (out->data)
		out->data[out->len] = '\0';
	return rc;
}

/* The HTTP response in a response record's block. */
static int http_payload(qasid_warc *w, qasid_warc_record *rec, const char *blk, size_t n,
                        long *o_http)
{
	const char *hend = NULL, *body;
	size_t i, hl, len;
	const char *v;
	long off;

	if (n < 12 || strncmp(blk, "HTTP/", 5))
		return 0;
	for (i = 0; i + 1 < n; i++) {
		if (blk[i] == '\n' && blk[i + 1] == '\n') {
			hend = blk + i + 2;
			break;
		}
		if (i + 3 < n && !memcmp(blk + i, "\r\n\r\n", 4)) {
			hend = blk + i + 4;
			break;
		}
	}
	if (!hend)
		return 0;
	hl = (size_t)(hend - blk);
	{
		const char *sp = memchr(blk, ' ', hl);

		rec->http_status = sp ? atoi(sp + 1) : 0;
	}
	if ((off = keep(w, blk, hl, "Content-Type")) == -2)
		return QASID_ENOMEM;
	*o_http = off;
	body = hend;
	len = n - hl;
	v = field(blk, hl, "Transfer-Encoding", &i);
	if (v && i >= 7 && !strncasecmp(v, "chunked", 7)) {
		int r = dechunk(body, len, &w->body, w->max_record);

		if (r == -2)
			return QASID_ENOMEM;
		if (r == 0) {
			body = w->body.data ? w->body.data : "";
			len = w->body.len;
		}
	}
	v = field(blk, hl, "Content-Encoding", &i);
	if (v && ((i == 4 && !strncasecmp(v, "gzip", 4)) || (i == 6 && !strncasecmp(v, "x-gzip", 6)) ||
	          (i == 7 && !strncasecmp(v, "deflate", 7)))) {
		buf tmp = {0};
		int r = inflate_body(body, len, &tmp, w->max_record);

		if (r == -2) {
			buf_fini(&tmp);
			return QASID_ENOMEM;
		}
		if (r == 0) {
			buf_fini(&w->body);
			w->body = tmp;
			body = w->body.data ? w->body.data : "";
			len = w->body.len;
		} else {
			buf_fini(&tmp);
			rec->encoding = "corrupt";
		}
	} else if (v && i > 0 && !(i == 8 && !strncasecmp(v, "identity", 8))) {
		rec->encoding = "unsupported";
	}
	rec->payload = body;
	rec->payload_len = len;
	return 0;
}

int qasid_warc_next(qasid_warc *w, qasid_warc_record *rec, qasid_err *err)
{
	int rc = QASID_OK;
	size_t avail, i, hlen = 0, clen;
	const char *h, *v;
	unsigned long long offset;
	long number, o_type, o_uri, o_id, o_date, o_ctype, o_http = -1;
	char *end;

	memset(rec, 0, sizeof *rec);
	w->fields.len = 0;
	w->body.len = 0;
	/* Between records: CR and LF. */
	for (;;) {
		avail = want(w, 1, &rc);
		if (rc)
			return err_set(err, rc, w->number, "%s", qasid_strerror(rc));
		if (avail == 0)
			return 0;
		if (w->b.data[w->pos] != '\r' && w->b.data[w->pos] != '\n')
			break;
		w->pos++;
	}
	number = ++w->number;
	offset = w->base + w->pos;
	w->src_error = 0;
	avail = want(w, 8, &rc);
	if (!is_header_at(w->b.data + w->pos, avail))
		return resync(w, w->pos, err, number, offset, "no WARC/1.0 or WARC/1.1 header here");
	/* The header block ends at an empty line. */
	for (;;) {
		const char *s = w->b.data + w->pos;

		for (i = 0; i + 1 < avail; i++)
			if (s[i] == '\n' && (s[i + 1] == '\n' || (s[i + 1] == '\r' && i + 2 < avail &&
			                                          s[i + 2] == '\n'))) {
				hlen = i + (s[i + 1] == '\n' ? 2 : 3);
				break;
			}
		if (hlen || avail > HEADER_MAX || w->eof)
			break;
		avail = want(w, avail + 1, &rc);
		if (rc == QASID_ENOMEM)
			return err_set(err, rc, number, "out of memory");
	}
	if (!hlen)
		return resync(w, w->pos + 1, err, number, offset,
		              avail > HEADER_MAX ? "header too long" : "the input ends inside the header");
	h = w->b.data + w->pos;
	v = field(h, hlen, "Content-Length", &i);
	clen = v ? (size_t)strtoull(v, &end, 10) : 0;
	if (!v || end == v || (*end != '\r' && *end != '\n' && *end != ' '))
		return resync(w, w->pos + 1, err, number, offset, "no valid Content-Length");
	if (clen > w->max_record) {
		/* Too big to hold: skip it, bounded memory. */
		unsigned long long left = clen;

		w->pos += hlen;
		while (left > 0) {
			size_t a = want(w, 1, &rc), k = a < left ? a : (size_t)left;

			if (a == 0)
				break;
			w->pos += k;
			left -= k;
		}
		return err_set(err, QASID_ETOOBIG, number,
		               "WARC record %ld at byte %llu: %zu bytes, over the limit of %zu; skipped",
		               number, offset, clen, w->max_record);
	}
	if (want(w, hlen + clen, &rc) < hlen + clen) {
		if (rc == QASID_ENOMEM)
			return err_set(err, rc, number, "out of memory");
		return resync(w, w->pos + 1, err, number, offset,
		              "truncated: the input ends before Content-Length bytes");
	}
	h = w->b.data + w->pos;
	/* After the block: CR LF CR LF, then the next record or the end. */
	{
		size_t j = w->pos + hlen + clen, k = 0;

		while (k < 4 && want(w, hlen + clen + k + 1, &rc) > hlen + clen + k &&
		       (w->b.data[j + k] == '\r' || w->b.data[j + k] == '\n'))
			k++;
		avail = want(w, hlen + clen + k + 8, &rc);
		h = w->b.data + w->pos;
		if (avail > hlen + clen + k &&
		    !is_header_at(w->b.data + j + k, avail - hlen - clen - k))
			return resync(w, w->pos + 1, err, number, offset,
			              "Content-Length does not match: no record follows it");
		if (w->src_error)
			return resync(w, w->pos + 1, err, number, offset,
			              "compressed data in the record was corrupt");
	}
	if ((o_type = keep(w, h, hlen, "WARC-Type")) == -2 ||
	    (o_uri = keep(w, h, hlen, "WARC-Target-URI")) == -2 ||
	    (o_id = keep(w, h, hlen, "WARC-Record-ID")) == -2 ||
	    (o_date = keep(w, h, hlen, "WARC-Date")) == -2 ||
	    (o_ctype = keep(w, h, hlen, "Content-Type")) == -2)
		return err_set(err, QASID_ENOMEM, number, "out of memory");
	rec->number = number;
	rec->offset = offset;
	rec->payload = h + hlen;
	rec->payload_len = clen;
	if (o_type >= 0 && !strcmp(w->fields.data + o_type, "response") && o_ctype >= 0 &&
	    !strncasecmp(w->fields.data + o_ctype, "application/http", 16)) {
		if ((rc = http_payload(w, rec, h + hlen, clen, &o_http)))
			return err_set(err, rc, number, "out of memory");
	}
	/* Field pointers, now that w->fields no longer moves. */
	rec->type = o_type >= 0 ? w->fields.data + o_type : "";
	rec->uri = o_uri >= 0 ? w->fields.data + o_uri : NULL;
	rec->id = o_id >= 0 ? w->fields.data + o_id : NULL;
	rec->date = o_date >= 0 ? w->fields.data + o_date : NULL;
	rec->block_type = o_ctype >= 0 ? w->fields.data + o_ctype : NULL;
	rec->http_type = o_http >= 0 ? w->fields.data + o_http : NULL;
	if (rec->uri && rec->uri[0] == '<') { /* WARC 1.0 draft style <uri> */
		char *u = w->fields.data + o_uri;
		size_t n = strlen(u);

		if (n >= 2 && u[n - 1] == '>') {
			u[n - 1] = '\0';
			rec->uri = u + 1;
		}
	}
	w->pos += hlen + clen;
	return 1;
}
