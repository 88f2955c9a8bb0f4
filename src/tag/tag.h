/* SPDX-License-Identifier: MIT */
/*
 * The tagging stage: models, corpora, feature extraction per task. Internal.
 *
 * A tagger sees a document as a view: text, token spans into it, and
 * sentence starts. Corpora (CoNLL files) and qasid_doc both provide one, so
 * training, `qasid tag` and the pipeline run the same code.
 */
#ifndef QASID_TAG_H
#define QASID_TAG_H

#include "features.h"

/* Model format details, recorded in each file's SETS chunk. */
#define TG_MAX_STAGES 2
#define TG_MAX_TYPES 7 /* NER stage 2 packs a 4-bit count per type and O in 32 bits */

typedef struct tg_view {
	const char *text;
	const qasid_span *tok; /* n_tok token spans into text */
	uint32_t n_tok;
	const uint32_t *sent; /* n_sent + 1 token indices: sentence starts, then n_tok */
	uint32_t n_sent;
} tg_view;

/* Feature groups a model was trained with (bits of qasid_model.feats). */
enum {
	TGF_CLUSTERS = 1 << 0,
	TGF_GAZ = 1 << 1,
	TGF_DOC = 1 << 2,    /* document-level word statistics */
	TGF_STAGE2 = 1 << 3, /* a second pass over the first pass's labels (NER) */
	TGF_WIDE = 1 << 4,   /* more window features */
	TGF_RUNS = 1 << 5,   /* NER: the run of capitalised words a token is in */
	TGF_TRLEX = 1 << 6,  /* NER: the training data's entity phrases and their words, by type */
	TGF_TOPIC = 1 << 7,  /* NER: the document's first word, when in capitals (SOCCER -) */
	TGF_AMB = 1 << 8,    /* POS: ambiguity classes of words (a tag dictionary) */
	TGF_FINITE = 1 << 9  /* POS stage 2: finite verbs elsewhere in the sentence */
};

/*
 * TGF_TRLEX: the training set's entity phrases (lower-cased), and each word of
 * them under its own key (tg_tlex_word), with a bit per entity type and fold
 * of documents they were seen in (bit t * TG_TLEX_FOLDS + fold): a training
 * document looks only at those of the other folds, as new text looks at all.
 */
#define TG_TLEX_FOLDS 5
static inline uint64_t tg_tlex_word(uint64_t lower)
{
	return pc_mix(lower ^ 0x57524457ULL);
}

struct qasid_model {
	qasid_task task;
	char tag[5];
	uint32_t feats;    /* TGF_* */
	uint32_t n_labels;
	char **labels;     /* n_labels strings, each qs_malloc'd */
	qasid_pos *tags;   /* POS: each label as UPOS and XPOS, as documents get them */
	uint8_t *legal;    /* (n_labels + 1) * n_labels, NULL: all legal */
	uint8_t *finite;   /* POS: per label, 1 for a finite verb (XPOS VBD, VBZ, VBP, MD) */
	pc_spec spec;
	uint32_t n_stages;
	pc_model stage[TG_MAX_STAGES];
	tg_lex clusters;
	tg_lex gaz;
	tg_lex tlex; /* TGF_TRLEX */
	tg_lex amb; /* TGF_AMB: lower-cased word -> its ambiguity class (tg_amb_class) */
	char *gaz_names[TG_MAX_GAZ];
	uint32_t n_gaz;
	/* NER: entity types; label 0 is O, 1 + 4t + {B, I, L, U} for type t. */
	uint32_t n_types;
	char types[TG_MAX_TYPES][8];
	char info[512]; /* training command summary and scores, for dump */
	/*
	 * The word cache: for the n_vocab most frequent words (chunk VOCB), each
	 * stage's summed weights of the features that depend on that word alone,
	 * in the places it can stand (TG_ROLE_*: three, and for POS six: the
	 * words two away, and the word itself in a sentence of ordinary case),
	 * built when the model is loaded. A token whose
	 * word is cached adds one vector instead of looking up a dozen features;
	 * the sums are exact, so the labels are the same.
	 */
	uint32_t n_vocab;
	char **vocab;   /* n_vocab words, each qs_malloc'd */
	tg_lex vindex;  /* word form hash -> 1 + its index in vocab */
	int32_t *wvec;  /* [stage][word][role][wstride], NULL until built */
	uint32_t n_roles; /* roles cached: TG_N_ROLES, or for POS TG_MAX_ROLES */
	void *wvec_mem; /* what was allocated for it (qs_zalloc_table) */
	tg_word *vword;     /* per cached word: its attributes (tg_word_init), */
	uint32_t *vcluster; /* its cluster */
	uint32_t *vamb;     /* its ambiguity class (TGF_AMB) */
	uint32_t *vlen;     /* and its length in bytes, cut at TG_MAX_WORD */
	/*
	 * POS, with the word cache: the context cache, each stage's summed
	 * weights of the features that depend only on the token's context
	 * (pos_context: first in its sentence, capitals, document flags,
	 * sentence case), TG_N_CONTEXTS of them.
	 */
	int32_t *cvec; /* [stage][context][wstride] */
	uint32_t wstride;
	/*
	 * NER: the second stage keeps the first stage's O, unscored, where the
	 * first stage's margin (in the weights' units) is at least keep_margin
	 * and no other occurrence of the word in the document was tagged as an
	 * entity (0: it scores every token). See TG_NER_KEEP. POS: it keeps
	 * any first-stage label with that margin (TG_POS_KEEP).
	 */
	int32_t keep_margin;
};

#define TG_N_CONTEXTS 192 /* pos_context values */

/*
 * Where a cached word stands relative to the token being tagged; for POS also
 * two away, and the token itself in a sentence neither in title case nor in
 * capitals (TG_ROLE_SELF0: its own features and the sentence case's with it;
 * pos_word_features gives the latter, what it adds to TG_ROLE_SELF).
 */
enum { TG_ROLE_SELF, TG_ROLE_PREV, TG_ROLE_NEXT, TG_N_ROLES, TG_ROLE_PREV2 = TG_N_ROLES,
       TG_ROLE_NEXT2, TG_ROLE_SELF0, TG_MAX_ROLES };
#define TG_VOCAB 4096 /* words cached */
/*
 * The first-stage margin (best score less the next legal one, as averaged
 * weights sum) from which NER's second stage keeps an O: it skips about four
 * tokens in five of CoNLL-2003 and news, with dev F1 91.11 against 91.07
 * when every token is scored again (chosen on dev from 20, 60; 60 kept).
 */
#define TG_NER_KEEP 60.0
/*
 * The same for the part-of-speech tagger's second stage, which keeps any
 * label from this margin on: about four tokens in five of EWT dev, where
 * UPOS/XPOS are 95.37/94.86 against 95.36/94.86 with every token scored
 * again (chosen on dev from 5, 10, 20, 30, 40, 50, 60, 80; 40 kept).
 */
#define TG_POS_KEEP 40.0

/* Per-token information beyond the word itself. */
typedef struct tg_tokx {
	uint32_t cluster;  /* tg_clusters value, 0 when none */
	uint32_t gaz[4];   /* gazetteer categories matching with this token at B, I, L, U */
	uint32_t docflags; /* TGD_*: how the word is written elsewhere in the document */
	uint32_t title;    /* the sentence's case: 1 title case (most words capitalised), 2 all capitals */
	/* TGF_RUNS: the run of capitalised words the token is in (run_len 0: none) */
	uint32_t run_start, run_len;
	uint8_t run_doc;   /* where the word stands in the document's other runs (run_doc) */
	uint8_t run_types; /* TGF_TRLEX: entity types the run's words have in training phrases */
	uint32_t tlex;     /* TGF_TRLEX: types of the training phrases matching here, 8 bits for
	                    * each place in them (B, I, L, U) */
	uint32_t amb;      /* TGF_AMB: the word's ambiguity class, 0 when none */
} tg_tokx;

enum {
	TGD_CAP_MID = 1,   /* the lower-cased word occurs capitalised inside a sentence */
	TGD_LOW_MID = 2,   /* ... occurs in lower case */
	TGD_FIRST = 4      /* this is the word's first occurrence in the document */
};

/* Reusable buffers for tagging one document after another. */
typedef struct tg_ws {
	VEC(tg_word) words;
	VEC(tg_tokx) x;
	VEC(uint64_t) feats;
	VEC(uint32_t) fstart;
	VEC(uint64_t) hattr;
	VEC(uint16_t) pred;  /* the last stage's labels */
	VEC(uint16_t) pred1; /* the first stage's labels */
	VEC(uint32_t) agg;    /* NER stage 2: per token, first-stage type counts elsewhere */
	VEC(uint64_t) dkeys;  /* a per-document table of words */
	VEC(uint32_t) dvals;
	VEC(uint32_t) sent;   /* sentence starts of a document view */
	VEC(uint32_t) wid;    /* per token: 1 + its word's index in the word cache, or 0 */
	VEC(const int32_t *) init; /* per token: PC_INIT cached vectors (pc_seq.init) */
	VEC(int32_t) margin;  /* per token: the first stage's margin (pc_seq) */
	VEC(uint8_t) keep;    /* per token: the second stage keeps the first one's label */
	VEC(uint32_t) drun;   /* TGF_RUNS: per slot of the document's words, their places in runs */
	uint32_t tlex_skip;   /* TGF_TRLEX: lexicon bits not to look at (training: the own fold's) */
	void *scratch;
} tg_ws;

QASID_INTERNAL void tg_ws_fini(tg_ws *ws);

/* Model life. */
QASID_INTERNAL int tg_model_new(qasid_model **out, qasid_task task);
QASID_INTERNAL int tg_model_set_labels(qasid_model *m, char **labels, uint32_t n);

/* Fills ws->words and ws->x for the view. */
QASID_INTERNAL int tg_words(const qasid_model *m, tg_ws *ws, const tg_view *v);

/*
 * Appends the static features of token i to ws->feats (and its history
 * attributes to ws->hattr). stage is 0 or 1; stage 1 reads ws->pred1 over
 * the whole view (the first stage's labels) and ws->agg (aggregates).
 */
QASID_INTERNAL int pos_features(const qasid_model *m, tg_ws *ws, const tg_view *v, uint32_t sent,
                                uint32_t i, int stage);
QASID_INTERNAL int ner_features(const qasid_model *m, tg_ws *ws, const tg_view *v, uint32_t sent,
                                uint32_t i, int stage);
/* NER: document aggregates of the first stage's labels into ws->agg. */
QASID_INTERNAL int ner_aggregate(const qasid_model *m, tg_ws *ws, const tg_view *v);

/*
 * The features of one group (TG_ROLE_*) of word w (cluster its tg_clusters
 * value), as they are for the token itself, or for its next or previous
 * token, into f (room for 32); their number.
 */
QASID_INTERNAL uint32_t pos_word_features(const qasid_model *m, const tg_word *w, uint32_t cluster,
                                          uint32_t amb, int role, uint64_t *f);
QASID_INTERNAL uint32_t ner_word_features(const qasid_model *m, const tg_word *w, uint32_t cluster,
                                          int role, uint64_t *f);
/*
 * POS: the context of token i (first in sentence a, its capitals, its
 * document flags, the sentence's case) as a number below TG_N_CONTEXTS, and
 * the features of context c into f (room for 4); their number.
 */
QASID_INTERNAL uint32_t pos_context(const tg_ws *ws, uint32_t a, uint32_t i);
QASID_INTERNAL uint32_t pos_context_features(const qasid_model *m, uint32_t c, uint64_t *f);
/*
 * POS, TGF_AMB: the ambiguity class of word w, a hash of the set of labels
 * its lower-cased form had in training (when it was seen min_count times or
 * more), or 0. tg_amb_build makes the table from the gold labels of n tokens
 * (spans into text; labels[i] of token i, UINT16_MAX: none). When loo is not
 * NULL, it receives each token's class as it would be without that token:
 * the perceptron trains on those, so that it learns what the classes are
 * worth on new text, where a word's label may be one never seen with it.
 */
static inline uint32_t tg_amb_class(const qasid_model *m, const tg_word *w)
{
	return m->feats & TGF_AMB ? tg_lex_get(&m->amb, w->lower) : 0;
}
QASID_INTERNAL int tg_amb_build(qasid_model *m, const char *text, const qasid_span *tok,
                                uint32_t n, const uint16_t *labels, uint32_t min_count,
                                uint32_t *loo);
/* Builds m->wvec (and m->cvec) from m->vocab. */
QASID_INTERNAL int tg_cache_build(qasid_model *m);
/* Words of a clusters file (lines BITS<TAB>WORD<TAB>COUNT): the n most frequent, into m->vocab. */
QASID_INTERNAL int tg_vocab_from_clusters(qasid_model *m, const char *path, uint32_t n,
                                          qasid_err *err);

/* Features for the whole view at stage s into ws->feats/fstart/hattr (and ws->init). */
QASID_INTERNAL int tg_features(const qasid_model *m, tg_ws *ws, const tg_view *v, int stage);

/* Tags the view: labels of every token into ws->pred. */
QASID_INTERNAL int tg_tag_view(const qasid_model *m, tg_ws *ws, const tg_view *v);

/* NER labels. */
QASID_INTERNAL int ner_set_types(qasid_model *m, char types[][8], uint32_t n);
/* The BILOU label of type t (0-based) at position p (0 B, 1 I, 2 L, 3 U). */
static inline uint16_t ner_label(uint32_t t, uint32_t p)
{
	return (uint16_t)(1 + 4 * t + p);
}
/* Repairs a greedy BILOU sequence so every entity is closed. */
QASID_INTERNAL void ner_fix(uint16_t *lab, uint32_t n);

/* Training, per task (train.c). */
typedef struct tg_train_cfg {
	int epochs;
	uint32_t seed;
	double prune;
	int patience;
	int folds;
	int stages;
	int doc;
	int history; /* 1: train on gold previous labels */
	int amb_min; /* POS: ambiguity classes of words seen this often (0: none) */
	int bags;    /* models trained apart and averaged, per stage and jackknife fold */
	int bag_share; /* percent of the training units (documents for NER) each bag sees */
	char clusters[1024];
	char gazetteer[1024];
} tg_train_cfg;

#endif
