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
 * Decoding scores a block of tokens' static features first (many independent
 * table probes in flight), then walks the block greedily adding the history
 * features, whose slots were prefetched for the labels the static scores
 * alone would pick.
 *
 * A trained pc_model is the averaged weights with small ones pruned and the
 * rest quantised to int16 with one scale; it is what model files hold and
 * what the taggers run. It is immutable once built, so threads can share it.
 */
#ifndef QASID_PERCEPTRON_H
#define QASID_PERCEPTRON_H

#include <string.h>

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

#define PC_INIT 6 /* vectors a token's scores can start from */

/* One sequence (a sentence) as the learner sees it. */
typedef struct pc_seq {
	uint32_t n;
	const uint64_t *feats;  /* static features of token i: feats[fstart[i]..fstart[i+1]) */
	const uint32_t *fstart; /* n + 1 offsets */
	const uint64_t *hattr;  /* n * n_hattr attribute hashes, or NULL when n_hattr is 0 */
	const uint16_t *gold;   /* gold labels (training), or NULL */
	uint16_t *pred;         /* out: predicted labels */
	/* or NULL: per token, PC_INIT vectors (pc_stride entries each, NULL for none)
	 * whose sum its scores start from */
	const int32_t *const *init;
	int32_t *margin;        /* out, or NULL: per token, the best score less the next best */
	const uint8_t *keep;    /* or NULL: tokens whose pred is given already (not scored) */
} pc_seq;

/*
 * The trained, quantised weights, in an open-addressing table of 16-byte
 * slots (linear probing, load at most 0.8). A slot holds the feature's
 * fingerprint (the key's high 32 bits; the low bits chose the home slot) and
 * its first two weights, so most features cost one cache line; longer rows go
 * on in over[]. Two features of the same fingerprint in one probe run would
 * shadow each other: the second is dropped when the table is built (about
 * once in 2^32 probes, and the same way every time), as is a key whose high
 * half is 0. Long rows (the frequent
 * features: bias, shapes, common words), of pc_dense_min() weights or more,
 * are kept as dense vectors of int16 over all labels, added with vector
 * instructions instead of one label at a time.
 */
static inline uint32_t pc_dense_min(uint32_t n_labels)
{
	uint32_t k = ((n_labels + 15) & ~15u) * 3 / 8; /* about as many bytes as sparse */

	return k < 8 ? 8 : k;
}

typedef struct pc_slot {
	uint32_t fp;   /* 0: empty */
	uint32_t meta; /* offset in over[] << 8 | number of weights (1..255); dense rows:
	                * row index << 8 | 0 */
	uint32_t e[2]; /* the first two weights: label << 16 | (uint16_t)weight */
} pc_slot;

typedef struct pc_model {
	uint32_t n_labels;
	uint32_t n_feats;
	uint32_t n_entries;
	float scale;       /* weight = quantised weight * scale */
	uint32_t mask;     /* slots - 1 */
	pc_slot *slots;    /* 64-byte aligned: four to a cache line */
	uint32_t *over;    /* weights beyond the second of each row */
	void *slots_mem, *over_mem; /* what was allocated for them (qs_zalloc_table) */
	uint32_t n_over;
	int16_t *dense;    /* n_dense rows of stride weights, one per label (zero-padded) */
	uint32_t n_dense;
	uint32_t stride;   /* n_labels rounded up to a multiple of 16 */
	uint32_t *lo;      /* per slot: the key's low 32 bits (for writing the model) */
	/*
	 * One bit per fingerprint (bit fp & fpmask) of the features in the
	 * table, and bit 0 set: a key whose bit is clear is in no slot, so a
	 * search for it stops at the end of its home slot's cache line instead
	 * of walking on to the empty slot that ends its run (about 9 slots on
	 * average for a key not in the table, at a load of 0.76).
	 */
	uint64_t *fpbits;
	uint32_t fpmask;
	/* The decoder's history features, looked up once (perceptron.c): */
	int32_t *hist1;    /* (n_labels + 1) rows of stride: "previous label y1" */
	uint32_t *hist2;   /* (n_labels + 1)^2: 1 + the slot of "previous labels y1, y2", or 0 */
} pc_model;

QASID_INTERNAL void pc_model_free(pc_model *m);
/*
 * Adds the weights of features f[0..n) to scores[0..n_labels). scores has
 * pc_stride(n_labels) entries (dense rows are added over the padding, which
 * they hold as zeros). Unknown features add nothing.
 */
QASID_INTERNAL void pc_model_score(const pc_model *m, const uint64_t *f, size_t n, int32_t *scores);

/*
 * Greedy decoding of seq into seq->pred. scratch holds at least
 * pc_scratch_size(spec) bytes (any alignment: it is aligned inside).
 */
#define PC_BLOCK 32 /* tokens scored together */
QASID_INTERNAL size_t pc_scratch_size(const pc_spec *spec);
/* out[0..n) += in[0..n), n a multiple of 8, eight lanes at a time. */
static inline void pc_add_i32(int32_t *out, const int32_t *in, uint32_t n)
{
	typedef int32_t v8 __attribute__((vector_size(32)));
	uint32_t k;

	for (k = 0; k < n; k += 8) {
		v8 a, b;

		memcpy(&a, out + k, sizeof a);
		memcpy(&b, in + k, sizeof b);
		a += b;
		memcpy(out + k, &a, sizeof a);
	}
}

/*
 * out[0..n) += in[0..n), n a multiple of 16 (a dense row's stride), 16 lanes
 * at a time: the compiler splits the vectors into what the target has (four
 * SSE2 registers, two AVX2 ones, one AVX-512 one; see PC_CLONES).
 */
static inline void pc_add_i16(int32_t *out, const int16_t *in, uint32_t n)
{
	typedef int32_t v16 __attribute__((vector_size(64)));
	typedef int16_t v16h __attribute__((vector_size(32)));
	uint32_t k;

	for (k = 0; k < n; k += 16) {
		v16 a;
		v16h b;

		memcpy(&a, out + k, sizeof a);
		memcpy(&b, in + k, sizeof b);
		a += __builtin_convertvector(b, v16);
		memcpy(out + k, &a, sizeof a);
	}
}

/* Score vectors are padded to a multiple of 16 labels (the dense rows' stride). */
static inline uint32_t pc_stride(uint32_t n_labels)
{
	return (n_labels + 15) & ~15u;
}
/*
 * Greedy decoding of seq into seq->pred, left to right, each token scored by
 * its static features and the labels before it; tokens seq->keep marks keep
 * the label seq->pred has (their features are not read).
 */
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

typedef struct pc_mc pc_mc; /* multiclass training state (below) */

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
 * The same training an epoch at a time, for callers that train several
 * perceptrons side by side (bagging: their averaged weights merged into a
 * pc_mc after each epoch). pc_run_new keeps seqs (which must outlive the
 * run) and shuffles them with seed as pc_train does; pc_run_epoch makes one
 * pass and tells the share of tokens it labelled right before updating;
 * pc_run_model gives the model of the averaged weights so far (what
 * pc_train scores each epoch); pc_run_merge adds weight times those averaged
 * weights to dst (as pc_mc_merge does).
 */
typedef struct pc_run pc_run;

QASID_INTERNAL int pc_run_new(pc_run **out, const pc_spec *spec, pc_seq *seqs, size_t n_seqs,
                              uint32_t seed, int gold_history);
QASID_INTERNAL void pc_run_free(pc_run *r);
QASID_INTERNAL int pc_run_epoch(pc_run *r, double *train_acc);
QASID_INTERNAL int pc_run_model(pc_run *r, double prune, pc_model *out);
QASID_INTERNAL int pc_run_merge(pc_mc *dst, const pc_run *r, double weight);

/*
 * Multiclass training, one decision at a time, for tasks that drive their
 * own search (the parser): the caller scores a decision's features with the
 * current weights, updates on a mistake (toward gold, away from pred) and
 * ticks once per decision, so averaging counts decisions. pc_mc_model gives
 * the averaged, pruned, quantised pc_model of the current state (scored with
 * pc_model_score, saved with pc_model_write) without disturbing training.
 */
QASID_INTERNAL int pc_mc_new(pc_mc **out, uint32_t n_labels);
QASID_INTERNAL void pc_mc_free(pc_mc *m);
/* Adds the current (not averaged) weights of f[0..n) to scores[0..n_labels). */
QASID_INTERNAL void pc_mc_score(pc_mc *m, const uint64_t *f, size_t n, float *scores);
QASID_INTERNAL int pc_mc_update(pc_mc *m, const uint64_t *f, size_t n, uint32_t gold,
                                uint32_t pred);
/* Adds delta to the weights of label for each of f[0..n) (global updates: the beam). */
QASID_INTERNAL int pc_mc_add(pc_mc *m, const uint64_t *f, size_t n, uint32_t label, int delta);
QASID_INTERNAL void pc_mc_tick(pc_mc *m);
QASID_INTERNAL size_t pc_mc_n_feats(const pc_mc *m);
/* Adds weight times src's averaged weights to dst as weights of their own
 * (dst's average of them is themselves): models trained apart, averaged. */
QASID_INTERNAL int pc_mc_merge(pc_mc *dst, const pc_mc *src, double weight);
QASID_INTERNAL int pc_mc_model(pc_mc *m, double prune, pc_model *out);

#endif
