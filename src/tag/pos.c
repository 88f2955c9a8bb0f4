/* SPDX-License-Identifier: MIT */
/*
 * Part-of-speech features. The label is the pair "UPOS XPOS" (about a hundred
 * pairs occur in UD English EWT), so one pass predicts both tag sets.
 *
 * Per token: the word, lower-cased, its prefixes (1-3) and suffixes (1-4),
 * shape, flags; the words within two either side; suffixes and shapes of the
 * neighbours; word bigrams; word clusters of the word and its neighbours.
 * The previous two labels, and the previous label with the word and with its
 * suffix, come from the decoder (perceptron.c). With document features (the
 * default), how the word is capitalised elsewhere in the document, and whether
 * its sentence is in title case or capitals, alone and with the word. With
 * ambiguity classes (TGF_AMB, the default since 2026-12-06), the set of labels
 * each word had in training, as a tag dictionary would give them: of the word
 * and its neighbours, two to the right, and of the word with the next one
 * (training sees each token's class without that token, tg_amb_build). A
 * second stage adds the first stage's labels at i-2..i+2, so that the labels
 * to the right count too, and (TGF_FINITE) whether the first stage found a
 * finite verb (VBD, VBZ, VBP, MD) before the word in its sentence and after
 * it, alone and with the word's class: what tells a past tense from a
 * participle, or a present tense from a base form, is often a verb further
 * away than two words.
 */
#include <stdlib.h>
#include <string.h>

#include "tag.h"

enum {
	P_BIAS = 1000, P_FORM, P_LOWER, P_PRE, P_SUF = P_PRE + TG_AFFIX, P_SHAPE = P_SUF + TG_AFFIX,
	P_SSHAPE, P_FLAGS, P_W, P_SUF3N = P_W + 5, P_SSHAPEN = P_SUF3N + 5, P_BI_L, P_BI_R, P_SKIP,
	P_CL, P_CLN = P_CL + 8, P_FIRST = P_CLN + 8, P_SUF2N, P_FORMN = P_SUF2N + 5, P_LEN,
	P_STAGE1, P_DOC = P_STAGE1 + 16, P_TITLE, P_AMB = P_TITLE + 2
};

#define AMB_OUTSIDE 2 /* the ambiguity class outside the sentence (classes are odd) */

#define MAX_FEATS 96

/* Hash of the word at i + k, or a boundary marker outside the sentence. */
static uint64_t lower_at(const tg_ws *ws, uint32_t a, uint32_t b, uint32_t i, int k)
{
	long j = (long)i + k;

	if (j < (long)a)
		return 0x5354415254ULL + (uint64_t)(a - j);
	if (j >= (long)b)
		return 0x454E44ULL + (uint64_t)(j - b);
	return ws->words.v[j].lower;
}

uint32_t pos_word_features(const qasid_model *m, const tg_word *w, uint32_t cluster, uint32_t amb,
                           int role, uint64_t *f)
{
	static const uint32_t len[4] = {4, 6, 10, 20};
	uint32_t k, n = 0;
	int d = role == TG_ROLE_PREV || role == TG_ROLE_PREV2 ? -1 : 1;

	if (role == TG_ROLE_SELF0) { /* what it adds to TG_ROLE_SELF */
		if (m->feats & TGF_DOC)
			f[n++] = pc_f2(P_TITLE + 1, 0, w->lower);
		return n;
	}
	if (role == TG_ROLE_SELF) {
		f[n++] = pc_f1(P_BIAS, 0);
		f[n++] = pc_f1(P_FORM, w->form);
		f[n++] = pc_f1(P_LOWER, w->lower);
		for (k = 0; k < 3; k++)
			f[n++] = pc_f1(P_PRE + k, w->pre[k]);
		for (k = 0; k < TG_AFFIX; k++)
			f[n++] = pc_f1(P_SUF + k, w->suf[k]);
		f[n++] = pc_f1(P_SHAPE, w->shape);
		f[n++] = pc_f1(P_SSHAPE, w->sshape);
		f[n++] = pc_f1(P_FLAGS, w->flags);
		f[n++] = pc_f1(P_LEN, w->n_cp > 10 ? 10 : w->n_cp);
		if (m->feats & TGF_CLUSTERS)
			for (k = 0; k < 4; k++)
				f[n++] = pc_f1(P_CL + k, tg_cluster_prefix(cluster, len[k]));
		if (m->feats & TGF_AMB)
			f[n++] = pc_f1(P_AMB, amb);
		return n;
	}
	if (role == TG_ROLE_PREV2 || role == TG_ROLE_NEXT2) { /* the word two away */
		f[n++] = pc_f1(P_W + 2 + 2 * d, w->lower);
		if (role == TG_ROLE_NEXT2 && (m->feats & TGF_AMB))
			f[n++] = pc_f1(P_AMB + 5, amb);
		return n;
	}
	f[n++] = pc_f1(P_W + 2 + d, w->lower);
	f[n++] = pc_f1(P_SUF3N + 2 + d, w->suf[2]);
	f[n++] = pc_f1(P_SUF2N + 2 + d, w->suf[1]);
	f[n++] = pc_f1(P_SSHAPEN + 2 + d, w->sshape);
	f[n++] = pc_f1(P_FORMN + 2 + d, w->form);
	if (m->feats & TGF_CLUSTERS) {
		f[n++] = pc_f1(P_CLN + 2 + d, tg_cluster_prefix(cluster, 6));
		f[n++] = pc_f1(P_CLN + 5 + d, tg_cluster_prefix(cluster, 10));
	}
	if (m->feats & TGF_AMB)
		f[n++] = pc_f1(P_AMB + 2 + d, amb);
	return n;
}

uint32_t pos_context(const tg_ws *ws, uint32_t a, uint32_t i)
{
	const tg_tokx *x = &ws->x.v[i];

	return (i == a) | (ws->words.v[i].flags & (TG_CAP1 | TG_ALLCAP)) << 1 | x->docflags << 3 |
	       x->title << 6;
}

uint32_t pos_context_features(const qasid_model *m, uint32_t c, uint64_t *f)
{
	uint32_t first = c & 1, caps = c >> 1 & 3, n = 0;

	f[n++] = pc_f2(P_FIRST, first, caps);
	if (m->feats & TGF_DOC) {
		f[n++] = pc_f2(P_DOC, c >> 3 & 7, caps | (first ? 1u << 16 : 0));
		f[n++] = pc_f2(P_TITLE, c >> 6, caps);
	}
	return n;
}

/*
 * The features of token i: those of its word and its neighbours' words
 * (pos_word_features; left out when the word cache has them), then those of
 * the context (pos_context_features; left out when the context cache has
 * them).
 */
int pos_features(const qasid_model *m, tg_ws *ws, const tg_view *v, uint32_t sent, uint32_t i,
                 int stage)
{
	uint32_t a = v->sent[sent], b = v->sent[sent + 1], n = 0;
	const tg_word *w = &ws->words.v[i];
	uint64_t *f;
	int d;

	if (VEC_RESERVE(&ws->feats, ws->feats.n + MAX_FEATS))
		return QASID_ENOMEM;
	f = ws->feats.v + ws->feats.n;
	if (!ws->wid.v[i])
		n += pos_word_features(m, w, ws->x.v[i].cluster, ws->x.v[i].amb, TG_ROLE_SELF,
		                       f + n);
	if (!m->cvec)
		n += pos_context_features(m, pos_context(ws, a, i), f + n);
	for (d = -2; d <= 2; d++) {
		long j = (long)i + d;

		if (d == 0)
			continue;
		if (d == -2 || d == 2) {
			if (j < (long)a || j >= (long)b || !ws->wid.v[j])
				f[n++] = pc_f1(P_W + 2 + d, lower_at(ws, a, b, i, d));
		} else if (j >= (long)a && j < (long)b) {
			if (!ws->wid.v[j])
				n += pos_word_features(m, &ws->words.v[j], ws->x.v[j].cluster,
				                       ws->x.v[j].amb,
				                       d < 0 ? TG_ROLE_PREV : TG_ROLE_NEXT, f + n);
		} else {
			f[n++] = pc_f1(P_W + 2 + d, lower_at(ws, a, b, i, d));
			if (m->feats & TGF_CLUSTERS) {
				f[n++] = pc_f1(P_CLN + 2 + d, tg_cluster_prefix(0, 6));
				f[n++] = pc_f1(P_CLN + 5 + d, tg_cluster_prefix(0, 10));
			}
			if (m->feats & TGF_AMB)
				f[n++] = pc_f1(P_AMB + 2 + d, AMB_OUTSIDE);
		}
	}
	f[n++] = pc_f2(P_BI_L, lower_at(ws, a, b, i, -1), w->lower);
	f[n++] = pc_f2(P_BI_R, w->lower, lower_at(ws, a, b, i, 1));
	f[n++] = pc_f2(P_SKIP, lower_at(ws, a, b, i, -1), lower_at(ws, a, b, i, 1));
	if (m->feats & TGF_DOC) {
		/* How the word is written elsewhere in the document, and whether its
		 * sentence is in title case (where capitals mean less). */
		if (!ws->wid.v[i] || ws->x.v[i].title) /* else in the word cache (TG_ROLE_SELF0) */
			f[n++] = pc_f2(P_TITLE + 1, ws->x.v[i].title, w->lower);
	}
	if (m->feats & TGF_AMB) { /* the class two to the right; this word's with the next one's */
		uint32_t a1 = i + 1 < b ? ws->x.v[i + 1].amb : AMB_OUTSIDE;
		uint32_t a2 = i + 2 < b ? ws->x.v[i + 2].amb : AMB_OUTSIDE;

		if (i + 2 >= b || !ws->wid.v[i + 2]) /* else in the word cache (TG_ROLE_NEXT2) */
			f[n++] = pc_f1(P_AMB + 5, a2);
		f[n++] = pc_f2(P_AMB + 6, ws->x.v[i].amb, a1);
	}
	if (stage == 1) { /* the first pass's labels, on both sides */
		uint64_t p[5];

		for (d = -2; d <= 2; d++) {
			long j = (long)i + d;

			p[d + 2] = j >= (long)a && j < (long)b ? ws->pred1.v[j] : 999u + (uint64_t)d;
			f[n++] = pc_f1(P_STAGE1 + 2 + d, p[d + 2]);
		}
		f[n++] = pc_f2(P_STAGE1 + 5, p[3], p[4]);
		f[n++] = pc_f2(P_STAGE1 + 6, p[1], p[3]);
		f[n++] = pc_f2(P_STAGE1 + 7, p[3], w->lower);
		f[n++] = pc_f2(P_STAGE1 + 8, p[3], w->suf[2]);
		if (m->feats & TGF_FINITE) { /* finite verbs before and after, as stage 1 saw them */
			uint32_t fin = 0, k;

			for (k = i; k > a && !(fin & 1); k--)
				fin |= m->finite[ws->pred1.v[k - 1]];
			for (k = i + 1; k < b && !(fin & 2); k++)
				fin |= (uint32_t)m->finite[ws->pred1.v[k]] << 1;
			f[n++] = pc_f1(P_STAGE1 + 9, fin);
			f[n++] = pc_f2(P_STAGE1 + 10, fin, ws->x.v[i].amb);
		}
	}
	ws->feats.n += n;
	ws->hattr.v[ws->hattr.n++] = w->lower;
	ws->hattr.v[ws->hattr.n++] = w->suf[2];
	return QASID_OK;
}

typedef struct amb_pair {
	uint64_t lower;
	uint32_t tok;
	uint16_t label;
} amb_pair;

static int amb_cmp(const void *a, const void *b)
{
	const amb_pair *x = a, *y = b;

	if (x->lower != y->lower)
		return x->lower < y->lower ? -1 : 1;
	if (x->label != y->label)
		return x->label < y->label ? -1 : 1;
	return (x->tok > y->tok) - (x->tok < y->tok);
}

/*
 * The class of the word whose occurrences are v[0..n) (sorted by label):
 * the set of their labels, with one occurrence of label `less` left out
 * (UINT32_MAX: none); 0 when fewer than min_count occurrences remain.
 */
static uint32_t amb_of(const amb_pair *v, uint32_t n, uint32_t less, uint32_t min_count)
{
	uint64_t h = TG_PHRASE_START;
	uint32_t k, e, total = n - (less != UINT32_MAX);

	if (total < min_count || total == 0)
		return 0;
	for (k = 0; k < n; k = e) { /* each label's run */
		for (e = k; e < n && v[e].label == v[k].label; e++)
			;
		if (e - k > (v[k].label == less))
			h = tg_phrase_add(h, v[k].label + 1u);
	}
	return (uint32_t)(h >> 32) | 1u; /* odd: never 0, nor AMB_OUTSIDE */
}

int tg_amb_build(qasid_model *m, const char *text, const qasid_span *tok, uint32_t n,
                 const uint16_t *labels, uint32_t min_count, uint32_t *loo)
{
	amb_pair *v = qs_malloc(((size_t)n + 1) * sizeof *v);
	uint32_t i, j, k, e, np = 0;
	int rc = QASID_OK;

	if (!v)
		return QASID_ENOMEM;
	for (i = 0; i < n; i++) {
		size_t len = tok[i].end - tok[i].start;
		tg_word w;

		if (loo)
			loo[i] = 0;
		if (labels[i] == UINT16_MAX)
			continue;
		tg_word_init(&w, text + tok[i].start, len > TG_MAX_WORD ? TG_MAX_WORD : len);
		v[np].lower = w.lower;
		v[np].tok = i;
		v[np++].label = labels[i];
	}
	qsort(v, np, sizeof *v, amb_cmp);
	for (i = 0; i < np && !rc; i = j) {
		uint32_t a;

		for (j = i; j < np && v[j].lower == v[i].lower; j++)
			;
		if ((a = amb_of(v + i, j - i, UINT32_MAX, min_count)))
			rc = tg_lex_put(&m->amb, v[i].lower, a, 0);
		for (k = i; loo && k < j; k = e) { /* each label's occurrences, left out */
			for (e = k; e < j && v[e].label == v[k].label; e++)
				;
			a = amb_of(v + i, j - i, v[k].label, min_count);
			for (; k < e; k++)
				loo[v[k].tok] = a;
		}
	}
	qs_free(v);
	if (!rc)
		m->feats |= TGF_AMB;
	return rc;
}
