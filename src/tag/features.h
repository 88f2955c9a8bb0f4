/* SPDX-License-Identifier: MIT */
/*
 * What the taggers know about a word, as hashes, and the lexicons they look
 * words up in (word clusters, gazetteers). Internal.
 */
#ifndef QASID_FEATURES_H
#define QASID_FEATURES_H

#include "perceptron.h"

/* Word flags. */
enum {
	TG_CAP1 = 1 << 0,     /* first character is an upper-case letter */
	TG_ALLCAP = 1 << 1,   /* letters, all upper case (at least one) */
	TG_HASDIGIT = 1 << 2,
	TG_ALLDIGIT = 1 << 3, /* digits only */
	TG_HYPHEN = 1 << 4,
	TG_NOALNUM = 1 << 5,  /* no letter or digit: punctuation, symbols */
	TG_HASUPPER = 1 << 6,
	TG_HASLOWER = 1 << 7,
	TG_PERIOD = 1 << 8,   /* contains '.' */
	TG_NONASCII = 1 << 9
};

#define TG_AFFIX 4      /* prefixes and suffixes of 1 to TG_AFFIX code points */
#define TG_MAX_WORD 256 /* bytes of a word looked at; longer ones are cut */

typedef struct tg_word {
	uint64_t form;  /* the word as written */
	uint64_t lower; /* lower-cased */
	uint64_t shape; /* Xxxxx, dd-dd: letters by case, digits, others as is (cut at 12) */
	uint64_t sshape; /* the shape with runs collapsed: Xx, d-d */
	uint64_t pre[TG_AFFIX], suf[TG_AFFIX]; /* of the lower-cased word */
	uint32_t flags;
	uint32_t n_cp; /* length in code points */
} tg_word;

/* Hash of bytes (never 0). */
QASID_INTERNAL uint64_t tg_hash(const void *s, size_t n);
/* Fills w for the word s[0..n). */
QASID_INTERNAL void tg_word_init(tg_word *w, const char *s, size_t n);
/* Lower-cases s into out (size cap; at least 5 bytes); returns the length. */
QASID_INTERNAL size_t tg_lower(const char *s, size_t n, char *out, size_t cap);
/* Hash of a phrase of words, built one word's lower hash at a time. */
static inline uint64_t tg_phrase_add(uint64_t h, uint64_t lower)
{
	return pc_mix(h * 0x100000001B3ULL + lower);
}
#define TG_PHRASE_START 0x6A09E667F3BCC909ULL

/*
 * A lexicon: hashes of strings (words or phrases) to 32-bit values, in an
 * open-addressing table; built by adding, then immutable.
 */
typedef struct tg_lex {
	uint64_t *keys; /* 0: empty */
	uint32_t *vals;
	size_t cap, n;
	uint32_t max_len; /* gazetteers: longest phrase in words */
} tg_lex;

QASID_INTERNAL void tg_lex_fini(tg_lex *x);
/* Sets key's value (or ORs it in when or_values). */
QASID_INTERNAL int tg_lex_put(tg_lex *x, uint64_t key, uint32_t val, int or_values);
/* The value of key, or 0 when absent. */
QASID_INTERNAL uint32_t tg_lex_get(const tg_lex *x, uint64_t key);
/* Model chunk: n, then sorted keys (u64) and values (u32), then max_len. */
QASID_INTERNAL void tg_lex_write(const tg_lex *x, mdl_w *w, const char id[4]);
QASID_INTERNAL int tg_lex_read(tg_lex *x, const mdl_file *f, const char id[4], qasid_err *err);

/*
 * Word clusters: a file of lines "BITS<TAB>WORD[<TAB>COUNT]" (Brown clusters as
 * wcluster writes them). The value stored per word (its exact form) is
 * (length << 27) | the first 27 bits of the path, so prefixes can be taken.
 */
QASID_INTERNAL int tg_clusters_load(tg_lex *x, const char *path, qasid_err *err);
/* The cluster path prefix of len bits as a feature value (0 when no cluster). */
static inline uint64_t tg_cluster_prefix(uint32_t v, uint32_t len)
{
	uint32_t have = v >> 27, bits = v & ((1u << 27) - 1);

	if (!v)
		return 0;
	if (len > have)
		len = have;
	return ((uint64_t)len << 32 | (bits >> (27 - (len > 27 ? 27 : len)))) + 1;
}

/*
 * Gazetteers: a file of lines "CATEGORY<TAB>PHRASE", phrases as words
 * separated by single spaces, matched without regard to case. Category names
 * are numbered in order of first appearance (at most 32); names[] receives
 * them (each malloc'd through qs_malloc, *n_names set).
 */
#define TG_MAX_GAZ 32
#define TG_MAX_PHRASE 8
QASID_INTERNAL int tg_gaz_load(tg_lex *x, const char *path, char *names[TG_MAX_GAZ],
                               uint32_t *n_names, qasid_err *err);

#endif
