/* SPDX-License-Identifier: MIT */
/*
 * Training a tagger from CoNLL corpora: the option table, features of a
 * whole corpus, the training of each stage.
 *
 * NER has two stages. Stage 2 reads stage 1's labels, so on the training set
 * those labels must come from models that did not see the sentence: the
 * training documents are split into folds, and each fold is labelled by a
 * stage-1 model trained on the others (for as many epochs as the full
 * stage-1 model took to do its best on dev). Dev is labelled by the full
 * stage-1 model, as new text will be.
 *
 * NER also keeps the training set's gold entity phrases and their words in
 * the model (TGF_TRLEX): a training document sees those of the other folds
 * of documents only (d % TG_TLEX_FOLDS), and half the documents (by a
 * multiplicative hash of d) none at all; dev and new text see all of them.
 *
 * Bagging (--bags N): every model of a stage, and of each jackknife fold, is
 * N perceptrons, each over its own shuffle of the sentences (and with
 * --bag-share, its own share of the documents), whose averaged weights are
 * averaged in turn and then pruned and quantised as one model: a file of the
 * usual form. The bags train side by side, and the epoch kept is the one
 * whose averaged model does best on dev; the jackknife's bagged models train
 * as many epochs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"

struct qasid_trainer {
	qasid_task task;
	tg_train_cfg cfg;
};

/* The options: one table, from which defaults, parsing and help all come. */
enum { K_INT, K_DBL, K_PATH, K_BOOL };

typedef struct opt_def {
	qasid_train_option o;
	int kind;
	size_t off;
	double lo, hi;
	int task; /* the task it is for, or -1: both */
} opt_def;

#define CFG(f) offsetof(tg_train_cfg, f)
#define COMMON_OPTS(X)                                                                           \
	X("epochs", "N", "30", "most passes over the training data; the epoch that scores best "    \
	                       "on dev is kept", K_INT, CFG(epochs), 1, 1000)                       \
	X("patience", "N", "6", "stop after N epochs without a better dev score (0: never)", K_INT, \
	  CFG(patience), 0, 1000)                                                                   \
	X("seed", "N", "1", "seed of the shuffling of training sentences", K_INT, CFG(seed), 0,     \
	  4294967295.0)                                                                             \
	X("prune", "X", "0.05", "drop averaged weights smaller than X (smaller model files)", K_DBL, \
	  CFG(prune), 0, 1e9)                                                                       \
	X("gold-history", "0|1", "0", "train on the gold previous labels (1) or the predicted "       \
	                              "ones (0)", K_BOOL, CFG(history), 0, 1)                       \
	X("clusters", "FILE", NULL, "word clusters, lines BITS<TAB>WORD[<TAB>COUNT]", K_PATH,        \
	  CFG(clusters), 0, 0)                                                                      \
	X("stages", "N", "2", "1, or 2 to add a pass over the first pass's labels", K_INT,          \
	  CFG(stages), 1, 2)                                                                        \
	X("folds", "N", "5", "folds that label the training set for stage 2", K_INT, CFG(folds), 2, \
	  50)                                                                                       \
	X("doc", "0|1", "1", "document-level word features", K_BOOL, CFG(doc), 0, 1)                \
	X("bags", "N", "1", "train N models over other shuffles (seeds) and average their "         \
	                    "weights (each stage and jackknife fold)", K_INT, CFG(bags), 1, 100)    \
	X("bag-share", "P", "100", "percent of the training documents (POS: sentences) each "       \
	                           "bag trains on, a different share for each", K_INT,              \
	  CFG(bag_share), 1, 100)
#define POS_OPTS(X)                                                                              \
	X("tagdict", "N", "1", "ambiguity classes (the labels seen with a word in training) as "    \
	                       "features, for words seen N times or more (0: none)", K_INT,         \
	  CFG(amb_min), 0, 1000000)
#define NER_OPTS(X)                                                                              \
	X("gazetteer", "FILE", NULL, "gazetteer, lines CATEGORY<TAB>PHRASE", K_PATH, CFG(gazetteer), \
	  0, 0)

#define PUBLIC(name, arg, def, help, kind, off, lo, hi) {name, arg, def, help},
#define DEF(task, name, arg, def, help, kind, off, lo, hi)                                       \
	{{name, arg, def, help}, kind, off, lo, hi, task},
#define DEF_ANY(...) DEF(-1, __VA_ARGS__)
#define DEF_POS(...) DEF(QASID_TASK_POS, __VA_ARGS__)
#define DEF_NER(...) DEF(QASID_TASK_NER, __VA_ARGS__)

static const qasid_train_option pos_opts[] = {
	COMMON_OPTS(PUBLIC) POS_OPTS(PUBLIC){NULL, NULL, NULL, NULL}};
static const qasid_train_option ner_opts[] = {
	COMMON_OPTS(PUBLIC) NER_OPTS(PUBLIC){NULL, NULL, NULL, NULL}};
static const opt_def defs[] = {COMMON_OPTS(DEF_ANY) POS_OPTS(DEF_POS) NER_OPTS(DEF_NER)};

const qasid_train_option *qasid_train_options(qasid_task task)
{
	return task == QASID_TASK_NER ? ner_opts : pos_opts;
}

static int set_opt(qasid_trainer *t, const opt_def *d, const char *value, qasid_err *err)
{
	char *cfg = (char *)&t->cfg + d->off, *end;
	double x;

	if (d->kind == K_PATH) {
		if (strlen(value) >= sizeof t->cfg.clusters)
			return err_set(err, QASID_EINVAL, 0, "%s: path too long", d->o.name);
		strcpy(cfg, value);
		return QASID_OK;
	}
	x = strtod(value, &end);
	if (end == value || *end || x < d->lo || x > d->hi ||
	    (d->kind != K_DBL && x != (double)(long long)x))
		return err_set(err, QASID_EINVAL, 0, "%s: '%s' is not %s from %g to %g", d->o.name,
		               value, d->kind == K_DBL ? "a number" : "a whole number", d->lo, d->hi);
	if (d->kind == K_DBL)
		*(double *)(void *)cfg = x;
	else if (d->off == CFG(seed))
		*(uint32_t *)(void *)cfg = (uint32_t)x;
	else
		*(int *)(void *)cfg = (int)x;
	return QASID_OK;
}

int qasid_trainer_set(qasid_trainer *t, const char *name, const char *value, qasid_err *err)
{
	size_t i;

	for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if ((defs[i].task < 0 || defs[i].task == (int)t->task) &&
		    !strcmp(defs[i].o.name, name))
			return set_opt(t, &defs[i], value ? value : "", err);
	return err_set(err, QASID_EINVAL, 0, "unknown training option '%s'", name);
}

int qasid_trainer_new(qasid_trainer **out, qasid_task task)
{
	qasid_trainer *t;
	size_t i;

	*out = NULL;
	if (task != QASID_TASK_POS && task != QASID_TASK_NER)
		return QASID_EINVAL;
	t = qs_malloc(sizeof *t);
	if (!t)
		return QASID_ENOMEM;
	memset(t, 0, sizeof *t);
	t->task = task;
	for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (defs[i].o.def && set_opt(t, &defs[i], defs[i].o.def, NULL)) {
			qs_free(t);
			return QASID_EINVAL;
		}
	*out = t;
	return QASID_OK;
}

void qasid_trainer_free(qasid_trainer *t)
{
	qs_free(t);
}

/* A corpus as training data: features of every token, sequences by sentence. */
typedef struct tset {
	const qasid_corpus *c;
	VEC(uint64_t) feats;
	VEC(uint32_t) fstart; /* per token, absolute into feats; then the end */
	VEC(uint64_t) hattr;
	VEC(uint16_t) gold;
	VEC(uint16_t) pred;
	VEC(uint16_t) pred1;
	VEC(pc_seq) seqs;
	VEC(uint32_t) seq_doc;
	int own_fold; /* TGF_TRLEX: documents look past their own fold's phrases (training) */
	uint32_t *amb; /* or NULL: per token, its ambiguity class (leaving it out) */
} tset;

static void tset_fini(tset *s)
{
	VEC_FREE(&s->feats);
	VEC_FREE(&s->fstart);
	VEC_FREE(&s->hattr);
	VEC_FREE(&s->gold);
	VEC_FREE(&s->pred);
	VEC_FREE(&s->pred1);
	VEC_FREE(&s->seqs);
	VEC_FREE(&s->seq_doc);
	qs_free(s->amb);
}

/* Gold labels of the corpus in the model's label numbering. */
static int tset_gold(tset *s, const qasid_model *m)
{
	const qasid_corpus *c = s->c;
	size_t i, k;

	if (VEC_RESERVE(&s->gold, c->forms.n + 1) || VEC_RESERVE(&s->pred, c->forms.n + 1) ||
	    VEC_RESERVE(&s->pred1, c->forms.n + 1))
		return QASID_ENOMEM;
	s->gold.n = s->pred.n = s->pred1.n = c->forms.n;
	memset(s->pred.v, 0, c->forms.n * sizeof *s->pred.v);
	memset(s->pred1.v, 0, c->forms.n * sizeof *s->pred1.v);
	if (m->task == QASID_TASK_NER) {
		for (i = 0; i + 1 < c->sent.n; i++)
			cp_ner_gold(c, i, (char(*)[8])m->types, m->n_types, s->gold.v + c->sent.v[i]);
		return QASID_OK;
	}
	for (i = 0; i < c->forms.n; i++) {
		const char *g = c->gold_names.v[c->gold.v[i]];

		s->gold.v[i] = UINT16_MAX;
		for (k = 0; k < m->n_labels; k++)
			if (!strcmp(m->labels[k], g)) {
				s->gold.v[i] = (uint16_t)k;
				break;
			}
	}
	return QASID_OK;
}

/* Features of the whole corpus for stage (reading s->pred1 in stage 1). */
static int tset_features(tset *s, const qasid_model *m, int stage)
{
	const qasid_corpus *c = s->c;
	tg_ws ws;
	u32vec sb = {0};
	size_t d, i;
	int rc = QASID_OK;

	memset(&ws, 0, sizeof ws);
	s->feats.n = s->fstart.n = s->hattr.n = s->seqs.n = s->seq_doc.n = 0;
	for (d = 0; d + 1 < c->docs.n && !rc; d++) {
		tg_view v;
		uint32_t t0, k;
		size_t base = s->feats.n;

		ws.tlex_skip = 0;
		if (s->own_fold && (m->feats & TGF_TRLEX)) {
			uint32_t t;

			for (t = 0; t < m->n_types; t++)
				ws.tlex_skip |= 1u << (t * TG_TLEX_FOLDS + d % TG_TLEX_FOLDS);
			if ((uint32_t)(d * 2654435761u) % 100 < 50) /* half the documents, spread */
				ws.tlex_skip = UINT32_MAX;
		}
		if ((rc = cp_doc_view(c, d, &v, &sb, &t0)) || (rc = tg_words(m, &ws, &v)))
			break;
		if (s->amb)
			for (k = 0; k < v.n_tok; k++)
				ws.x.v[k].amb = s->amb[t0 + k];
		if (stage == 1) { /* the first stage's labels (and NER's aggregates of them) */
			ws.pred1.n = 0;
			if (VEC_RESERVE(&ws.pred1, v.n_tok + 1)) {
				rc = QASID_ENOMEM;
				break;
			}
			memcpy(ws.pred1.v, s->pred1.v + t0, v.n_tok * sizeof *ws.pred1.v);
			ws.pred1.n = v.n_tok;
			if (m->task == QASID_TASK_NER && (rc = ner_aggregate(m, &ws, &v)))
				break;
		}
		if ((rc = tg_features(m, &ws, &v, stage)))
			break;
		if (VEC_RESERVE(&s->feats, base + ws.feats.n + 1) ||
		    VEC_RESERVE(&s->fstart, s->fstart.n + v.n_tok + 1) ||
		    VEC_RESERVE(&s->hattr, s->hattr.n + ws.hattr.n + 1) ||
		    VEC_RESERVE(&s->seq_doc, s->seq_doc.n + v.n_sent + 1)) {
			rc = QASID_ENOMEM;
			break;
		}
		memcpy(s->feats.v + base, ws.feats.v, ws.feats.n * sizeof *ws.feats.v);
		s->feats.n += ws.feats.n;
		for (k = 0; k < v.n_tok; k++)
			s->fstart.v[s->fstart.n++] = (uint32_t)(base + ws.fstart.v[k]);
		memcpy(s->hattr.v + s->hattr.n, ws.hattr.v, ws.hattr.n * sizeof *ws.hattr.v);
		s->hattr.n += ws.hattr.n;
		for (k = 0; k < v.n_sent; k++)
			s->seq_doc.v[s->seq_doc.n++] = (uint32_t)d;
	}
	if (!rc && (VEC_PUSH(&s->fstart, (uint32_t)s->feats.n) ||
	            VEC_RESERVE(&s->seqs, c->sent.n + 1)))
		rc = QASID_ENOMEM;
	if (!rc && s->feats.n > UINT32_MAX)
		rc = QASID_ETOOBIG;
	for (i = 0; !rc && i + 1 < c->sent.n; i++) {
		uint32_t t0 = c->sent.v[i];
		pc_seq q = {c->sent.v[i + 1] - t0, s->feats.v, s->fstart.v + t0,
		            s->hattr.v + (size_t)t0 * m->spec.n_hattr, s->gold.v + t0, s->pred.v + t0,
		            NULL, NULL, NULL};

		s->seqs.v[s->seqs.n++] = q;
	}
	tg_ws_fini(&ws);
	VEC_FREE(&sb);
	return rc;
}

/*
 * Entity counts for F1. Labels are BILOU, so a predicted entity [s, e) is
 * exactly a gold one when the gold labels over [s, e) are the same.
 */
typedef struct f1c {
	const uint16_t *gold, *pred;
	size_t n_gold, n_pred, n_ok;
} f1c;

static void count_gold(void *ud, uint32_t s, uint32_t e, uint32_t t)
{
	(void)s, (void)e, (void)t;
	((f1c *)ud)->n_gold++;
}

static void count_pred(void *ud, uint32_t s, uint32_t e, uint32_t t)
{
	f1c *x = ud;

	(void)t;
	x->n_pred++;
	if (!memcmp(x->gold + s, x->pred + s, (e - s) * sizeof *x->gold))
		x->n_ok++;
}

typedef struct dev_ctx {
	const qasid_model *m;
	tset *dev;
	int stage;
	void *scratch;
	qasid_progress_fn progress;
	void *ud;
	const char *what;
	int epochs;
} dev_ctx;

/* Labels of every dev sentence with model p, into dev->pred; the score. */
static double dev_score(void *ud, const pc_model *p)
{
	dev_ctx *x = ud;
	tset *s = x->dev;
	size_t i, right = 0, n = 0;
	f1c f = {NULL, NULL, 0, 0, 0};

	for (i = 0; i < s->seqs.n; i++) {
		pc_seq *q = &s->seqs.v[i];
		uint32_t k;

		pc_decode(p, &x->m->spec, q, x->scratch);
		if (x->m->task == QASID_TASK_POS) {
			for (k = 0; k < q->n; k++)
				right += q->pred[k] == q->gold[k];
			n += q->n;
			continue;
		}
		ner_fix(q->pred, q->n);
		f.gold = q->gold;
		f.pred = q->pred;
		ner_entities(q->gold, q->n, count_gold, &f);
		ner_entities(q->pred, q->n, count_pred, &f);
	}
	if (x->m->task == QASID_TASK_POS)
		return n ? 100.0 * right / n : 0;
	{
		double pr = f.n_pred ? (double)f.n_ok / f.n_pred : 0, rc = f.n_gold ? (double)f.n_ok / f.n_gold : 0;

		return pr + rc > 0 ? 100 * 2 * pr * rc / (pr + rc) : 0;
	}
}

static void on_progress(void *ud, int epoch, double train_acc, double dev, double secs,
                        size_t n_feats)
{
	dev_ctx *x = ud;
	char line[256];

	if (!x->progress)
		return;
	snprintf(line, sizeof line, "%s epoch %d/%d: train %.2f%%, dev %.2f, %.1f s, %zu features",
	         x->what, epoch, x->epochs, 100 * train_acc, dev, secs, n_feats);
	x->progress(x->ud, line);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Labels (POS) or entity types (NER) from the training corpus. */
static int set_labels(qasid_model *m, const qasid_corpus *c, qasid_err *err)
{
	size_t i, n = 0;
	int rc;

	if (m->task == QASID_TASK_POS) {
		char **v = qs_malloc((c->gold_names.n + 1) * sizeof *v);

		if (!v)
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
		for (i = 0; i < c->gold_names.n; i++)
			v[i] = c->gold_names.v[i];
		qsort(v, c->gold_names.n, sizeof *v, str_cmp);
		rc = tg_model_set_labels(m, v, (uint32_t)c->gold_names.n);
		qs_free(v);
		if (rc)
			return err_set(err, rc, 0, "%s: %zu distinct tags (at most %d)", c->name,
			               c->gold_names.n, PC_MAX_LABELS);
		return QASID_OK;
	} else {
		char types[TG_MAX_TYPES + 1][8];
		char *tp[TG_MAX_TYPES + 1];

		for (i = 0; i < c->gold_names.n; i++) {
			const char *g = c->gold_names.v[i];
			size_t k;

			if (!strcmp(g, "O"))
				continue;
			if (!(g[0] && g[1] == '-' && strchr("BIELSU", g[0])) || strlen(g + 2) >= 8 ||
			    !g[2])
				return err_set(err, QASID_EFORMAT, 0, "%s: tag '%s' is not O or B-/I-TYPE",
				               c->name, g);
			for (k = 0; k < n; k++)
				if (!strcmp(types[k], g + 2))
					break;
			if (k < n)
				continue;
			if (n == TG_MAX_TYPES)
				return err_set(err, QASID_EFORMAT, 0, "%s: more than %d entity types",
				               c->name, TG_MAX_TYPES);
			strcpy(types[n++], g + 2);
		}
		if (n == 0)
			return err_set(err, QASID_EFORMAT, 0, "%s: no entities to learn from", c->name);
		for (i = 0; i < n; i++)
			tp[i] = types[i];
		qsort(tp, n, sizeof *tp, str_cmp);
		{
			char sorted[TG_MAX_TYPES][8];

			for (i = 0; i < n; i++)
				memcpy(sorted[i], tp[i], 8);
			rc = ner_set_types(m, sorted, (uint32_t)n);
		}
		return rc ? err_set(err, rc, 0, "%s", qasid_strerror(rc)) : QASID_OK;
	}
}

typedef struct tlex_ctx {
	qasid_model *m;
	const qasid_corpus *c;
	uint32_t t0, fold;
	int rc;
} tlex_ctx;

/* Adds the phrase of an entity [s, e) of type t (and each of its words) to m->tlex. */
static void tlex_add(void *ud, uint32_t s, uint32_t e, uint32_t t)
{
	tlex_ctx *x = ud;
	uint64_t h = TG_PHRASE_START;
	uint32_t k, bit = 1u << (t * TG_TLEX_FOLDS + x->fold);

	if (e - s > TG_MAX_PHRASE || x->rc)
		return;
	for (k = s; k < e && !x->rc; k++) {
		const qasid_span *sp = &x->c->forms.v[x->t0 + k];
		tg_word w;

		tg_word_init(&w, x->c->text + sp->start, sp->end - sp->start);
		h = tg_phrase_add(h, w.lower);
		x->rc = tg_lex_put(&x->m->tlex, tg_tlex_word(w.lower), bit, 1);
	}
	if (e - s > x->m->tlex.max_len)
		x->m->tlex.max_len = e - s;
	if (!x->rc)
		x->rc = tg_lex_put(&x->m->tlex, h, bit, 1);
}

/* TGF_TRLEX: the gold entity phrases of the training corpus, by type and fold. */
static int build_tlex(qasid_model *m, const tset *tr)
{
	const qasid_corpus *c = tr->c;
	size_t d, i;
	tlex_ctx x = {m, c, 0, 0, QASID_OK};

	for (d = 0; d + 1 < c->docs.n && !x.rc; d++)
		for (i = c->docs.v[d]; i < c->docs.v[d + 1]; i++) {
			x.t0 = c->sent.v[i];
			x.fold = (uint32_t)(d % TG_TLEX_FOLDS);
			ner_entities(tr->gold.v + x.t0, c->sent.v[i + 1] - x.t0, tlex_add, &x);
		}
	return x.rc;
}

/* The unit of folds and bags: the document for NER, whose stage 2 looks at the
 * whole document, else the sentence. */
static uint32_t unit_of(const qasid_model *m, const tset *tr, size_t i)
{
	return m->task == QASID_TASK_NER ? tr->seq_doc.v[i] : (uint32_t)i;
}

/* The fold of sentence i. */
static int fold_of(const qasid_model *m, const tset *tr, size_t i, int folds)
{
	return (int)(unit_of(m, tr, i) % (uint32_t)folds);
}

/* Whether bag b trains on sentence i: each bag its own share of the units, by a hash. */
static int in_bag(const qasid_model *m, const tg_train_cfg *cfg, const tset *tr, size_t i, int b)
{
	return cfg->bag_share >= 100 ||
	       pc_f2(0xBA65u, unit_of(m, tr, i), (uint64_t)b) % 100 < (uint64_t)cfg->bag_share;
}

/*
 * One model of a stage: cfg->bags perceptrons trained side by side, bag b
 * over its own shuffle (seed cfg->seed + b times a constant, so that one bag
 * is the perceptron of a single model) of its share of the training
 * sentences outside fold `fold`; after each epoch their averaged weights are
 * averaged in turn (pc_run_merge) and pruned and quantised as one model.
 * fold < 0: all folds, for up to cfg->epochs epochs, the one that does best
 * on dv kept (the last without dv) and told in *epochs. Else *epochs epochs
 * (the jackknife). *best, when not NULL: the model's dev score.
 */
static int train_model(qasid_model *m, const tg_train_cfg *cfg, tset *tr, tset *dv, int fold,
                       int *epochs, dev_ctx *dc, pc_model *out, double *best)
{
	size_t n = tr->seqs.n, i, *n_in = NULL;
	int b, epoch, bags = cfg->bags > 1 ? cfg->bags : 1, since_best = 0, rc = QASID_OK;
	int n_epochs = fold < 0 ? cfg->epochs : *epochs;
	pc_seq *in = qs_malloc((bags * n + 1) * sizeof *in);
	pc_run **runs = qs_zalloc(bags * sizeof *runs);
	pc_mc *sum = NULL;
	pc_model cur = {0};
	double best_score = -1, t0 = now();

	memset(out, 0, sizeof *out);
	if (!in || !runs || !(n_in = qs_zalloc(bags * sizeof *n_in))) {
		rc = QASID_ENOMEM;
		goto cleanup;
	}
	for (b = 0; b < bags && !rc; b++) {
		pc_seq *v = in + (size_t)b * n;

		for (i = 0; i < n; i++)
			if ((fold < 0 || fold_of(m, tr, i, cfg->folds) != fold) &&
			    in_bag(m, cfg, tr, i, b))
				v[n_in[b]++] = tr->seqs.v[i];
		rc = pc_run_new(&runs[b], &m->spec, v, n_in[b], cfg->seed + (uint32_t)b * 0x9E3779B9u,
		                cfg->history);
	}
	for (epoch = 1; epoch <= n_epochs && !rc; epoch++) {
		double acc = 0, score = 0;

		for (b = 0; b < bags && !rc; b++) {
			double a = 0;

			rc = pc_run_epoch(runs[b], &a);
			acc += a / bags;
		}
		if (rc || (fold >= 0 && epoch < n_epochs)) /* the jackknife needs the last one only */
			continue;
		if (bags == 1) {
			rc = pc_run_model(runs[0], cfg->prune, &cur);
		} else {
			pc_mc_free(sum);
			sum = NULL;
			rc = pc_mc_new(&sum, m->spec.n_labels);
			for (b = 0; b < bags && !rc; b++)
				rc = pc_run_merge(sum, runs[b], 1.0 / bags);
			if (!rc)
				rc = pc_mc_model(sum, cfg->prune, &cur);
		}
		if (rc)
			break;
		if (dv)
			score = dev_score(dc, &cur);
		if (fold < 0)
			on_progress(dc, epoch, acc, score, now() - t0, cur.n_feats);
		if (!dv || score > best_score) {
			pc_model_free(out);
			*out = cur;
			memset(&cur, 0, sizeof cur);
			best_score = score;
			if (fold < 0)
				*epochs = epoch;
			since_best = 0;
		} else {
			pc_model_free(&cur);
			if (cfg->patience > 0 && ++since_best >= cfg->patience)
				break;
		}
	}
	if (best)
		*best = best_score;
cleanup:
	for (b = 0; runs && b < bags; b++)
		pc_run_free(runs[b]);
	qs_free(runs);
	qs_free(in);
	qs_free(n_in);
	pc_mc_free(sum);
	pc_model_free(&cur);
	if (rc)
		pc_model_free(out);
	return rc;
}

/* Stage-1 labels of the training set, each fold by a model that did not see it
 * (trained for as many epochs as the full model kept). */
static int jackknife(qasid_model *m, const tg_train_cfg *cfg, tset *tr, int epochs, dev_ctx *dc,
                     double t0)
{
	size_t i;
	int k, rc = QASID_OK;

	for (k = 0; k < cfg->folds && !rc; k++) {
		pc_model fm;
		char line[128];

		if ((rc = train_model(m, cfg, tr, NULL, k, &epochs, dc, &fm, NULL)))
			break;
		for (i = 0; i < tr->seqs.n; i++)
			if (fold_of(m, tr, i, cfg->folds) == k) {
				pc_seq q = tr->seqs.v[i];

				q.pred = tr->pred1.v + (q.gold - tr->gold.v);
				pc_decode(&fm, &m->spec, &q, dc->scratch);
				if (m->task == QASID_TASK_NER)
					ner_fix(q.pred, q.n);
			}
		pc_model_free(&fm);
		if (dc->progress) {
			snprintf(line, sizeof line, "stage 1 fold %d/%d labelled: %.1f s", k + 1,
			         cfg->folds, now() - t0);
			dc->progress(dc->ud, line);
		}
	}
	return rc;
}

/* The epoch kept, for the info line: "epoch 5", "epoch 5 of 8 bags". */
static void epoch_text(const tg_train_cfg *cfg, int epoch, char *out, size_t cap)
{
	if (cfg->bags <= 1 && cfg->bag_share >= 100)
		snprintf(out, cap, "epoch %d", epoch);
	else if (cfg->bag_share >= 100)
		snprintf(out, cap, "epoch %d of %d bags", epoch, cfg->bags);
	else
		snprintf(out, cap, "epoch %d of %d bags of %d%%", epoch, cfg->bags, cfg->bag_share);
}

int qasid_train(qasid_trainer *t, const qasid_corpus *train, const qasid_corpus *dev,
                qasid_progress_fn progress, void *ud, qasid_model **out, qasid_err *err)
{
	const tg_train_cfg *cfg = &t->cfg;
	qasid_model *m = NULL;
	tset tr, dv;
	dev_ctx dc;
	double best = 0, t0 = now();
	int rc, ep1 = 0, ep2 = 0;
	char e1txt[64], e2txt[64];
	size_t i;

	*out = NULL;
	memset(&tr, 0, sizeof tr);
	memset(&dv, 0, sizeof dv);
	memset(&dc, 0, sizeof dc);
	tr.c = train;
	dv.c = dev;
	if (train->task != t->task || (dev && dev->task != t->task))
		return err_set(err, QASID_EINVAL, 0, "corpora of the wrong task");
	if (!qasid_corpus_has_gold(train))
		return err_set(err, QASID_EINVAL, 0, "%s: no gold tags to train on", train->name);
	if (dev && !qasid_corpus_has_gold(dev))
		return err_set(err, QASID_EINVAL, 0, "%s: no gold tags to score on", dev->name);
	if ((rc = tg_model_new(&m, t->task)))
		return err_set(err, rc, 0, "out of memory");
	if ((rc = set_labels(m, train, err)))
		goto cleanup;
	if (cfg->clusters[0]) {
		if ((rc = tg_clusters_load(&m->clusters, cfg->clusters, err)) ||
		    (rc = tg_vocab_from_clusters(m, cfg->clusters, TG_VOCAB, err)))
			goto cleanup;
		m->feats |= TGF_CLUSTERS;
	}
	if (t->task == QASID_TASK_NER) {
		if (cfg->gazetteer[0]) {
			if ((rc = tg_gaz_load(&m->gaz, cfg->gazetteer, m->gaz_names, &m->n_gaz, err)))
				goto cleanup;
			m->feats |= TGF_GAZ;
		}
	}
	if (cfg->doc)
		m->feats |= TGF_DOC;
	if (t->task == QASID_TASK_NER) {
		m->feats |= TGF_RUNS | TGF_TOPIC;
		if (m->n_types * TG_TLEX_FOLDS <= 32) /* a bit per type and fold */
			m->feats |= TGF_TRLEX;
	}
	tr.own_fold = 1;
	dc.m = m;
	dc.dev = &dv;
	dc.progress = progress;
	dc.ud = ud;
	dc.what = "stage 1";
	dc.scratch = qs_malloc(pc_scratch_size(&m->spec) + 64);
	if (!dc.scratch || (rc = tset_gold(&tr, m)) || (dev && (rc = tset_gold(&dv, m))) ||
	    ((m->feats & TGF_TRLEX) && (rc = build_tlex(m, &tr))) ||
	    (t->task == QASID_TASK_POS && cfg->amb_min &&
	     (!(tr.amb = qs_malloc((train->forms.n + 1) * sizeof *tr.amb)) ||
	      (rc = tg_amb_build(m, train->text, train->forms.v, (uint32_t)train->forms.n, tr.gold.v,
	                         (uint32_t)cfg->amb_min, tr.amb)))) ||
	    (rc = tset_features(&tr, m, 0)) || (dev && (rc = tset_features(&dv, m, 0)))) {
		rc = err_set(err, rc ? rc : QASID_ENOMEM, 0, "cannot extract features: %s",
		             qasid_strerror(rc ? rc : QASID_ENOMEM));
		goto cleanup;
	}
	if (progress) {
		char line[400];

		snprintf(line, sizeof line, "%.100s: %zu tokens, %zu sentences, %u labels, %.1f features "
		                            "per token; %.1f s",
		         train->name, train->forms.n, tr.seqs.n, m->n_labels,
		         train->forms.n ? (double)tr.feats.n / train->forms.n : 0, now() - t0);
		progress(ud, line);
	}
	dc.stage = 0;
	dc.epochs = cfg->epochs;
	if ((rc = train_model(m, cfg, &tr, dev ? &dv : NULL, -1, &ep1, &dc, &m->stage[0], &best)))
		goto fail;
	epoch_text(cfg, ep1, e1txt, sizeof e1txt);
	if (cfg->stages == 2) {
		double best2 = 0;

		if ((rc = jackknife(m, cfg, &tr, ep1, &dc, t0)))
			goto fail;
		if (dev) {
			for (i = 0; i < dv.seqs.n; i++) {
				pc_seq q = dv.seqs.v[i];

				q.pred = dv.pred1.v + (q.gold - dv.gold.v);
				pc_decode(&m->stage[0], &m->spec, &q, dc.scratch);
				if (m->task == QASID_TASK_NER)
					ner_fix(q.pred, q.n);
			}
		}
		if (t->task == QASID_TASK_POS)
			m->feats |= TGF_FINITE;
		if ((rc = tset_features(&tr, m, 1)) || (dev && (rc = tset_features(&dv, m, 1))))
			goto fail;
		m->n_stages = 2;
		m->feats |= TGF_STAGE2;
		dc.what = "stage 2";
		dc.stage = 1;
		if ((rc = train_model(m, cfg, &tr, dev ? &dv : NULL, -1, &ep2, &dc, &m->stage[1],
		                      &best2)))
			goto fail;
		epoch_text(cfg, ep2, e2txt, sizeof e2txt);
		snprintf(m->info, sizeof m->info,
		         "trained on %.100s (%zu tokens)%s%.100s: dev %.2f after stage 1 (%s), %.2f after "
		         "stage 2 (%s); %.0f s",
		         train->name, train->forms.n, dev ? ", dev " : "", dev ? dev->name : "", best,
		         e1txt, best2, e2txt, now() - t0);
	} else {
		snprintf(m->info, sizeof m->info, "trained on %.100s (%zu tokens)%s%.100s: dev %.2f (%s); %.0f s",
		         train->name, train->forms.n, dev ? ", dev " : "", dev ? dev->name : "", best,
		         e1txt, now() - t0);
	}
	rc = QASID_OK;
	goto cleanup;
fail:
	err_set(err, rc, 0, "training failed: %s", qasid_strerror(rc));
cleanup:
	qs_free(dc.scratch);
	tset_fini(&tr);
	tset_fini(&dv);
	if (rc)
		qasid_model_free(m);
	else
		*out = m;
	return rc;
}
