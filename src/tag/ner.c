/* SPDX-License-Identifier: MIT */
/*
 * Named-entity features. Labels are BILOU over the entity types (O, then
 * B-, I-, L-, U- of each type), which lets the model learn entity edges.
 *
 * Stage 1, per token: the word as written and lower-cased, the words within
 * two either side, prefixes and suffixes (1-4), shapes and their bigrams,
 * flags, word clusters (path prefixes of 4, 6, 10 and 20 bits) of the word
 * and its neighbours, gazetteer matches (category and BILOU position in the
 * matched phrase) of the word and its neighbours, whether the sentence is an
 * all-capitals headline, and how the same word is written elsewhere in the
 * document (capitalised inside a sentence, or in lower case). Then, for the
 * models trained with them (older ones have none):
 *   TGF_RUNS   the run of capitalised words the token is in, outside
 *              all-capitals sentences ("of", "&" and a few particles may join
 *              two words: Bank of England): its first and last words with the
 *              token's BILOU place in it, so that a last word such as Corp or
 *              Ministry speaks for the whole run; and where the token's word
 *              stands in the document's other runs (alone, last, first: a
 *              surname, a firm's short name);
 *   TGF_TRLEX  the training set's entity phrases matching around the token
 *              (type and BILOU place), and the types that the words of its
 *              run had in them. A training document sees only the phrases of
 *              the other folds of documents, and every other training
 *              document none, so that the model learns to do without them
 *              too: names it never saw are the rule in new text;
 *   TGF_TOPIC  the document's first word when it is in capitals, as CoNLL's
 *              sports reports begin (CRICKET -, SOCCER -), with whether the
 *              token is capitalised and in the gazetteer, and its cluster:
 *              in a sports report a city is mostly a team.
 *
 * Stage 2 adds what stage 1 predicted: its labels at i-2..i+2 and, over the
 * whole document, how the other capitalised occurrences of the same word were
 * labelled (the non-local features of Ratinov and Roth 2009).
 */
#include <string.h>

#include "tag.h"

enum {
	N_BIAS = 2000, N_FORM, N_LOWER, N_PRE, N_SUF = N_PRE + TG_AFFIX, N_SHAPE = N_SUF + TG_AFFIX,
	N_SSHAPE, N_FLAGS, N_W = N_FLAGS + 1, N_FORMN = N_W + 5, N_SSHAPEN = N_FORMN + 5,
	N_SHBI_L = N_SSHAPEN + 5, N_SHBI_R, N_BI_L, N_BI_R, N_FIRST, N_HEAD, N_HEADW, N_CL,
	N_CLN = N_CL + 8, N_GAZ = N_CLN + 40, N_GAZN = N_GAZ + 2, N_DOC = N_GAZN + 5, N_P1,
	N_P1BI = N_P1 + 5, N_AGG = N_P1BI + 4, N_AGGMAX = N_AGG + 2, N_AGGW, N_SUFN = N_AGGW + 4,
	N_PRE1, N_RUN, N_TLEX = N_RUN + 4, N_TOPIC = N_TLEX + 2
};

#define MAX_FEATS 320
#define NIB(x, k) (((x) >> (4 * (k))) & 15u)

static uint64_t at(const tg_ws *ws, uint32_t a, uint32_t b, uint32_t i, int k, int form)
{
	long j = (long)i + k;

	if (j < (long)a)
		return 0x5354415254ULL + (uint64_t)(a - j);
	if (j >= (long)b)
		return 0x454E44ULL + (uint64_t)(j - b);
	return form ? ws->words.v[j].form : ws->words.v[j].lower;
}

static uint64_t sshape_at(const tg_ws *ws, uint32_t a, uint32_t b, uint32_t i, int k)
{
	long j = (long)i + k;

	return j < (long)a || j >= (long)b ? (uint64_t)(7 + k) : ws->words.v[j].sshape;
}

/* Whether every word with letters in sentence [a, b) is in capitals (a headline). */
static int headline(const tg_ws *ws, uint32_t a, uint32_t b)
{
	uint32_t i, letters = 0;

	for (i = a; i < b; i++) {
		uint32_t f = ws->words.v[i].flags;

		if (f & TG_HASLOWER)
			return 0;
		letters += (f & TG_HASUPPER) != 0;
	}
	return letters >= 2;
}

/* A first-stage label reduced to type and BILOU position (0 for O). */
static uint64_t p1(const tg_ws *ws, uint32_t a, uint32_t b, uint32_t i, int k)
{
	long j = (long)i + k;

	if (j < (long)a || j >= (long)b)
		return 99;
	return ws->pred1.v[j];
}

static uint32_t gaz_feats(uint64_t *f, uint64_t tmpl, const tg_tokx *x, uint64_t extra)
{
	uint32_t p, n = 0;

	for (p = 0; p < 4; p++) {
		uint32_t c = x->gaz[p];

		while (c && n < 24) {
			uint32_t bit = (uint32_t)__builtin_ctz(c);

			c &= c - 1;
			f[n++] = pc_f2(tmpl, bit * 4 + p, extra);
		}
	}
	return n;
}

uint32_t ner_word_features(const qasid_model *m, const tg_word *w, uint32_t cluster, int role,
                           uint64_t *f)
{
	static const uint32_t cl_len[4] = {4, 6, 10, 20};
	uint32_t k, n = 0;
	int d = role == TG_ROLE_SELF ? 0 : role == TG_ROLE_PREV ? -1 : 1;

	if (role == TG_ROLE_SELF) {
		f[n++] = pc_f1(N_BIAS, 0);
		f[n++] = pc_f1(N_FORM, w->form);
		f[n++] = pc_f1(N_LOWER, w->lower);
		for (k = 0; k < TG_AFFIX; k++) {
			f[n++] = pc_f1(N_PRE + k, w->pre[k]);
			f[n++] = pc_f1(N_SUF + k, w->suf[k]);
		}
		f[n++] = pc_f1(N_SHAPE, w->shape);
		f[n++] = pc_f1(N_SSHAPE, w->sshape);
		f[n++] = pc_f1(N_FLAGS, w->flags);
	} else {
		f[n++] = pc_f1(N_W + 2 + d, w->lower);
		f[n++] = pc_f1(N_FORMN + 2 + d, w->form);
		f[n++] = pc_f1(N_SSHAPEN + 2 + d, w->sshape);
		f[n++] = pc_f1(N_SUFN + 2 + d, w->suf[2]);
	}
	if (m->feats & TGF_CLUSTERS)
		for (k = 0; k < 4; k++)
			f[n++] = pc_f1(N_CL + 8 * (2 + d) + k, tg_cluster_prefix(cluster, cl_len[k]));
	return n;
}

/*
 * The features of token i: those of its word and its neighbours' words
 * (ner_word_features; left out when the word cache has them), then those of
 * the context.
 */
int ner_features(const qasid_model *m, tg_ws *ws, const tg_view *v, uint32_t sent, uint32_t i,
                 int stage)
{
	static const uint32_t cl_len[4] = {4, 6, 10, 20};
	uint32_t a = v->sent[sent], b = v->sent[sent + 1], k, n = 0;
	const tg_word *w = &ws->words.v[i];
	const tg_tokx *x = &ws->x.v[i];
	uint32_t caps = w->flags & (TG_CAP1 | TG_ALLCAP);
	int head, d;
	uint64_t *f;

	if (VEC_RESERVE(&ws->feats, ws->feats.n + MAX_FEATS))
		return QASID_ENOMEM;
	f = ws->feats.v + ws->feats.n;
	head = headline(ws, a, b);
	if (!ws->wid.v[i])
		n += ner_word_features(m, w, x->cluster, TG_ROLE_SELF, f + n);
	for (d = -2; d <= 2; d++) {
		long j = (long)i + d;
		int in = j >= (long)a && j < (long)b;

		if (d == 0)
			continue;
		if ((d == -1 || d == 1) && in) {
			if (!ws->wid.v[j])
				n += ner_word_features(m, &ws->words.v[j], ws->x.v[j].cluster,
				                       d < 0 ? TG_ROLE_PREV : TG_ROLE_NEXT, f + n);
			continue;
		}
		f[n++] = pc_f1(N_W + 2 + d, at(ws, a, b, i, d, 0));
		if (d == -1 || d == 1) { /* outside the sentence */
			f[n++] = pc_f1(N_FORMN + 2 + d, at(ws, a, b, i, d, 1));
			f[n++] = pc_f1(N_SSHAPEN + 2 + d, sshape_at(ws, a, b, i, d));
		}
		if (m->feats & TGF_CLUSTERS) {
			uint32_t c = in ? ws->x.v[j].cluster : 0;

			for (k = 0; k < 4; k++)
				if (d == -1 || d == 1 || k == 1 || k == 2)
					f[n++] = pc_f1(N_CL + 8 * (2 + d) + k, tg_cluster_prefix(c, cl_len[k]));
		}
	}
	f[n++] = pc_f2(N_SHBI_L, sshape_at(ws, a, b, i, -1), w->sshape);
	f[n++] = pc_f2(N_SHBI_R, w->sshape, sshape_at(ws, a, b, i, 1));
	f[n++] = pc_f2(N_BI_L, at(ws, a, b, i, -1, 0), w->lower);
	f[n++] = pc_f2(N_BI_R, w->lower, at(ws, a, b, i, 1, 0));
	f[n++] = pc_f2(N_FIRST, i == a, caps);
	f[n++] = pc_f2(N_HEAD, head, w->sshape);
	if (head)
		f[n++] = pc_f1(N_HEADW, w->lower);
	if (m->feats & TGF_GAZ) {
		n += gaz_feats(f + n, N_GAZ, x, 0);
		n += gaz_feats(f + n, N_GAZ + 1, x, caps);
		for (d = -1; d <= 1; d += 2) {
			long j = (long)i + d;

			if (j >= (long)a && j < (long)b)
				n += gaz_feats(f + n, N_GAZN + 2 + d, &ws->x.v[j], 0);
		}
	}
	if ((m->feats & TGF_TOPIC) && (ws->words.v[0].flags & TG_ALLCAP) &&
	    ws->words.v[0].n_cp > 2) {
		uint64_t topic = ws->words.v[0].lower;

		f[n++] = pc_f2(N_TOPIC, topic, caps << 1 | (x->gaz[3] != 0));
		if (caps)
			f[n++] = pc_f2(N_TOPIC + 1, topic, tg_cluster_prefix(x->cluster, 6));
	}
	if ((m->feats & TGF_TRLEX) && x->tlex)
		for (k = 0; k < 4; k++) {
			uint32_t c = x->tlex >> (8 * k) & 255;

			while (c) {
				uint32_t t = (uint32_t)__builtin_ctz(c);

				c &= c - 1;
				f[n++] = pc_f1(N_TLEX, t * 4 + k);
				f[n++] = pc_f2(N_TLEX + 1, t * 4 + k, caps);
			}
		}
	if ((m->feats & TGF_RUNS) && x->run_len) {
		uint32_t first = x->run_start, last = first + x->run_len - 1;
		uint32_t pos = x->run_len == 1 ? 3 : i == first ? 0 : i == last ? 2 : 1;

		f[n++] = pc_f2(N_RUN, pos, ws->words.v[last].lower);
		f[n++] = pc_f2(N_RUN + 1, pos, ws->words.v[first].lower);
		if (x->run_doc)
			f[n++] = pc_f2(N_RUN + 2, pos, x->run_doc | (x->run_len > 1) << 3);
		if (m->feats & TGF_TRLEX)
			f[n++] = pc_f2(N_RUN + 3, pos, x->run_types);
	}
	if (m->feats & TGF_DOC)
		f[n++] = pc_f2(N_DOC, x->docflags, caps | (i == a ? 1u << 16 : 0) |
		                                       (head ? 1u << 17 : 0));
	if (stage == 1) {
		uint32_t g = ws->agg.v[i], best = 0, total = 0, t;

		for (d = -2; d <= 2; d++)
			f[n++] = pc_f1(N_P1 + 2 + d, p1(ws, a, b, i, d));
		f[n++] = pc_f2(N_P1BI, p1(ws, a, b, i, -1), p1(ws, a, b, i, 0));
		f[n++] = pc_f2(N_P1BI + 1, p1(ws, a, b, i, 0), p1(ws, a, b, i, 1));
		for (t = 0; t <= m->n_types; t++)
			total += NIB(g, t);
		for (t = 1; t <= m->n_types; t++) {
			uint32_t c = NIB(g, t);

			if (c > NIB(g, best))
				best = t;
			if (c)
				f[n++] = pc_f2(N_AGG, t, c * 4 / total); /* share of the occurrences */
		}
		if (total) {
			f[n++] = pc_f2(N_AGGMAX, best, caps);
			f[n++] = pc_f2(N_AGGMAX + 1, best, p1(ws, a, b, i, 0) ? 1 : 0);
		}
	}
	ws->feats.n += n;
	ws->hattr.v[ws->hattr.n++] = w->lower;
	ws->hattr.v[ws->hattr.n++] = w->sshape;
	return QASID_OK;
}

/*
 * For each token, how the other capitalised occurrences of its word in the
 * document were labelled by the first stage: 4-bit counts, O in the low
 * nibble, then each type.
 */
int ner_aggregate(const qasid_model *m, tg_ws *ws, const tg_view *v)
{
	size_t cap = 64, mask, slot;
	uint32_t i;

	(void)m;
	while (cap < (size_t)v->n_tok * 2)
		cap *= 2;
	ws->agg.n = 0;
	if (VEC_RESERVE(&ws->agg, v->n_tok + 1) || VEC_RESERVE(&ws->dkeys, cap) ||
	    VEC_RESERVE(&ws->dvals, cap))
		return QASID_ENOMEM;
	cap = ws->dkeys.cap < ws->dvals.cap ? ws->dkeys.cap : ws->dvals.cap;
	while (cap & (cap - 1))
		cap &= cap - 1;
	mask = cap - 1;
	memset(ws->dkeys.v, 0, cap * sizeof *ws->dkeys.v);
	for (i = 0; i < v->n_tok; i++) {
		const tg_word *w = &ws->words.v[i];
		uint32_t t = ws->pred1.v[i] ? (ws->pred1.v[i] - 1u) / 4 + 1 : 0;

		ws->agg.v[i] = 0;
		if (!(w->flags & TG_HASUPPER) || (w->flags & TG_NOALNUM))
			continue;
		slot = (size_t)w->lower & mask;
		while (ws->dkeys.v[slot] && ws->dkeys.v[slot] != w->lower)
			slot = (slot + 1) & mask;
		if (!ws->dkeys.v[slot]) {
			ws->dkeys.v[slot] = w->lower;
			ws->dvals.v[slot] = 0;
		}
		if (NIB(ws->dvals.v[slot], t) < 15)
			ws->dvals.v[slot] += 1u << (4 * t);
	}
	for (i = 0; i < v->n_tok; i++) {
		const tg_word *w = &ws->words.v[i];
		uint32_t t = ws->pred1.v[i] ? (ws->pred1.v[i] - 1u) / 4 + 1 : 0, g;

		if (!(w->flags & TG_HASUPPER) || (w->flags & TG_NOALNUM))
			continue;
		slot = (size_t)w->lower & mask;
		while (ws->dkeys.v[slot] != w->lower)
			slot = (slot + 1) & mask;
		g = ws->dvals.v[slot];
		if (NIB(g, t) > 0 && NIB(g, t) < 15)
			g -= 1u << (4 * t); /* not counting itself */
		ws->agg.v[i] = g;
	}
	ws->agg.n = v->n_tok;
	return QASID_OK;
}
