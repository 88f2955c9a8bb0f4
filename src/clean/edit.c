/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "edit.h"

void ed_begin(ed *e, qasid_doc *doc)
{
	e->doc = doc;
	e->rc = QASID_OK;
	e->changed = 0;
	e->lazy_end = 0;
	doc->tmp_text.len = 0;
	doc->tmp_start.n = doc->tmp_end.n = 0;
}

/* Room for n more output bytes (and the final sentinel entry). */
static int ed_room(ed *e, size_t n)
{
	qasid_doc *d = e->doc;

	if (e->rc)
		return e->rc;
	if (buf_reserve(&d->tmp_text, n) || VEC_RESERVE(&d->tmp_start, d->tmp_start.n + n + 1) ||
	    VEC_RESERVE(&d->tmp_end, d->tmp_end.n + n + 1))
		e->rc = QASID_ENOMEM;
	return e->rc;
}

static void copy_now(ed *e, size_t from, size_t to)
{
	qasid_doc *d = e->doc;
	size_t n = to - from;

	if (to <= from || ed_room(e, n))
		return;
	memcpy(d->tmp_text.data + d->tmp_text.len, d->text.data + from, n);
	d->tmp_text.len += n;
	memcpy(d->tmp_start.v + d->tmp_start.n, d->src_start.v + from, n * sizeof(uint32_t));
	memcpy(d->tmp_end.v + d->tmp_end.n, d->src_end.v + from, n * sizeof(uint32_t));
	d->tmp_start.n += n;
	d->tmp_end.n += n;
}

/* The first change: write out what was kept so far, with room for the rest. */
static void materialize(ed *e)
{
	size_t n = e->doc->text.len;

	if (e->changed)
		return;
	e->changed = 1;
	if (ed_room(e, n + 16) == QASID_OK)
		copy_now(e, 0, e->lazy_end);
}

void ed_copy(ed *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	if (!e->changed && from == e->lazy_end) {
		e->lazy_end = to;
		return;
	}
	materialize(e); /* a gap: what lies between was dropped */
	copy_now(e, from, to);
}

static void ed_put(ed *e, const char *s, size_t n, uint32_t start, uint32_t end)
{
	qasid_doc *d = e->doc;
	size_t i;

	materialize(e);
	if (ed_room(e, n))
		return;
	memcpy(d->tmp_text.data + d->tmp_text.len, s, n);
	d->tmp_text.len += n;
	for (i = 0; i < n; i++) {
		d->tmp_start.v[d->tmp_start.n++] = start;
		d->tmp_end.v[d->tmp_end.n++] = end;
	}
}

void ed_replace(ed *e, size_t from, size_t to, const char *s, size_t n)
{
	qasid_doc *d = e->doc;
	uint32_t start = d->src_start.v[from];
	uint32_t end = to > from ? d->src_end.v[to - 1] : start;

	if (to > from && d->src_end.v[from] > end)
		end = d->src_end.v[from];
	if (n == 0)
		materialize(e);
	else
		ed_put(e, s, n, start, end);
}

void ed_drop(ed *e, size_t from, size_t to)
{
	if (to > from)
		materialize(e);
}

void ed_insert(ed *e, size_t at, const char *s, size_t n)
{
	qasid_doc *d = e->doc;
	uint32_t pos = at > 0 ? d->src_end.v[at - 1] : d->src_start.v[0];

	ed_put(e, s, n, pos, pos);
}

int ed_end(ed *e)
{
	qasid_doc *d = e->doc;
	uint32_t last;

	if (e->rc || !e->changed)
		return e->rc;
	if (ed_room(e, 0))
		return e->rc;
	last = d->src_start.v[d->text.len];
	d->tmp_text.data[d->tmp_text.len] = '\0';
	d->tmp_start.v[d->tmp_start.n++] = last;
	d->tmp_end.v[d->tmp_end.n++] = last;
	doc_swap_tmp(d);
	return QASID_OK;
}
