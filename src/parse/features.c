/* SPDX-License-Identifier: MIT */
/*
 * Feature templates of the parser, after Zhang and Nivre (2011) adapted to
 * arc-hybrid: words (w), XPOS (p) and UPOS (u) of the stack top s0, s1, s2
 * and the buffer front b0, b1, b2; leftmost and rightmost children (l, r,
 * l2, r2) with their labels (L); distances, valencies and label sets; Brown
 * cluster prefixes (c4, c6) when the model has clusters. Each template has
 * a number; a feature is the hash of its number and its values.
 */
#include <string.h>

#include "dep.h"

static const dep_tok none_tok = {0x4e4f4e45ULL, 0x4e4f4e45ULL, 0x4e4f4e45ULL, 3, 3};

static inline uint64_t h3(uint32_t tmpl, uint64_t a, uint64_t b, uint64_t c)
{
	return pc_mix(pc_f2(tmpl, a, b) ^ c * 0xC2B2AE3D27D4EB4FULL);
}

/* Distance buckets: 1, 2, 3, 4, 5-9, 10+. */
static uint64_t dist(uint32_t a, uint32_t b)
{
	uint32_t d;

	if (a == DEP_NONE || b == DEP_NONE)
		return 99;
	d = a < b ? b - a : a - b;
	return d < 5 ? d : d < 10 ? 5 : 6;
}

void dep_tok_root(dep_tok *t)
{
	t->w = 0x524f4f54ULL;
	t->p = 0x524f4f54ULL;
	t->u = 0x524f4f54ULL;
	t->c4 = t->c6 = 2;
}

void dep_tok_fill(const dep_model *m, dep_tok *t, const char *word, size_t len, const char *upos,
                  const char *xpos)
{
	char low[TG_MAX_WORD + 8];
	size_t n = tg_lower(word, len < TG_MAX_WORD ? len : TG_MAX_WORD, low, sizeof low);

	t->w = tg_hash(low, n);
	t->p = tg_hash(xpos, strlen(xpos));
	t->u = tg_hash(upos, strlen(upos)) + 1;
	t->c4 = t->c6 = 1;
	if (m && (m->flags & DEPF_CLUSTERS)) {
		uint32_t v = tg_lex_get(&m->clusters, tg_hash(word, len));

		if (!v)
			v = tg_lex_get(&m->clusters, tg_hash(low, n));
		if (v) {
			t->c4 = tg_cluster_prefix(v, 4) + 7;
			t->c6 = tg_cluster_prefix(v, 8) + 7;
		}
	}
}

uint32_t dep_features(const dep_state *s, const dep_tok *t, uint32_t flags, uint64_t *f)
{
	uint32_t n = 0, k = 1;
	uint32_t i0 = s->stack[s->sp - 1];
	uint32_t i1 = s->sp >= 2 ? s->stack[s->sp - 2] : DEP_NONE;
	uint32_t i2 = s->sp >= 3 ? s->stack[s->sp - 3] : DEP_NONE;
	uint32_t j0 = s->b <= s->n ? s->b : DEP_NONE;
	uint32_t j1 = s->b + 1 <= s->n ? s->b + 1 : DEP_NONE;
	uint32_t j2 = s->b + 2 <= s->n ? s->b + 2 : DEP_NONE;
#define TK(i) ((i) == DEP_NONE ? &none_tok : &t[i])
#define CH(a, i) ((i) != DEP_NONE && s->a[i] ? s->a[i] : DEP_NONE)
#define LB(i) ((i) == DEP_NONE ? 0 : (uint64_t)s->rel[i] + 1)
	const dep_tok *S0 = TK(i0), *S1 = TK(i1), *S2 = TK(i2), *B0 = TK(j0), *B1 = TK(j1),
	              *B2 = TK(j2);
	uint32_t i0l = CH(lc1, i0), i0r = CH(rc1, i0), i0l2 = CH(lc2, i0), i0r2 = CH(rc2, i0);
	uint32_t j0l = CH(lc1, j0), j0l2 = CH(lc2, j0), i1l = CH(lc1, i1), i1r = CH(rc1, i1);
	const dep_tok *S0L = TK(i0l), *S0R = TK(i0r), *S0L2 = TK(i0l2), *S0R2 = TK(i0r2),
	              *B0L = TK(j0l), *B0L2 = TK(j0l2), *S1L = TK(i1l), *S1R = TK(i1r);
	uint64_t d0 = dist(i0, j0), d1 = dist(i1, i0);
	uint64_t s0nl = s->nl[i0], s0nr = s->nr[i0];
	uint64_t b0nl = j0 == DEP_NONE ? 99 : s->nl[j0];
	uint64_t s1nl = i1 == DEP_NONE ? 99 : s->nl[i1], s1nr = i1 == DEP_NONE ? 99 : s->nr[i1];
	uint64_t s0sl = s->lset[i0], s0sr = s->rset[i0], b0sl = j0 == DEP_NONE ? 1 : s->lset[j0];
#define F(a, b, c) (f[n++] = h3(k++, (a), (b), (c)))

	F(0, 0, 0); /* bias */
	/* single words */
	F(S0->w, 0, 0);
	F(S0->p, 0, 0);
	F(S0->w, S0->p, 0);
	F(S1->w, 0, 0);
	F(S1->p, 0, 0);
	F(S1->w, S1->p, 0);
	F(B0->w, 0, 0);
	F(B0->p, 0, 0);
	F(B0->w, B0->p, 0);
	F(B1->w, 0, 0);
	F(B1->p, 0, 0);
	F(B1->w, B1->p, 0);
	F(B2->w, 0, 0);
	F(B2->p, 0, 0);
	F(S2->p, 0, 0);
	F(S2->w, 0, 0);
	/* pairs */
	F(S0->w, S0->p, B0->w ^ B0->p * 31);
	F(S0->w, S0->p, B0->w);
	F(S0->w, B0->w, B0->p);
	F(S0->w, S0->p, B0->p);
	F(S0->p, B0->w, B0->p);
	F(S0->w, B0->w, 0);
	F(S0->p, B0->p, 0);
	F(B0->p, B1->p, 0);
	F(S1->w, S1->p, S0->w ^ S0->p * 31);
	F(S1->w, S0->w, 0);
	F(S1->p, S0->p, 0);
	F(S1->w, S1->p, S0->p);
	F(S1->p, S0->w, S0->p);
	F(S1->w, S0->p, 0);
	F(S1->p, S0->w, 0);
	F(S0->u, B0->u, 0);
	F(S1->u, S0->u, 0);
	F(B0->u, B1->u, 0);
	F(S1->p, B0->p, 0);
	F(S1->w, B0->w, 0);
	/* three tags */
	F(B0->p, B1->p, B2->p);
	F(S0->p, B0->p, B1->p);
	F(S1->p, S0->p, B0->p);
	F(S0->p, S0L->p, B0->p);
	F(S0->p, S0R->p, B0->p);
	F(S0->p, B0->p, B0L->p);
	F(S2->p, S1->p, S0->p);
	F(S1->p, S1R->p, S0->p);
	F(S1->p, S1L->p, S0->p);
	F(S1->p, S0->p, S0L->p);
	F(S1->p, S0->p, S0R->p);
	F(S0->w, B0->p, B1->p);
	F(S1->p, S0->w, B0->p);
	/* distance */
	F(S0->w, d0, 0);
	F(S0->p, d0, 0);
	F(B0->w, d0, 0);
	F(B0->p, d0, 0);
	F(S0->w, B0->w, d0);
	F(S0->p, B0->p, d0);
	F(S1->p, d1, 0);
	F(S1->w, d1, 0);
	F(S0->w, d1, 0);
	F(S1->p, S0->p, d1);
	F(S1->w, S0->w, d1);
	/* valency */
	F(S0->w, s0nr, 0);
	F(S0->p, s0nr, 0);
	F(S0->w, s0nl, 0);
	F(S0->p, s0nl, 0);
	F(B0->w, b0nl, 0);
	F(B0->p, b0nl, 0);
	F(S1->w, s1nr, 0);
	F(S1->p, s1nr, 0);
	F(S1->p, s1nl, 0);
	/* children */
	F(S0L->w, 0, 0);
	F(S0L->p, 0, 0);
	F(LB(i0l), 0, 0);
	F(S0R->w, 0, 0);
	F(S0R->p, 0, 0);
	F(LB(i0r), 0, 0);
	F(B0L->w, 0, 0);
	F(B0L->p, 0, 0);
	F(LB(j0l), 0, 0);
	F(S1L->w, 0, 0);
	F(S1L->p, 0, 0);
	F(LB(i1l), 0, 0);
	F(S1R->w, 0, 0);
	F(S1R->p, 0, 0);
	F(LB(i1r), 0, 0);
	F(S0->p, LB(i0l), LB(i0r));
	F(S1->p, LB(i1l), LB(i1r));
	F(B0->p, LB(j0l), 0);
	/* third order */
	F(S0L2->w, 0, 0);
	F(S0L2->p, 0, 0);
	F(LB(i0l2), 0, 0);
	F(S0R2->w, 0, 0);
	F(S0R2->p, 0, 0);
	F(LB(i0r2), 0, 0);
	F(B0L2->w, 0, 0);
	F(B0L2->p, 0, 0);
	F(LB(j0l2), 0, 0);
	F(S0->p, S0L->p, S0L2->p);
	F(S0->p, S0R->p, S0R2->p);
	F(B0->p, B0L->p, B0L2->p);
	F(S0->p, LB(i0l), LB(i0l2));
	F(S0->p, LB(i0r), LB(i0r2));
	F(B0->p, LB(j0l), LB(j0l2));
	/* label sets */
	F(S0->w, s0sr, 0);
	F(S0->p, s0sr, 0);
	F(S0->w, s0sl, 0);
	F(S0->p, s0sl, 0);
	F(B0->w, b0sl, 0);
	F(B0->p, b0sl, 0);
	if (flags & DEPF_CLUSTERS) {
		F(S0->c4, 0, 0);
		F(S0->c6, 0, 0);
		F(B0->c4, 0, 0);
		F(B0->c6, 0, 0);
		F(S1->c4, 0, 0);
		F(S1->c6, 0, 0);
		F(B1->c4, 0, 0);
		F(S0->c4, B0->c4, 0);
		F(S0->c6, B0->p, 0);
		F(S0->p, B0->c6, 0);
		F(S1->c4, S0->c4, 0);
		F(S1->c6, S0->p, 0);
		F(S1->p, S0->c6, 0);
		F(S0->c4, B0->c4, d0);
		F(S1->c4, S0->c4, d1);
	}
#undef F
#undef TK
#undef CH
#undef LB
	return n;
}
