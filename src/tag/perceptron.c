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
	qs_free(m->slots);
	qs_free(m->packed);
	qs_free(m->keys);
	qs_free(m->row_off);
	qs_free(m->ent_lab);
	qs_free(m->ent_w);
	memset(m, 0, sizeof *m);
}

/* The lookup table: slots by hash, each pointing at its row of packed weights. */
static int build_slots(pc_model *m)
{
	size_t cap = 16, i;

	while (cap < (size_t)m->n_feats * 2)
		cap *= 2;
	m->slots = qs_malloc(cap * sizeof *m->slots);
	m->packed = qs_malloc(((size_t)m->n_entries + 1) * sizeof *m->packed);
	if (!m->slots || !m->packed)
		return QASID_ENOMEM;
	memset(m->slots, 0, cap * sizeof *m->slots);
	m->mask = (uint32_t)(cap - 1);
	for (i = 0; i < m->n_entries; i++)
		m->packed[i] = (uint32_t)m->ent_lab[i] << 16 | (uint16_t)m->ent_w[i];
	for (i = 0; i < m->n_feats; i++) {
		uint64_t k = m->keys[i];
		size_t s = (size_t)k & m->mask;

		while (m->slots[s].key)
			s = (s + 1) & m->mask;
		m->slots[s].key = k;
		m->slots[s].off = m->row_off[i];
		m->slots[s].n = m->row_off[i + 1] - m->row_off[i];
	}
	return QASID_OK;
}

/*
 * Scoring is bound by memory latency (a feature's slot, then its row), so it
 * goes in three passes over a batch: prefetch the slots, find them and
 * prefetch the rows, then add the rows up.
 */
#define BATCH 64

void pc_model_score(const pc_model *m, const uint64_t *f, size_t n, int32_t *scores)
{
	const struct pc_slot *found[BATCH];
	size_t b, i, k;

	for (b = 0; b < n; b += BATCH) {
		size_t e = n - b < BATCH ? n - b : BATCH, nf = 0;

		for (i = 0; i < e; i++)
			__builtin_prefetch(&m->slots[(uint32_t)f[b + i] & m->mask]);
		for (i = 0; i < e; i++) {
			uint32_t s = (uint32_t)f[b + i] & m->mask;

			while (m->slots[s].key != f[b + i] && m->slots[s].key)
				s = (s + 1) & m->mask;
			if (m->slots[s].key) {
				found[nf++] = &m->slots[s];
				__builtin_prefetch(&m->packed[m->slots[s].off]);
			}
		}
		for (i = 0; i < nf; i++) {
			const uint32_t *p = m->packed + found[i]->off;

			for (k = 0; k < found[i]->n; k++)
				scores[p[k] >> 16] += (int16_t)(uint16_t)p[k];
		}
	}
}

size_t pc_scratch_size(const pc_spec *spec)
{
	return spec->n_labels * sizeof(int32_t) + (2 + PC_MAX_HATTR) * sizeof(uint64_t) + 16;
}

static uint32_t argmax_i32(const int32_t *s, const pc_spec *spec, uint32_t prev)
{
	const uint8_t *ok = spec->legal ? spec->legal + (size_t)prev * spec->n_labels : NULL;
	uint32_t l, best = UINT32_MAX;

	for (l = 0; l < spec->n_labels; l++)
		if ((!ok || ok[l]) && (best == UINT32_MAX || s[l] > s[best]))
			best = l;
	return best == UINT32_MAX ? 0 : best;
}

void pc_decode(const pc_model *m, const pc_spec *spec, pc_seq *seq, void *scratch)
{
	uint64_t *hf = scratch;
	int32_t *scores = (int32_t *)(hf + 2 + PC_MAX_HATTR);
	uint32_t i, y1 = spec->n_labels, y2 = spec->n_labels, nh;

	for (i = 0; i < seq->n; i++) {
		if (i + 1 < seq->n) { /* the next token's slots, while this one is scored */
			uint32_t k;

			for (k = seq->fstart[i + 1]; k < seq->fstart[i + 2]; k++)
				__builtin_prefetch(&m->slots[(uint32_t)seq->feats[k] & m->mask]);
		}
		memset(scores, 0, spec->n_labels * sizeof *scores);
		pc_model_score(m, seq->feats + seq->fstart[i], seq->fstart[i + 1] - seq->fstart[i],
		               scores);
		nh = hist_feats(spec, seq->hattr ? seq->hattr + (size_t)i * spec->n_hattr : NULL, y1,
		                y2, hf);
		pc_model_score(m, hf, nh, scores);
		seq->pred[i] = (uint16_t)argmax_i32(scores, spec, y1);
		y2 = y1;
		y1 = seq->pred[i];
	}
}

/* Model file chunks: <p>MAP and <p>ENT. */

void pc_model_write(const pc_model *m, mdl_w *w, char prefix)
{
	char id[4] = {prefix, 'M', 'A', 'P'};
	uint32_t i;

	mdl_w_begin(w, id);
	mdl_w_u32(w, m->n_labels);
	mdl_w_u32(w, m->n_feats);
	mdl_w_u32(w, m->n_entries);
	mdl_w_f32(w, m->scale);
	for (i = 0; i < m->n_feats; i++)
		mdl_w_u64(w, m->keys[i]);
	for (i = 0; i < m->n_feats; i++)
		mdl_w_u8(w, (uint8_t)(m->row_off[i + 1] - m->row_off[i]));
	mdl_w_end(w);
	memcpy(id + 1, "ENT", 3);
	mdl_w_begin(w, id);
	mdl_w_bytes(w, m->ent_lab, m->n_entries);
	for (i = 0; i < m->n_entries; i++)
		mdl_w_u16(w, (uint16_t)m->ent_w[i]);
	mdl_w_end(w);
}

int pc_model_read(pc_model *m, const mdl_file *f, char prefix, uint32_t n_labels, qasid_err *err)
{
	char id[4] = {prefix, 'M', 'A', 'P'};
	const unsigned char *p;
	size_t n;
	mdl_rd r;
	uint32_t i;
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
	m->keys = qs_malloc(((size_t)m->n_feats + 1) * sizeof *m->keys);
	m->row_off = qs_malloc(((size_t)m->n_feats + 1) * sizeof *m->row_off);
	if (!m->keys || !m->row_off)
		goto nomem;
	for (i = 0; i < m->n_feats; i++) {
		m->keys[i] = mdl_u64(&r);
		if (!m->keys[i] || (i && m->keys[i] <= m->keys[i - 1]))
			goto bad;
	}
	m->row_off[0] = 0;
	for (i = 0; i < m->n_feats; i++) {
		uint8_t k = mdl_u8(&r);

		if (k > m->n_labels)
			goto bad;
		m->row_off[i + 1] = m->row_off[i] + k;
	}
	if (r.bad || m->row_off[m->n_feats] != m->n_entries)
		goto bad;
	memcpy(id + 1, "ENT", 3);
	if ((rc = mdl_chunk(f, id, &p, &n, err)))
		goto fail;
	if (n != (size_t)m->n_entries * 3)
		goto bad;
	m->ent_lab = qs_malloc((size_t)m->n_entries + 1);
	m->ent_w = qs_malloc(((size_t)m->n_entries + 1) * sizeof *m->ent_w);
	if (!m->ent_lab || !m->ent_w)
		goto nomem;
	mdl_rd_init(&r, p, n);
	for (i = 0; i < m->n_entries; i++) {
		m->ent_lab[i] = mdl_u8(&r);
		if (m->ent_lab[i] >= m->n_labels)
			goto bad;
	}
	for (i = 0; i < m->n_entries; i++)
		m->ent_w[i] = (int16_t)mdl_u16(&r);
	if (build_slots(m))
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

static int tr_add(trainer *t, uint64_t f, uint32_t lab, float d)
{
	long r = tr_row_of(t, f, 1);
	tr_row *row;
	tr_ent *e;
	uint32_t k;

	if (r < 0)
		return QASID_ENOMEM;
	row = &t->rows.v[r];
	e = t->ents.v + row->off;
	for (k = 0; k < row->n; k++)
		if (e[k].lab == lab)
			break;
	if (k == row->n) {
		if (row->n == row->cap) { /* move the row to the end of the pool, twice as big */
			uint16_t ncap = row->cap ? (uint16_t)(row->cap * 2) : 2;
			size_t off = t->ents.n;

			if (VEC_RESERVE(&t->ents, off + ncap))
				return QASID_ENOMEM;
			row = &t->rows.v[r];
			memcpy(t->ents.v + off, t->ents.v + row->off, row->n * sizeof(tr_ent));
			t->ents.n = off + ncap;
			row->off = (uint32_t)off;
			row->cap = ncap;
		}
		e = t->ents.v + row->off;
		e[k].lab = lab;
		e[k].w = 0;
		e[k].ws = 0;
		row->n++;
	}
	e[k].w += d;
	e[k].ws += t->c * d;
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
	uint32_t row;
} kr;

static int kr_cmp(const void *a, const void *b)
{
	uint64_t x = ((const kr *)a)->key, y = ((const kr *)b)->key;

	return x < y ? -1 : x > y;
}

/* The averaged, pruned, quantised model of the trainer's current state. */
static int tr_model(trainer *t, double prune, pc_model *m)
{
	kr *order = NULL;
	float *avg = NULL;
	size_t i, nf = 0, ne = 0, k;
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
	qsort(order, nf, sizeof *order, kr_cmp);
	m->n_feats = (uint32_t)nf;
	m->n_entries = (uint32_t)ne;
	m->scale = maxabs > 0 ? (float)(maxabs / 32767.0) : 1.0f;
	m->keys = qs_malloc((nf + 1) * sizeof *m->keys);
	m->row_off = qs_malloc((nf + 1) * sizeof *m->row_off);
	m->ent_lab = qs_malloc(ne + 1);
	m->ent_w = qs_malloc((ne + 1) * sizeof *m->ent_w);
	if (!m->keys || !m->row_off || !m->ent_lab || !m->ent_w)
		goto cleanup;
	ne = 0;
	for (i = 0; i < nf; i++) {
		const tr_row *row = &t->rows.v[order[i].row];
		uint32_t labs[PC_MAX_LABELS + 1];
		uint32_t nl = 0, a, b;

		m->keys[i] = order[i].key;
		m->row_off[i] = (uint32_t)ne;
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
		for (a = 0; a < nl; a++) {
			double q = avg[row->off + labs[a]] / m->scale;

			m->ent_lab[ne] = (uint8_t)t->ents.v[row->off + labs[a]].lab;
			m->ent_w[ne++] = (int16_t)lrint(q > 32767 ? 32767 : q < -32767 ? -32767 : q);
		}
	}
	m->row_off[nf] = (uint32_t)ne;
	rc = build_slots(m);
cleanup:
	qs_free(order);
	qs_free(avg);
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

int pc_train(const pc_spec *spec, pc_seq *seqs, size_t n_seqs, const pc_train_opts *opt,
             const pc_hooks *hooks, pc_model *out, double *best_dev, int *best_epoch)
{
	trainer t;
	size_t *order = NULL, i, n_tok = 0;
	uint64_t rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)opt->seed * 0xD1B54A32D192ED03ULL);
	pc_model best = {0}, cur = {0};
	double best_score = -1, t0 = now();
	int epoch, rc = QASID_OK, since_best = 0, best_at = 0;

	memset(&t, 0, sizeof t);
	memset(out, 0, sizeof *out);
	t.L = spec->n_labels;
	t.c = 1;
	if (spec->n_labels == 0 || spec->n_labels > PC_MAX_LABELS || spec->n_hattr > PC_MAX_HATTR ||
	    opt->epochs < 1)
		return QASID_EINVAL;
	t.scores = qs_malloc(spec->n_labels * sizeof *t.scores);
	order = qs_malloc((n_seqs + 1) * sizeof *order);
	if (!t.scores || !order) {
		rc = QASID_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < n_seqs; i++) {
		order[i] = i;
		n_tok += seqs[i].n;
	}
	for (epoch = 1; epoch <= opt->epochs; epoch++) {
		size_t correct = 0;
		double score = 0;

		for (i = n_seqs; i > 1; i--) { /* Fisher-Yates, seeded */
			size_t j = (size_t)(rng_next(&rng) % i), x = order[i - 1];

			order[i - 1] = order[j];
			order[j] = x;
		}
		for (i = 0; i < n_seqs; i++)
			if ((rc = train_seq(&t, spec, &seqs[order[i]], opt->gold_history, &correct)))
				goto cleanup;
		if ((rc = tr_model(&t, opt->prune, &cur)))
			goto cleanup;
		if (hooks && hooks->dev_score)
			score = hooks->dev_score(hooks->ud, &cur);
		if (hooks && hooks->progress)
			hooks->progress(hooks->ud, epoch, n_tok ? (double)correct / n_tok : 0, score,
			                now() - t0, cur.n_feats);
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
	qs_free(order);
	tr_fini(&t);
	return rc;
}

/*
 * Multiclass training, one decision at a time (the parser): the same sparse
 * rows and averaging as pc_train, driven by the caller.
 */

struct pc_mc {
	trainer t;
};

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

void pc_mc_tick(pc_mc *m)
{
	m->t.c += 1;
}

size_t pc_mc_n_feats(const pc_mc *m)
{
	return m->t.n;
}

int pc_mc_model(pc_mc *m, double prune, pc_model *out)
{
	return tr_model(&m->t, prune, out);
}
