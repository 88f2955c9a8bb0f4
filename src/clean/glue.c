/* SPDX-License-Identifier: MIT */
/*
 * Glued words: when tags are stripped from a scraped page, the space between
 * two words can go with them ("Pakistan</a>over" -> "Pakistanover"). This
 * pass puts the space back, once per word, where the lexicon (lexicon.h) is
 * sure; a real word split by mistake is worse than a glued pair left alone.
 *
 * A word here is a run of ASCII letters standing free: not touching a digit,
 * a hyphen, a non-ASCII character or URL-ish punctuation, not the tail of
 * "O'Brien", not a piece of "example.com", and not in a chunk (between
 * spaces) holding '@', "://" or "www.". It is looked at only when it has 6
 * letters or more, is unknown to the lexicon, and has one of two shapes:
 *
 *  - camelCase, a lower-case head and one capital ("theBaloch", "inKabul"):
 *    split before the capital when the head is a common word mostly written
 *    in lower case (two-letter heads only if a preposition). "iPhone",
 *    "McDonald", "YouTube" and "PayPal" do not have this shape.
 *  - all lower case or capitalised: split into a+b when both halves are seen
 *    in the corpora, b (3 letters or more) mostly in lower case, and one of
 *    these holds:
 *      proper:   a is a proper noun ("Pakistanover", "Talibanfighters"),
 *                b is not a name ending (-son, -town, -land, ...) and few
 *                known words are a proper noun + b;
 *      function: b is a function word ("Linethat", "ministersaid") that
 *                ends few known words;
 *                or, in a lower-case word, a is one that begins few;
 *      content:  both halves have 5 letters or more and neither forms
 *                other words ("Intelligenceassessments", not "newsroom");
 *      collocation: "a b" is often seen in the corpora ("securityforces"),
 *                and neither half forms many words (not "takedown").
 *    Among such splits the one whose rarer half is most frequent wins.
 *
 * Each split is a QASID_DIAG_GLUE on the input span of the whole word; the
 * inserted space comes from no input, so each half maps back to its own
 * bytes. Measured by tools/glue_false_splits.py (data/README.md).
 *
 * Cost: letters are found 8 bytes at a time and runs of 6 or more by bit
 * masks, so word boundaries cost no mispredicted branches; then one hash
 * (8 bytes at a time) and one Bloom filter probe per such run. Only unknown
 * words try their splits. The editor copies nothing until the first split.
 * About 600 MB/s on news text, a tenth of clean+tokenize+split.
 *
 * For measurements only, the environment variable QASID_LEXICON names a
 * lexicon TSV read (once per process) instead of the compiled-in one; if it
 * cannot be read, clean_glue fails with its error.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "edit.h"
#include "lexicon.h"

#define GL_MIN_LEN 6      /* shortest word split */
#define GL_STEP 56        /* bytes scanned per 64-byte window (<= 64 - GL_MIN_LEN) */
#define GL_MAX_LEN 40     /* longest word looked at */
#define GL_HALF_MIN 3     /* shortest half (camelCase heads: 2) */
#define GL_FREQ 10        /* fewest occurrences of a half */
#define GL_FREQ_FUNC 20   /* ... of a function word b, of a camelCase head in lower case */
#define GL_PROPER_LEN 5   /* shortest proper noun a seen GL_FREQ times */
#define GL_PROPER_RARE 8  /* shortest proper noun a seen fewer times */
#define GL_PROPER_B 2     /* most known words proper noun + b */
#define GL_FUNC_RIGHT 3   /* most known words ending in a function word b */
#define GL_FUNC_LEFT 2    /* most known words beginning with a function word a */
#define GL_CONTENT_LEN 5  /* shortest half of two content words */
#define GL_CONTENT_MAX 1  /* most other words such a half begins or ends */
#define GL_PAIR_LEFT 10   /* most words a collocation's a begins */
#define GL_PAIR_RIGHT 2   /* most words a collocation's b ends */

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Function words that may stand on either side of a glued pair. */
static const char *const fw[] = {
	"about", "after", "against", "and", "been", "before", "could", "during", "for",
	"from", "has", "have", "into", "said", "says", "should", "that", "the", "their",
	"there", "these", "they", "this", "those", "was", "were", "when", "where", "which",
	"while", "who", "with", "would"};

/* Two-letter heads of camelCase glue. */
static const char *const fw2[] = {"at", "by", "in", "of", "on", "to"};

/* Endings that make names and derived words of a proper noun (Johnson, Chinatown). */
static const char *const name_endings[] = {
	"air", "bank", "berg", "burg", "bury", "care", "dale", "ese", "field", "ford",
	"gate", "ham", "head", "ian", "ish", "ism", "ist", "ite", "land", "ley", "like",
	"man", "men", "more", "mouth", "phone", "phones", "port", "sen", "shire", "side",
	"son", "stan", "stone", "ton", "town", "vale", "view", "ville", "ward", "wards",
	"water", "well", "wich", "wick", "wide", "woman", "women", "wood", "worth"};

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i][0] == s[0] && strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

static int is_alpha(unsigned char c)
{
	return (unsigned)((c | 32) - 'a') < 26;
}

static int is_upper(unsigned char c)
{
	return (unsigned)(c - 'A') < 26;
}

static int is_alnum(unsigned char c)
{
	return is_alpha(c) || (unsigned)(c - '0') < 10;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/*
 * A byte that glues a letter run into something that is not a word: non-ASCII,
 * a digit, or one of - _ / \\ @ # & = + % ~ | < > ^ * $ (bits of the masks).
 */
static int is_joiner(unsigned char c)
{
	static const uint64_t mask[2] = {0x73ffac7800000000u, 0x50000000d0000001u};

	return c >= 0x80 || (mask[c >> 6] >> (c & 63) & 1);
}

/* The run t[s..e) is a word on its own (see the comment at the top). */
static int free_standing(const char *t, size_t n, size_t s, size_t e)
{
	const unsigned char *u = (const unsigned char *)t;

	if (s > 0) {
		if (is_joiner(u[s - 1]))
			return 0;
		if ((u[s - 1] == '.' || u[s - 1] == '\'') && s > 1 && is_alnum(u[s - 2]))
			return 0;
	}
	if (e < n) {
		if (is_joiner(u[e]))
			return 0;
		if (u[e] == '.' && e + 1 < n && is_alnum(u[e + 1]))
			return 0;
	}
	return 1;
}

/* The chunk around t[s..e) (up to spaces) looks like an address. */
static int in_address(const char *t, size_t n, size_t s, size_t e)
{
	size_t a = s, b = e, i;

	while (a > 0 && !is_space((unsigned char)t[a - 1]))
		a--;
	while (b < n && !is_space((unsigned char)t[b]))
		b++;
	for (i = a; i < b; i++) {
		if (t[i] == '@')
			return 1;
		if (t[i] == ':' && b - i >= 3 && t[i + 1] == '/' && t[i + 2] == '/')
			return 1;
		if ((t[i] | 32) == 'w' && b - i >= 4 && (t[i + 1] | 32) == 'w' &&
		    (t[i + 2] | 32) == 'w' && t[i + 3] == '.')
			return 1;
	}
	return 0;
}

/* Whether a (the first la bytes of w) and b (the rest) are a glued pair. */
static int plain_pair(const lex_part *a, const lex_part *b, const char *w, size_t la, size_t lb,
                      int cap)
{
	int b_fw = in_list(fw, N(fw), w + la, lb);

	if (cap && a->lower * 10 <= a->count &&
	    ((la >= GL_PROPER_LEN && a->count >= GL_FREQ) || la >= GL_PROPER_RARE) &&
	    (lb > GL_HALF_MIN || b_fw) && b->rightp <= GL_PROPER_B &&
	    !in_list(name_endings, N(name_endings), w + la, lb))
		return 1;
	if (b_fw && a->count >= GL_FREQ && b->count >= GL_FREQ_FUNC && b->right <= GL_FUNC_RIGHT)
		return 1;
	if (!cap && lb > GL_HALF_MIN && in_list(fw, N(fw), w, la) && a->left <= GL_FUNC_LEFT)
		return 1;
	return la >= GL_CONTENT_LEN && lb >= GL_CONTENT_LEN && a->count >= GL_FREQ &&
	       a->left <= GL_CONTENT_MAX && b->right <= GL_CONTENT_MAX;
}

/*
 * The lex_hash of the letters w[0..n), with avail >= n bytes readable at w,
 * read 8 at a time; counts the capitals into *n_up and puts the last one's
 * index in *up. Letters only: c | 0x20 lowercases, and a capital is a byte
 * without 0x20.
 */
static uint64_t word_hash(const unsigned char *w, size_t n, size_t avail, size_t *n_up,
                          size_t *up)
{
	const uint64_t case_bits = 0x2020202020202020u;
	uint64_t h = LEX_HASH_SEED ^ n;
	size_t k;

	*n_up = 0;
	for (k = 0; k < n; k += 8) {
		uint64_t c = 0, mask = n - k >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * (n - k))) - 1;
		uint64_t caps;

		if (avail - k >= 8) {
			memcpy(&c, w + k, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			c = __builtin_bswap64(c);
#endif
		} else {
			size_t j;

			for (j = 0; j < n - k; j++)
				c |= (uint64_t)w[k + j] << (8 * j);
		}
		caps = ~c & case_bits & mask;
		if (caps) {
			*n_up += (size_t)__builtin_popcountll(caps);
			*up = k + (size_t)(63 - __builtin_clzll(caps)) / 8;
		}
		h = lex_hash_chunk(h, (c | case_bits) & mask);
	}
	return lex_hash_end(h);
}

/*
 * Where to split the word w[0..n) (letters only, avail bytes readable at
 * w), or 0 to keep it: the length of its first half.
 */
static size_t glue_find(const lexicon *lx, const char *w, size_t n, size_t avail)
{
	size_t n_up, up = 0, k, best = 0;
	uint32_t best_score = 0;
	int cap = is_upper((unsigned char)w[0]);
	int known = lex_known(lx, word_hash((const unsigned char *)w, n, avail, &n_up, &up));

	if (n_up == 1 && !cap) { /* camelCase */
		const lex_part *a;

		if (up < 2 || n - up < GL_HALF_MIN || (up == 2 && !in_list(fw2, N(fw2), w, 2)) ||
		    known)
			return 0;
		a = lex_find(lx, lex_hash(w, up));
		return a && a->lower >= GL_FREQ_FUNC && a->lower * 5 >= a->count * 4 ? up : 0;
	}
	if (n_up > (size_t)cap || known)
		return 0;
	for (k = GL_HALF_MIN; k + GL_HALF_MIN <= n; k++) {
		const lex_part *a, *b;
		uint32_t score;

		b = lex_find(lx, lex_hash(w + k, n - k));
		if (!b || b->count < GL_FREQ || b->lower * 2 < b->count)
			continue;
		a = lex_find(lx, lex_hash(w, k));
		if (!a || !(plain_pair(a, b, w, k, n - k, cap) ||
		            (a->count >= GL_FREQ && a->left <= GL_PAIR_LEFT && b->right <= GL_PAIR_RIGHT &&
		             lex_pair(lx, lex_hash_pair(w, k, w + k, n - k)))))
			continue;
		score = a->count < b->count ? a->count : b->count;
		if (score > best_score) {
			best_score = score;
			best = k;
		}
	}
	return best;
}

static pthread_once_t gl_once = PTHREAD_ONCE_INIT;
static lexicon *gl_loaded; /* from QASID_LEXICON; kept for the process */
static int gl_load_rc;

static void gl_init(void)
{
	const char *path = getenv("QASID_LEXICON");

	if (path && *path)
		gl_load_rc = lex_load(path, &gl_loaded);
}

/*
 * Bit j set: p[j] is an ASCII letter, for 8 bytes at once (SWAR): lowercased,
 * each byte gets its high bit when 0x60 < byte < 0x7B and its own high bit is
 * clear (the "hasbetween" of Bit Twiddling Hacks, exact per byte), then the 8
 * high bits are gathered by one multiplication.
 */
static uint64_t letters8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t x, r;

	memcpy(&x, p, 8); /* one load; p[0] must be the low byte */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	x |= ones * 0x20;
	r = (ones * (127 + 0x7B) - (x & ones * 127)) & ~x & ((x & ones * 127) + ones * (127 - 0x60)) &
	    ones * 128;
	return (r >> 7) * 0x0102040810204080u >> 56;
}

/* Bit j set: u[base + j] is an ASCII letter, for the 64 bytes from base (0 past n). */
static uint64_t letter_bits(const unsigned char *u, size_t n, size_t base)
{
	size_t j, lim = n - base < 64 ? n - base : 64;
	uint64_t m = 0;

	for (j = 0; j + 8 <= lim; j += 8)
		m |= letters8(u + base + j) << j;
	for (; j < lim; j++)
		m |= (uint64_t)is_alpha(u[base + j]) << j;
	return m;
}

int clean_glue(qasid_doc *doc)
{
	const unsigned char *u = (const unsigned char *)doc->text.data;
	const char *t = doc->text.data;
	size_t n = doc->text.len, base, done = 0;
	const lexicon *lx = &lex_en;
	ed e;

	pthread_once(&gl_once, gl_init);
	if (gl_load_rc)
		return gl_load_rc;
	if (gl_loaded)
		lx = gl_loaded;
	ed_begin(&e, doc);
	/*
	 * Windows of 64 bytes, GL_STEP apart: a run of GL_MIN_LEN letters or more
	 * starting in the first GL_STEP bytes is whole in its window up to its
	 * first GL_MIN_LEN letters, which is all the bit masks need.
	 */
	for (base = 0; base < n; base += GL_STEP) {
		uint64_t m = letter_bits(u, n, base), run = m, starts;
		int j;

		for (j = 1; j < GL_MIN_LEN; j++)
			run &= m >> j;
		/* Runs of GL_MIN_LEN letters or more that start in this step. */
		starts = run & ~(m << 1 | (base > 0 && is_alpha(u[base - 1]))) &
		         (((uint64_t)1 << GL_STEP) - 1);
		while (starts) {
			size_t off = (size_t)__builtin_ctzll(starts), s = base + off, i, k;
			uint64_t rest;
			int rc;

			starts &= starts - 1;
			rest = ~(m >> off); /* zero when the run fills the window */
			i = s + (rest ? (size_t)__builtin_ctzll(rest) : 64 - off);
			while (i < n && is_alpha(u[i]))
				i++;
			if (i - s > GL_MAX_LEN || !free_standing(t, n, s, i))
				continue;
			k = glue_find(lx, t + s, i - s, n - s);
			if (!k || in_address(t, n, s, i))
				continue;
			rc = doc_diag(doc, QASID_DIAG_GLUE, doc->src_start.v[s], doc->src_end.v[i - 1],
			              "glued words split");
			if (rc)
				return rc;
			ed_copy(&e, done, s + k);
			ed_insert(&e, s + k, " ", 1);
			done = s + k;
		}
	}
	ed_copy(&e, done, n);
	return ed_end(&e);
}
