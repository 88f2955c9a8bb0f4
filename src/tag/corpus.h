/* SPDX-License-Identifier: MIT */
/* Corpora in CoNLL formats (corpus.c), seen from inside the library. */
#ifndef QASID_CORPUS_H
#define QASID_CORPUS_H

#include "../doc/doc.h"
#include "tag.h"

#define CP_NONE UINT32_MAX

typedef struct cp_line {
	uint32_t off, len;
	uint32_t tok; /* the token on this line, or CP_NONE */
} cp_line;

struct qasid_corpus {
	qasid_task task;
	char name[256]; /* the file's base name, for messages and model info */
	char *text; /* the file, NUL-terminated */
	size_t len;
	VEC(cp_line) lines;
	VEC(qasid_span) forms;  /* token forms: spans of text */
	VEC(uint32_t) gold;     /* per token: index into gold_names, or CP_NONE */
	VEC(uint16_t) pred;     /* per token: predicted label of the model that tagged it */
	VEC(uint32_t) sent;     /* token index of each sentence start, then n_tokens */
	VEC(uint32_t) docs;     /* sentence index of each document start, then n_sentences */
	VEC(char *) gold_names; /* distinct gold tags (POS: "UPOS XPOS") */
	int has_gold;
	int tagged;
	/* Labels of the model that tagged it (copies). */
	uint32_t n_pred_names;
	char **pred_names;
	uint32_t n_types;
	char types[TG_MAX_TYPES][8];
	/* Trees of a later stage (the parser, src/parse), freed with ext_free. */
	void *ext;
	void (*ext_free)(void *ext);
};

/* The view of document d (token and sentence arrays into sent_buf). */
QASID_INTERNAL int cp_doc_view(const qasid_corpus *c, size_t d, tg_view *v, u32vec *sent_buf,
                               uint32_t *first_tok);

/*
 * NER gold labels: the gold IOB tags of sentence s as BILOU labels for the
 * given types (tokens of unknown types become O). out has room for the
 * sentence's tokens.
 */
QASID_INTERNAL void cp_ner_gold(const qasid_corpus *c, size_t s, char types[][8], uint32_t n_types,
                                uint16_t *out);

/* Entities of a BILOU label sequence: calls fn(ud, start, end, type) for each. */
QASID_INTERNAL void ner_entities(const uint16_t *lab, uint32_t n,
                                 void (*fn)(void *ud, uint32_t start, uint32_t end, uint32_t type),
                                 void *ud);

#endif
