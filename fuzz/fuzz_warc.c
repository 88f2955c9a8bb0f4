/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: bytes through the decompressing stream (gzip, zstd or plain)
 * and the WARC reader, small reads to exercise every boundary; each HTML
 * response goes through extraction.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "qasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct mem {
	const uint8_t *p;
	size_t n, pos;
} mem;

static long mem_read(void *ud, void *buf, size_t n)
{
	mem *m = ud;
	size_t k = m->n - m->pos;

	if (k > n)
		k = n;
	if (k > 977)
		k = 977;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (long)k;
}

static long stream_read(void *ud, void *buf, size_t n)
{
	return qasid_stream_read(ud, buf, n, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static qasid_doc *doc;
	mem m = {data, size, 0};
	qasid_stream *s = NULL;
	qasid_warc *w = NULL;
	qasid_warc_record rec;
	qasid_err err;
	int r, guard = 0;

	if (!doc && qasid_doc_new(&doc))
		return 0;
	if (qasid_stream_new(&s, mem_read, &m) || qasid_warc_new(&w, stream_read, s, 1 << 20))
		goto done;
	while ((r = qasid_warc_next(w, &rec, &err)) != 0 && guard++ < 10000) {
		if (r == QASID_EIO || r == QASID_ENOMEM)
			break;
		if (r == 1 && rec.http_type && !strncmp(rec.http_type, "text/html", 9))
			qasid_doc_from_html(doc, rec.payload, rec.payload_len, NULL, rec.uri, NULL);
	}
done:
	qasid_warc_free(w);
	qasid_stream_free(s);
	return 0;
}
