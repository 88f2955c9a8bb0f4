/* SPDX-License-Identifier: MIT */
/*
 * The learned cue and role model of the quote stage (models/quote-en.qm,
 * task QUO1), over the parser's trees.
 *
 * Two averaged perceptrons, trained on PolNeAR train (tools/quote_gold.py,
 * qasid train quotes):
 *   cue:  for each verb, noun or adjective (and "according") of a parsed
 *         sentence, does it head an attribution cue? (labels no / yes);
 *   role: for a cue, which of the spans the tree offers around it is the
 *         content and which the source (two rankers over the spans, one
 *         model: a span's content or source score less its none score;
 *         the source only when that is above 0). The spans: each dependent's subtree (also
 *         without its leading preposition or complementiser), everything to
 *         the cue's right under it, the head's subtree less the cue's, the
 *         head's other dependents, and the grandparent's subtree less the
 *         head's ("according to X, ...": X and the clause).
 * The parser builds projective trees, so every subtree is one run of
 * tokens and every span is at most two.
 *
 * File chunks: QSET (f32 cue threshold, info string), VOCB (words seen
 * heading a cue in training: the sentences worth parsing), CMAP/CENT (cue
 * weights), RMAP/RENT (role weights).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/model.h"
#include "../tag/features.h"
#include "../tag/perceptron.h"
#include "quote.h"

#define NO_TOK UINT32_MAX

struct qasid_quote_model {
	pc_model cue, role;
	tg_lex vocab;  /* hash of a lower-cased word -> times it headed a cue */
	float thr;     /* a cue when its yes score less its no score is above this */
	char info[320];
};

/* ---- the tree ---- */

void qt_fini(quo_tree *t)
{
	qs_free(t->mem);
	memset(t, 0, sizeof *t);
}

int qt_build(quo_tree *t, const qasid_doc *doc)
{
	uint32_t n = (uint32_t)doc->tokens.n, i;
	uint32_t *m;

	memset(t, 0, sizeof *t);
	if (doc->deps.n != n || !n)
		return QASID_OK;
	m = qs_malloc((size_t)n * 4 * sizeof *m);
	if (!m)
		return QASID_ENOMEM;
	t->mem = m;
	t->n = n;
	t->lo = m;
	t->hi = m + n;
	t->kid = m + 2 * n;
	t->sib = m + 3 * n;
	t->deps = doc->deps.v;
	for (i = 0; i < n; i++) {
		t->lo[i] = t->hi[i] = i;
		t->kid[i] = t->sib[i] = NO_TOK;
	}
	for (i = n; i-- > 0;) { /* children in token order */
		int32_t h = doc->deps.v[i].head;

		if (h >= 0 && (uint32_t)h < n && (uint32_t)h != i) {
			t->sib[i] = t->kid[h];
			t->kid[h] = i;
		}
	}
	for (i = 0; i < n; i++) { /* subtree extents: each token widens its ancestors */
		int32_t h = doc->deps.v[i].head;
		uint32_t k = 0;

		while (h >= 0 && (uint32_t)h < n && k++ < 200) {
			if (t->lo[h] > i)
				t->lo[h] = i;
			if (t->hi[h] < i)
				t->hi[h] = i;
			h = doc->deps.v[h].head;
		}
	}
	return QASID_OK;
}

/* ---- feature helpers ---- */

static uint64_t hs(const char *s)
{
	return tg_hash(s, strlen(s));
}

static int learned_rate(const char *low)
{
	size_t a = 0, b = quo_n_learned_cues;

	while (a < b) {
		size_t m = (a + b) / 2;
		int c = strcmp(quo_learned_cues[m].w, low);

		if (!c)
			return quo_learned_cues[m].rate;
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	return -1;
}

/* A crude stem: the word less -s, -es, -ed, -ing, -ion (groups inflections). */
static uint64_t stem_hash(const char *low)
{
	size_t n = strlen(low);
	static const char *const suf[] = {"ings", "ing", "ions", "ion", "ies", "ied", "es", "ed", "s", "e"};
	size_t k;

	for (k = 0; k < sizeof suf / sizeof suf[0]; k++) {
		size_t m = strlen(suf[k]);

		if (n > m + 2 && !strcmp(low + n - m, suf[k]))
			return tg_hash(low, n - m);
	}
	return tg_hash(low, n);
}

static const char *rel_of(const quo_tree *t, uint32_t i)
{
	return i < t->n ? t->deps[i].rel : "";
}

int qm_is_candidate(const quo_view *v, const quo_tree *t, uint32_t i)
{
	const char *u = v->t[i].upos;

	if (i >= t->n || !t->deps[i].rel[0] || v->t[i].qmark)
		return 0;
	if (i > 0 && qv_glued_hyphen(v, i - 1))
		return 0; /* "so-called", "self-professed", "U.S.-backed": a modifier */
	return !strcmp(u, "VERB") || !strcmp(u, "NOUN") || !strcmp(u, "ADJ") ||
	       qv_is(v, i, "according");
}

enum { F_BIAS = 1, F_W, F_STEM, F_UPOS, F_XPOS, F_WX, F_REL, F_RELW, F_RELHP, F_HW, F_KID,
       F_KIDW, F_KIDWORD, F_KIDU, F_RATE, F_RATEU, F_BITS, F_INQ, F_PREV, F_NEXT, F_PREVU,
       F_NEXTU, F_NEXTW, F_STEMREL, F_STEMKID, F_NKID, F_HREL, F_CL, F_CLREL, F_CLKID,
       F_KIDKIND, F_SS, F_SSREL, F_SSKID, F_SSKIDS };

static uint32_t add_f(uint64_t *f, uint32_t n, uint32_t cap, uint64_t x)
{
	if (n < cap)
		f[n++] = x;
	return n;
}

/*
 * A word's WordNet classes for its part of speech: the first two verb
 * classes of a verb, else the first two noun classes (0 when none).
 */
static void senses_of(const qv_tok *w, uint32_t s[2])
{
	if (!strcmp(w->upos, "VERB") || !strcmp(w->upos, "AUX")) {
		s[0] = QS_VERB1(w->senses);
		s[1] = QS_VERB2(w->senses);
	} else {
		s[0] = QS_NOUN1(w->senses);
		s[1] = QS_NOUN2(w->senses);
	}
}

/* A word's kind: its named-entity type, "PRP" for a personal pronoun, else its UPOS. */
static const char *kind_of(const quo_view *v, uint32_t k)
{
	if (v->t[k].ner >= 0 && (size_t)v->t[k].ner < v->doc->mentions.n)
		return v->doc->mentions.v[v->t[k].ner].type;
	return !strcmp(v->t[k].xpos, "PRP") ? "PRP" : v->t[k].upos;
}

uint32_t qm_cue_features(const quo_view *v, const quo_tree *t, uint32_t i, uint64_t *f,
                         uint32_t cap)
{
	const qv_tok *w = &v->t[i];
	uint64_t lw = hs(w->low), st = stem_hash(w->low), up = hs(w->upos), rel = hs(rel_of(t, i));
	int32_t h = t->deps[i].head;
	int rate = learned_rate(w->low);
	uint32_t n = 0, k, nk = 0;

	n = add_f(f, n, cap, pc_f1(F_BIAS, 1));
	n = add_f(f, n, cap, pc_f1(F_W, lw));
	n = add_f(f, n, cap, pc_f1(F_STEM, st));
	n = add_f(f, n, cap, pc_f1(F_UPOS, up));
	n = add_f(f, n, cap, pc_f1(F_XPOS, hs(w->xpos)));
	n = add_f(f, n, cap, pc_f2(F_WX, lw, hs(w->xpos)));
	n = add_f(f, n, cap, pc_f2(F_REL, rel, up));
	n = add_f(f, n, cap, pc_f2(F_RELW, rel, lw));
	n = add_f(f, n, cap, pc_f2(F_STEMREL, rel, st));
	if (h >= 0) {
		n = add_f(f, n, cap, pc_f2(F_RELHP, rel, hs(v->t[h].upos)));
		n = add_f(f, n, cap, pc_f2(F_HW, rel, hs(v->t[h].low)));
		n = add_f(f, n, cap, pc_f2(F_HREL, hs(rel_of(t, (uint32_t)h)), lw));
	}
	for (k = t->kid[i]; k != NO_TOK; k = t->sib[k]) {
		uint64_t kr = hs(rel_of(t, k));

		if (!strcmp(rel_of(t, k), "punct"))
			continue;
		nk++;
		n = add_f(f, n, cap, pc_f2(F_KID, kr, k < i));
		n = add_f(f, n, cap, pc_f2(F_KIDW, kr, lw));
		n = add_f(f, n, cap, pc_f2(F_STEMKID, kr, st));
		n = add_f(f, n, cap, pc_f2(F_KIDU, kr, up));
		n = add_f(f, n, cap, pc_f2(F_KIDWORD, kr, hs(v->t[k].low)));
		/* what kind of thing the dependent is: a person, a group, a pronoun */
		n = add_f(f, n, cap, pc_f2(F_KIDKIND, kr, hs(kind_of(v, k))));
	}
	n = add_f(f, n, cap, pc_f2(F_NKID, nk > 4 ? 4 : nk, up));
	/*
	 * The word's cluster (prefixes of its path, as the taggers use them):
	 * words that share neighbours with cues seen in training, such as
	 * "hypothesized" beside "suggested", weigh alike.
	 */
	if (w->cluster) {
		static const uint32_t len[] = {4, 6, 10, 20};

		for (k = 0; k < 4; k++)
			n = add_f(f, n, cap, pc_f2(F_CL, tg_cluster_prefix(w->cluster, len[k]), up));
		n = add_f(f, n, cap, pc_f2(F_CLREL, tg_cluster_prefix(w->cluster, 10), rel));
		for (k = t->kid[i]; k != NO_TOK; k = t->sib[k])
			if (strcmp(rel_of(t, k), "punct"))
				n = add_f(f, n, cap, pc_f2(F_CLKID, tg_cluster_prefix(w->cluster, 10),
				                           hs(rel_of(t, k))));
	}
	/*
	 * Its WordNet classes ("bemoaned": verb.communication, "disdain":
	 * noun.feeling), alone and with its relation and dependents, and its
	 * dependents' classes ("sent a letter": noun.communication).
	 */
	{
		uint32_t ss[2];

		senses_of(w, ss);
		if (ss[0]) {
			n = add_f(f, n, cap, pc_f2(F_SS, ss[0], up));
			n = add_f(f, n, cap, pc_f2(F_SS, ss[1] << 8 | ss[0], up));
			n = add_f(f, n, cap, pc_f2(F_SSREL, ss[0], rel));
		}
		for (k = t->kid[i]; k != NO_TOK; k = t->sib[k]) {
			uint32_t ks[2];

			if (!strcmp(rel_of(t, k), "punct"))
				continue;
			if (ss[0])
				n = add_f(f, n, cap, pc_f2(F_SSKID, ss[0], hs(rel_of(t, k))));
			senses_of(&v->t[k], ks);
			if (ks[0])
				n = add_f(f, n, cap, pc_f2(F_SSKIDS, ks[0], hs(rel_of(t, k))));
		}
	}
	n = add_f(f, n, cap, pc_f1(F_RATE, rate < 0 ? 999 : rate / 10));
	n = add_f(f, n, cap, pc_f2(F_RATEU, rate < 0 ? 999 : rate / 10, up));
	n = add_f(f, n, cap, pc_f2(F_BITS, w->cue & 0xFF, up));
	n = add_f(f, n, cap, pc_f1(F_INQ, w->inq >= 0));
	if (i > 0) {
		n = add_f(f, n, cap, pc_f2(F_PREV, hs(v->t[i - 1].low), up));
		n = add_f(f, n, cap, pc_f1(F_PREVU, hs(v->t[i - 1].upos)));
	}
	if (i + 1 < v->n) {
		n = add_f(f, n, cap, pc_f2(F_NEXT, hs(v->t[i + 1].low), up));
		n = add_f(f, n, cap, pc_f1(F_NEXTU, hs(v->t[i + 1].upos)));
		n = add_f(f, n, cap, pc_f2(F_NEXTW, hs(v->t[i + 1].low), lw));
	}
	return n;
}

/* ---- role candidates ---- */

static void cand_trim(const quo_view *v, qm_cand *c)
{
	int p;

	for (p = 0; p < 2; p++) {
		uint32_t *a = p ? &c->a1 : &c->a0, *b = p ? &c->b1 : &c->b0;

		if (*a == NO_TOK)
			continue;
		while (*a <= *b && qv_punct(v, *a) && !v->t[*a].qmark)
			(*a)++;
		while (*b >= *a && *b != NO_TOK && qv_punct(v, *b) && !v->t[*b].qmark)
			(*b)--;
		if (*a > *b || *b == NO_TOK)
			*a = *b = NO_TOK;
	}
	if (c->a0 == NO_TOK && c->a1 != NO_TOK) {
		c->a0 = c->a1;
		c->b0 = c->b1;
		c->a1 = c->b1 = NO_TOK;
	}
}

static int push_cand(const quo_view *v, qm_cand *out, int n, int max, qm_cand c)
{
	cand_trim(v, &c);
	if (n >= max || c.a0 == NO_TOK)
		return n;
	out[n] = c;
	return n + 1;
}

/* The span [lo, hi] of subtree x less the subtree of y inside it. */
static qm_cand minus(const quo_tree *t, uint32_t x, uint32_t y)
{
	qm_cand c = {NO_TOK, NO_TOK, NO_TOK, NO_TOK, 0, 0, 0};

	if (t->lo[y] > t->lo[x]) {
		c.a0 = t->lo[x];
		c.b0 = t->lo[y] - 1;
	}
	if (t->hi[y] < t->hi[x]) {
		if (c.a0 == NO_TOK) {
			c.a0 = t->hi[y] + 1;
			c.b0 = t->hi[x];
		} else {
			c.a1 = t->hi[y] + 1;
			c.b1 = t->hi[x];
		}
	}
	return c;
}

enum { K_CHILD = 1, K_CHILD_T, K_RIGHT, K_RIGHT_T, K_HEAD, K_SIB, K_SIB_T, K_GRAND };

int qm_candidates(const quo_view *v, const quo_tree *t, uint32_t c, qm_cand *out, int max)
{
	int n = 0, m, j;
	uint32_t k, first_r = NO_TOK, last_r = NO_TOK;
	int32_t h = t->deps[c].head;

	for (k = t->kid[c]; k != NO_TOK; k = t->sib[k]) {
		qm_cand x = {t->lo[k], t->hi[k], NO_TOK, NO_TOK, K_CHILD, k, 0};

		if (!strcmp(rel_of(t, k), "punct"))
			continue;
		n = push_cand(v, out, n, max, x);
		if (k > c) {
			if (first_r == NO_TOK)
				first_r = k;
			last_r = k;
		}
	}
	if (first_r != NO_TOK && first_r != last_r) {
		qm_cand x = {t->lo[first_r], t->hi[last_r], NO_TOK, NO_TOK, K_RIGHT, first_r, 0};

		n = push_cand(v, out, n, max, x);
	}
	if (h >= 0) {
		qm_cand x = minus(t, (uint32_t)h, c);
		int32_t g = t->deps[h].head;

		x.kind = K_HEAD;
		x.head = (uint32_t)h;
		n = push_cand(v, out, n, max, x);
		for (k = t->kid[h]; k != NO_TOK; k = t->sib[k]) {
			qm_cand y = {t->lo[k], t->hi[k], NO_TOK, NO_TOK, K_SIB, k, 0};

			if (k == c || !strcmp(rel_of(t, k), "punct"))
				continue;
			n = push_cand(v, out, n, max, y);
		}
		if (g >= 0) {
			qm_cand y = minus(t, (uint32_t)g, (uint32_t)h);

			y.kind = K_GRAND;
			y.head = (uint32_t)g;
			n = push_cand(v, out, n, max, y);
		}
	}
	/* the same spans without a leading preposition or complementiser */
	m = n;
	for (j = 0; j < m; j++) {
		qm_cand y = out[j];
		uint32_t a = y.a0;

		if (y.a1 != NO_TOK || (y.kind != K_CHILD && y.kind != K_RIGHT && y.kind != K_SIB) ||
		    a == y.head || a == c || a >= t->n)
			continue;
		/* a preposition may be the cue's ("talked about"); a complementiser
		   ("that", "to", "whether") opens the content, as PolNeAR marks it */
		if (strcmp(rel_of(t, a), "case") &&
		    (strcmp(rel_of(t, a), "mark") || qv_is(v, a, "that") || qv_is(v, a, "to") ||
		     qv_is(v, a, "whether") || qv_is(v, a, "if")))
			continue;
		y.a0 = a + 1;
		y.kind = y.kind == K_CHILD ? K_CHILD_T : y.kind == K_RIGHT ? K_RIGHT_T : K_SIB_T;
		y.trimmed = 1;
		n = push_cand(v, out, n, max, y);
	}
	return n;
}

enum { G_KIND = 40, G_KREL, G_KRELW, G_KRELU, G_KCREL, G_KHU, G_KHW, G_KFIRST, G_KDIR, G_KLEN,
       G_KQ, G_KPRON, G_KNER, G_KRELSTEM, G_KRELDIR, G_KCRELREL, G_KLAST, G_KCL, G_KTOP, G_KTOPLAST,
       G_KNEXT, G_KNTOP, G_KKIND, G_KSS, G_KHSS };

uint32_t qm_role_features(const quo_view *v, const quo_tree *t, uint32_t c, const qm_cand *x,
                          uint64_t *f, uint32_t cap)
{
	uint64_t kind = x->kind, cw = hs(v->t[c].low), cu = hs(v->t[c].upos), crel = hs(rel_of(t, c));
	uint64_t hr = hs(rel_of(t, x->head)), hu = hs(v->t[x->head].upos);
	uint64_t kr = pc_f2(G_KREL, kind, hr);
	uint32_t n = 0, len = x->b0 - x->a0 + 1 + (x->a1 != NO_TOK ? x->b1 - x->a1 + 1 : 0), k;
	int dir = x->a0 > c ? 1 : x->a1 != NO_TOK && x->a1 > c ? 2 : 0, q = 0;
	uint32_t last = x->a1 != NO_TOK ? x->b1 : x->b0;

	for (k = x->a0; k <= x->b0 && !q; k++)
		q = v->t[k].qmark != 0;
	n = add_f(f, n, cap, pc_f1(F_BIAS, 1));
	n = add_f(f, n, cap, pc_f1(G_KIND, kind));
	n = add_f(f, n, cap, kr);
	n = add_f(f, n, cap, pc_f2(G_KRELW, kr, cw));
	n = add_f(f, n, cap, pc_f2(G_KRELSTEM, kr, stem_hash(v->t[c].low)));
	n = add_f(f, n, cap, pc_f2(G_KRELU, kr, cu));
	n = add_f(f, n, cap, pc_f2(G_KCREL, kind, crel));
	n = add_f(f, n, cap, pc_f2(G_KCRELREL, kr, crel));
	n = add_f(f, n, cap, pc_f2(G_KHU, kr, hu));
	n = add_f(f, n, cap, pc_f2(G_KHW, kind, hs(v->t[x->head].low)));
	n = add_f(f, n, cap, pc_f2(G_KFIRST, kind, hs(v->t[x->a0].low)));
	n = add_f(f, n, cap, pc_f2(G_KLAST, kind, hs(v->t[last].upos)));
	n = add_f(f, n, cap, pc_f2(G_KDIR, kind, (uint64_t)dir));
	n = add_f(f, n, cap, pc_f2(G_KRELDIR, kr, (uint64_t)dir));
	n = add_f(f, n, cap, pc_f2(G_KLEN, kind, len < 2 ? 0 : len < 4 ? 1 : len < 8 ? 2 : len < 16 ? 3 : 4));
	n = add_f(f, n, cap, pc_f2(G_KQ, kind, (uint64_t)q));
	n = add_f(f, n, cap, pc_f2(G_KPRON, kr, !strcmp(v->t[x->head].xpos, "PRP")));
	n = add_f(f, n, cap, pc_f2(G_KNER, kr, v->t[x->head].ner >= 0));
	n = add_f(f, n, cap, pc_f2(G_KKIND, kr, hs(kind_of(v, x->head))));
	if (v->t[c].cluster)
		n = add_f(f, n, cap, pc_f2(G_KCL, kr, tg_cluster_prefix(v->t[c].cluster, 10)));
	{
		/* the cue's WordNet class, and the span head's ("spokesman": noun.person) */
		uint32_t ss[2];

		senses_of(&v->t[c], ss);
		if (ss[0])
			n = add_f(f, n, cap, pc_f2(G_KSS, kr, ss[0]));
		senses_of(&v->t[x->head], ss);
		if (ss[0])
			n = add_f(f, n, cap, pc_f2(G_KHSS, kr, ss[0]));
	}
	{
		/*
		 * The span's top words (their heads outside it): what it is made of
		 * ("him" + "on Capitol Hill" + "on Thursday": obj, obl, obl), the
		 * last of them, and what follows the span.
		 */
		uint32_t ntop = 0, nxt = last + 1;
		uint64_t lr = 0;

		for (int p = 0; p < 2; p++) {
			uint32_t a = p ? x->a1 : x->a0, b = p ? x->b1 : x->b0;

			if (a == NO_TOK)
				continue;
			for (k = a; k <= b; k++) {
				int32_t h = t->deps[k].head;
				int in = h >= 0 && (((uint32_t)h >= x->a0 && (uint32_t)h <= x->b0) ||
				                    (x->a1 != NO_TOK && (uint32_t)h >= x->a1 &&
				                     (uint32_t)h <= x->b1));

				if (in || !strcmp(rel_of(t, k), "punct"))
					continue;
				ntop++;
				lr = hs(rel_of(t, k));
				if (ntop <= 6)
					n = add_f(f, n, cap, pc_f2(G_KTOP, kind, lr));
			}
		}
		if (ntop)
			n = add_f(f, n, cap, pc_f2(G_KTOPLAST, kind, lr));
		n = add_f(f, n, cap, pc_f2(G_KNTOP, kind, ntop > 3 ? 3 : ntop));
		if (nxt >= v->n || v->t[nxt].sent != v->t[last].sent)
			n = add_f(f, n, cap, pc_f2(G_KNEXT, kind, 1));
		else if (qv_punct(v, nxt))
			n = add_f(f, n, cap, pc_f2(G_KNEXT, kind, hs(v->t[nxt].low)));
		else
			n = add_f(f, n, cap, pc_f2(G_KNEXT, kind, hs(v->t[nxt].upos)));
	}
	return n;
}

/* ---- scoring ---- */

int qm_cue_yes(const qasid_quote_model *qm, const quo_view *v, const quo_tree *t, uint32_t i)
{
	uint64_t f[QM_MAX_FEATS];
	int32_t s[16];
	uint32_t nf = qm_cue_features(v, t, i, f, QM_MAX_FEATS);

	memset(s, 0, sizeof s);
	pc_model_score(&qm->cue, f, nf, s);
	return (float)(s[1] - s[0]) * qm->cue.scale > qm->thr;
}

int qm_roles(const qasid_quote_model *qm, const quo_view *v, const quo_tree *t, uint32_t c,
             qm_cand *content, qm_cand *source)
{
	qm_cand x[QM_MAX_CANDS];
	uint64_t f[QM_MAX_FEATS];
	int n = qm_candidates(v, t, c, x, QM_MAX_CANDS), j, bc = -1, bs = -1;
	int32_t mc = 0, ms = 0;

	for (j = 0; j < n; j++) {
		int32_t s[16];
		uint32_t nf = qm_role_features(v, t, c, &x[j], f, QM_MAX_FEATS);
		int32_t oc, os;

		memset(s, 0, sizeof s);
		pc_model_score(&qm->role, f, nf, s);
		oc = s[QM_CONTENT] - s[QM_NONE];
		os = s[QM_SOURCE] - s[QM_NONE];
		if (bc < 0 || oc > mc) {
			bc = j;
			mc = oc;
		}
		if (os > 0 && (bs < 0 || os > ms)) {
			bs = j;
			ms = os;
		}
	}
	if (bc < 0)
		return 0;
	*content = x[bc];
	source->a0 = NO_TOK;
	if (bs >= 0 && bs != bc) {
		const qm_cand *s = &x[bs];
		uint32_t s_last = s->a1 != NO_TOK ? s->b1 : s->b0;
		uint32_t c_last = content->a1 != NO_TOK ? content->b1 : content->b0;

		if (s_last < content->a0 || s->a0 > c_last || content->a1 != NO_TOK)
			*source = *s;
	}
	return 1;
}

int qm_wants(const qasid_quote_model *qm, const char *low)
{
	return tg_lex_get(&qm->vocab, hs(low)) != 0;
}

/* ---- files ---- */

static int qm_write(const qasid_quote_model *m, const char *path, qasid_err *err)
{
	mdl_w w;
	int rc;

	mdl_w_init(&w);
	mdl_w_begin(&w, "QSET");
	mdl_w_f32(&w, m->thr);
	mdl_w_str(&w, m->info);
	mdl_w_end(&w);
	tg_lex_write(&m->vocab, &w, "VOCB");
	pc_model_write(&m->cue, &w, 'C');
	pc_model_write(&m->role, &w, 'R');
	rc = mdl_w_save(&w, "QUO1", path, err);
	mdl_w_fini(&w);
	return rc;
}

void qasid_quote_model_free(qasid_quote_model *m)
{
	if (!m)
		return;
	pc_model_free(&m->cue);
	pc_model_free(&m->role);
	tg_lex_fini(&m->vocab);
	qs_free(m);
}

int qasid_quote_model_load(qasid_quote_model **out, const char *path, qasid_err *err)
{
	qasid_quote_model *m = qs_malloc(sizeof *m);
	mdl_file f;
	const unsigned char *p;
	const char *s;
	size_t n;
	mdl_rd r;
	int rc;

	*out = NULL;
	if (!m)
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
	memset(m, 0, sizeof *m);
	if ((rc = mdl_open(&f, path, "QUO1", err))) {
		qs_free(m);
		return rc;
	}
	if (!(rc = mdl_chunk(&f, "QSET", &p, &n, err))) {
		mdl_rd_init(&r, p, n);
		m->thr = mdl_f32(&r);
		s = mdl_str(&r);
		if (r.bad || !s)
			rc = err_set(err, QASID_EMODEL, 0, "%s: corrupt QSET chunk", path);
		else
			snprintf(m->info, sizeof m->info, "%s", s);
	}
	if (!rc)
		rc = tg_lex_read(&m->vocab, &f, "VOCB", err);
	if (!rc)
		rc = pc_model_read(&m->cue, &f, 'C', 2, err);
	if (!rc)
		rc = pc_model_read(&m->role, &f, 'R', QM_N_ROLES, err);
	mdl_close(&f);
	if (rc) {
		qasid_quote_model_free(m);
		return rc;
	}
	*out = m;
	return QASID_OK;
}

const char *qasid_quote_model_info(const qasid_quote_model *m)
{
	return m->info;
}

int qasid_quote_model_dump(const qasid_quote_model *m, qasid_write_fn w, void *ud)
{
	buf b = {0};
	int rc = QASID_OK;

	rc |= buf_printf(&b, "task\tQUO1\nformat\tQSDM version %u\ninfo\t%s\n", MDL_VERSION, m->info);
	rc |= buf_printf(&b, "cue threshold\t%g\nwords to parse for\t%zu\n", (double)m->thr, m->vocab.n);
	rc |= buf_printf(&b, "cue weights\t%u features, %u weights, scale %g\n", m->cue.n_feats,
	                 m->cue.n_entries, (double)m->cue.scale);
	rc |= buf_printf(&b, "role weights\t%u features, %u weights, scale %g\n", m->role.n_feats,
	                 m->role.n_entries, (double)m->role.scale);
	return buf_flush_to(&b, rc, w, ud);
}

/* ---- training ---- */

typedef struct qm_ex {
	size_t f0;
	uint32_t nf;
	uint16_t label;
} qm_ex;

/* The candidate spans of one gold cue: role examples [first, first + n), the gold ones (-1: none). */
typedef struct qm_group {
	size_t first;
	int n, content, source;
} qm_group;

struct qasid_quote_trainer {
	VEC(uint64_t) f;
	VEC(qm_ex) cue;
	VEC(qm_ex) role;
	VEC(qm_group) groups;
	tg_lex vocab; /* word -> times it headed a gold cue */
	tg_lex occ;   /* word -> times it was a candidate */
	size_t n_rels, n_cue_found, n_content_ok, n_source_ok, n_source;
};

int qasid_quote_trainer_new(qasid_quote_trainer **out)
{
	*out = qs_malloc(sizeof **out);
	if (!*out)
		return QASID_ENOMEM;
	memset(*out, 0, sizeof **out);
	return QASID_OK;
}

void qasid_quote_trainer_free(qasid_quote_trainer *t)
{
	if (!t)
		return;
	VEC_FREE(&t->f);
	VEC_FREE(&t->cue);
	VEC_FREE(&t->role);
	VEC_FREE(&t->groups);
	tg_lex_fini(&t->vocab);
	tg_lex_fini(&t->occ);
	qs_free(t);
}

static int push_ex(qasid_quote_trainer *tr, void *vec, const uint64_t *f, uint32_t nf, uint16_t label)
{
	VEC(qm_ex) *ev = vec;
	qm_ex e = {tr->f.n, nf, label};
	uint32_t k;

	if (VEC_RESERVE(&tr->f, tr->f.n + nf))
		return QASID_ENOMEM;
	for (k = 0; k < nf; k++)
		tr->f.v[tr->f.n++] = f[k];
	return VEC_PUSH(ev, e);
}

static int in_list(const uint32_t *l, uint32_t n, uint32_t x)
{
	uint32_t k;

	for (k = 0; k < n; k++)
		if (l[k] == x)
			return 1;
	return 0;
}

/* Dice of the candidate's words with the gold token list (punctuation left out of both). */
static double cand_dice(const quo_view *v, const qm_cand *x, const uint32_t *g, uint32_t ng)
{
	uint32_t a = 0, b = 0, both = 0, k, p;

	for (k = 0; k < ng; k++)
		if (g[k] < v->n && !qv_punct(v, g[k]))
			b++;
	for (p = 0; p < 2; p++) {
		uint32_t lo = p ? x->a1 : x->a0, hi = p ? x->b1 : x->b0;

		if (lo == NO_TOK)
			continue;
		for (k = lo; k <= hi; k++)
			if (!qv_punct(v, k)) {
				a++;
				both += in_list(g, ng, k);
			}
	}
	return a + b ? 2.0 * both / (a + b) : 0;
}

static uint32_t depth(const quo_tree *t, uint32_t i)
{
	uint32_t d = 0;
	int32_t h = t->deps[i].head;

	while (h >= 0 && d < 200) {
		h = t->deps[h].head;
		d++;
	}
	return d;
}

int qasid_quote_trainer_add(qasid_quote_trainer *tr, const qasid_doc *doc,
                            const qasid_quote_gold *g, size_t n_gold, qasid_err *err)
{
	quo_view v;
	quo_tree t;
	uint8_t *is_cue = NULL;
	uint32_t *head_of = NULL;
	uint64_t f[QM_MAX_FEATS];
	qm_cand x[QM_MAX_CANDS];
	size_t r;
	uint32_t i;
	int rc;

	if (!doc->deps.n || !doc->pos.n)
		return err_set(err, QASID_EINVAL, 0, "quote training needs tagged and parsed text");
	if ((rc = qv_build(&v, doc)))
		return err_set(err, rc, 0, "%s", qasid_strerror(rc));
	if ((rc = qt_build(&t, doc)))
		goto out;
	rc = QASID_ENOMEM;
	is_cue = qs_malloc(v.n + 1);
	head_of = qs_malloc((n_gold + 1) * sizeof *head_of);
	if (!is_cue || !head_of)
		goto out;
	memset(is_cue, 0, v.n + 1);
	for (r = 0; r < n_gold; r++) { /* each relation's cue head: its highest candidate word */
		uint32_t best = NO_TOK, k;

		head_of[r] = NO_TOK;
		for (k = 0; k < g[r].n_cue; k++) {
			uint32_t c = g[r].cue[k];
			int32_t h;

			if (c >= v.n || !qm_is_candidate(&v, &t, c))
				continue;
			h = t.deps[c].head;
			if (h >= 0 && in_list(g[r].cue, g[r].n_cue, (uint32_t)h) &&
			    qm_is_candidate(&v, &t, (uint32_t)h))
				continue;
			if (best == NO_TOK || depth(&t, c) < depth(&t, best))
				best = c;
		}
		head_of[r] = best;
		tr->n_rels++;
		if (best != NO_TOK) {
			is_cue[best] = 1;
			tr->n_cue_found++;
			if ((rc = tg_lex_put(&tr->vocab, hs(v.t[best].low),
			                     tg_lex_get(&tr->vocab, hs(v.t[best].low)) + 1, 0)))
				goto out;
		}
	}
	for (i = 0; i < v.n; i++) {
		uint32_t nf;

		if (!qm_is_candidate(&v, &t, i))
			continue;
		if ((rc = tg_lex_put(&tr->occ, hs(v.t[i].low), tg_lex_get(&tr->occ, hs(v.t[i].low)) + 1, 0)))
			goto out;
		nf = qm_cue_features(&v, &t, i, f, QM_MAX_FEATS);
		if ((rc = push_ex(tr, &tr->cue, f, nf, is_cue[i])))
			goto out;
	}
	for (r = 0; r < n_gold; r++) {
		uint32_t c = head_of[r];
		int n, j, bc = -1, bs = -1;
		double dc = 0.5, ds = 0.5;

		if (c == NO_TOK)
			continue;
		n = qm_candidates(&v, &t, c, x, QM_MAX_CANDS);
		for (j = 0; j < n; j++) {
			double d = cand_dice(&v, &x[j], g[r].content, g[r].n_content);

			if (d > dc || (d == dc && bc < 0)) {
				dc = d;
				bc = j;
			}
			if (g[r].n_source) {
				d = cand_dice(&v, &x[j], g[r].source, g[r].n_source);
				if (d > ds || (d == ds && bs < 0)) {
					ds = d;
					bs = j;
				}
			}
		}
		tr->n_content_ok += bc >= 0;
		tr->n_source += g[r].n_source > 0;
		tr->n_source_ok += bs >= 0 && bs != bc;
		{
			qm_group gr = {tr->role.n, n, bc, bs != bc ? bs : -1};

			if ((rc = VEC_PUSH(&tr->groups, gr)))
				goto out;
		}
		for (j = 0; j < n; j++) {
			uint32_t nf = qm_role_features(&v, &t, c, &x[j], f, QM_MAX_FEATS);
			uint16_t label = j == bc ? QM_CONTENT : j == bs ? QM_SOURCE : QM_NONE;

			if ((rc = push_ex(tr, &tr->role, f, nf, label)))
				goto out;
		}
	}
	rc = QASID_OK;
out:
	qs_free(is_cue);
	qs_free(head_of);
	qt_fini(&t);
	qv_fini(&v);
	if (rc)
		return err_set(err, rc, 0, "%s", qasid_strerror(rc));
	return QASID_OK;
}

static uint64_t rng_step(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Epochs of the multiclass perceptron over examples e[0..n), in a fixed shuffled order. */
static int train_mc(const qasid_quote_trainer *tr, const qm_ex *e, size_t n, uint32_t n_labels,
                    int epochs, uint64_t seed, pc_mc **outmc, double *acc)
{
	pc_mc *mc = NULL;
	size_t *order = NULL, i, right = 0;
	uint64_t rng = 0x9E3779B97F4A7C15ULL ^ seed;
	float scores[16];
	int ep, rc;

	if ((rc = pc_mc_new(&mc, n_labels)))
		return rc;
	order = qs_malloc((n + 1) * sizeof *order);
	if (!order) {
		pc_mc_free(mc);
		return QASID_ENOMEM;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	for (ep = 0; ep < epochs; ep++) {
		right = 0;
		for (i = n; i > 1; i--) {
			size_t j = (size_t)(rng_step(&rng) % i), x = order[i - 1];

			order[i - 1] = order[j];
			order[j] = x;
		}
		for (i = 0; i < n; i++) {
			const qm_ex *x = &e[order[i]];
			uint32_t l, pred = 0;

			memset(scores, 0, sizeof scores);
			pc_mc_score(mc, tr->f.v + x->f0, x->nf, scores);
			for (l = 1; l < n_labels; l++)
				if (scores[l] > scores[pred])
					pred = l;
			if (pred != x->label) {
				if ((rc = pc_mc_update(mc, tr->f.v + x->f0, x->nf, x->label, pred)))
					goto out;
			} else {
				right++;
			}
			pc_mc_tick(mc);
		}
	}
	*acc = n ? 100.0 * (double)right / (double)n : 0;
	*outmc = mc;
	mc = NULL;
out:
	qs_free(order);
	pc_mc_free(mc);
	return rc;
}

/* The margin of label l over QM_NONE for example x under the current weights. */
static float rank_score(pc_mc *mc, const qasid_quote_trainer *tr, const qm_ex *x, uint32_t l)
{
	float sc[16];

	memset(sc, 0, sizeof sc);
	pc_mc_score(mc, tr->f.v + x->f0, x->nf, sc);
	return sc[l] - sc[QM_NONE];
}

/*
 * The role model as two rankers over each cue's candidate spans: the
 * content is the span of the highest content margin (label QM_CONTENT over
 * QM_NONE), the source the span of the highest source margin when that is
 * above 0. A wrong pick moves the gold span's features toward the label and
 * the picked one's away from it.
 */
static int train_rank(const qasid_quote_trainer *tr, int epochs, uint64_t seed, pc_mc **outmc,
                      double *acc)
{
	pc_mc *mc = NULL;
	size_t *order = NULL, i, n = tr->groups.n, right = 0, total = 0;
	uint64_t rng = 0x2545F4914F6CDD1DULL ^ seed;
	int ep, rc;

	if ((rc = pc_mc_new(&mc, QM_N_ROLES)))
		return rc;
	order = qs_malloc((n + 1) * sizeof *order);
	if (!order) {
		pc_mc_free(mc);
		return QASID_ENOMEM;
	}
	for (i = 0; i < n; i++)
		order[i] = i;
	for (ep = 0; ep < epochs; ep++) {
		right = total = 0;
		for (i = n; i > 1; i--) {
			size_t j = (size_t)(rng_step(&rng) % i), x = order[i - 1];

			order[i - 1] = order[j];
			order[j] = x;
		}
		for (i = 0; i < n; i++) {
			const qm_group *g = &tr->groups.v[order[i]];
			const qm_ex *e = tr->role.v + g->first;
			uint32_t l;

			for (l = QM_CONTENT; l <= QM_SOURCE; l++) {
				int gold = l == QM_CONTENT ? g->content : g->source, best = -1, j;
				float bs = 0;

				if (l == QM_CONTENT && gold < 0)
					continue;
				for (j = 0; j < g->n; j++) {
					float sc = rank_score(mc, tr, &e[j], l);

					if (best < 0 || sc > bs) {
						best = j;
						bs = sc;
					}
				}
				if (l == QM_SOURCE && bs <= 0)
					best = -1;
				total++;
				if (best == gold) {
					right++;
				} else {
					if (gold >= 0 && (rc = pc_mc_update(mc, tr->f.v + e[gold].f0, e[gold].nf, l,
					                                    QM_NONE)))
						goto out;
					if (best >= 0 && (rc = pc_mc_update(mc, tr->f.v + e[best].f0, e[best].nf,
					                                    QM_NONE, l)))
						goto out;
				}
				pc_mc_tick(mc);
			}
		}
	}
	*acc = total ? 100.0 * (double)right / (double)total : 0;
	*outmc = mc;
	mc = NULL;
out:
	qs_free(order);
	pc_mc_free(mc);
	return rc;
}

/*
 * The cue model (role 0) or the role model (1): with o->bags > 1, that
 * many perceptrons, each over its own shuffled order (the first the order
 * of a single one), their averaged weights averaged in turn.
 */
static int train_bagged(const qasid_quote_trainer *tr, const qasid_quote_train_opts *o, int role,
                        pc_model *out, double *acc)
{
	pc_mc *sum = NULL, *one = NULL;
	int b, bags = o->bags > 1 ? o->bags : 1, rc = QASID_OK;

	for (b = 0; b < bags && !rc; b++) {
		uint64_t seed = b ? 0xA24BAED4963EE407ULL * (uint64_t)b : 0;

		rc = role ? train_rank(tr, o->epochs, seed, &one, acc)
		          : train_mc(tr, tr->cue.v, tr->cue.n, 2, o->epochs, seed, &one, acc);
		if (rc)
			break;
		if (bags == 1) {
			sum = one;
		} else {
			if (!sum && (rc = pc_mc_new(&sum, role ? QM_N_ROLES : 2)))
				break;
			rc = pc_mc_merge(sum, one, 1.0 / bags);
			pc_mc_free(one);
		}
		one = NULL;
	}
	if (!rc)
		rc = pc_mc_model(sum, o->prune, out);
	pc_mc_free(one);
	pc_mc_free(sum);
	return rc;
}

void qasid_quote_train_defaults(qasid_quote_train_opts *o)
{
	o->epochs = 10;
	o->prune = 0.05;
	o->thr = 0;
	o->vocab_min = 2;
	o->vocab_rate = 5;
	o->bags = 1;
}

int qasid_quote_trainer_save(qasid_quote_trainer *tr, const qasid_quote_train_opts *o,
                             const char *path, char *report, size_t report_cap, qasid_err *err)
{
	qasid_quote_model m;
	double ca = 0, ra = 0;
	size_t k;
	int rc;

	memset(&m, 0, sizeof m);
	m.thr = (float)o->thr;
	/* the words worth parsing a sentence for: cue heads often enough, and in a share of their uses */
	for (k = 0; k < tr->vocab.cap; k++) {
		uint64_t key = tr->vocab.keys[k];
		uint32_t heads = key ? tr->vocab.vals[k] : 0, occ = key ? tg_lex_get(&tr->occ, key) : 0;

		if (heads >= o->vocab_min && 100.0 * heads >= o->vocab_rate * occ &&
		    (rc = tg_lex_put(&m.vocab, key, heads, 0)))
			goto fail;
	}
	if ((rc = train_bagged(tr, o, 0, &m.cue, &ca)) || (rc = train_bagged(tr, o, 1, &m.role, &ra)))
		goto fail;
	snprintf(m.info, sizeof m.info,
	         "PolNeAR train: %zu relations (%zu cue heads, %zu contents and %zu of %zu sources "
	         "among the spans), %zu cue and %zu role examples, %d epochs, %d bag%s, prune %g, "
	         "threshold %g, %zu words to parse for",
	         tr->n_rels, tr->n_cue_found, tr->n_content_ok, tr->n_source_ok, tr->n_source,
	         tr->cue.n, tr->role.n, o->epochs, o->bags > 1 ? o->bags : 1, o->bags > 1 ? "s" : "",
	         o->prune, o->thr, m.vocab.n);
	if (report)
		snprintf(report, report_cap, "%s; last epoch right: cue %.2f%%, role %.2f%%", m.info,
		         ca, ra);
	rc = qm_write(&m, path, err);
	pc_model_free(&m.cue);
	pc_model_free(&m.role);
	tg_lex_fini(&m.vocab);
	return rc;
fail:
	pc_model_free(&m.cue);
	pc_model_free(&m.role);
	tg_lex_fini(&m.vocab);
	return err_set(err, rc, 0, "%s", qasid_strerror(rc));
}
