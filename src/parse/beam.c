/* SPDX-License-Identifier: MIT */
/*
 * Beam search over arc-hybrid states, and its global training.
 *
 * Parsing keeps the B best partial parses (by the sum of their actions'
 * scores) at each step. Every parse of n words takes exactly 2n actions (n
 * shifts, n reductions), so the items of a beam always have the same length
 * and compare fairly.
 *
 * Training (Zhang and Clark 2008; Huang, Fayong and Guo 2012): the gold
 * action sequence (the static oracle: reduce as soon as it costs nothing,
 * else shift) is scored beside the beam with the current weights. When the
 * best parse at the end is not the gold one, the weights move at the step
 * where the best item beats the gold prefix by the most ("max-violation"):
 * toward each action of the gold prefix and away from each action of that
 * item, each with the features of the state it was taken in.
 */
#include <string.h>

#include "dep.h"

typedef struct bitem {
	dep_state s;
	void *mem;     /* the state's arrays */
	size_t mem_cap;
	uint32_t *acts; /* the actions taken, 2n at most */
	double score;
	int gold;       /* its actions are the gold prefix */
} bitem;

typedef struct cand {
	uint32_t item, action;
	double score;
} cand;

struct dep_beam {
	uint32_t width;
	bitem *cur, *next;
	uint32_t n_cur;
	cand *cands;
	uint32_t n_cands;
	size_t acts_cap;
	int32_t *isc;  /* quantised scores, padded as pc_model_score writes them */
	float *fsc;
	double *sc;
	/* training: the gold path's features, actions and prefix scores */
	uint64_t *gf;
	uint32_t *gnf, *gacts, *vacts;
	double *gps;
	size_t gold_cap;
	void *gmem;
	size_t gmem_cap;
};

static void items_free(bitem *v, uint32_t n)
{
	for (uint32_t i = 0; v && i < n; i++) {
		qs_free(v[i].mem);
		qs_free(v[i].acts);
	}
	qs_free(v);
}

void dep_beam_free(dep_beam *b)
{
	if (!b)
		return;
	items_free(b->cur, b->width);
	items_free(b->next, b->width);
	qs_free(b->cands);
	qs_free(b->isc);
	qs_free(b->fsc);
	qs_free(b->sc);
	qs_free(b->gf);
	qs_free(b->gnf);
	qs_free(b->gacts);
	qs_free(b->vacts);
	qs_free(b->gps);
	qs_free(b->gmem);
	qs_free(b);
}

int dep_beam_new(dep_beam **out, uint32_t width)
{
	dep_beam *b = qs_malloc(sizeof *b);
	size_t A = 2 * DEP_MAX_RELS + 1;

	*out = NULL;
	if (!b)
		return QASID_ENOMEM;
	memset(b, 0, sizeof *b);
	b->width = width ? width : 1;
	b->cur = qs_malloc(b->width * sizeof *b->cur);
	b->next = qs_malloc(b->width * sizeof *b->next);
	b->cands = qs_malloc(b->width * sizeof *b->cands);
	b->isc = qs_malloc(pc_stride((uint32_t)A) * sizeof *b->isc);
	b->fsc = qs_malloc(A * sizeof *b->fsc);
	b->sc = qs_malloc(A * sizeof *b->sc);
	if (!b->cur || !b->next || !b->cands || !b->isc || !b->fsc || !b->sc) {
		dep_beam_free(b);
		return QASID_ENOMEM;
	}
	memset(b->cur, 0, b->width * sizeof *b->cur);
	memset(b->next, 0, b->width * sizeof *b->next);
	*out = b;
	return QASID_OK;
}

/* Room for the actions of a sentence of n words in every item. */
static int reserve_acts(dep_beam *b, uint32_t n)
{
	size_t need = 2 * (size_t)n + 2;

	if (need <= b->acts_cap)
		return QASID_OK;
	for (uint32_t i = 0; i < b->width; i++) {
		uint32_t *c = qs_realloc(b->cur[i].acts, need * sizeof *c);

		if (!c)
			return QASID_ENOMEM;
		b->cur[i].acts = c;
		if (!(c = qs_realloc(b->next[i].acts, need * sizeof *c)))
			return QASID_ENOMEM;
		b->next[i].acts = c;
	}
	b->acts_cap = need;
	return QASID_OK;
}

/* The scores of an action set: from the model (parsing) or the trainer. */
typedef struct scorer {
	const pc_model *w;
	pc_mc *mc;
} scorer;

static void score(dep_beam *b, const scorer *sc, const uint64_t *f, uint32_t nf, uint32_t A)
{
	uint32_t a;

	if (sc->mc) {
		memset(b->fsc, 0, A * sizeof *b->fsc);
		pc_mc_score(sc->mc, f, nf, b->fsc);
		for (a = 0; a < A; a++)
			b->sc[a] = b->fsc[a];
	} else {
		memset(b->isc, 0, pc_stride(A) * sizeof *b->isc); /* padded, as scored */
		pc_model_score(sc->w, f, nf, b->isc);
		for (a = 0; a < A; a++)
			b->sc[a] = b->isc[a];
	}
}

/* Keeps the width best candidates, best first (the earlier one on a tie). */
static void cand_offer(dep_beam *b, uint32_t item, uint32_t action, double s)
{
	uint32_t k = b->n_cands;

	if (k == b->width) {
		if (s <= b->cands[k - 1].score)
			return;
		k--;
	} else {
		b->n_cands++;
	}
	while (k > 0 && b->cands[k - 1].score < s) {
		b->cands[k] = b->cands[k - 1];
		k--;
	}
	b->cands[k].item = item;
	b->cands[k].action = action;
	b->cands[k].score = s;
}

/*
 * One step: every item's legal actions scored, the width best kept. gold_next
 * is the gold action at this step (DEP_NONE when parsing). steps is the
 * number of actions taken so far.
 */
static int step(dep_beam *b, const dep_model *m, const dep_tok *tok, const scorer *sc,
                uint32_t steps, uint32_t gold_next)
{
	uint32_t A = 1 + 2 * m->n_rels, R = m->n_rels, i, a;
	uint64_t f[DEP_MAX_FEATS];
	bitem *t;
	int rc;

	b->n_cands = 0;
	for (i = 0; i < b->n_cur; i++) {
		const dep_state *s = &b->cur[i].s;
		uint32_t nf = dep_features(s, tok, m->flags, f);
		int sh = dep_legal(s, DEP_SHIFT), left = dep_legal(s, 1), right = dep_legal(s, 1 + R);

		score(b, sc, f, nf, A);
		for (a = 0; a < A; a++)
			if (a == DEP_SHIFT ? sh : a <= R ? left : right)
				cand_offer(b, i, a, b->cur[i].score + b->sc[a]);
	}
	for (i = 0; i < b->n_cands; i++) {
		const cand *c = &b->cands[i];
		const bitem *from = &b->cur[c->item];
		bitem *to = &b->next[i];

		if ((rc = dep_state_copy(&to->s, &from->s, &to->mem, &to->mem_cap)))
			return rc;
		dep_apply(&to->s, c->action);
		memcpy(to->acts, from->acts, steps * sizeof *to->acts);
		to->acts[steps] = c->action;
		to->score = c->score;
		to->gold = from->gold && c->action == gold_next;
	}
	t = b->cur;
	b->cur = b->next;
	b->next = t;
	b->n_cur = b->n_cands;
	return QASID_OK;
}

static int start(dep_beam *b, uint32_t n, uint32_t n_rels)
{
	int rc;

	if ((rc = reserve_acts(b, n)) ||
	    (rc = dep_state_init(&b->cur[0].s, n, n_rels, &b->cur[0].mem, &b->cur[0].mem_cap)))
		return rc;
	b->cur[0].score = 0;
	b->cur[0].gold = 1;
	b->n_cur = 1;
	return QASID_OK;
}

int dep_beam_parse(const dep_model *m, dep_beam *b, const dep_tok *tok, uint32_t n, uint32_t *head,
                   uint16_t *rel)
{
	scorer sc = {&m->w, NULL};
	uint32_t k;
	int rc;

	if ((rc = start(b, n, m->n_rels)))
		return rc;
	for (k = 0; k < 2 * n; k++)
		if ((rc = step(b, m, tok, &sc, k, DEP_NONE)))
			return rc;
	for (k = 1; k <= n; k++) {
		head[k] = b->cur[0].s.head[k];
		rel[k] = b->cur[0].s.rel[k];
	}
	return QASID_OK;
}

/* The static oracle: a reduction that loses no gold arc, else a shift. */
static uint32_t oracle(const dep_state *s, const uint32_t *gh, const uint16_t *gr)
{
	uint32_t R = s->n_rels, s0 = s->stack[s->sp - 1], a, best = DEP_NONE, min = UINT32_MAX;

	if (dep_legal(s, 1) && gh[s0] == s->b && dep_cost(s, 1 + gr[s0], gh, gr) == 0)
		return 1 + gr[s0];
	if (dep_legal(s, 1 + R) && s->sp >= 2 && gh[s0] == s->stack[s->sp - 2] &&
	    dep_cost(s, 1 + R + gr[s0], gh, gr) == 0)
		return 1 + R + gr[s0];
	if (dep_legal(s, DEP_SHIFT) && dep_cost(s, DEP_SHIFT, gh, gr) == 0)
		return DEP_SHIFT;
	for (a = 0; a < 1 + 2 * R; a++) /* a tree the system cannot build: the least loss */
		if (dep_legal(s, a)) {
			uint32_t c = dep_cost(s, a, gh, gr);

			if (c < min) {
				min = c;
				best = a;
			}
		}
	return best;
}

static int reserve_gold(dep_beam *b, uint32_t n)
{
	size_t steps = 2 * (size_t)n + 1;

	if (steps <= b->gold_cap)
		return QASID_OK;
	qs_free(b->gf);
	qs_free(b->gnf);
	qs_free(b->gacts);
	qs_free(b->vacts);
	qs_free(b->gps);
	b->gf = qs_malloc(steps * DEP_MAX_FEATS * sizeof *b->gf);
	b->gnf = qs_malloc(steps * sizeof *b->gnf);
	b->gacts = qs_malloc(steps * sizeof *b->gacts);
	b->vacts = qs_malloc(steps * sizeof *b->vacts);
	b->gps = qs_malloc((steps + 1) * sizeof *b->gps);
	b->gold_cap = 0;
	if (!b->gf || !b->gnf || !b->gacts || !b->vacts || !b->gps)
		return QASID_ENOMEM;
	b->gold_cap = steps;
	return QASID_OK;
}

int dep_beam_train(dep_beam *b, pc_mc *mc, const dep_model *m, const dep_tok *tok,
                   const uint32_t *gh, const uint16_t *gr, uint32_t n, int *right)
{
	scorer sc = {NULL, mc};
	uint32_t A = 1 + 2 * m->n_rels, k, t_max = 0, div;
	double v_max = -1;
	dep_state g;
	int rc;

	*right = 0;
	if ((rc = reserve_gold(b, n)) ||
	    (rc = dep_state_init(&g, n, m->n_rels, &b->gmem, &b->gmem_cap)))
		return rc;
	/* the gold path, its features and its prefix scores */
	b->gps[0] = 0;
	for (k = 0; k < 2 * n; k++) {
		uint64_t *f = b->gf + (size_t)k * DEP_MAX_FEATS;
		uint32_t a = oracle(&g, gh, gr);

		if (a == DEP_NONE)
			return QASID_EINVAL;
		b->gnf[k] = dep_features(&g, tok, m->flags, f);
		score(b, &sc, f, b->gnf[k], A);
		b->gps[k + 1] = b->gps[k] + b->sc[a];
		b->gacts[k] = a;
		dep_apply(&g, a);
	}
	/* the beam beside it; the step of the largest violation */
	if ((rc = start(b, n, m->n_rels)))
		return rc;
	for (k = 0; k < 2 * n; k++) {
		double v;

		if ((rc = step(b, m, tok, &sc, k, b->gacts[k])))
			return rc;
		v = b->cur[0].score - b->gps[k + 1];
		if (!b->cur[0].gold && v >= v_max) {
			v_max = v;
			t_max = k + 1;
			memcpy(b->vacts, b->cur[0].acts, t_max * sizeof *b->vacts);
		}
	}
	if (b->cur[0].gold) {
		*right = 1;
		return QASID_OK;
	}
	/* the update: both prefixes up to t_max, from where they part */
	for (div = 0; div < t_max && b->vacts[div] == b->gacts[div]; div++)
		;
	if ((rc = dep_state_init(&g, n, m->n_rels, &b->gmem, &b->gmem_cap)))
		return rc;
	for (k = 0; k < t_max; k++) {
		uint64_t f[DEP_MAX_FEATS];

		if (k >= div) {
			uint32_t nf = dep_features(&g, tok, m->flags, f);

			if ((rc = pc_mc_add(mc, b->gf + (size_t)k * DEP_MAX_FEATS, b->gnf[k], b->gacts[k], 1)) ||
			    (rc = pc_mc_add(mc, f, nf, b->vacts[k], -1)))
				return rc;
		}
		dep_apply(&g, b->vacts[k]);
	}
	return QASID_OK;
}
