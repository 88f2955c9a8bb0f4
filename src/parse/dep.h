/* SPDX-License-Identifier: MIT */
/*
 * The dependency parser: arc-hybrid transitions, a dynamic oracle, feature
 * templates and the model. Internal.
 *
 * Tokens of a sentence are numbered 1..n, 0 being the artificial root. The
 * arc-hybrid system (Kuhlmann et al. 2011) keeps a stack (the root at its
 * bottom) and a buffer front b:
 *
 *   SHIFT      push b                         (b <= n)
 *   LEFT-r     arc b -> s0 labelled r, pop    (b <= n, s0 is not the root)
 *   RIGHT-r    arc s1 -> s0 labelled r, pop   (two items on the stack; when s1
 *                                              is the root, only once the
 *                                              buffer is empty: one root child)
 *
 * Action ids: 0 SHIFT, 1 + r LEFT-r, 1 + n_rels + r RIGHT-r. Every state
 * that is not final has a legal action, so parsing always ends with a tree
 * (2n transitions). The system builds projective trees only; non-projective
 * training trees are made projective by lifting (dep_projectivize).
 */
#ifndef QASID_DEP_H
#define QASID_DEP_H

#include "../tag/features.h"

#define DEP_MAX_RELS 100 /* 1 + 2 * rels actions fit the learner's labels */
#define DEP_NONE UINT32_MAX

enum { DEP_SHIFT = 0 };

/* What the features know about a token (all hashes, never 0). */
typedef struct dep_tok {
	uint64_t w;    /* lower-cased word */
	uint64_t p;    /* XPOS */
	uint64_t u;    /* UPOS */
	uint64_t c4, c6; /* word cluster prefixes (or 1 when none) */
} dep_tok;

/* A parser state over n tokens; arrays have n + 1 entries (0 the root). */
typedef struct dep_state {
	uint32_t n;
	uint32_t n_rels;
	uint32_t *stack, sp;
	uint32_t b;
	uint32_t *head;   /* DEP_NONE until attached */
	uint16_t *rel;
	uint32_t *lc1, *lc2, *rc1, *rc2; /* two leftmost, two rightmost children (0: none) */
	uint16_t *nl, *nr;               /* number of left, right children */
	uint64_t *lset, *rset;           /* bit (rel % 64) of each left, right child's label */
} dep_state;

/* Sizes state arrays for n tokens (memory in *mem, reused across calls). */
QASID_INTERNAL int dep_state_init(dep_state *s, uint32_t n, uint32_t n_rels, void **mem,
                                  size_t *mem_cap);
/* Makes d a copy of s (its arrays in *mem, grown as needed). */
QASID_INTERNAL int dep_state_copy(dep_state *d, const dep_state *s, void **mem, size_t *mem_cap);
QASID_INTERNAL int dep_final(const dep_state *s);
QASID_INTERNAL int dep_legal(const dep_state *s, uint32_t action);
QASID_INTERNAL void dep_apply(dep_state *s, uint32_t action);

/*
 * The dynamic oracle (Goldberg and Nivre 2013): the number of gold arcs
 * (heads gh[1..n], labels gr[1..n]) that action makes unreachable from s. Exact
 * for projective gold trees.
 */
QASID_INTERNAL uint32_t dep_cost(const dep_state *s, uint32_t action, const uint32_t *gh,
                                 const uint16_t *gr);

/* Whether heads h[1..n] form a projective tree. */
QASID_INTERNAL int dep_is_projective(const uint32_t *h, uint32_t n);
/*
 * Lifts non-projective arcs (the shortest first) to the head's head until the
 * tree is projective; h[1..n] is changed in place. Returns the number of lifts.
 */
QASID_INTERNAL uint32_t dep_projectivize(uint32_t *h, uint32_t n);

/*
 * Feature flags of a model; bits 8-15 hold the beam width it was trained
 * with and parses with (0 or 1: greedy).
 */
enum { DEPF_CLUSTERS = 1, DEPF_BEAM_SHIFT = 8, DEPF_BEAM_MASK = 0xff00 };
#define DEP_MAX_BEAM 64
#define DEP_BEAM(flags) (((flags) & DEPF_BEAM_MASK) >> DEPF_BEAM_SHIFT)

#define DEP_MAX_FEATS 160

/* The features of state s into f (at most DEP_MAX_FEATS); returns the count. */
QASID_INTERNAL uint32_t dep_features(const dep_state *s, const dep_tok *t, uint32_t flags,
                                     uint64_t *f);

/* The model: relation names and the weights of each action. */
typedef struct dep_model {
	uint32_t flags;
	uint32_t n_rels;
	char rels[DEP_MAX_RELS][24];
	pc_model w;
	tg_lex clusters;
	char info[512];
} dep_model;

struct qasid_parser {
	dep_model m;
};

/* Per-token inputs: words and tags into t[1..n] (t[0] is the root). */
QASID_INTERNAL void dep_tok_fill(const dep_model *m, dep_tok *t, const char *word, size_t len,
                                 const char *upos, const char *xpos);
QASID_INTERNAL void dep_tok_root(dep_tok *t);

/* Beam search (beam.c): scratch for one sentence after another. */
typedef struct dep_beam dep_beam;

QASID_INTERNAL int dep_beam_new(dep_beam **out, uint32_t width);
QASID_INTERNAL void dep_beam_free(dep_beam *b);
/* Parses tok[0..n] with the beam into head[1..n] and rel[1..n]. */
QASID_INTERNAL int dep_beam_parse(const dep_model *m, dep_beam *b, const dep_tok *tok, uint32_t n,
                                  uint32_t *head, uint16_t *rel);
/*
 * One global training step on a sentence with gold heads gh[1..n] and
 * relations gr[1..n] (a projective tree): a max-violation update of mc when
 * the beam's best parse is not the gold one; *right says whether it was.
 */
QASID_INTERNAL int dep_beam_train(dep_beam *b, pc_mc *mc, const dep_model *m, const dep_tok *tok,
                                  const uint32_t *gh, const uint16_t *gr, uint32_t n, int *right);

/* Scratch for parsing one sentence after another. */
typedef struct dep_ws {
	void *mem;
	size_t mem_cap;
	VEC(dep_tok) tok;
	int32_t *scores;
	dep_beam *beam; /* made on first use by a model with a beam */
} dep_ws;

QASID_INTERNAL void dep_ws_fini(dep_ws *ws);
/*
 * Parses ws->tok.v[0..n] (filled by the caller, n tokens plus the root) into
 * head[1..n] (0 the root) and rel[1..n].
 */
QASID_INTERNAL int dep_parse(const dep_model *m, dep_ws *ws, uint32_t n, uint32_t *head,
                             uint16_t *rel);

QASID_INTERNAL int dep_model_save(const dep_model *m, const char *path, qasid_err *err);
QASID_INTERNAL int dep_model_load(dep_model *m, const char *path, qasid_err *err);
QASID_INTERNAL void dep_model_fini(dep_model *m);

#endif
