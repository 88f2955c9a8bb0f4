/* SPDX-License-Identifier: MIT */
/* The averaged perceptron: see perceptron.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "perceptron.h"

/* Template seeds of the history features. */
#define T_Y1 0x51ED27A3u
#define T_Y2 0x7C3B91E5u
#define T_YA 0x2F6A8D11u

static uint32_t hist_feats(const pc_spec *spec, const uint64_t *hattr, uint32_t y1, uint32_t y2,
                           uint64_t *out)
{
	uint32_t k, n = 0;

	out[n++] = pc_f1(T_Y1, y1);
	out[n++] = pc_f2(T_Y2, y1, y2);
	for (k = 0; k < spec->n_hattr; k++)
		out[n++] = pc_f2(T_YA + k, y1, hattr[k]);
	return n;
}

/* The model. */

void pc_model_free(pc_model *m)
{
	qs_free(m->slots_mem);
	qs_free(m->over_mem);
	qs_free(m->dense);
	qs_free(m->lo);
	qs_free(m->fpbits);
	qs_free(m->hist1);
	qs_free(m->hist2);
	memset(m, 0, sizeof *m);
}

static uint32_t fp_of(uint64_t key)
{
	return (uint32_t)(key >> 32);
}

/* Table slots for n features: a power of two, at most 80% full. */
static size_t table_cap(size_t n)
{
	size_t cap = 16;

	while (cap * 4 < n * 5)
		cap *= 2;
	return cap;
}

/* Orders keys by home slot in a table of cap slots, then by value. */
static int home_less(uint64_t a, uint64_t b, uint64_t mask)
{
	return (a & mask) != (b & mask) ? (a & mask) < (b & mask) : a < b;
}

/*
 * Builds m's table from n features: keys (in home order, so that filling the
 * table walks it once), each with len[i] weights (lab, w) in order. Features
 * whose fingerprint another one shadows are dropped (see perceptron.h);
 * m->n_feats and n_entries count those kept.
 */
static int hist_build(pc_model *m);

/*
 * The rows pc_build reads: n features with their keys, lengths and entries
 * (label, weight), either in arrays (training) or as the little-endian bytes
 * of a model file, read in place (loading: no copies to fault in).
 */
typedef struct pc_rows {
	uint32_t n;
	const uint64_t *keys;     /* or NULL: kraw, n little-endian u64 */
	const unsigned char *kraw;
	const uint8_t *len, *lab;
	const int16_t *w;         /* or NULL: wraw, little-endian int16 */
	const unsigned char *wraw;
} pc_rows;

static inline uint64_t rows_key(const pc_rows *r, size_t i)
{
	const unsigned char *q = r->kraw + 8 * i;
	uint64_t v = 0;

	if (r->keys)
		return r->keys[i];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, q, sizeof v); /* the file's order is the machine's */
#else
	for (int k = 7; k >= 0; k--)
		v = v << 8 | q[k];
#endif
	return v;
}

static inline int16_t rows_w(const pc_rows *r, size_t e)
{
	int16_t w;

	if (r->w)
		return r->w[e];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&w, r->wraw + 2 * e, sizeof w);
#else
	w = (int16_t)(uint16_t)(r->wraw[2 * e] | r->wraw[2 * e + 1] << 8);
#endif
	return w;
}

static int pc_build(pc_model *m, const pc_rows *r)
{
	const uint8_t *len = r->len, *lab = r->lab;
	uint32_t n = r->n;
	size_t cap = table_cap(n), e = 0, i, n_over = 0, n_dense = 0, bits;
	uint32_t kept = 0, kept_e = 0;

	m->mask = (uint32_t)(cap - 1);
	m->stride = (m->n_labels + 15) & ~15u;
	m->slots = qs_zalloc_table(cap * sizeof *m->slots, &m->slots_mem);
	m->lo = qs_malloc(cap * sizeof *m->lo);
	for (i = 0; i < n; i++) {
		if (len[i] >= pc_dense_min(m->n_labels))
			n_dense++;
		else if (len[i] > 2)
			n_over += len[i] - 2u;
	}
	m->over = qs_zalloc_table((n_over + 1) * sizeof *m->over, &m->over_mem);
	m->dense = qs_zalloc((n_dense * m->stride + 1) * sizeof *m->dense);
	if (!m->slots || !m->lo || !m->over || !m->dense)
		return QASID_ENOMEM;
	if (n_over >= 1u << 24 || n_dense >= 1u << 24)
		return QASID_EINVAL;
	qs_hint_huge(m->lo, cap * sizeof *m->lo);
	qs_hint_huge(m->dense, n_dense * m->stride * sizeof *m->dense);
	m->n_over = m->n_dense = 0;
	for (i = 0; i < n; i++) {
		uint64_t key = rows_key(r, i);
		uint32_t fp = fp_of(key), s = (uint32_t)key & m->mask, k;
		pc_slot *x;

		while (m->slots[s].fp && m->slots[s].fp != fp)
			s = (s + 1) & m->mask;
		x = &m->slots[s];
		if (x->fp || !fp) { /* shadowed, or no fingerprint: drop it */
			e += len[i];
			continue;
		}
		x->fp = fp;
		if (len[i] >= pc_dense_min(m->n_labels)) { /* zero weights vanish from dense rows */
			int16_t *d = m->dense + (size_t)m->n_dense * m->stride;

			x->meta = m->n_dense++ << 8;
			for (k = 0; k < len[i]; k++, e++) {
				int16_t v = rows_w(r, e);

				d[lab[e]] = v;
				kept_e -= v == 0;
			}
		} else {
			x->meta = m->n_over << 8 | len[i];
			for (k = 0; k < len[i]; k++, e++) {
				uint32_t v = (uint32_t)lab[e] << 16 | (uint16_t)rows_w(r, e);

				if (k < 2)
					x->e[k] = v;
				else
					m->over[m->n_over++] = v;
			}
		}
		m->lo[s] = (uint32_t)key;
		kept++;
		kept_e += len[i];
	}
	m->n_feats = kept;
	m->n_entries = kept_e;
	for (bits = 512; bits < (size_t)kept * 8; bits *= 2) /* about one bit in eight set */
		;
	m->fpmask = (uint32_t)(bits - 1);
	if (!(m->fpbits = qs_zalloc(bits / 8)))
		return QASID_ENOMEM;
	m->fpbits[0] = 1; /* a key of fingerprint 0 goes on to an empty slot, as it always did */
	for (i = 0; i <= m->mask; i++)
		if (m->slots[i].fp)
			m->fpbits[(m->slots[i].fp & m->fpmask) >> 6] |= 1ULL << (m->slots[i].fp & 63);
	return hist_build(m);
}

/* A row's weights in label order: returns their number (label << 16 | weight each in out). */
static uint32_t row_entries(const pc_model *m, const pc_slot *x, uint32_t *out)
{
	uint32_t n = x->meta & 0xff, k;

	if (n == 0) {
		const int16_t *d = m->dense + (size_t)(x->meta >> 8) * m->stride;

		for (k = 0; k < m->n_labels; k++)
			if (d[k])
				out[n++] = k << 16 | (uint16_t)d[k];
		return n;
	}
	for (k = 0; k < n; k++)
		out[k] = k < 2 ? x->e[k] : m->over[(x->meta >> 8) + k - 2];
	return n;
}

/* Adds the weights of slot x to scores. */
static inline void add_row(const pc_model *m, const pc_slot *x, int32_t *scores, int padded)
{
	uint32_t n = x->meta & 0xff, k;
	const uint32_t *p;

	if (n == 0) {
		const int16_t *d = m->dense + (size_t)(x->meta >> 8) * m->stride;

		if (padded) {
			pc_add_i16(scores, d, m->stride);
		} else {
			for (k = 0; k < m->n_labels; k++)
				scores[k] += d[k];
		}
		return;
	}
	scores[x->e[0] >> 16] += (int16_t)(uint16_t)x->e[0];
	if (n < 2)
		return;
	scores[x->e[1] >> 16] += (int16_t)(uint16_t)x->e[1];
	p = m->over + (x->meta >> 8);
#pragma GCC unroll 4
	for (k = 2; k < n; k++, p++)
		scores[*p >> 16] += (int16_t)(uint16_t)*p;
}

/*
 * The slot of key: the first of its probe run with its fingerprint, or NULL.
 * Before the run goes on into another cache line, m->fpbits tells whether
 * any slot has the fingerprint at all (most keys not in the table stop
 * there); the answer is the same.
 */
static inline const pc_slot *find(const pc_model *m, uint64_t key)
{
	uint32_t fp = fp_of(key), s = (uint32_t)key & m->mask;

	for (;;) {
		const pc_slot *x = &m->slots[s];

		if (x->fp == fp)
			return x;
		if (!x->fp)
			return NULL;
		s = (s + 1) & m->mask;
		if (!(s & 3) && !(m->fpbits[(fp & m->fpmask) >> 6] >> (fp & 63) & 1))
			return NULL;
	}
}

static inline void prefetch_key(const pc_model *m, uint64_t key)
{
	__builtin_prefetch(&m->slots[(uint32_t)key & m->mask]);
}

/* The rest of x's row, when it has more than its slot holds. */
static inline void prefetch_row(const pc_model *m, const pc_slot *x)
{
	uint32_t n = x->meta & 0xff;

	if (n == 0) /* the first line only: more fills the queue (measured) */
		__builtin_prefetch(m->dense + (size_t)(x->meta >> 8) * m->stride);
	else if (n > 2) { /* every line of the rest: sparse rows are short */
		const char *p = (const char *)(m->over + (x->meta >> 8));
		const char *e = (const char *)(m->over + (x->meta >> 8) + n - 2);

		for (; p < e; p += 64)
			__builtin_prefetch(p);
		__builtin_prefetch(e - 1);
	}
}

/*
 * Scoring is bound by memory latency (a feature's slot), so the slot of the
 * feature PF_DIST ahead is prefetched while this one is added.
 */
#define PF_DIST 12
#define PF_INIT 3 /* tokens ahead whose init vectors are prefetched */
#define PF_RING 32 /* at least 2 * PF_DIST, a power of two */

/*
 * The scoring loops are built for AVX-512 and AVX2 as well as the baseline,
 * and the loader picks what the CPU has (GCC's function multiversioning):
 * dense rows are added 16 lanes at a time instead of 4.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PC_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PC_CLONES
#endif

/*
 * The history tables: per previous label y1 (n_labels: the sentence start),
 * the weights of the feature "previous label y1" as a vector, and per pair
 * the slot of "previous labels y1, y2", as find gives them.
 */
static int hist_build(pc_model *m)
{
	uint32_t L = m->n_labels, a, b;

	m->hist1 = qs_malloc((size_t)(L + 1) * m->stride * sizeof *m->hist1);
	m->hist2 = qs_malloc((size_t)(L + 1) * (L + 1) * sizeof *m->hist2);
	if (!m->hist1 || !m->hist2)
		return QASID_ENOMEM;
	memset(m->hist1, 0, (size_t)(L + 1) * m->stride * sizeof *m->hist1);
	for (a = 0; a <= L; a++) {
		const pc_slot *x = find(m, pc_f1(T_Y1, a));

		if (x)
			add_row(m, x, m->hist1 + (size_t)a * m->stride, 1);
		for (b = 0; b <= L; b++) {
			x = find(m, pc_f2(T_Y2, a, b));
			m->hist2[(size_t)a * (L + 1) + b] = x ? (uint32_t)(x - m->slots) + 1 : 0;
		}
	}
	return QASID_OK;
}

PC_CLONES void pc_model_score(const pc_model *m, const uint64_t *f, size_t n, int32_t *scores)
{
	const pc_slot *ring[2 * PF_DIST];
	size_t k;

	/* One probe stream in three steps PF_DIST apart, as in pc_decode. */
	for (k = 0; k < n + 2 * PF_DIST; k++) {
		if (k < n)
			prefetch_key(m, f[k]);
		if (k >= PF_DIST && k - PF_DIST < n) {
			const pc_slot *x = find(m, f[k - PF_DIST]);

			ring[k % (2 * PF_DIST)] = x;
			if (x)
				prefetch_row(m, x);
		}
		if (k >= 2 * PF_DIST) {
			const pc_slot *x = ring[(k - PF_DIST) % (2 * PF_DIST)];

			if (x)
				add_row(m, x, scores, 1);
		}
	}
}

size_t pc_scratch_size(const pc_spec *spec)
{
	return (size_t)PC_BLOCK * pc_stride(spec->n_labels) * sizeof(int32_t) +
	       (size_t)PC_BLOCK * 2 * sizeof(uint32_t) +
	       (size_t)PC_BLOCK * PC_MAX_HATTR * sizeof(uint64_t) + 16;
}

/* The best label after prev, legal or not (label 0 when none is legal). */
static uint32_t argmax_i32(const int32_t *s, const pc_spec *spec, uint32_t prev)
{
	const uint8_t *ok = spec->legal + (size_t)prev * spec->n_labels;
	uint32_t l, best = UINT32_MAX;

	for (l = 0; l < spec->n_labels; l++)
		if (ok[l] && (best == UINT32_MAX || s[l] > s[best]))
			best = l;
	return best == UINT32_MAX ? 0 : best;
}

/* How far label best's score is above the best of the others that may follow prev. */
static int32_t margin_i32(const int32_t *s, const pc_spec *spec, uint32_t prev, uint32_t best)
{
	const uint8_t *ok = spec->legal + (size_t)prev * spec->n_labels;
	int32_t next = INT32_MIN;
	uint32_t l;

	for (l = 0; l < spec->n_labels; l++)
		if (l != best && ok[l] && s[l] > next)
			next = s[l];
	return next == INT32_MIN ? INT32_MAX : s[best] - next;
}

typedef int32_t v8i32 __attribute__((vector_size(32)));

/* Inlined into each build of pc_decode (PC_CLONES), so compiled for its target. */
#define PC_INLINE static inline __attribute__((always_inline))

/*
 * The largest (most, 1) or smallest (most, 0) of the 8 lanes of *v: halves
 * compared as vectors down to four lanes, then without branches.
 */
PC_INLINE int32_t lanes_extreme(const v8i32 *v, int most)
{
	typedef int32_t v4 __attribute__((vector_size(16)));
	int32_t a[8], r;
	v4 x, y, c;
	uint32_t k;

	memcpy(a, v, sizeof a);
	memcpy(&x, a, sizeof x);
	memcpy(&y, a + 4, sizeof y);
	c = most ? x > y : x < y;
	x = (c & x) | (~c & y);
	memcpy(a, &x, sizeof x);
	r = a[0];
	for (k = 1; k < 4; k++)
		r = (most ? a[k] > r : a[k] < r) ? a[k] : r;
	return r;
}

/*
 * Without a transition table: the first label of the highest score in
 * s[0..S) (S a multiple of 16, the padding past the labels INT32_MIN), and
 * when margin is not NULL, how far it is above the best of the others, as
 * margin_i32 says. Each of 8 lanes keeps its best score, where it first is,
 * and its second best; the lanes are merged at the end without branches: the
 * best is the first label of the highest lane, the next best the highest of
 * the other lanes' bests and that lane's second best.
 */
PC_INLINE uint32_t best_i32(const int32_t *s, uint32_t S, int32_t *margin)
{
	const v8i32 step = {8, 8, 8, 8, 8, 8, 8, 8};
	v8i32 t1, t2 = step * 0 + INT32_MIN, v, c, c2;
	v8i32 cur = {0, 1, 2, 3, 4, 5, 6, 7}, ix = cur;
	int32_t top, next;
	uint32_t k, best;

	memcpy(&t1, s, sizeof t1);
	for (k = 8; k < S; k += 8) {
		cur += step;
		memcpy(&v, s + k, sizeof v);
		c = v > t1;
		c2 = v > t2;
		t2 = (c & t1) | (~c & ((c2 & v) | (~c2 & t2)));
		t1 = (c & v) | (~c & t1);
		ix = (c & cur) | (~c & ix);
	}
	top = lanes_extreme(&t1, 1);
	c = t1 == step * 0 + top;
	v = (c & ix) | (~c & (step * 0 + INT32_MAX));
	best = (uint32_t)lanes_extreme(&v, 0);
	if (!margin)
		return best;
	c = ix == step * 0 + (int32_t)best; /* the lane of the best */
	v = (c & t2) | (~c & t1);
	next = lanes_extreme(&v, 1);
	*margin = next == INT32_MIN ? INT32_MAX : top - next;
	return best;
}

/*
 * Starts scores (S entries) from the sum of the vectors src[0..PC_INIT) that
 * are not NULL, and puts INT32_MIN past the n_labels labels (which rows add
 * zeros to), for best_i32.
 */
PC_INLINE void init_scores(int32_t *scores, const int32_t *const *src, uint32_t n_labels,
                            uint32_t S)
{
	const int32_t *p[PC_INIT];
	uint32_t n = 0, j, k;

	for (j = 0; src && j < PC_INIT; j++)
		if (src[j])
			p[n++] = src[j];
	if (n == 0) {
		memset(scores, 0, (size_t)S * sizeof *scores);
	} else {
		for (k = 0; k < S; k += 8) {
			v8i32 a, b;

			memcpy(&a, p[0] + k, sizeof a);
			for (j = 1; j < n; j++) {
				memcpy(&b, p[j] + k, sizeof b);
				a += b;
			}
			memcpy(scores + k, &a, sizeof a);
		}
	}
	for (k = n_labels; k < S; k++)
		scores[k] = INT32_MIN;
}

/* Adds row j of the block's static features to the scores of its token (t, moved on). */
static inline void add_static(const pc_model *m, const pc_seq *seq, const pc_slot *x, uint32_t j,
                              uint32_t i0, uint32_t *t, int32_t *block, uint32_t S)
{
	while (j >= seq->fstart[i0 + *t + 1])
		(*t)++;
	if (x)
		add_row(m, x, block + (size_t)*t * S, 1);
}

PC_CLONES void pc_decode(const pc_model *m, const pc_spec *spec, pc_seq *seq, void *scratch)
{
	uint32_t L = spec->n_labels, S = pc_stride(L), H = spec->n_hattr;
	int32_t *block = scratch;
	uint32_t *guess = (uint32_t *)(block + (size_t)PC_BLOCK * S), *hy = guess + PC_BLOCK;
	uint64_t *hk = (uint64_t *)(hy + PC_BLOCK);
	uint32_t i0, i, y1 = L, y2 = L, k;
	const pc_slot *ring[PF_RING];

	for (i0 = 0; i0 < seq->n; i0 += PC_BLOCK) {
		uint32_t e = seq->n - i0 < PC_BLOCK ? seq->n - i0 : PC_BLOCK;
		uint32_t f0 = seq->fstart[i0], f1 = seq->fstart[i0 + e], t, g1, g2;

		for (t = 0; t < e; t++) {
			if (seq->init && t + PF_INIT < e) { /* the lines of a later token's vectors */
				const int32_t *const *v = seq->init + (size_t)(i0 + t + PF_INIT) * PC_INIT;
				uint32_t off;

				for (k = 0; k < PC_INIT; k++)
					for (off = 0; v[k] && off < S; off += 16)
						__builtin_prefetch(v[k] + off);
			}
			if (!seq->keep || !seq->keep[i0 + t])
				init_scores(block + (size_t)t * S,
				            seq->init ? seq->init + (size_t)(i0 + t) * PC_INIT : NULL, L, S);
		}
		/*
		 * The static features of the block, one probe stream in three steps
		 * PF_DIST apart: prefetch a slot, find it and prefetch the rest of its
		 * row, add the row.
		 */
		for (k = f0; k < f1 && k < f0 + PF_DIST; k++)
			prefetch_key(m, seq->feats[k]);
		t = 0;
		for (k = f0; k < f1; k++) {
			const pc_slot *x;

			if (k + PF_DIST < f1)
				prefetch_key(m, seq->feats[k + PF_DIST]);
			x = find(m, seq->feats[k]);
			if (x)
				prefetch_row(m, x);
			ring[k % PF_RING] = x;
			if (k >= f0 + PF_DIST)
				add_static(m, seq, ring[(k - PF_DIST) % PF_RING], k - PF_DIST, i0, &t, block, S);
		}
		for (k = f1 > f0 + PF_DIST ? f1 - PF_DIST : f0; k < f1; k++)
			add_static(m, seq, ring[k % PF_RING], k, i0, &t, block, S);
		/*
		 * The labels the static scores alone would pick, and the history
		 * features they would give, whose slots are prefetched.
		 */
		g1 = y1;
		g2 = y2;
		for (t = 0; t < e; t++) {
			const uint64_t *ha = seq->hattr ? seq->hattr + (size_t)(i0 + t) * H : NULL;

			if (seq->keep && seq->keep[i0 + t]) {
				guess[t] = seq->pred[i0 + t];
			} else {
				uint32_t y2s = m->hist2[(size_t)g1 * (L + 1) + g2];

				if (y2s)
					__builtin_prefetch(&m->slots[y2s - 1]);
				hy[t] = g1;
				for (k = 0; k < H; k++) {
					hk[t * PC_MAX_HATTR + k] = pc_f2(T_YA + k, g1, ha[k]);
					prefetch_key(m, hk[t * PC_MAX_HATTR + k]);
				}
				guess[t] = spec->legal ? argmax_i32(block + (size_t)t * S, spec, g1)
				                       : best_i32(block + (size_t)t * S, S, NULL);
			}
			g2 = g1;
			g1 = guess[t];
		}
		/* The labels, each after the ones before it. */
		for (t = 0; t < e; t++) {
			int32_t *scores = block + (size_t)t * S;

			i = i0 + t;
			if (!seq->keep || !seq->keep[i]) {
				const uint64_t *ha = seq->hattr ? seq->hattr + (size_t)i * H : NULL;
				uint32_t y2s = m->hist2[(size_t)y1 * (L + 1) + y2];

				pc_add_i32(scores, m->hist1 + (size_t)y1 * S, S);
				if (y2s)
					add_row(m, &m->slots[y2s - 1], scores, 1);
				for (k = 0; k < H; k++) {
					const pc_slot *x = find(m, hy[t] == y1 ? hk[t * PC_MAX_HATTR + k]
					                                       : pc_f2(T_YA + k, y1, ha[k]));

					if (x)
						add_row(m, x, scores, 1);
				}
				if (!spec->legal) {
					seq->pred[i] = (uint16_t)best_i32(scores, S, seq->margin ? seq->margin + i
					                                                          : NULL);
				} else {
					seq->pred[i] = (uint16_t)argmax_i32(scores, spec, y1);
					if (seq->margin)
						seq->margin[i] = margin_i32(scores, spec, y1, seq->pred[i]);
				}
			}
			y2 = y1;
			y1 = seq->pred[i];
		}
	}
}

/*
 * Model file chunks: <p>MAP (n_labels, n_feats, n_entries, scale, the keys in
 * home order, each row's length) and <p>ENT (every weight's label, then every
 * weight), rows in the same order and each row by label.
 */

typedef struct ks {
	uint64_t key, home;
	uint32_t slot;
} ks;

static int ks_cmp(const void *a, const void *b)
{
	const ks *x = a, *y = b;

	if (x->home != y->home)
		return x->home < y->home ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

void pc_model_write(const pc_model *m, mdl_w *w, char prefix)
{
	char id[4] = {prefix, 'M', 'A', 'P'};
	uint32_t i, k, j, n, row[PC_MAX_LABELS + 1];
	uint64_t mask = table_cap(m->n_feats) - 1;
	ks *order = qs_malloc(((size_t)m->n_feats + 1) * sizeof *order);

	if (!order) {
		w->rc = QASID_ENOMEM;
		return;
	}
	for (i = 0, n = 0; i <= m->mask; i++) /* the keys back in the file's order */
		if (m->slots[i].fp && n < m->n_feats) {
			order[n].key = (uint64_t)m->slots[i].fp << 32 | m->lo[i];
			order[n].home = order[n].key & mask;
			order[n++].slot = i;
		}
	qsort(order, n, sizeof *order, ks_cmp);
	mdl_w_begin(w, id);
	mdl_w_u32(w, m->n_labels);
	mdl_w_u32(w, m->n_feats);
	mdl_w_u32(w, m->n_entries);
	mdl_w_f32(w, m->scale);
	for (i = 0; i < m->n_feats; i++)
		mdl_w_u64(w, order[i].key);
	for (i = 0; i < m->n_feats; i++)
		mdl_w_u8(w, (uint8_t)row_entries(m, &m->slots[order[i].slot], row));
	mdl_w_end(w);
	memcpy(id + 1, "ENT", 3);
	mdl_w_begin(w, id);
	for (k = 0; k < 2; k++) /* labels, then weights */
		for (i = 0; i < m->n_feats; i++) {
			n = row_entries(m, &m->slots[order[i].slot], row);
			for (j = 0; j < n; j++) {
				if (k == 0)
					mdl_w_u8(w, (uint8_t)(row[j] >> 16));
				else
					mdl_w_u16(w, (uint16_t)row[j]);
			}
		}
	mdl_w_end(w);
	qs_free(order);
}

int pc_model_read(pc_model *m, const mdl_file *f, char prefix, uint32_t n_labels, qasid_err *err)
{
	char id[4] = {prefix, 'M', 'A', 'P'};
	const unsigned char *p, *ent;
	pc_rows rows = {0};
	uint64_t mask, prev = 0;
	size_t n;
	mdl_rd r;
	uint32_t i, total = 0;
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = mdl_chunk(f, id, &p, &n, err)))
		return rc;
	mdl_rd_init(&r, p, n);
	m->n_labels = mdl_u32(&r);
	m->n_feats = mdl_u32(&r);
	m->n_entries = mdl_u32(&r);
	m->scale = mdl_f32(&r);
	if (r.bad || m->n_labels != n_labels || m->n_labels > PC_MAX_LABELS ||
	    (size_t)m->n_feats * 9 != (size_t)(r.end - r.p) || !(m->scale > 0) || isinf(m->scale))
		goto bad;
	/* The file's rows are read where they are: checked here, then built. */
	rows.n = m->n_feats;
	rows.kraw = mdl_bytes(&r, (size_t)m->n_feats * 8);
	rows.len = mdl_bytes(&r, m->n_feats);
	if (r.bad || !rows.kraw || !rows.len)
		goto bad;
	mask = table_cap(m->n_feats) - 1;
	for (i = 0; i < m->n_feats; i++) {
		uint64_t key = rows_key(&rows, i);

		if (!key || (i && !home_less(prev, key, mask)))
			goto bad;
		prev = key;
		if (rows.len[i] == 0 || rows.len[i] > m->n_labels)
			goto bad;
		total += rows.len[i];
	}
	if (total != m->n_entries)
		goto bad;
	memcpy(id + 1, "ENT", 3);
	if ((rc = mdl_chunk(f, id, &ent, &n, err)))
		goto fail;
	if (n != (size_t)m->n_entries * 3)
		goto bad;
	rows.lab = ent;
	rows.wraw = ent + m->n_entries;
	for (i = 0; i < m->n_entries; i++)
		if (rows.lab[i] >= m->n_labels)
			goto bad;
	rc = pc_build(m, &rows);
	if (rc)
		goto nomem;
	return QASID_OK;
bad:
	rc = err_set(err, QASID_EMODEL, 0, "%s: corrupt model file: bad weights in chunk %.4s",
	             f->path, id);
	goto fail;
nomem:
	rc = err_set(err, QASID_ENOMEM, 0, "%s: out of memory", f->path);
fail:
	pc_model_free(m);
	return rc;
}

/* Training: sparse rows of (label, w, ws) in one pool. */

typedef struct tr_ent {
	uint32_t lab;
	float w;
	double ws;
} tr_ent;

typedef struct tr_row {
	uint32_t off;
	uint16_t n;
	uint16_t cap;
} tr_row;

typedef struct trainer {
	uint32_t L;
	uint64_t *keys; /* hash table of features: key -> row */
	uint32_t *rowidx;
	size_t cap, n;
	VEC(tr_row) rows;
	VEC(tr_ent) ents;
	double c;
	float *scores;
} trainer;

static void tr_fini(trainer *t)
{
	qs_free(t->keys);
	qs_free(t->rowidx);
	VEC_FREE(&t->rows);
	VEC_FREE(&t->ents);
	qs_free(t->scores);
}

static int tr_rehash(trainer *t)
{
	size_t ncap = t->cap ? t->cap * 2 : 1 << 16, i;
	uint64_t *k = qs_malloc(ncap * sizeof *k);
	uint32_t *r = qs_malloc(ncap * sizeof *r);

	if (!k || !r) {
		qs_free(k);
		qs_free(r);
		return QASID_ENOMEM;
	}
	memset(k, 0, ncap * sizeof *k);
	for (i = 0; i < t->cap; i++)
		if (t->keys[i]) {
			size_t s = (size_t)t->keys[i] & (ncap - 1);

			while (k[s])
				s = (s + 1) & (ncap - 1);
			k[s] = t->keys[i];
			r[s] = t->rowidx[i];
		}
	qs_free(t->keys);
	qs_free(t->rowidx);
	t->keys = k;
	t->rowidx = r;
	t->cap = ncap;
	return QASID_OK;
}

/* Row of feature f, or -1 (create: insert an empty row). */
static long tr_row_of(trainer *t, uint64_t f, int create)
{
	size_t s;
	tr_row row = {0, 0, 0};

	if (!t->cap) {
		if (!create || tr_rehash(t))
			return -1;
	}
	s = (size_t)f & (t->cap - 1);
	while (t->keys[s]) {
		if (t->keys[s] == f)
			return t->rowidx[s];
		s = (s + 1) & (t->cap - 1);
	}
	if (!create)
		return -1;
	if ((t->n + 1) * 2 > t->cap) {
		if (tr_rehash(t))
			return -1;
		return tr_row_of(t, f, create);
	}
	if (VEC_PUSH(&t->rows, row))
		return -1;
	t->keys[s] = f;
	t->rowidx[s] = (uint32_t)(t->rows.n - 1);
	t->n++;
	return (long)(t->rows.n - 1);
}

static void tr_score(trainer *t, const uint64_t *f, size_t n, float *scores)
{
	size_t i;

	for (i = 0; i < n; i++) {
		long r = tr_row_of(t, f[i], 0);
		const tr_row *row;
		const tr_ent *e;
		uint32_t k;

		if (r < 0)
			continue;
		row = &t->rows.v[r];
		e = t->ents.v + row->off;
		for (k = 0; k < row->n; k++)
			scores[e[k].lab] += e[k].w;
	}
}

/* The entry of label lab in the row of feature f (both made at 0 when new), or NULL. */
static tr_ent *tr_entry(trainer *t, uint64_t f, uint32_t lab)
{
	long r = tr_row_of(t, f, 1);
	tr_row *row;
	tr_ent *e;
	uint32_t k;

	if (r < 0)
		return NULL;
	row = &t->rows.v[r];
	e = t->ents.v + row->off;
	for (k = 0; k < row->n; k++)
		if (e[k].lab == lab)
			return &e[k];
	if (row->n == row->cap) { /* move the row to the end of the pool, twice as big */
		uint16_t ncap = row->cap ? (uint16_t)(row->cap * 2) : 2;
		size_t off = t->ents.n;

		if (VEC_RESERVE(&t->ents, off + ncap))
			return NULL;
		row = &t->rows.v[r];
		memcpy(t->ents.v + off, t->ents.v + row->off, row->n * sizeof(tr_ent));
		t->ents.n = off + ncap;
		row->off = (uint32_t)off;
		row->cap = ncap;
	}
	e = t->ents.v + row->off + row->n++;
	e->lab = lab;
	e->w = 0;
	e->ws = 0;
	return e;
}

static int tr_add(trainer *t, uint64_t f, uint32_t lab, float d)
{
	tr_ent *e = tr_entry(t, f, lab);

	if (!e)
		return QASID_ENOMEM;
	e->w += d;
	e->ws += t->c * d;
	return QASID_OK;
}

static int tr_update(trainer *t, const uint64_t *f, size_t n, uint32_t gold, uint32_t pred)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tr_add(t, f[i], gold, 1) || tr_add(t, f[i], pred, -1))
			return QASID_ENOMEM;
	return QASID_OK;
}

typedef struct kr {
	uint64_t key;
	uint64_t home; /* key & the table mask */
	uint32_t row;
} kr;

static int kr_cmp(const void *a, const void *b)
{
	const kr *x = a, *y = b;

	if (x->home != y->home)
		return x->home < y->home ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The averaged, pruned, quantised model of the trainer's current state. */
static int tr_model(trainer *t, double prune, pc_model *m)
{
	kr *order = NULL;
	float *avg = NULL;
	uint64_t *keys = NULL;
	uint8_t *lens = NULL, *lab = NULL;
	int16_t *w = NULL;
	size_t i, j, nf = 0, ne = 0, k;
	double maxabs = 0;
	int rc = QASID_ENOMEM;

	memset(m, 0, sizeof *m);
	m->n_labels = t->L;
	order = qs_malloc((t->n + 1) * sizeof *order);
	avg = qs_malloc((t->ents.n + 1) * sizeof *avg);
	if (!order || !avg)
		goto cleanup;
	for (i = 0; i < t->cap; i++) {
		const tr_row *row;
		size_t kept = 0;

		if (!t->keys[i])
			continue;
		row = &t->rows.v[t->rowidx[i]];
		for (k = 0; k < row->n; k++) {
			const tr_ent *e = &t->ents.v[row->off + k];
			double a = e->w - e->ws / t->c;

			avg[row->off + k] = (float)a;
			if (fabs(a) >= prune && a != 0) {
				kept++;
				if (fabs(a) > maxabs)
					maxabs = fabs(a);
			}
		}
		if (kept) {
			order[nf].key = t->keys[i];
			order[nf++].row = t->rowidx[i];
			ne += kept;
		}
	}
	m->scale = maxabs > 0 ? (float)(maxabs / 32767.0) : 1.0f;
	for (i = 0, j = 0; i < nf; i++) { /* rows left empty by quantisation go */
		const tr_row *row = &t->rows.v[order[i].row];
		int any = 0;

		for (k = 0; k < row->n && !any; k++) {
			double v = avg[row->off + k];

			any = fabs(v) >= prune && v != 0 && lrint(v / m->scale) != 0;
		}
		if (any)
			order[j++] = order[i];
	}
	nf = j;
	for (i = 0; i < nf; i++)
		order[i].home = order[i].key & (table_cap(nf) - 1);
	qsort(order, nf, sizeof *order, kr_cmp);
	keys = qs_malloc((nf + 1) * sizeof *keys);
	lens = qs_malloc(nf + 1);
	lab = qs_malloc(ne + 1);
	w = qs_malloc((ne + 1) * sizeof *w);
	if (!keys || !lens || !lab || !w)
		goto cleanup;
	ne = 0;
	for (i = 0, j = 0; i < nf; i++) {
		const tr_row *row = &t->rows.v[order[i].row];
		uint32_t labs[PC_MAX_LABELS + 1];
		uint32_t nl = 0, a, b, nq = 0;

		keys[j] = order[i].key;
		for (k = 0; k < row->n; k++) {
			double v = avg[row->off + k];

			if (fabs(v) >= prune && v != 0)
				labs[nl++] = (uint32_t)k;
		}
		for (a = 1; a < nl; a++) /* by label, so the file does not depend on update order */
			for (b = a; b > 0 && t->ents.v[row->off + labs[b]].lab <
			                          t->ents.v[row->off + labs[b - 1]].lab;
			     b--) {
				uint32_t x = labs[b];

				labs[b] = labs[b - 1];
				labs[b - 1] = x;
			}
		for (a = 0; a < nl; a++) { /* weights that quantise to 0 are dropped */
			double q = avg[row->off + labs[a]] / m->scale;

			lab[ne] = (uint8_t)t->ents.v[row->off + labs[a]].lab;
			w[ne] = (int16_t)lrint(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
			if (w[ne]) {
				ne++;
				nq++;
			}
		}
		if (nq)
			lens[j++] = (uint8_t)nq;
	}
	{
		pc_rows rows = {.n = (uint32_t)j, .keys = keys, .len = lens, .lab = lab, .w = w};

		rc = pc_build(m, &rows);
	}
cleanup:
	qs_free(order);
	qs_free(avg);
	qs_free(keys);
	qs_free(lens);
	qs_free(lab);
	qs_free(w);
	if (rc)
		pc_model_free(m);
	return rc;
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t argmax_f(const float *s, const pc_spec *spec, uint32_t prev)
{
	const uint8_t *ok = spec->legal ? spec->legal + (size_t)prev * spec->n_labels : NULL;
	uint32_t l, best = UINT32_MAX;

	for (l = 0; l < spec->n_labels; l++)
		if ((!ok || ok[l]) && (best == UINT32_MAX || s[l] > s[best]))
			best = l;
	return best == UINT32_MAX ? 0 : best;
}

/* One pass of greedy decoding with updates over seq; counts correct tokens. */
static int train_seq(trainer *t, const pc_spec *spec, pc_seq *seq, int gold_history,
                     size_t *correct)
{
	uint64_t hf[2 + PC_MAX_HATTR];
	uint32_t i, y1 = spec->n_labels, y2 = spec->n_labels, nh, best;

	for (i = 0; i < seq->n; i++) {
		const uint64_t *f = seq->feats + seq->fstart[i];
		size_t nf = seq->fstart[i + 1] - seq->fstart[i];

		memset(t->scores, 0, spec->n_labels * sizeof *t->scores);
		tr_score(t, f, nf, t->scores);
		nh = hist_feats(spec, seq->hattr ? seq->hattr + (size_t)i * spec->n_hattr : NULL, y1,
		                y2, hf);
		tr_score(t, hf, nh, t->scores);
		best = argmax_f(t->scores, spec, y1);
		if (best != seq->gold[i]) {
			if (tr_update(t, f, nf, seq->gold[i], best) ||
			    tr_update(t, hf, nh, seq->gold[i], best))
				return QASID_ENOMEM;
		} else {
			(*correct)++;
		}
		t->c += 1;
		seq->pred[i] = (uint16_t)best;
		y2 = y1;
		y1 = gold_history ? seq->gold[i] : best;
	}
	return QASID_OK;
}

struct pc_mc {
	trainer t;
};

/* Adds weight times src's averaged weights to dst's weights. */
static int tr_merge(trainer *dst, const trainer *src, double weight)
{
	for (size_t i = 0; i < src->cap; i++) {
		const tr_row *row;

		if (!src->keys[i])
			continue;
		row = &src->rows.v[src->rowidx[i]];
		for (uint32_t k = 0; k < row->n; k++) {
			const tr_ent *e = &src->ents.v[row->off + k];
			double a = (e->w - e->ws / src->c) * weight;
			tr_ent *d;

			if (a == 0)
				continue;
			if (!(d = tr_entry(dst, src->keys[i], e->lab)))
				return QASID_ENOMEM;
			d->w += (float)a; /* as if there from the start: its average is itself */
		}
	}
	return QASID_OK;
}

/* One perceptron trained over a set of sequences, an epoch at a time. */
struct pc_run {
	trainer t;
	const pc_spec *spec;
	pc_seq *seqs;
	size_t n_seqs, n_tok, *order;
	uint64_t rng;
	int gold_history;
};

int pc_run_new(pc_run **out, const pc_spec *spec, pc_seq *seqs, size_t n_seqs, uint32_t seed,
               int gold_history)
{
	pc_run *r;
	size_t i;

	*out = NULL;
	if (spec->n_labels == 0 || spec->n_labels > PC_MAX_LABELS || spec->n_hattr > PC_MAX_HATTR)
		return QASID_EINVAL;
	if (!(r = qs_malloc(sizeof *r)))
		return QASID_ENOMEM;
	memset(r, 0, sizeof *r);
	r->t.L = spec->n_labels;
	r->t.c = 1;
	r->spec = spec;
	r->seqs = seqs;
	r->n_seqs = n_seqs;
	r->rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)seed * 0xD1B54A32D192ED03ULL);
	r->gold_history = gold_history;
	r->t.scores = qs_malloc(spec->n_labels * sizeof *r->t.scores);
	r->order = qs_malloc((n_seqs + 1) * sizeof *r->order);
	if (!r->t.scores || !r->order) {
		pc_run_free(r);
		return QASID_ENOMEM;
	}
	for (i = 0; i < n_seqs; i++) {
		r->order[i] = i;
		r->n_tok += seqs[i].n;
	}
	*out = r;
	return QASID_OK;
}

void pc_run_free(pc_run *r)
{
	if (!r)
		return;
	tr_fini(&r->t);
	qs_free(r->order);
	qs_free(r);
}

int pc_run_epoch(pc_run *r, double *train_acc)
{
	size_t i, correct = 0;
	int rc;

	for (i = r->n_seqs; i > 1; i--) { /* Fisher-Yates, seeded */
		size_t j = (size_t)(rng_next(&r->rng) % i), x = r->order[i - 1];

		r->order[i - 1] = r->order[j];
		r->order[j] = x;
	}
	for (i = 0; i < r->n_seqs; i++)
		if ((rc = train_seq(&r->t, r->spec, &r->seqs[r->order[i]], r->gold_history, &correct)))
			return rc;
	if (train_acc)
		*train_acc = r->n_tok ? (double)correct / r->n_tok : 0;
	return QASID_OK;
}

int pc_run_model(pc_run *r, double prune, pc_model *out)
{
	return tr_model(&r->t, prune, out);
}

int pc_run_merge(pc_mc *dst, const pc_run *r, double weight)
{
	if (dst->t.L != r->t.L)
		return QASID_EINVAL;
	return tr_merge(&dst->t, &r->t, weight);
}

int pc_train(const pc_spec *spec, pc_seq *seqs, size_t n_seqs, const pc_train_opts *opt,
             const pc_hooks *hooks, pc_model *out, double *best_dev, int *best_epoch)
{
	pc_run *r = NULL;
	pc_model best = {0}, cur = {0};
	double best_score = -1, t0 = now();
	int epoch, rc = QASID_OK, since_best = 0, best_at = 0;

	memset(out, 0, sizeof *out);
	if (opt->epochs < 1)
		return QASID_EINVAL;
	if ((rc = pc_run_new(&r, spec, seqs, n_seqs, opt->seed, opt->gold_history)))
		return rc;
	for (epoch = 1; epoch <= opt->epochs; epoch++) {
		double acc = 0, score = 0;

		if ((rc = pc_run_epoch(r, &acc)) || (rc = tr_model(&r->t, opt->prune, &cur)))
			goto cleanup;
		if (hooks && hooks->dev_score)
			score = hooks->dev_score(hooks->ud, &cur);
		if (hooks && hooks->progress)
			hooks->progress(hooks->ud, epoch, acc, score, now() - t0, cur.n_feats);
		if (!hooks || !hooks->dev_score || score > best_score) {
			pc_model_free(&best);
			best = cur;
			memset(&cur, 0, sizeof cur);
			best_score = score;
			best_at = epoch;
			since_best = 0;
		} else {
			pc_model_free(&cur);
			if (opt->patience > 0 && ++since_best >= opt->patience)
				break;
		}
	}
	*out = best;
	memset(&best, 0, sizeof best);
	if (best_dev)
		*best_dev = best_score;
	if (best_epoch)
		*best_epoch = best_at;
cleanup:
	pc_model_free(&best);
	pc_model_free(&cur);
	pc_run_free(r);
	return rc;
}

/*
 * Multiclass training, one decision at a time (the parser): the same sparse
 * rows and averaging as pc_train, driven by the caller.
 */

int pc_mc_new(pc_mc **out, uint32_t n_labels)
{
	pc_mc *m;

	*out = NULL;
	if (n_labels == 0 || n_labels > PC_MAX_LABELS)
		return QASID_EINVAL;
	m = qs_malloc(sizeof *m);
	if (!m)
		return QASID_ENOMEM;
	memset(m, 0, sizeof *m);
	m->t.L = n_labels;
	m->t.c = 1;
	*out = m;
	return QASID_OK;
}

void pc_mc_free(pc_mc *m)
{
	if (!m)
		return;
	tr_fini(&m->t);
	qs_free(m);
}

void pc_mc_score(pc_mc *m, const uint64_t *f, size_t n, float *scores)
{
	tr_score(&m->t, f, n, scores);
}

int pc_mc_update(pc_mc *m, const uint64_t *f, size_t n, uint32_t gold, uint32_t pred)
{
	if (gold == pred || gold >= m->t.L || pred >= m->t.L)
		return QASID_OK;
	return tr_update(&m->t, f, n, gold, pred);
}

int pc_mc_add(pc_mc *m, const uint64_t *f, size_t n, uint32_t label, int delta)
{
	if (label >= m->t.L)
		return QASID_OK;
	for (size_t i = 0; i < n; i++)
		if (tr_add(&m->t, f[i], label, delta))
			return QASID_ENOMEM;
	return QASID_OK;
}

void pc_mc_tick(pc_mc *m)
{
	m->t.c += 1;
}

size_t pc_mc_n_feats(const pc_mc *m)
{
	return m->t.n;
}

int pc_mc_merge(pc_mc *dst, const pc_mc *src, double weight)
{
	if (dst->t.L != src->t.L)
		return QASID_EINVAL;
	return tr_merge(&dst->t, &src->t, weight);
}

int pc_mc_model(pc_mc *m, double prune, pc_model *out)
{
	return tr_model(&m->t, prune, out);
}
