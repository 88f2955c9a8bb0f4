/* SPDX-License-Identifier: MIT */
/*
 * CoNLL-U treebanks for the parser: gold heads and relations read from a POS
 * corpus's lines (columns 7 and 8), predicted trees, writing and scoring.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tag/corpus.h"
#include "depcorpus.h"

static void dc_free(void *p)
{
	dep_corpus *d = p;

	if (!d)
		return;
	qs_free(d->gh);
	qs_free(d->grel);
	qs_free(d->ph);
	qs_free(d->pr);
	qs_free(d);
}

/* Tab-separated fields of a line. */
static size_t tabs(const char *s, size_t n, qasid_span *out, size_t max)
{
	size_t i = 0, k = 0;

	while (i <= n && k < max) {
		size_t j = i;

		while (j < n && s[j] != '\t')
			j++;
		out[k].start = (uint32_t)i;
		out[k++].end = (uint32_t)j;
		i = j + 1;
	}
	return k;
}

dep_corpus *dep_corpus_of(qasid_corpus *c)
{
	dep_corpus *d;
	size_t li, nt = c->forms.n, s;

	if (c->ext)
		return c->ext;
	if (c->task != QASID_TASK_POS || c->ext_free)
		return NULL;
	d = qs_malloc(sizeof *d);
	if (!d)
		return NULL;
	memset(d, 0, sizeof *d);
	d->gh = qs_malloc((nt + 1) * sizeof *d->gh);
	d->grel = qs_malloc((nt + 1) * sizeof *d->grel);
	d->ph = qs_malloc((nt + 1) * sizeof *d->ph);
	d->pr = qs_malloc((nt + 1) * sizeof *d->pr);
	if (!d->gh || !d->grel || !d->ph || !d->pr) {
		dc_free(d);
		return NULL;
	}
	memset(d->ph, 0, (nt + 1) * sizeof *d->ph);
	memset(d->pr, 0, (nt + 1) * sizeof *d->pr);
	d->has_gold = nt > 0;
	s = 0;
	for (li = 0; li < c->lines.n; li++) {
		const cp_line *l = &c->lines.v[li];
		const char *t = c->text + l->off;
		qasid_span f[10];
		uint32_t tok = l->tok, pos, n;
		char *end;
		unsigned long h, id;

		if (tok == CP_NONE)
			continue;
		while (s + 1 < c->sent.n && c->sent.v[s + 1] <= tok)
			s++;
		pos = tok - c->sent.v[s] + 1;
		n = c->sent.v[s + 1] - c->sent.v[s];
		d->gh[tok] = DEP_NONE;
		d->grel[tok][0] = '\0';
		if (tabs(t, l->len, f, 10) != 10)
			goto nogold;
		id = strtoul(t + f[0].start, &end, 10);
		if (end != t + f[0].end || id != pos)
			goto nogold;
		h = strtoul(t + f[6].start, &end, 10);
		if (end != t + f[6].end || f[6].end == f[6].start || h > n || h == pos)
			goto nogold;
		if (f[7].end - f[7].start == 0 || f[7].end - f[7].start >= sizeof d->grel[0] ||
		    (f[7].end - f[7].start == 1 && t[f[7].start] == '_'))
			goto nogold;
		d->gh[tok] = (uint32_t)h;
		memcpy(d->grel[tok], t + f[7].start, f[7].end - f[7].start);
		d->grel[tok][f[7].end - f[7].start] = '\0';
		continue;
	nogold:
		d->has_gold = 0;
	}
	c->ext = d;
	c->ext_free = dc_free;
	return d;
}

static void split_pos(const char *lab, char *up, char *xp)
{
	const char *sp = strchr(lab, ' ');
	size_t ul = sp ? (size_t)(sp - lab) : strlen(lab);

	if (ul > 15)
		ul = 15;
	memcpy(up, lab, ul);
	up[ul] = '\0';
	snprintf(xp, 16, "%s", sp ? sp + 1 : "_");
}

int dep_corpus_tokens(const qasid_corpus *c, const dep_model *m, size_t s, dep_tok *t)
{
	uint32_t a = c->sent.v[s], b = c->sent.v[s + 1], i;

	dep_tok_root(&t[0]);
	for (i = a; i < b; i++) {
		const char *lab = c->tagged ? c->pred_names[c->pred.v[i]]
		                  : c->gold.v[i] != CP_NONE ? c->gold_names.v[c->gold.v[i]]
		                                            : "X _";
		char up[16], xp[16];

		split_pos(lab, up, xp);
		dep_tok_fill(m, &t[i - a + 1], c->text + c->forms.v[i].start,
		             c->forms.v[i].end - c->forms.v[i].start, up, xp);
	}
	return QASID_OK;
}

int dep_corpus_parse(qasid_corpus *c, const dep_model *m, dep_ws *ws)
{
	dep_corpus *d = dep_corpus_of(c);
	VEC(uint32_t) head = {0};
	VEC(uint16_t) rel = {0};
	size_t s;
	int rc = QASID_OK;

	if (!d)
		return QASID_ENOMEM;
	for (s = 0; s + 1 < c->sent.n && !rc; s++) {
		uint32_t a = c->sent.v[s], n = c->sent.v[s + 1] - a, i;

		if (n == 0)
			continue;
		if (VEC_RESERVE(&ws->tok, (size_t)n + 1) || VEC_RESERVE(&head, (size_t)n + 1) ||
		    VEC_RESERVE(&rel, (size_t)n + 1)) {
			rc = QASID_ENOMEM;
			break;
		}
		dep_corpus_tokens(c, m, s, ws->tok.v);
		if ((rc = dep_parse(m, ws, n, head.v, rel.v)))
			break;
		for (i = 1; i <= n; i++) {
			d->ph[a + i - 1] = head.v[i];
			d->pr[a + i - 1] = rel.v[i];
		}
	}
	VEC_FREE(&head);
	VEC_FREE(&rel);
	if (!rc) {
		memcpy(d->rels, m->rels, sizeof d->rels);
		d->n_rels = m->n_rels;
		d->parsed = 1;
	}
	return rc;
}

int qasid_corpus_parse(qasid_corpus *c, const qasid_model *pos, const qasid_parser *p,
                       qasid_err *err)
{
	dep_ws ws;
	int rc;

	if (c->task != QASID_TASK_POS)
		return err_set(err, QASID_EINVAL, 0, "the parser reads CoNLL-U corpora");
	if (pos && (rc = qasid_corpus_tag(c, pos, err)))
		return rc;
	memset(&ws, 0, sizeof ws);
	rc = dep_corpus_parse(c, &p->m, &ws);
	dep_ws_fini(&ws);
	if (rc)
		return err_set(err, rc, 0, "cannot parse: %s", qasid_strerror(rc));
	return QASID_OK;
}

typedef struct wr {
	qasid_write_fn w;
	void *ud;
	int rc;
} wr;

static void put(wr *o, const char *s, size_t n)
{
	if (!o->rc && n && o->w(o->ud, s, n))
		o->rc = QASID_EIO;
}

int qasid_corpus_write_parse(const qasid_corpus *c, qasid_write_fn w, void *ud)
{
	const dep_corpus *d = c->ext_free ? c->ext : NULL;
	wr o = {w, ud, QASID_OK};
	size_t li;

	if (!d || !d->parsed)
		return qasid_corpus_write(c, QASID_IOB1, w, ud);
	for (li = 0; li < c->lines.n && !o.rc; li++) {
		const cp_line *l = &c->lines.v[li];
		const char *s = c->text + l->off;
		uint32_t t = l->tok;
		qasid_span f[10];
		char num[16];

		if (li + 1 == c->lines.n && l->len == 0 && l->off == c->len)
			break; /* after the last newline */
		if (t == CP_NONE || tabs(s, l->len, f, 10) != 10) {
			put(&o, s, l->len);
			put(&o, "\n", 1);
			continue;
		}
		put(&o, s, f[3].start);
		if (c->tagged) {
			char up[16], xp[16];

			split_pos(c->pred_names[c->pred.v[t]], up, xp);
			put(&o, up, strlen(up));
			put(&o, "\t", 1);
			put(&o, xp, strlen(xp));
		} else {
			put(&o, s + f[3].start, f[4].end - f[3].start);
		}
		put(&o, s + f[4].end, f[6].start - f[4].end);
		snprintf(num, sizeof num, "%u", d->ph[t]);
		put(&o, num, strlen(num));
		put(&o, "\t", 1);
		put(&o, d->rels[d->pr[t]], strlen(d->rels[d->pr[t]]));
		put(&o, s + f[7].end, l->len - f[7].end);
		put(&o, "\n", 1);
	}
	return o.rc;
}

int qasid_corpus_score_parse(const qasid_corpus *c, qasid_parse_score *sc, qasid_err *err)
{
	const dep_corpus *d = c->ext_free ? c->ext : NULL;
	size_t i;

	memset(sc, 0, sizeof *sc);
	if (!d || !d->parsed)
		return err_set(err, QASID_EINVAL, 0, "the corpus was not parsed");
	if (!d->has_gold)
		return err_set(err, QASID_EFORMAT, 0,
		               "not every word has a gold head and relation (columns 7 and 8)");
	for (i = 0; i < c->forms.n; i++) {
		sc->n_tokens++;
		if (d->ph[i] == d->gh[i]) {
			sc->n_head++;
			if (!strcmp(d->rels[d->pr[i]], d->grel[i]))
				sc->n_labelled++;
		}
	}
	if (sc->n_tokens) {
		sc->uas = 100.0 * (double)sc->n_head / (double)sc->n_tokens;
		sc->las = 100.0 * (double)sc->n_labelled / (double)sc->n_tokens;
	}
	return QASID_OK;
}
