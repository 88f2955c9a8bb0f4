/* SPDX-License-Identifier: MIT */
/*
 * Fingerprints of an article: SHA-256 of its content (exact duplicates) and
 * a MinHash of its word 4-grams (near duplicates: the same wire story on two
 * sites, a republished story with a new headline).
 *
 * MinHash: each word token (one with a letter or digit) of the cleaned text,
 * ASCII-lowercased, is hashed (FNV-1a 64); each run of 4 consecutive words
 * (fewer when the text has fewer) is a shingle, hashed from its words'
 * hashes. Value k of the signature is the minimum over the shingles of
 * splitmix64(shingle ^ seed_k), top 32 bits. The share of equal values of
 * two signatures estimates the Jaccard similarity of their shingle sets
 * (standard error about 0.05 at 0.8 with 64 values).
 *
 * Band keys for LSH: 16 bands of 4 values, each hashed with its band number,
 * so two articles with similarity s share a key with probability
 * 1 - (1 - s^4)^16: 0.9996 at s = 0.8, 0.64 at s = 0.5.
 */
#include <string.h>

#include "store.h"

#define SHINGLE 4

/* ---- SHA-256 (FIPS 180-4) ---- */

typedef struct sha {
	uint32_t h[8];
	uint8_t block[64];
	size_t fill;
	uint64_t total;
} sha;

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(sha *s, const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
	e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
	for (i = 0; i < 64; i++) {
		uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) +
		              sha_k[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

		h = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d;
	s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void sha_init(sha *s)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

	memcpy(s->h, h0, sizeof h0);
	s->fill = 0;
	s->total = 0;
}

static void sha_update(sha *s, const void *data, size_t n)
{
	const uint8_t *p = data;

	s->total += n;
	while (n) {
		size_t k = 64 - s->fill < n ? 64 - s->fill : n;

		if (s->fill == 0 && n >= 64) {
			sha_block(s, p);
			p += 64;
			n -= 64;
			continue;
		}
		memcpy(s->block + s->fill, p, k);
		s->fill += k;
		p += k;
		n -= k;
		if (s->fill == 64) {
			sha_block(s, s->block);
			s->fill = 0;
		}
	}
}

static void sha_final(sha *s, uint8_t out[32])
{
	uint64_t bits = s->total * 8;
	uint8_t pad = 0x80, zero = 0, len[8];
	int i;

	sha_update(s, &pad, 1);
	while (s->fill != 56)
		sha_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha_update(s, len, 8);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

void st_sha256(const void *a, size_t na, const void *b, size_t nb, uint8_t out[32])
{
	sha s;

	sha_init(&s);
	sha_update(&s, a, na);
	if (b)
		sha_update(&s, b, nb);
	sha_final(&s, out);
}

void qasid_doc_content_hash(const qasid_doc *doc, uint8_t out[32])
{
	const char *title = qasid_doc_field(doc, QASID_FIELD_TITLE);
	size_t len;
	const char *text = qasid_doc_input(doc, &len);
	sha s;

	sha_init(&s);
	if (title && *title) {
		sha_update(&s, title, strlen(title));
		sha_update(&s, "\n\n", 2);
	}
	sha_update(&s, text ? text : "", text ? len : 0);
	sha_final(&s, out);
}

/* ---- MinHash ---- */

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* FNV-1a of a token, ASCII-lowercased; 0 when it has no letter or digit. */
static uint64_t word_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int alnum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		alnum |= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
		h = (h ^ c) * 0x100000001b3ULL;
	}
	return alnum ? h | 1 : 0;
}

static void add_shingle(qasid_fingerprint *fp, const uint64_t *w, int n)
{
	uint64_t h = 0x5851f42d4c957f2dULL;
	int i;

	for (i = 0; i < n; i++)
		h = splitmix(h ^ w[i]);
	for (i = 0; i < QASID_MINHASH_K; i++) {
		uint32_t v = (uint32_t)(splitmix(h ^ (0x632be59bd9b4e019ULL * (uint64_t)(i + 1))) >> 32);

		if (v < fp->minhash[i])
			fp->minhash[i] = v;
	}
}

void qasid_doc_fingerprint(const qasid_doc *doc, qasid_fingerprint *fp)
{
	const qasid_span *tok = qasid_doc_tokens(doc);
	size_t i, n = qasid_doc_n_tokens(doc);
	const char *text = qasid_doc_text(doc, NULL);
	uint64_t win[SHINGLE] = {0};
	size_t words = 0;

	qasid_doc_content_hash(doc, fp->sha256);
	memset(fp->minhash, 0xff, sizeof fp->minhash);
	fp->has_minhash = 0;
	for (i = 0; i < n; i++) {
		uint64_t h = word_hash(text + tok[i].start, tok[i].end - tok[i].start);

		if (!h)
			continue;
		memmove(win, win + 1, sizeof win - sizeof win[0]);
		win[SHINGLE - 1] = h;
		if (++words >= SHINGLE)
			add_shingle(fp, win, SHINGLE);
	}
	if (words > 0 && words < SHINGLE)
		add_shingle(fp, win + SHINGLE - words, (int)words);
	fp->has_minhash = words > 0;
}

double qasid_fingerprint_similarity(const qasid_fingerprint *a, const qasid_fingerprint *b)
{
	int i, same = 0;

	if (!a->has_minhash || !b->has_minhash)
		return 0;
	for (i = 0; i < QASID_MINHASH_K; i++)
		same += a->minhash[i] == b->minhash[i];
	return (double)same / QASID_MINHASH_K;
}

void st_band_keys(const uint32_t *mh, int64_t keys[ST_BANDS])
{
	int b, r, rows = QASID_MINHASH_K / ST_BANDS;

	for (b = 0; b < ST_BANDS; b++) {
		uint64_t h = splitmix((uint64_t)b + 1);

		for (r = 0; r < rows; r++)
			h = splitmix(h ^ mh[b * rows + r]);
		keys[b] = (int64_t)(h >> 1); /* non-negative: readable in SQL */
	}
}
