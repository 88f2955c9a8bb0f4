/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "../core/utf8.h"
#include "doc.h"

int qasid_doc_new(qasid_doc **out)
{
	qasid_doc *doc = qs_malloc(sizeof *doc);

	*out = NULL;
	if (!doc)
		return QASID_ENOMEM;
	memset(doc, 0, sizeof *doc);
	ar_init(&doc->ar);
	doc->max_diags = 100;
	*out = doc;
	return QASID_OK;
}

void qasid_doc_free(qasid_doc *doc)
{
	if (!doc)
		return;
	ar_fini(&doc->ar);
	buf_fini(&doc->input);
	buf_fini(&doc->text);
	buf_fini(&doc->tmp_text);
	VEC_FREE(&doc->src_start);
	VEC_FREE(&doc->src_end);
	VEC_FREE(&doc->tmp_start);
	VEC_FREE(&doc->tmp_end);
	VEC_FREE(&doc->tokens);
	VEC_FREE(&doc->sentences);
	VEC_FREE(&doc->paragraphs);
	VEC_FREE(&doc->diags);
	VEC_FREE(&doc->pos);
	VEC_FREE(&doc->mentions);
	VEC_FREE(&doc->deps);
	VEC_FREE(&doc->entities);
	VEC_FREE(&doc->ementions);
	VEC_FREE(&doc->emap);
	VEC_FREE(&doc->esex);
	VEC_FREE(&doc->quotes);
	VEC_FREE(&doc->events);
	qs_free(doc);
}

void qasid_doc_reset(qasid_doc *doc)
{
	ar_reset(&doc->ar);
	memset(doc->field, 0, sizeof doc->field);
	doc->input.len = 0;
	doc->from_markup = 0;
	doc->text.len = 0;
	doc->src_start.n = doc->src_end.n = 0;
	doc->tokens.n = doc->sentences.n = doc->paragraphs.n = doc->diags.n = 0;
	doc->pos.n = doc->mentions.n = doc->deps.n = 0;
	doc->entities.n = doc->ementions.n = doc->emap.n = doc->esex.n = doc->quotes.n = 0;
	doc->events.n = 0;
	doc->cp_byte = doc->cp_index = 0;
	if (doc->input.data)
		doc->input.data[0] = '\0';
	if (doc->text.data)
		doc->text.data[0] = '\0';
}

int doc_diag(qasid_doc *doc, qasid_diag_kind kind, uint32_t start, uint32_t end, const char *what)
{
	qasid_diag d = {kind, {start, end}, what};

	if (doc->diags.n > doc->max_diags)
		return QASID_OK;
	if (doc->diags.n == doc->max_diags) {
		d.kind = QASID_DIAG_TRUNCATED;
		d.what = "too many diagnostics; the rest were dropped";
	}
	return VEC_PUSH(&doc->diags, d);
}

static int report_repair(void *ud, qasid_diag_kind kind, size_t start, size_t end)
{
	return doc_diag(ud, kind, (uint32_t)start, (uint32_t)end,
	                kind == QASID_DIAG_NUL ? "NUL byte replaced by a space"
	                                       : "invalid UTF-8 replaced by U+FFFD");
}

int qasid_doc_set_text(qasid_doc *doc, const char *text, size_t len)
{
	/* Offsets are 32-bit; repair can triple the size of the worst input. */
	if (len > (UINT32_MAX - 16) / 3)
		return QASID_ETOOBIG;
	doc->input.len = 0;
	doc->from_markup = 0;
	doc->cp_byte = doc->cp_index = 0;
	if (buf_reserve(&doc->input, len))
		return QASID_ENOMEM;
	doc->input.data[0] = '\0';
	return utf8_repair(&doc->input, text, len, report_repair, doc);
}

int qasid_doc_set_field(qasid_doc *doc, qasid_field f, const char *val, size_t len)
{
	buf b = {0};
	int rc;

	if ((unsigned)f >= QASID_N_FIELDS)
		return QASID_EINVAL;
	rc = utf8_repair(&b, val, len, NULL, NULL);
	if (rc == QASID_OK && b.data) {
		doc->field[f] = ar_strndup(&doc->ar, b.data, b.len);
		if (!doc->field[f])
			rc = QASID_ENOMEM;
	} else if (rc == QASID_OK) {
		doc->field[f] = ar_strndup(&doc->ar, "", 0);
		if (!doc->field[f])
			rc = QASID_ENOMEM;
	}
	buf_fini(&b);
	return rc;
}

const char *qasid_field_name(qasid_field f)
{
	/* One entry per qasid_field, in order: the JSON keys of the metadata. */
	static const char *const names[QASID_N_FIELDS] = {
		"id", "title", "date", "source", "url", "author", "site", "lang"};

	return (unsigned)f < QASID_N_FIELDS ? names[f] : NULL;
}

const char *qasid_doc_field(const qasid_doc *doc, qasid_field f)
{
	return (unsigned)f < QASID_N_FIELDS ? doc->field[f] : NULL;
}

int doc_text_from_input(qasid_doc *doc)
{
	size_t n = doc->input.len, i;

	doc->text.len = 0;
	if (buf_append(&doc->text, doc->input.data ? doc->input.data : "", n))
		return QASID_ENOMEM;
	if (VEC_RESERVE(&doc->src_start, n + 1) || VEC_RESERVE(&doc->src_end, n + 1))
		return QASID_ENOMEM;
	/* Each byte maps to its whole input character. */
	for (i = 0; i < n;) {
		const unsigned char *u = (const unsigned char *)doc->input.data;
		uint32_t *st = doc->src_start.v, *en = doc->src_end.v;
		unsigned char c = u[i];
		size_t len, k;

		if (c < 0x80) { /* a run of ASCII: the compiler vectorises this */
			size_t j = i;

			while (j < n && u[j] < 0x80)
				j++;
			for (k = i; k < j; k++) {
				st[k] = (uint32_t)k;
				en[k] = (uint32_t)k + 1;
			}
			i = j;
			continue;
		}
		len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

		if (i + len > n)
			len = n - i;
		for (k = 0; k < len; k++) {
			doc->src_start.v[i + k] = (uint32_t)i;
			doc->src_end.v[i + k] = (uint32_t)(i + len);
		}
		i += len;
	}
	doc->src_start.v[n] = doc->src_end.v[n] = (uint32_t)n;
	doc->src_start.n = doc->src_end.n = n + 1;
	return QASID_OK;
}

void doc_swap_tmp(qasid_doc *doc)
{
	buf tb = doc->text;
	u32vec ts = doc->src_start, te = doc->src_end;

	doc->text = doc->tmp_text;
	doc->src_start = doc->tmp_start;
	doc->src_end = doc->tmp_end;
	doc->tmp_text = tb;
	doc->tmp_start = ts;
	doc->tmp_end = te;
}

const char *qasid_doc_input(const qasid_doc *doc, size_t *len)
{
	if (len)
		*len = doc->input.len;
	return doc->input.data ? doc->input.data : "";
}

const char *qasid_doc_text(const qasid_doc *doc, size_t *len)
{
	if (len)
		*len = doc->text.len;
	return doc->text.data ? doc->text.data : "";
}

qasid_span qasid_doc_input_span(const qasid_doc *doc, qasid_span s)
{
	qasid_span r;
	size_t n = doc->text.len;

	if (doc->src_start.n != n + 1) {
		r.start = r.end = 0;
		return r;
	}
	if (s.start > n)
		s.start = (uint32_t)n;
	if (s.end > n)
		s.end = (uint32_t)n;
	if (s.end <= s.start) {
		r.start = r.end = doc->src_start.v[s.start];
		return r;
	}
	r.start = doc->src_start.v[s.start];
	r.end = doc->src_end.v[s.end - 1];
	if (r.end < r.start)
		r.end = r.start;
	return r;
}

/*
 * Counts code points from a cursor left by the previous call, so that the
 * ascending offsets of a span list cost one pass over the text in all.
 */
uint32_t qasid_doc_input_cp(const qasid_doc *doc, uint32_t b)
{
	qasid_doc *d = (qasid_doc *)doc; /* the cursor is a cache */
	const unsigned char *t = (const unsigned char *)doc->input.data;
	uint32_t i = d->cp_byte, c = d->cp_index;

	if (b > doc->input.len)
		b = (uint32_t)doc->input.len;
	if (b < i / 2) {
		i = c = 0;
	}
	for (; i < b; i++)
		c += (t[i] & 0xC0) != 0x80;
	for (; i > b; i--)
		c -= (t[i - 1] & 0xC0) != 0x80;
	d->cp_byte = b;
	d->cp_index = c;
	return c;
}

size_t qasid_doc_n_tokens(const qasid_doc *doc) { return doc->tokens.n; }
const qasid_span *qasid_doc_tokens(const qasid_doc *doc) { return doc->tokens.v; }
size_t qasid_doc_n_sentences(const qasid_doc *doc) { return doc->sentences.n; }
const qasid_sentence *qasid_doc_sentences(const qasid_doc *doc) { return doc->sentences.v; }
size_t qasid_doc_n_paragraphs(const qasid_doc *doc) { return doc->paragraphs.n; }
const qasid_span *qasid_doc_paragraphs(const qasid_doc *doc) { return doc->paragraphs.v; }
size_t qasid_doc_n_diags(const qasid_doc *doc) { return doc->diags.n; }
const qasid_diag *qasid_doc_diags(const qasid_doc *doc) { return doc->diags.v; }
