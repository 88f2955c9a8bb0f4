/* SPDX-License-Identifier: MIT */
/*
 * The averaged perceptron for sequences, shared by the POS and NER taggers.
 * Internal.
 *
 * Features are 64-bit hashes (never 0) that the task computes per token: the
 * learner sees a sequence as, for each token, a list of static features (not
 * depending on labels) and a few attribute hashes to conjoin with the
 * previous label. Decoding is greedy, left to right: the previous two
 * predicted labels become features, and a transition table forbids label
 * pairs the task declares illegal (I-X after O in BILOU).
 *
 * Training runs the same greedy decoder with the current weights, and at each
 * wrong token moves the weights of its features toward the gold label and away
 * from the predicted one. Averaging keeps, beside each weight w, the sum ws of
 * c * delta over updates (c the token counter); the average is w - ws / c, so
 * no second pass is needed (as crfsuite does). Weights live in sparse rows:
 * one row per feature, holding only the labels it was updated for.
 *
 * A trained pc_model is the averaged weights with small ones pruned and the
 * rest quantised to int16 with one scale; it is what model files hold and
 * what the taggers run. It is immutable once built, so threads can share it.
 */
#ifndef QASID_PERCEPTRON_H
#define QASID_PERCEPTRON_H

#include "../core/core.h"
#include "../model/model.h"

#define PC_MAX_LABELS 255
#define PC_MAX_HATTR 8

/* 64-bit mixing (splitmix64's finaliser) and feature combinators. */
static inline uint64_t pc_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x ? x : 1;
}

static inline uint64_t pc_f1(uint64_t tmpl, uint64_t a)
{
	return pc_mix(tmpl * 0x9E3779B97F4A7C15ULL ^ a);
}

static inline uint64_t pc_f2(uint64_t tmpl, uint64_t a, uint64_t b)
{
	return pc_mix(pc_f1(tmpl, a) + b * 0xD6E8FEB86659FD93ULL);
}

/* What the decoder needs to know about a task's labels. */
typedef struct pc_spec {
	uint32_t n_labels;
	uint32_t n_hattr; /* attribute hashes per token conjoined with the previous label */
	/* legal[p * n_labels + l]: label l may follow p; p == n_labels is the
	 * sentence start. NULL allows everything. */
	const uint8_t *legal;
} pc_spec;

/* One sequence (a sentence) as the learner sees it. */
typedef struct pc_seq {
	uint32_t n;
	const uint64_t *feats;  /* static features of token i: feats[fstart[i]..fstart[i+1]) */
	const uint32_t *fstart; /* n + 1 offsets */
	const uint64_t *hattr;  /* n * n_hattr attribute hashes, or NULL when n_hattr is 0 */
	const uint16_t *gold;   /* gold labels (training), or NULL */
	uint16_t *pred;         /* out: predicted labels */
} pc_seq;

/* The trained, quantised weights. */
typedef struct pc_model {
	uint32_t n_labels;
	uint32_t n_feats;
	uint32_t n_entries;
	float scale;       /* weight = ent_w * scale */
	uint32_t mask;     /* hash table slots - 1 */
	struct pc_slot {
		uint64_t key; /* 0: empty */
		uint32_t off; /* the feature's weights: packed[off .. off + n) */
		uint32_t n;
	} *slots;
	uint32_t *packed;  /* n_entries: label << 16 | (uint16_t)weight, rows in key order */
	uint64_t *keys;    /* n_feats, sorted */
	uint32_t *row_off; /* n_feats + 1 */
	uint8_t *ent_lab;  /* n_entries */
	int16_t *ent_w;    /* n_entries */
} pc_model;

QASID_INTERNAL void pc_model_free(pc_model *m);
/*
 * Adds the weights of features f[0..n) to scores[0..n_labels). Unknown
 * features add nothing.
 */
QASID_INTERNAL void pc_model_score(const pc_model *m, const uint64_t *f, size_t n, int32_t *scores);

/*
 * Greedy decoding of seq into seq->pred. scratch holds at least
 * pc_scratch_size(spec) bytes (any alignment of 8).
 */
QASID_INTERNAL size_t pc_scratch_size(const pc_spec *spec);
QASID_INTERNAL void pc_decode(const pc_model *m, const pc_spec *spec, pc_seq *seq, void *scratch);

/*
 * Saves the model as chunks WMAP (features and row offsets) and WENT (label
 * and weight per entry) with a prefix letter to keep two models apart in one
 * file: ids are prefix + "MAP" / prefix + "ENT".
 */
QASID_INTERNAL void pc_model_write(const pc_model *m, mdl_w *w, char prefix);
QASID_INTERNAL int pc_model_read(pc_model *m, const mdl_file *f, char prefix, uint32_t n_labels,
                                 qasid_err *err);

/* Training. */

typedef struct pc_train_opts {
	int epochs;     /* passes over the training data */
	uint32_t seed;  /* shuffling */
	double prune;   /* drop averaged weights with |w| below this */
	int patience;   /* stop after this many epochs without a better dev score (0: never) */
	int gold_history; /* condition on the gold previous labels while training, not the
	                   * predicted ones */
} pc_train_opts;

/*
 * Scores a candidate model on held-out data (higher is better); progress is
 * told each epoch (epoch, training errors rate, dev score, seconds so far).
 */
typedef struct pc_hooks {
	double (*dev_score)(void *ud, const pc_model *m);
	void (*progress)(void *ud, int epoch, double train_acc, double dev, double secs,
	                 size_t n_feats);
	void *ud;
} pc_hooks;

/*
 * Trains on seqs[0..n_seqs) and returns in *out the model of the epoch that
 * scored best on dev (the last one when hooks->dev_score is NULL), with its
 * score and epoch number. seq->pred receives the labels predicted while
 * training. The same data and options give the same model.
 */
QASID_INTERNAL int pc_train(const pc_spec *spec, pc_seq *seqs, size_t n_seqs,
                            const pc_train_opts *opt, const pc_hooks *hooks, pc_model *out,
                            double *best_dev, int *best_epoch);

/*
 * Multiclass training, one decision at a time, for tasks that drive their
 * own search (the parser): the caller scores a decision's features with the
 * current weights, updates on a mistake (toward gold, away from pred) and
 * ticks once per decision, so averaging counts decisions. pc_mc_model gives
 * the averaged, pruned, quantised pc_model of the current state (scored with
 * pc_model_score, saved with pc_model_write) without disturbing training.
 */
typedef struct pc_mc pc_mc;

QASID_INTERNAL int pc_mc_new(pc_mc **out, uint32_t n_labels);
QASID_INTERNAL void pc_mc_free(pc_mc *m);
/* Adds the current (not averaged) weights of f[0..n) to scores[0..n_labels). */
QASID_INTERNAL void pc_mc_score(pc_mc *m, const uint64_t *f, size_t n, float *scores);
QASID_INTERNAL int pc_mc_update(pc_mc *m, const uint64_t *f, size_t n, uint32_t gold,
                                uint32_t pred);
QASID_INTERNAL void pc_mc_tick(pc_mc *m);
QASID_INTERNAL size_t pc_mc_n_feats(const pc_mc *m);
QASID_INTERNAL int pc_mc_model(pc_mc *m, double prune, pc_model *out);

#endif
