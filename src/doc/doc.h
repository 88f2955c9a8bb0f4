/* SPDX-License-Identifier: MIT */
/*
 * The document model, seen from inside the library. Stages read and write
 * these fields; the public API sees them through qasid_doc_* accessors.
 *
 * Texts: input is the repaired input text; text is the cleaned text. For each
 * byte i of the cleaned text, [src_start[i], src_end[i]) is the range of input
 * bytes it came from (a whole input character, or several when a step merged
 * them; an empty range for inserted bytes). The arrays hold text.len + 1
 * entries; the last is the end of the input.
 *
 * Memory: the growable arrays below are kept across qasid_doc_reset, so a
 * document reused for a stream of articles stops allocating once warm; small
 * things (metadata, diagnostic strings) live in the arena.
 */
#ifndef QASID_DOC_H
#define QASID_DOC_H

#include "../core/core.h"

typedef VEC(uint32_t) u32vec;

/*
 * What the mentions of one entity say of its sex (src/quote/entity.c): words
 * at its names ("Mr", "spokeswoman") and the pronouns taken to mean it.
 */
typedef struct doc_sex {
	uint32_t name_m, name_f, pron_m, pron_f;
} doc_sex;

struct qasid_doc {
	arena ar;
	char *field[QASID_N_FIELDS];
	buf input;
	int from_markup; /* input is text read from a markup page: references decoded already */
	buf text;
	u32vec src_start;
	u32vec src_end;
	VEC(qasid_span) tokens;
	VEC(qasid_sentence) sentences;
	VEC(qasid_span) paragraphs;
	VEC(qasid_diag) diags;
	/* Taggers (src/tag): pos.n is tokens.n when a POS model ran, else 0. */
	VEC(qasid_pos) pos;
	VEC(qasid_mention) mentions;
	/* Parser (src/parse): deps.n is tokens.n when a parser ran, else 0. */
	VEC(qasid_dep) deps;
	/* Entities and quotes (src/entity, src/quote). */
	VEC(qasid_entity) entities;
	VEC(qasid_entity_mention) ementions;
	VEC(uint32_t) emap; /* the mentions lists of entities point here */
	VEC(doc_sex) esex;  /* one per entity */
	VEC(qasid_quote) quotes;
	/* Events (src/event/coder.c). */
	VEC(qasid_event) events;
	size_t max_diags;
	uint32_t cp_byte; /* a cursor for qasid_doc_input_cp: this input byte */
	uint32_t cp_index; /* ... is this code point */
	/* Scratch for cleaning passes. */
	buf tmp_text;
	u32vec tmp_start;
	u32vec tmp_end;
};

/*
 * Records a diagnostic on the input span [start, end). Past the cap, one
 * QASID_DIAG_TRUNCATED entry is added and the rest are dropped.
 */
QASID_INTERNAL int doc_diag(qasid_doc *doc, qasid_diag_kind kind, uint32_t start, uint32_t end,
                            const char *what);

/* Sets the cleaned text to a copy of the input with an identity map. */
QASID_INTERNAL int doc_text_from_input(qasid_doc *doc);

/* Swaps the scratch text and maps in as the cleaned text. */
QASID_INTERNAL void doc_swap_tmp(qasid_doc *doc);

#endif
