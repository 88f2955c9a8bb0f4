/* SPDX-License-Identifier: MIT */
/*
 * Lexicon lookups, and the TSV reader that builds the same tables as
 * tools/gen_lexicon.py does at build time (a test checks that both agree on
 * data/lexicon-en.tsv).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

/* Hashes the concatenation of the n strings p[i][0..len[i]), lowercased. */
static uint64_t hash_parts(const char *const *p, const size_t *len, int n)
{
	uint64_t h = LEX_HASH_SEED, c = 0;
	size_t total = 0, k = 0, i;
	int j;

	for (j = 0; j < n; j++)
		total += len[j];
	h ^= total;
	for (j = 0; j < n; j++)
		for (i = 0; i < len[j]; i++) {
			unsigned char b = (unsigned char)p[j][i];

			if (b >= 'A' && b <= 'Z')
				b = (unsigned char)(b + 32);
			c |= (uint64_t)b << (8 * (k % 8));
			if (++k % 8 == 0) {
				h = lex_hash_chunk(h, c);
				c = 0;
			}
		}
	if (k % 8)
		h = lex_hash_chunk(h, c);
	return lex_hash_end(h);
}

uint64_t lex_hash(const char *s, size_t n)
{
	return hash_parts(&s, &n, 1);
}

uint64_t lex_hash_pair(const char *a, size_t la, const char *b, size_t lb)
{
	const char *p[3] = {a, " ", b};
	size_t len[3] = {la, 1, lb};

	return hash_parts(p, len, 3);
}

/* Index of fingerprint fp in bucket b of (bucket, fps), or -1. */
static long lex_search(const uint32_t *bucket, const uint16_t *fps, uint64_t h)
{
	uint32_t b = (uint32_t)(h >> (64 - LEX_BUCKET_BITS));
	uint16_t fp = (uint16_t)(h >> (64 - LEX_BUCKET_BITS - 16));
	uint32_t lo = bucket[b], hi = bucket[b + 1];

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (fps[mid] < fp)
			lo = mid + 1;
		else if (fps[mid] > fp)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

int lex_pair(const lexicon *lx, uint64_t h)
{
	return lex_search(lx->pair_bucket, lx->pair_fp, h) >= 0;
}

const lex_part *lex_find(const lexicon *lx, uint64_t h)
{
	long i = lex_search(lx->part_bucket, lx->part_fp, h);

	return i >= 0 ? &lx->part[i] : NULL;
}

/* A part entry while loading: its 28-bit key (bucket and fingerprint). */
typedef struct ld_part {
	uint32_t key;
	lex_part p;
} ld_part;

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* By key; among equal keys the most frequent first (then by each field). */
static int cmp_part(const void *a, const void *b)
{
	const ld_part *x = a, *y = b;

	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	if (x->p.count != y->p.count)
		return (x->p.count < y->p.count) - (x->p.count > y->p.count);
	if (x->p.lower != y->p.lower)
		return (x->p.lower < y->p.lower) - (x->p.lower > y->p.lower);
	if (x->p.left != y->p.left)
		return (x->p.left < y->p.left) - (x->p.left > y->p.left);
	if (x->p.right != y->p.right)
		return (x->p.right < y->p.right) - (x->p.right > y->p.right);
	return (x->p.rightp < y->p.rightp) - (x->p.rightp > y->p.rightp);
}

/* Fills bucket[0..LEX_BUCKETS] with the start of each bucket in sorted keys. */
static void fill_buckets(uint32_t *bucket, const uint32_t *keys, size_t n, size_t stride)
{
	size_t i = 0;
	uint32_t b;

	for (b = 0; b < LEX_BUCKETS; b++) {
		while (i < n && *(const uint32_t *)((const char *)keys + i * stride) >> 16 < b)
			i++;
		bucket[b] = (uint32_t)i;
	}
	bucket[LEX_BUCKETS] = (uint32_t)n;
}

/* Reads path whole into *text (NUL-terminated, *len bytes). */
static int read_all(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL, *q;
	size_t n = 0, cap = 0, got;
	int rc = QASID_ENOMEM;

	if (!f)
		return QASID_EIO;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			q = qs_realloc(p, cap + 1);
			if (!q)
				goto fail;
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	rc = QASID_EIO;
	if (ferror(f))
		goto fail;
	fclose(f);
	p[n] = '\0';
	*text = p;
	*len = n;
	return QASID_OK;
fail:
	fclose(f);
	qs_free(p);
	return rc;
}

/* Parses up to 5 tab-separated numbers of [s, end) into v (missing ones 0). */
static int parse_cols(const char *s, const char *end, unsigned long v[5])
{
	int k;

	for (k = 0; k < 5; k++)
		v[k] = 0;
	for (k = 0; s < end; k++) {
		char *stop;

		if (k == 5 || *s != '\t' || s + 1 >= end || s[1] < '0' || s[1] > '9')
			return -1;
		errno = 0;
		v[k] = strtoul(s + 1, &stop, 10);
		if (errno || stop > end || v[k] > UINT32_MAX)
			return -1;
		s = stop;
	}
	return 0;
}

/* Sorts keys[0..n) and drops duplicates; returns the new count. */
static size_t sort_unique(uint32_t *keys, size_t n)
{
	size_t i, j;

	qsort(keys, n, sizeof *keys, cmp_u32);
	for (i = j = 0; i < n; i++)
		if (j == 0 || keys[i] != keys[j - 1])
			keys[j++] = keys[i];
	return j;
}

#define KEY28(h) ((uint32_t)((h) >> (64 - LEX_BUCKET_BITS - 16)))

int lex_load(const char *path, lexicon **out)
{
	lexicon *lx = NULL;
	char *text = NULL, *s, *end;
	uint64_t *bloom = NULL;
	uint32_t *pairs = NULL, *pb = NULL, *cb = NULL;
	uint16_t *pfp = NULL, *cfp = NULL;
	ld_part *parts = NULL;
	lex_part *pv = NULL;
	size_t len = 0, n_lines = 1, np = 0, nc = 0, i, j;
	int rc;

	*out = NULL;
	rc = read_all(path, &text, &len);
	if (rc)
		goto done;
	rc = QASID_ENOMEM;
	for (i = 0; i < len; i++)
		n_lines += text[i] == '\n';
	bloom = qs_malloc(LEX_BLOOM_WORDS * sizeof *bloom);
	pairs = qs_malloc(n_lines * sizeof *pairs);
	parts = qs_malloc(n_lines * sizeof *parts);
	if (!bloom || !pairs || !parts)
		goto done;
	memset(bloom, 0, LEX_BLOOM_WORDS * sizeof *bloom);
	rc = QASID_EFORMAT;
	for (s = text; s < text + len; s = end + 1) {
		const char *w = s;
		unsigned long v[5];
		uint64_t h;

		end = memchr(s, '\n', (size_t)(text + len - s));
		if (!end)
			end = text + len;
		if (s == end || *s == '#')
			continue;
		while (s < end && *s != '\t')
			s++;
		if (s == w || parse_cols(s, end, v))
			goto done;
		h = lex_hash(w, (size_t)(s - w));
		if (memchr(w, ' ', (size_t)(s - w))) { /* a collocation */
			pairs[nc++] = KEY28(h);
			continue;
		}
		bloom[h >> (64 - LEX_BLOOM_BITS)] |= lex_bloom_mask(h);
		if (v[0] >= LEX_PART_MIN) {
			parts[np].key = KEY28(h);
			parts[np].p.count = (uint32_t)v[0];
			parts[np].p.lower = (uint32_t)v[1];
			parts[np].p.left = (uint8_t)(v[2] > 255 ? 255 : v[2]);
			parts[np].p.right = (uint8_t)(v[3] > 255 ? 255 : v[3]);
			parts[np].p.rightp = (uint8_t)(v[4] > 255 ? 255 : v[4]);
			np++;
		}
	}
	rc = QASID_ENOMEM;
	nc = sort_unique(pairs, nc);
	qsort(parts, np, sizeof *parts, cmp_part);
	for (i = j = 0; i < np; i++)
		if (j == 0 || parts[i].key != parts[j - 1].key)
			parts[j++] = parts[i];
	np = j;
	lx = qs_malloc(sizeof *lx);
	pb = qs_malloc((LEX_BUCKETS + 1) * sizeof *pb);
	pfp = qs_malloc((np + 1) * sizeof *pfp);
	pv = qs_malloc((np + 1) * sizeof *pv);
	cb = qs_malloc((LEX_BUCKETS + 1) * sizeof *cb);
	cfp = qs_malloc((nc + 1) * sizeof *cfp);
	if (!lx || !pb || !pfp || !pv || !cb || !cfp)
		goto done;
	fill_buckets(pb, &parts[0].key, np, sizeof *parts);
	for (i = 0; i < np; i++) {
		pfp[i] = (uint16_t)parts[i].key;
		pv[i] = parts[i].p;
	}
	fill_buckets(cb, pairs, nc, sizeof *pairs);
	for (i = 0; i < nc; i++)
		cfp[i] = (uint16_t)pairs[i];
	lx->known = bloom;
	lx->part_bucket = pb;
	lx->part_fp = pfp;
	lx->part = pv;
	lx->pair_bucket = cb;
	lx->pair_fp = cfp;
	*out = lx;
	lx = NULL;
	bloom = NULL;
	pb = cb = NULL;
	pfp = cfp = NULL;
	pv = NULL;
	rc = QASID_OK;
done:
	qs_free(lx);
	qs_free(bloom);
	qs_free(pb);
	qs_free(pfp);
	qs_free(pv);
	qs_free(cb);
	qs_free(cfp);
	qs_free(pairs);
	qs_free(parts);
	qs_free(text);
	return rc;
}

void lex_free(lexicon *lx)
{
	if (!lx)
		return;
	qs_free((void *)lx->known);
	qs_free((void *)lx->part_bucket);
	qs_free((void *)lx->part_fp);
	qs_free((void *)lx->part);
	qs_free((void *)lx->pair_bucket);
	qs_free((void *)lx->pair_fp);
	qs_free(lx);
}
