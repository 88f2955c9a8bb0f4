/* SPDX-License-Identifier: MIT */
/*
 * Training the parser: greedy arc-hybrid parsing with a dynamic oracle
 * (Goldberg and Nivre 2012, 2013) and the shared averaged perceptron
 * (pc_mc_*). At each state the model's best legal action is compared with
 * the best-scoring action of least cost; on a mistake the weights move
 * toward the latter. From the second epoch on, the parser follows its own
 * (possibly wrong) action with probability explore, so it learns to recover
 * from its mistakes. Non-projective training trees are lifted first. With a
 * beam (o->beam > 1) each sentence is one global decision instead (beam.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "depcorpus.h"

void qasid_parser_train_defaults(qasid_parser_train_opts *o)
{
	o->epochs = 15;
	o->patience = 4;
	o->seed = 1;
	o->prune = 0.05;
	o->explore = 0.9;
	o->clusters = NULL;
	o->train_tagged = 0;
	o->beam = 1;
}

typedef struct tsent {
	uint32_t n;
	uint32_t off; /* into the token, head and relation pools (n + 1 entries each) */
} tsent;

typedef struct tset {
	VEC(tsent) sents;
	VEC(dep_tok) tok;
	VEC(uint32_t) gh;
	VEC(uint16_t) gr;
	size_t n_tok, n_skipped, n_lifted;
} tset;

static void tset_fini(tset *s)
{
	VEC_FREE(&s->sents);
	VEC_FREE(&s->tok);
	VEC_FREE(&s->gh);
	VEC_FREE(&s->gr);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static int rel_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The relation set: every gold relation of train, sorted. */
static int collect_rels(dep_model *m, const dep_corpus *d, size_t nt, qasid_err *err)
{
	size_t i;
	uint32_t k;

	m->n_rels = 0;
	for (i = 0; i < nt; i++) {
		if (d->gh[i] == DEP_NONE)
			continue;
		for (k = 0; k < m->n_rels; k++)
			if (!strcmp(m->rels[k], d->grel[i]))
				break;
		if (k < m->n_rels)
			continue;
		if (m->n_rels == DEP_MAX_RELS)
			return err_set(err, QASID_EFORMAT, 0, "more than %d relations in the training data",
			               DEP_MAX_RELS);
		memcpy(m->rels[m->n_rels++], d->grel[i], sizeof m->rels[0]);
	}
	if (!m->n_rels)
		return err_set(err, QASID_EFORMAT, 0, "no gold trees in the training data");
	qsort(m->rels, m->n_rels, sizeof m->rels[0], rel_cmp);
	return QASID_OK;
}

static uint32_t rel_index(const dep_model *m, const char *r)
{
	uint32_t lo = 0, hi = m->n_rels;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		int c = strcmp(m->rels[mid], r);

		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return DEP_NONE;
}

/* Whether h[1..n] is a tree with one root child. */
static int valid_tree(const uint32_t *h, uint32_t n)
{
	uint32_t i, roots = 0;

	for (i = 1; i <= n; i++) {
		uint32_t k = i, steps = 0;

		if (h[i] == DEP_NONE || h[i] > n)
			return 0;
		if (h[i] == 0)
			roots++;
		while (k != 0 && steps++ <= n)
			k = h[k];
		if (k != 0)
			return 0;
	}
	return roots == 1;
}

static int build_set(tset *ts, qasid_corpus *c, const dep_model *m)
{
	dep_corpus *d = dep_corpus_of(c);
	size_t s;

	if (!d)
		return QASID_ENOMEM;
	for (s = 0; s + 1 < c->sent.n; s++) {
		uint32_t a = c->sent.v[s], n = c->sent.v[s + 1] - a, i, off = (uint32_t)ts->tok.n;
		tsent t = {n, off};
		int ok = 1;

		if (n == 0)
			continue;
		if (VEC_RESERVE(&ts->tok, ts->tok.n + n + 1) || VEC_RESERVE(&ts->gh, ts->gh.n + n + 1) ||
		    VEC_RESERVE(&ts->gr, ts->gr.n + n + 1))
			return QASID_ENOMEM;
		dep_corpus_tokens(c, m, s, ts->tok.v + off);
		ts->gh.v[off] = DEP_NONE;
		ts->gr.v[off] = 0;
		for (i = 1; i <= n; i++) {
			uint32_t r = d->gh[a + i - 1] == DEP_NONE ? DEP_NONE
			                                          : rel_index(m, d->grel[a + i - 1]);

			ts->gh.v[off + i] = d->gh[a + i - 1];
			ts->gr.v[off + i] = (uint16_t)(r == DEP_NONE ? 0 : r);
			if (r == DEP_NONE)
				ok = 0;
		}
		if (!ok || !valid_tree(ts->gh.v + off, n)) {
			ts->n_skipped++;
			continue;
		}
		if (dep_projectivize(ts->gh.v + off, n))
			ts->n_lifted++;
		ts->tok.n = ts->gh.n = ts->gr.n = off + n + 1;
		ts->n_tok += n;
		if (VEC_PUSH(&ts->sents, t))
			return QASID_ENOMEM;
	}
	return QASID_OK;
}

typedef struct trainer {
	pc_mc *mc;
	dep_model *m;
	float *scores;
	uint32_t *cost;
	void *mem;
	size_t mem_cap;
	uint64_t rng;
	double explore;
	size_t n_dec, n_right; /* decisions (sentences with a beam) and those right */
	dep_beam *beam;
} trainer;

static int train_sent(trainer *tr, const tset *ts, const tsent *t, int epoch)
{
	const dep_tok *tok = ts->tok.v + t->off;
	const uint32_t *gh = ts->gh.v + t->off;
	const uint16_t *gr = ts->gr.v + t->off;
	uint32_t R = tr->m->n_rels, A = 1 + 2 * R, a;
	uint64_t f[DEP_MAX_FEATS];
	dep_state s;
	int rc;

	if ((rc = dep_state_init(&s, t->n, R, &tr->mem, &tr->mem_cap)))
		return rc;
	while (!dep_final(&s)) {
		uint32_t nf = dep_features(&s, tok, tr->m->flags, f);
		uint32_t s0 = s.stack[s.sp - 1], s1 = s.sp >= 2 ? s.stack[s.sp - 2] : DEP_NONE;
		uint32_t pred = DEP_NONE, gold = DEP_NONE, min = UINT32_MAX, cl = 0, cr = 0;
		int sh = dep_legal(&s, DEP_SHIFT), left = dep_legal(&s, 1), right = dep_legal(&s, 1 + R);

		memset(tr->scores, 0, A * sizeof *tr->scores);
		pc_mc_score(tr->mc, f, nf, tr->scores);
		if (sh)
			tr->cost[0] = dep_cost(&s, DEP_SHIFT, gh, gr);
		if (left)
			cl = dep_cost(&s, 1 + gr[s0], gh, gr);
		if (right)
			cr = dep_cost(&s, 1 + R + gr[s0], gh, gr);
		for (a = 0; a < A; a++) {
			int ok = a == 0 ? sh : a <= R ? left : right;

			if (!ok)
				continue;
			if (a > 0 && a <= R)
				tr->cost[a] = cl + (gh[s0] == s.b && a - 1 != gr[s0]);
			else if (a > R)
				tr->cost[a] = cr + (gh[s0] == s1 && a - 1 - R != gr[s0]);
			if (pred == DEP_NONE || tr->scores[a] > tr->scores[pred])
				pred = a;
			if (tr->cost[a] < min || (tr->cost[a] == min && tr->scores[a] > tr->scores[gold])) {
				min = tr->cost[a];
				gold = a;
			}
		}
		if (tr->cost[pred] > min) {
			if ((rc = pc_mc_update(tr->mc, f, nf, gold, pred)))
				return rc;
		} else {
			tr->n_right++;
		}
		tr->n_dec++;
		pc_mc_tick(tr->mc);
		if (pred != gold && tr->cost[pred] > min && epoch > 1 &&
		    (double)(rng_next(&tr->rng) >> 11) / 9007199254740992.0 < tr->explore)
			dep_apply(&s, pred);
		else
			dep_apply(&s, tr->cost[pred] == min ? pred : gold);
	}
	return QASID_OK;
}

/* One sentence with the beam: a global update when its best parse is wrong. */
static int train_sent_beam(trainer *tr, const tset *ts, const tsent *t)
{
	int right, rc;

	if ((rc = dep_beam_train(tr->beam, tr->mc, tr->m, ts->tok.v + t->off, ts->gh.v + t->off,
	                         ts->gr.v + t->off, t->n, &right)))
		return rc;
	tr->n_dec++;
	tr->n_right += (size_t)right;
	pc_mc_tick(tr->mc);
	return QASID_OK;
}

static int score_dev(qasid_corpus *dev, const dep_model *m, qasid_parse_score *sc)
{
	dep_ws ws;
	int rc;

	memset(&ws, 0, sizeof ws);
	rc = dep_corpus_parse(dev, m, &ws);
	dep_ws_fini(&ws);
	if (!rc)
		rc = qasid_corpus_score_parse(dev, sc, NULL);
	return rc;
}

int qasid_parser_train(const qasid_parser_train_opts *o, qasid_corpus *train, qasid_corpus *dev,
                       const qasid_model *pos, qasid_progress_fn progress, void *ud,
                       qasid_parser **out, qasid_err *err)
{
	qasid_parser *p = NULL;
	dep_model *m;
	tset ts;
	trainer tr;
	size_t *order = NULL, i;
	pc_model best = {0};
	double best_las = -1, t0 = now(), best_uas = 0;
	int epoch, best_epoch = 0, since = 0, rc;
	char line[256];

	*out = NULL;
	memset(&ts, 0, sizeof ts);
	memset(&tr, 0, sizeof tr);
	if (o->epochs < 1 || o->prune < 0 || o->explore < 0 || o->explore > 1 || o->beam < 1 ||
	    o->beam > DEP_MAX_BEAM)
		return err_set(err, QASID_EINVAL, 0, "bad training options");
	if (train->task != QASID_TASK_POS || (dev && dev->task != QASID_TASK_POS))
		return err_set(err, QASID_EINVAL, 0, "the parser trains on CoNLL-U corpora");
	if (pos && ((!o->train_tagged && (rc = qasid_corpus_tag(train, pos, err))) ||
	            (dev && (rc = qasid_corpus_tag(dev, pos, err)))))
		return rc;
	p = qs_malloc(sizeof *p);
	if (!p)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(p, 0, sizeof *p);
	m = &p->m;
	if (o->clusters) {
		if ((rc = tg_clusters_load(&m->clusters, o->clusters, err)))
			goto fail;
		m->flags |= DEPF_CLUSTERS;
	}
	if (!dep_corpus_of(train) || (dev && !dep_corpus_of(dev))) {
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		goto fail;
	}
	if (dev && !((dep_corpus *)dev->ext)->has_gold) {
		rc = err_set(err, QASID_EFORMAT, 0, "%s: not every word has a gold head and relation",
		             dev->name);
		goto fail;
	}
	if ((rc = collect_rels(m, train->ext, train->forms.n, err)))
		goto fail;
	if (o->beam > 1) {
		m->flags |= (uint32_t)o->beam << DEPF_BEAM_SHIFT;
		if ((rc = dep_beam_new(&tr.beam, (uint32_t)o->beam)))
			goto nomem;
	}
	if ((rc = build_set(&ts, train, m)) || (rc = pc_mc_new(&tr.mc, 1 + 2 * m->n_rels)))
		goto nomem;
	if (!ts.sents.n) {
		rc = err_set(err, QASID_EFORMAT, 0, "%s: no sentence with a valid tree", train->name);
		goto fail;
	}
	if (progress) {
		snprintf(line, sizeof line,
		         "%zu sentences (%zu words) of %.60s, %zu skipped (not one tree), %zu made "
		         "projective; %u relations",
		         ts.sents.n, ts.n_tok, train->name, ts.n_skipped, ts.n_lifted, m->n_rels);
		progress(ud, line);
	}
	tr.m = m;
	tr.explore = o->explore;
	tr.rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)o->seed * 0xD1B54A32D192ED03ULL);
	tr.scores = qs_malloc((2 * DEP_MAX_RELS + 1) * sizeof *tr.scores);
	tr.cost = qs_malloc((2 * DEP_MAX_RELS + 1) * sizeof *tr.cost);
	order = qs_malloc(ts.sents.n * sizeof *order);
	if (!tr.scores || !tr.cost || !order)
		goto nomem;
	for (i = 0; i < ts.sents.n; i++)
		order[i] = i;
	for (epoch = 1; epoch <= o->epochs; epoch++) {
		qasid_parse_score sc = {0};
		uint64_t srng = tr.rng;

		for (i = ts.sents.n; i > 1; i--) { /* Fisher-Yates, seeded */
			size_t j = (size_t)(rng_next(&srng) % i), x = order[i - 1];

			order[i - 1] = order[j];
			order[j] = x;
		}
		tr.rng = srng;
		tr.n_dec = tr.n_right = 0;
		for (i = 0; i < ts.sents.n; i++)
			if ((rc = tr.beam ? train_sent_beam(&tr, &ts, &ts.sents.v[order[i]])
			                  : train_sent(&tr, &ts, &ts.sents.v[order[i]], epoch)))
				goto nomem;
		pc_model_free(&m->w);
		if ((rc = pc_mc_model(tr.mc, o->prune, &m->w)))
			goto nomem;
		if (dev && (rc = score_dev(dev, m, &sc)))
			goto nomem;
		if (progress) {
			snprintf(line, sizeof line,
			         "epoch %d: %.2f%% %s right; dev UAS %.2f LAS %.2f; %.0f s; "
			         "%u features kept",
			         epoch, tr.n_dec ? 100.0 * tr.n_right / tr.n_dec : 0,
			         tr.beam ? "sentences" : "transitions", sc.uas, sc.las,
			         now() - t0, m->w.n_feats);
			progress(ud, line);
		}
		if (!dev || sc.las > best_las) {
			pc_model_free(&best);
			best = m->w;
			memset(&m->w, 0, sizeof m->w);
			best_las = sc.las;
			best_uas = sc.uas;
			best_epoch = epoch;
			since = 0;
		} else if (o->patience > 0 && ++since >= o->patience) {
			break;
		}
	}
	pc_model_free(&m->w);
	m->w = best;
	memset(&best, 0, sizeof best);
	snprintf(m->info, sizeof m->info,
	         "trained on %.60s (%zu sentences), epoch %d of %d kept, dev %.60s UAS %.2f LAS %.2f; "
	         "seed %u, prune %g, %s %g%s%s; %.0f s",
	         train->name, ts.sents.n, best_epoch, o->epochs, dev ? dev->name : "-", best_uas,
	         best_las, o->seed, o->prune, o->beam > 1 ? "beam" : "explore",
	         o->beam > 1 ? (double)o->beam : o->explore, o->clusters ? ", clusters" : "",
	         o->train_tagged ? ", jackknifed tags" : "", now() - t0);
	*out = p;
	p = NULL;
	rc = QASID_OK;
	goto cleanup;
nomem:
	if (rc == QASID_OK || rc == QASID_ENOMEM)
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
	else
		rc = err_set(err, rc, 0, "cannot train: %s", qasid_strerror(rc));
fail:
cleanup:
	pc_model_free(&best);
	qasid_parser_free(p);
	pc_mc_free(tr.mc);
	dep_beam_free(tr.beam);
	qs_free(tr.scores);
	qs_free(tr.cost);
	qs_free(tr.mem);
	qs_free(order);
	tset_fini(&ts);
	return rc;
}
