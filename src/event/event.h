/* SPDX-License-Identifier: MIT */
/* Event coding without the parser: helpers shared by src/event/ (prefix evt_). */
#ifndef QASID_EVENT_H
#define QASID_EVENT_H

#include <stddef.h>
#include <string.h>

#include "../core/core.h"

/* ASCII case-insensitive comparison of a token with a lower-case word. */
QASID_INTERNAL int evt_is(const char *tok, const char *lower);
/* Index of tok in a NULL-terminated list of lower-case words, or -1. */
QASID_INTERNAL int evt_in(const char *tok, const char *const *list);

/* Is c one of the characters of set? (Unlike strchr, never for '\0'.) */
static inline int evt_oneof(char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/* 1..12 for a month name ("March", "Mar.", "Sept"; abbreviations capitalised), else 0. */
QASID_INTERNAL int evt_month(const char *w);
/* 0..6 for a day of the week in lower case ("monday"), else -1. */
QASID_INTERNAL int evt_weekday(const char *w);

/* The event lexicon (verbs.c). */
#define EVT_LEMMA_MAX 32
#define EVT_MAX_SENTENCE 400 /* tokens: a longer run-on "sentence" is not coded */
#define EVT_MAX_CANDS 10

typedef struct evt_pattern {
	char code[8];            /* "" for a pattern that codes nothing (PETRARCH "[---]") */
	char code2[8];           /* the reverse event's code (target to source), or "" */
	uint32_t word0, n_words; /* the trigger's lemma, then the words that follow it */
	uint32_t n_before;       /* then words that must come before it (PETRARCH "NOT *") */
	/*
	 * bit i: word i must be the very next token after the one it follows
	 * (PETRARCH "A_B"): a following word after the word before it, a word
	 * before after the one before it, and (bit 0) the trigger after the
	 * last word before it ("FAILED_TO_*")
	 */
	uint64_t glued;
	/*
	 * A pattern of a dictionary that marks its phrases (PETRARCH-2,
	 * phrases set): bit i of prep, word i is the preposition of a
	 * prepositional phrase of the verb ("(TO BORDER)"); of ppnoun, a noun
	 * it governs; of mod, a modifier of the head that follows it ("{MOCK
	 * ATTACK}", "CEASE_FIRE"); a following word in none of them is the head
	 * of a phrase of the verb's own: its object, a particle or an adverb
	 */
	uint64_t prep, ppnoun, mod;
	uint8_t phrases;
	uint8_t petrarch;        /* from a PETRARCH or TABARI verbs dictionary */
	uint8_t noun;            /* a noun trigger */
	uint32_t src, line;      /* where it was read */
	int32_t next;
} evt_pattern;

/* First pattern of trigger lemma (of the kind), or -1; the next one of the same trigger. */
QASID_INTERNAL int32_t evt_verbs_first(const qasid_verbs *v, const char *lemma, int noun);
QASID_INTERNAL int32_t evt_verbs_next(const qasid_verbs *v, int32_t i);
QASID_INTERNAL const evt_pattern *evt_verbs_pattern(const qasid_verbs *v, int32_t i);
QASID_INTERNAL const char *evt_verbs_word(const qasid_verbs *v, const evt_pattern *p, uint32_t k);
QASID_INTERNAL const char *evt_verbs_origin(const qasid_verbs *v, const evt_pattern *p);
/* The lemma of an irregular form ("fought" -> "fight"), or NULL. */
QASID_INTERNAL const char *evt_verbs_irregular(const qasid_verbs *v, const char *form);
/* Possible lemmas of a lower-cased word form, the form itself first; returns how many. */
QASID_INTERNAL int evt_lemma_candidates(const qasid_verbs *v, const char *low,
                                        char cands[][EVT_LEMMA_MAX]);
/* The first pattern of the first candidate lemma of low that is a trigger; lemma filled. */
QASID_INTERNAL int32_t evt_verbs_lookup(const qasid_verbs *v, const char *low, int noun,
                                        char lemma[EVT_LEMMA_MAX]);
/* Retags rare -ed verbs of the lexicon that the tagger missed (coder.c); before parsing. */
QASID_INTERNAL size_t evt_repair_pos(qasid_doc *doc, const qasid_verbs *verbs);
/*
 * Whether tokens first..first+n of a tagged document could hold an event: a
 * verb or noun (or a noun's modifier) that opens a pattern of the lexicon,
 * in a sentence of at most EVT_MAX_SENTENCE tokens. When not, the coder
 * finds nothing there, parsed or not.
 */
QASID_INTERNAL int evt_may_code(const qasid_doc *doc, const qasid_verbs *verbs, uint32_t first,
                                uint32_t n);
/*
 * The patterns of every candidate lemma of a word form, in turn ("killed":
 * those of "killed", a PETRARCH verb "+KILLED_AND", then those of "kill").
 */
typedef struct evt_iter {
	char cand[EVT_MAX_CANDS][EVT_LEMMA_MAX];
	int n, i, noun;
} evt_iter;
QASID_INTERNAL int32_t evt_iter_first(const qasid_verbs *v, evt_iter *it, const char *low, int noun);
QASID_INTERNAL int32_t evt_iter_next(const qasid_verbs *v, evt_iter *it, int32_t pi);
/* Whether low can be a form of lemma. */
QASID_INTERNAL int evt_word_is(const qasid_verbs *v, const char *low, const char *lemma);

#endif
