/* SPDX-License-Identifier: MIT */
/*
 * The English lexicon of the glued-word step: which words exist; for the
 * words that may be one half of a glued pair, how frequent they are and how
 * readily they form longer words; and which pairs of content words are
 * often seen side by side ("security forces"). Built by
 * tools/build_lexicon.py into data/lexicon-en.tsv (whose header says what
 * each column means) and compiled in by tools/gen_lexicon.py as
 * src/clean/lexicon_data.c.
 *
 * Words are found by a 64-bit hash of their lowercased bytes, taken 8 at a
 * time (see lex_hash_chunk). Known words, looked up for nearly every long
 * word of a text, are a blocked Bloom filter: one 64-bit word picked by the
 * top 15 bits, in which the 4 bits named by the low 24 bits must be set;
 * about one unknown word in 1,000 passes for known. Parts and collocations,
 * looked up only for unknown words, are exact but for a 28-bit key: the top
 * 12 bits pick a bucket, the next 16 are a fingerprint stored sorted in it.
 * A Bloom error only stops a split (a known word is never split); a string
 * taken for a part or collocation it is not (about 1 lookup in 7,000, and
 * it must then pass every other test) could cause one.
 */
#ifndef QASID_LEXICON_H
#define QASID_LEXICON_H

#include "../core/core.h"

#define LEX_BLOOM_BITS 15
#define LEX_BLOOM_WORDS (1u << LEX_BLOOM_BITS)
#define LEX_BLOOM_K 4 /* bits per word: lex_bloom_mask */
#define LEX_BUCKET_BITS 12
#define LEX_BUCKETS (1u << LEX_BUCKET_BITS)
#define LEX_PART_MIN 2 /* corpus count that gives a word a lex_part entry */

/* What the lexicon knows of a word seen LEX_PART_MIN times or more. */
typedef struct lex_part {
	uint32_t count;  /* occurrences in the corpora, any case */
	uint32_t lower;  /* ... of which written in lower case */
	uint8_t left;    /* known words it begins (word+X), capped at 255 */
	uint8_t right;   /* known words it ends (X+word), capped at 255 */
	uint8_t rightp;  /* known words P+word with P a proper noun, capped */
} lex_part;

/*
 * Every word in a Bloom filter; words with a lex_part and collocations each
 * as a bucket index (LEX_BUCKETS + 1 starts) over sorted fingerprints.
 */
typedef struct lexicon {
	const uint64_t *known; /* LEX_BLOOM_WORDS words */
	const uint32_t *part_bucket;
	const uint16_t *part_fp;
	const lex_part *part;
	const uint32_t *pair_bucket; /* collocations "word word" */
	const uint16_t *pair_fp;
} lexicon;

/* The compiled-in lexicon (lexicon_data.c). */
QASID_INTERNAL extern const lexicon lex_en;

/*
 * The hash of a string with 'A'..'Z' lowercased: h = LEX_HASH_SEED ^ length,
 * then lex_hash_chunk for each 8 bytes (little-endian, the last padded with
 * zeros), then lex_hash_end. tools/gen_lexicon.py computes the same.
 */
#define LEX_HASH_SEED 0x9e3779b97f4a7c15u

static inline uint64_t lex_hash_chunk(uint64_t h, uint64_t c)
{
	h = (h ^ c) * 0xbf58476d1ce4e5b9u;
	return h ^ (h >> 31);
}

static inline uint64_t lex_hash_end(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 33);
}

/* The hash of s[0..n). */
QASID_INTERNAL uint64_t lex_hash(const char *s, size_t n);
/* The hash of the collocation "a b": a[0..la), a space, b[0..lb). */
QASID_INTERNAL uint64_t lex_hash_pair(const char *a, size_t la, const char *b, size_t lb);
/* The bits the hash h sets in its Bloom filter word. */
static inline uint64_t lex_bloom_mask(uint64_t h)
{
	return (uint64_t)1 << (h & 63) | (uint64_t)1 << (h >> 6 & 63) |
	       (uint64_t)1 << (h >> 12 & 63) | (uint64_t)1 << (h >> 18 & 63);
}

/* Whether the word with hash h is in the lexicon (see above for errors). */
static inline int lex_known(const lexicon *lx, uint64_t h)
{
	uint64_t m = lex_bloom_mask(h);

	return (lx->known[h >> (64 - LEX_BLOOM_BITS)] & m) == m;
}
/* Whether the collocation with hash h (of "word word") is in the lexicon. */
QASID_INTERNAL int lex_pair(const lexicon *lx, uint64_t h);
/* The entry of the word with hash h, or NULL. */
QASID_INTERNAL const lex_part *lex_find(const lexicon *lx, uint64_t h);

/*
 * Reads a lexicon TSV (the format of data/lexicon-en.tsv) into a new
 * lexicon, freed with lex_free. Returns QASID_OK, QASID_EIO (cannot read
 * path), QASID_EFORMAT (a bad line) or QASID_ENOMEM. For measurements: see
 * clean_glue and tools/glue_false_splits.py.
 */
QASID_INTERNAL int lex_load(const char *path, lexicon **out);
QASID_INTERNAL void lex_free(lexicon *lx);

#endif
