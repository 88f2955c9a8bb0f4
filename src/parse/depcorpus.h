/* SPDX-License-Identifier: MIT */
/* Treebanks for the parser (corpus.c): trees beside a CoNLL-U corpus. Internal. */
#ifndef QASID_DEPCORPUS_H
#define QASID_DEPCORPUS_H

#include "../tag/corpus.h"
#include "dep.h"

/* Per corpus token; heads are positions in the sentence (1..n), 0 the root. */
typedef struct dep_corpus {
	uint32_t *gh;      /* gold head, DEP_NONE when the line has none */
	char (*grel)[24];  /* gold relation */
	uint32_t *ph;      /* predicted */
	uint16_t *pr;      /* ... relation: an index into rels */
	char rels[DEP_MAX_RELS][24];
	uint32_t n_rels;
	int has_gold;      /* every token has a gold head and relation */
	int parsed;
} dep_corpus;

/* The trees of c (read from its lines on first use); NULL when out of memory. */
QASID_INTERNAL dep_corpus *dep_corpus_of(qasid_corpus *c);
/* The parser's view of sentence s: t[0] the root, t[1..n] (predicted tags when c is tagged). */
QASID_INTERNAL int dep_corpus_tokens(const qasid_corpus *c, const dep_model *m, size_t s,
                                     dep_tok *t);
/* Parses every sentence of c into its dep_corpus. */
QASID_INTERNAL int dep_corpus_parse(qasid_corpus *c, const dep_model *m, dep_ws *ws);

#endif
