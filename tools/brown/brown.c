/* SPDX-License-Identifier: MIT */
/*
 * brown: hierarchical word clusters from unlabeled text, for the NER tagger's
 * cluster features (data/clusters-en.txt; `make clusters` rebuilds it).
 *
 * Input: one sentence per line, tokens separated by spaces (tools/brown/
 * corpus.py writes it). Output: one line per word with count >= MIN,
 * "<bitstring>\t<word>\t<count>", the format of Liang's wcluster, sorted by
 * bitstring, then by falling count, then by word.
 *
 * The objective is Brown et al.'s (1992): the average mutual information of
 * adjacent class bigrams, I = sum p(c,d) log p(c,d) / (p_l(c) p_r(d)), with a
 * sentence boundary token between sentences. Instead of Brown's greedy merges
 * over a window of C clusters, which costs O(V C^2) and takes hours at
 * C = 1000, it runs in two stages:
 *
 *  1. Exchange clustering (Kneser and Ney 1993; Martin, Liermann and Ney
 *     1998) into C flat classes: each word in turn is taken out of its class
 *     and put into the class that raises I most, until few words move. The
 *     gain of moving word w into class b needs only the class bigram counts
 *     of b with the classes of w's neighbours, so a pass costs O(C * number of
 *     distinct (word, neighbour class) pairs).
 *  2. Brown's agglomerative merging of those C classes: repeatedly merge the
 *     two classes whose union loses the least mutual information, with the
 *     losses of all pairs kept up to date in O(C^2) per merge (as in Liang
 *     2005). The merge tree gives each class a bit string: the path from the
 *     root, 0 for the child with the larger count.
 *
 * Words below MIN take part as one <unk> token but are not written; the
 * boundary token is not written either. Everything is deterministic: words
 * are ordered by falling count then bytes, ties are broken by lowest index.
 * This is a program, not library code: it prints to stderr and exits.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ITEM_BOUNDARY 0u /* the sentence boundary token */
#define ITEM_UNK 1u      /* all words below the count threshold */
#define ITEM_FIRST 2u

/* --- small helpers ------------------------------------------------------ */

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* calloc that dies on failure: a command-line tool has nothing to unwind. */
static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "brown: out of memory (%zu x %zu bytes)\n", n, size);
		exit(3);
	}
	return p;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "brown: out of memory\n");
		exit(3);
	}
	p = realloc(p, n * size > 0 ? n * size : 1);
	if (!p) {
		fprintf(stderr, "brown: out of memory (%zu x %zu bytes)\n", n, size);
		exit(3);
	}
	return p;
}

static uint64_t hash_bytes(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* --- vocabulary: word strings point into the corpus buffer -------------- */

typedef struct {
	const char **words;
	uint32_t *counts;
	size_t n_words, words_cap;
	uint32_t *slots; /* open addressing: word id + 1, 0 = empty */
	size_t slots_cap; /* a power of two */
} vocab;

static void vocab_rehash(vocab *v)
{
	size_t cap = v->slots_cap ? v->slots_cap * 2 : 1u << 16;
	uint32_t *slots = xcalloc(cap, sizeof *slots);

	for (size_t i = 0; i < v->n_words; i++) {
		size_t h = hash_bytes(v->words[i]) & (cap - 1);

		while (slots[h])
			h = (h + 1) & (cap - 1);
		slots[h] = (uint32_t)i + 1;
	}
	free(v->slots);
	v->slots = slots;
	v->slots_cap = cap;
}

/* Id of word s (NUL-terminated, kept alive by the caller), added if new. */
static uint32_t vocab_add(vocab *v, const char *s)
{
	size_t h;

	if (2 * (v->n_words + 1) > v->slots_cap)
		vocab_rehash(v);
	h = hash_bytes(s) & (v->slots_cap - 1);
	while (v->slots[h]) {
		uint32_t id = v->slots[h] - 1;

		if (strcmp(v->words[id], s) == 0) {
			v->counts[id]++;
			return id;
		}
		h = (h + 1) & (v->slots_cap - 1);
	}
	if (v->n_words == v->words_cap) {
		v->words_cap = v->words_cap ? 2 * v->words_cap : 1u << 15;
		v->words = xrealloc(v->words, v->words_cap, sizeof *v->words);
		v->counts = xrealloc(v->counts, v->words_cap, sizeof *v->counts);
	}
	v->words[v->n_words] = s;
	v->counts[v->n_words] = 1;
	v->slots[h] = (uint32_t)v->n_words + 1;
	return (uint32_t)v->n_words++;
}

static void vocab_fini(vocab *v)
{
	free(v->words);
	free(v->counts);
	free(v->slots);
	memset(v, 0, sizeof *v);
}

/* --- corpus ------------------------------------------------------------- */

/*
 * The corpus as a sequence of item ids. Items are what gets clustered:
 * ITEM_BOUNDARY, ITEM_UNK, then the words with count >= min_count by
 * falling count, then bytes. names/counts are indexed by item.
 */
typedef struct {
	char *text;        /* the whole file; tokens are NUL-terminated in place */
	uint32_t *seq;     /* item ids, a boundary before and after each sentence */
	size_t n_seq;
	const char **names; /* per item (NULL for boundary and unk) */
	uint64_t *counts;   /* per item */
	size_t n_items;
	size_t n_tokens, n_types, n_sentences;
} corpus;

/* The whole of path ("-" = stdin), NUL-terminated; NULL with errno set. */
static char *read_file(const char *path, size_t *len)
{
	int is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? 2 * cap : 1u << 20;
			data = xrealloc(data, cap + 1, 1);
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(data);
		data = NULL;
		errno = EIO;
	}
	if (!is_stdin)
		fclose(f);
	if (!data)
		return NULL;
	data[n] = '\0';
	*len = n;
	return data;
}

static vocab *sort_vocab; /* for cmp_by_count (qsort has no user data) */

static int cmp_by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t cx = sort_vocab->counts[x], cy = sort_vocab->counts[y];

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return strcmp(sort_vocab->words[x], sort_vocab->words[y]);
}

/* Splits text in place into words; fills v and the raw id sequence. */
static void tokenize_corpus(corpus *c, vocab *v, uint32_t **raw, size_t len)
{
	size_t cap = len / 3 + 16, n = 0;
	uint32_t *seq = xcalloc(cap, sizeof *seq);
	char *p = c->text, *end = c->text + len;
	int in_sentence = 0;

	while (p < end) {
		char *w = p;

		while (p < end && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
			p++;
		if (p > w) {
			char sep = p < end ? *p : '\n';

			if (n + 2 >= cap) {
				cap *= 2;
				seq = xrealloc(seq, cap, sizeof *seq);
			}
			if (!in_sentence)
				seq[n++] = UINT32_MAX; /* boundary */
			in_sentence = 1;
			*p = '\0';
			seq[n++] = vocab_add(v, w);
			c->n_tokens++;
			if (sep == '\n') {
				in_sentence = 0;
				c->n_sentences++;
			}
		} else if (p < end && *p == '\n' && in_sentence) {
			in_sentence = 0;
			c->n_sentences++;
		}
		if (p < end)
			p++;
	}
	if (in_sentence)
		c->n_sentences++;
	seq[n++] = UINT32_MAX;
	*raw = seq;
	c->n_seq = n;
}

/* Numbers the items and rewrites the sequence in item ids. */
static void number_items(corpus *c, vocab *v, uint32_t *seq, uint32_t min_count)
{
	uint32_t *order = xcalloc(v->n_words, sizeof *order);
	uint32_t *item_of = xcalloc(v->n_words, sizeof *item_of);
	size_t k = ITEM_FIRST;

	for (size_t i = 0; i < v->n_words; i++)
		order[i] = (uint32_t)i;
	sort_vocab = v;
	qsort(order, v->n_words, sizeof *order, cmp_by_count);
	c->names = xcalloc(v->n_words + ITEM_FIRST, sizeof *c->names);
	c->counts = xcalloc(v->n_words + ITEM_FIRST, sizeof *c->counts);
	for (size_t i = 0; i < v->n_words; i++) {
		uint32_t id = order[i];

		if (v->counts[id] < min_count) {
			item_of[id] = ITEM_UNK;
			continue;
		}
		item_of[id] = (uint32_t)k;
		c->names[k] = v->words[id];
		c->counts[k++] = v->counts[id];
	}
	for (size_t i = 0; i < c->n_seq; i++) {
		seq[i] = seq[i] == UINT32_MAX ? ITEM_BOUNDARY : item_of[seq[i]];
		c->counts[seq[i]] += seq[i] < ITEM_FIRST;
	}
	c->seq = seq;
	c->n_items = k;
	c->n_types = v->n_words;
	free(order);
	free(item_of);
}

static int corpus_load(corpus *c, const char *path, uint32_t min_count)
{
	vocab v = {0};
	uint32_t *seq = NULL;
	size_t len = 0;

	memset(c, 0, sizeof *c);
	c->text = read_file(path, &len);
	if (!c->text)
		return -1;
	tokenize_corpus(c, &v, &seq, len);
	number_items(c, &v, seq, min_count);
	vocab_fini(&v);
	return 0;
}

static void corpus_fini(corpus *c)
{
	free(c->text);
	free(c->seq);
	free(c->names);
	free(c->counts);
	memset(c, 0, sizeof *c);
}

/* --- bigram lists per item ---------------------------------------------- */

/* For each item, its distinct neighbours on one side with counts (CSR). */
typedef struct {
	size_t *start;  /* n_items + 1 */
	uint32_t *item; /* the neighbour */
	uint32_t *count;
	uint64_t *total; /* per item: sum of its counts */
} adjacency;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Right neighbours if right, else left neighbours, of every item. */
static void adjacency_build(adjacency *a, const corpus *c, int right)
{
	size_t n_pairs = c->n_seq - 1, n = 0;
	uint64_t *keys = xcalloc(n_pairs, sizeof *keys);

	for (size_t i = 0; i < n_pairs; i++) {
		uint64_t l = c->seq[i], r = c->seq[i + 1];

		keys[i] = right ? l << 32 | r : r << 32 | l;
	}
	qsort(keys, n_pairs, sizeof *keys, cmp_u64);
	a->start = xcalloc(c->n_items + 1, sizeof *a->start);
	a->item = xcalloc(n_pairs, sizeof *a->item);
	a->count = xcalloc(n_pairs, sizeof *a->count);
	a->total = xcalloc(c->n_items, sizeof *a->total);
	for (size_t i = 0; i < n_pairs; i++) {
		uint32_t self = (uint32_t)(keys[i] >> 32);

		if (i > 0 && keys[i] == keys[i - 1]) {
			a->count[n - 1]++;
		} else {
			a->item[n] = (uint32_t)keys[i];
			a->count[n++] = 1;
			a->start[self + 1] = n;
		}
		a->total[self]++;
	}
	for (size_t i = 1; i <= c->n_items; i++)
		if (a->start[i] < a->start[i - 1])
			a->start[i] = a->start[i - 1];
	free(keys);
}

static void adjacency_fini(adjacency *a)
{
	free(a->start);
	free(a->item);
	free(a->count);
	free(a->total);
	memset(a, 0, sizeof *a);
}

/* --- x log x ------------------------------------------------------------ */

static double *xlogx_table; /* x ln x for every count 0 .. number of bigrams */

static void xlogx_init(size_t max)
{
	xlogx_table = xcalloc(max + 1, sizeof *xlogx_table);
	for (size_t i = 1; i <= max; i++)
		xlogx_table[i] = (double)i * log((double)i);
}

static inline double xlogx(int64_t x)
{
	return xlogx_table[x];
}

/* --- stage 1: exchange clustering --------------------------------------- */

typedef struct {
	size_t k;          /* classes */
	size_t n_items;
	uint32_t *cls;     /* class of each item */
	uint32_t *size;    /* items per class */
	int32_t *n;        /* k x k: n[a * k + b] = bigrams class a then class b */
	int32_t *nt;       /* the transpose, so both loops read rows */
	int64_t *nl, *nr;  /* class counts as left and as right element */
	/* scratch for one word */
	double *gain;
	int32_t *rc, *lc;  /* counts of the word's right / left neighbours per class */
	uint32_t *rlist, *llist;
	size_t n_rlist, n_llist;
	int64_t self;      /* the word followed by itself */
} exchange;

static void exchange_add_cell(exchange *x, uint32_t a, uint32_t b, int32_t d)
{
	x->n[(size_t)a * x->k + b] += d;
	x->nt[(size_t)b * x->k + a] += d;
}

static void exchange_init(exchange *x, const corpus *c, const adjacency *right,
                          size_t k)
{
	memset(x, 0, sizeof *x);
	x->k = k;
	x->n_items = c->n_items;
	x->cls = xcalloc(c->n_items, sizeof *x->cls);
	x->size = xcalloc(k, sizeof *x->size);
	x->n = xcalloc(k * k, sizeof *x->n);
	x->nt = xcalloc(k * k, sizeof *x->nt);
	x->nl = xcalloc(k, sizeof *x->nl);
	x->nr = xcalloc(k, sizeof *x->nr);
	x->gain = xcalloc(k, sizeof *x->gain);
	x->rc = xcalloc(k, sizeof *x->rc);
	x->lc = xcalloc(k, sizeof *x->lc);
	x->rlist = xcalloc(k, sizeof *x->rlist);
	x->llist = xcalloc(k, sizeof *x->llist);
	/* the k most frequent items start alone, the rest round-robin */
	for (size_t i = 0; i < c->n_items; i++) {
		x->cls[i] = (uint32_t)(i % k);
		x->size[i % k]++;
	}
	for (size_t w = 0; w < c->n_items; w++) {
		for (size_t j = right->start[w]; j < right->start[w + 1]; j++) {
			uint32_t a = x->cls[w], b = x->cls[right->item[j]];

			exchange_add_cell(x, a, b, (int32_t)right->count[j]);
			x->nl[a] += right->count[j];
			x->nr[b] += right->count[j];
		}
	}
}

static void exchange_fini(exchange *x)
{
	free(x->cls);
	free(x->size);
	free(x->n);
	free(x->nt);
	free(x->nl);
	free(x->nr);
	free(x->gain);
	free(x->rc);
	free(x->lc);
	free(x->rlist);
	free(x->llist);
	memset(x, 0, sizeof *x);
}

/* The objective, sum f(n) - sum f(nl) - sum f(nr) with f = x ln x; the
 * mutual information in bits is (this + f(total)) / total / ln 2. */
static double exchange_objective(const exchange *x)
{
	double s = 0;

	for (size_t i = 0; i < x->k * x->k; i++)
		s += xlogx(x->n[i]);
	for (size_t a = 0; a < x->k; a++)
		s -= xlogx(x->nl[a]) + xlogx(x->nr[a]);
	return s;
}

/* Counts word w's neighbours per class into rc/lc and their lists. */
static void exchange_gather(exchange *x, uint32_t w, const adjacency *right,
                            const adjacency *left)
{
	x->n_rlist = x->n_llist = 0;
	x->self = 0;
	for (size_t j = right->start[w]; j < right->start[w + 1]; j++) {
		uint32_t v = right->item[j], c;

		if (v == w) {
			x->self += right->count[j];
			continue;
		}
		c = x->cls[v];
		if (!x->rc[c])
			x->rlist[x->n_rlist++] = c;
		x->rc[c] += (int32_t)right->count[j];
	}
	for (size_t j = left->start[w]; j < left->start[w + 1]; j++) {
		uint32_t u = left->item[j], c;

		if (u == w)
			continue; /* counted once, as self, above */
		c = x->cls[u];
		if (!x->lc[c])
			x->llist[x->n_llist++] = c;
		x->lc[c] += (int32_t)left->count[j];
	}
}

static void exchange_clear(exchange *x)
{
	for (size_t i = 0; i < x->n_rlist; i++)
		x->rc[x->rlist[i]] = 0;
	for (size_t i = 0; i < x->n_llist; i++)
		x->lc[x->llist[i]] = 0;
}

/* Moves the gathered word (counts nl_w, nr_w) into (d = 1) or out of
 * (d = -1) class a. */
static void exchange_move(exchange *x, uint32_t w, uint32_t a, int d,
                          int64_t nl_w, int64_t nr_w)
{
	for (size_t i = 0; i < x->n_rlist; i++) {
		uint32_t c = x->rlist[i];

		exchange_add_cell(x, a, c, d * x->rc[c]);
	}
	for (size_t i = 0; i < x->n_llist; i++) {
		uint32_t c = x->llist[i];

		exchange_add_cell(x, c, a, d * x->lc[c]);
	}
	exchange_add_cell(x, a, a, d * (int32_t)x->self);
	x->nl[a] += d * nl_w;
	x->nr[a] += d * nr_w;
	x->size[a] = (uint32_t)((int64_t)x->size[a] + d);
	x->cls[w] = a;
}

/* gain[b] = change of the objective if the word (already taken out) joins b. */
static void exchange_gains(exchange *x, int64_t nl_w, int64_t nr_w)
{
	size_t k = x->k;
	double *g = x->gain;

	for (size_t b = 0; b < k; b++)
		g[b] = xlogx(x->nl[b]) - xlogx(x->nl[b] + nl_w) + xlogx(x->nr[b]) -
		       xlogx(x->nr[b] + nr_w);
	for (size_t i = 0; i < x->n_rlist; i++) {
		uint32_t c = x->rlist[i];
		const int32_t *col = x->nt + (size_t)c * k; /* n[b][c] over b */
		int32_t m = x->rc[c];

		for (size_t b = 0; b < k; b++)
			g[b] += xlogx(col[b] + m) - xlogx(col[b]);
	}
	for (size_t i = 0; i < x->n_llist; i++) {
		uint32_t c = x->llist[i];
		const int32_t *row = x->n + (size_t)c * k; /* n[c][b] over b */
		int32_t m = x->lc[c];

		for (size_t b = 0; b < k; b++)
			g[b] += xlogx(row[b] + m) - xlogx(row[b]);
	}
	/* cell (b, b) gets rc[b] + lc[b] + self at once, not each alone */
	for (size_t b = 0; b < k; b++) {
		int64_t d = x->n[b * k + b], r = x->rc[b], l = x->lc[b];

		g[b] += xlogx(d + r + l + x->self) - xlogx(d + r) - xlogx(d + l) +
		        xlogx(d);
	}
}

/* One pass over all items in order; returns how many changed class. */
static size_t exchange_pass(exchange *x, const adjacency *right,
                            const adjacency *left)
{
	size_t moved = 0;

	for (uint32_t w = 0; w < x->n_items; w++) {
		uint32_t a = x->cls[w], best = a;
		int64_t nl_w = (int64_t)right->total[w], nr_w = (int64_t)left->total[w];
		double best_gain;

		if (x->size[a] == 1)
			continue; /* keep every class non-empty */
		exchange_gather(x, w, right, left);
		exchange_move(x, w, a, -1, nl_w, nr_w);
		exchange_gains(x, nl_w, nr_w);
		best_gain = x->gain[a];
		for (uint32_t b = 0; b < x->k; b++) {
			if (x->gain[b] > best_gain + 1e-9 * (1 + fabs(best_gain))) {
				best = b;
				best_gain = x->gain[b];
			}
		}
		exchange_move(x, w, best, 1, nl_w, nr_w);
		exchange_clear(x);
		moved += best != a;
	}
	return moved;
}

/* --- stage 2: Brown's merging of the classes ---------------------------- */

typedef struct {
	size_t k;
	double log_total;
	int64_t *n, *nt;   /* k x k class bigram counts and transpose */
	double *q, *qt;    /* k x k: q[a][b] = n log(n T / (nl[a] nr[b])) */
	double *loss;      /* k x k, used for a < b: information lost by merging */
	int64_t *nl, *nr;
	double *log_nl, *log_nr;
	uint32_t *active;  /* the active slots, ascending */
	size_t n_active;
	uint32_t *node;    /* tree node of each slot */
	uint32_t *parent;  /* 2k - 1 nodes: leaves 0..k-1, then merges */
	char *bit;
	/* per-merge scratch, indexed by slot */
	int64_t *sn[4];
	double *sq[3];
} merger;

static inline double qterm(int64_t n, double log_l, double log_r, double log_t)
{
	return n ? xlogx(n) + (double)n * (log_t - log_l - log_r) : 0.0;
}

static void merger_set_q(merger *m, uint32_t a, uint32_t b)
{
	size_t k = m->k;
	double v = qterm(m->n[a * k + b], m->log_nl[a], m->log_nr[b], m->log_total);

	m->q[a * k + b] = v;
	m->qt[b * k + a] = v;
}

/* Information lost if slots i and j (i < j) merged, from scratch: O(k). */
static double merger_pair_loss(const merger *m, uint32_t i, uint32_t j)
{
	size_t k = m->k;
	const int64_t *ni = m->n + i * k, *nj = m->n + j * k;
	const int64_t *nti = m->nt + i * k, *ntj = m->nt + j * k;
	const double *qi = m->q + i * k, *qj = m->q + j * k;
	const double *qti = m->qt + i * k, *qtj = m->qt + j * k;
	double lml = log((double)(m->nl[i] + m->nl[j]));
	double lmr = log((double)(m->nr[i] + m->nr[j]));
	double lt = m->log_total, s = 0;
	int64_t nmm;

	for (size_t x = 0; x < m->n_active; x++) {
		uint32_t c = m->active[x];

		if (c == i || c == j)
			continue;
		s += qi[c] + qj[c] + qti[c] + qtj[c];
		s -= qterm(ni[c] + nj[c], lml, m->log_nr[c], lt);
		s -= qterm(nti[c] + ntj[c], m->log_nl[c], lmr, lt);
	}
	nmm = ni[i] + ni[j] + nj[i] + nj[j];
	s += qi[i] + qi[j] + qj[i] + qj[j] - qterm(nmm, lml, lmr, lt);
	return s;
}

static void merger_init(merger *m, const exchange *x)
{
	size_t k = x->k;
	int64_t total = 0;

	memset(m, 0, sizeof *m);
	m->k = k;
	m->n = xcalloc(k * k, sizeof *m->n);
	m->nt = xcalloc(k * k, sizeof *m->nt);
	m->q = xcalloc(k * k, sizeof *m->q);
	m->qt = xcalloc(k * k, sizeof *m->qt);
	m->loss = xcalloc(k * k, sizeof *m->loss);
	m->nl = xcalloc(k, sizeof *m->nl);
	m->nr = xcalloc(k, sizeof *m->nr);
	m->log_nl = xcalloc(k, sizeof *m->log_nl);
	m->log_nr = xcalloc(k, sizeof *m->log_nr);
	m->active = xcalloc(k, sizeof *m->active);
	m->node = xcalloc(k, sizeof *m->node);
	m->parent = xcalloc(2 * k, sizeof *m->parent);
	m->bit = xcalloc(2 * k, 1);
	for (size_t i = 0; i < 4; i++)
		m->sn[i] = xcalloc(k, sizeof *m->sn[i]);
	for (size_t i = 0; i < 3; i++)
		m->sq[i] = xcalloc(k, sizeof *m->sq[i]);
	for (size_t i = 0; i < k * k; i++) {
		m->n[i] = x->n[i];
		m->nt[i] = x->nt[i];
		total += x->n[i];
	}
	m->log_total = log((double)total);
	for (uint32_t a = 0; a < k; a++) {
		m->nl[a] = x->nl[a];
		m->nr[a] = x->nr[a];
		m->log_nl[a] = m->nl[a] ? log((double)m->nl[a]) : 0;
		m->log_nr[a] = m->nr[a] ? log((double)m->nr[a]) : 0;
		m->active[a] = a;
		m->node[a] = a;
		m->parent[a] = UINT32_MAX;
	}
	m->n_active = k;
	for (uint32_t a = 0; a < k; a++)
		for (uint32_t b = 0; b < k; b++)
			merger_set_q(m, a, b);
	for (uint32_t a = 0; a < k; a++)
		for (uint32_t b = a + 1; b < k; b++)
			m->loss[a * k + b] = merger_pair_loss(m, a, b);
}

static void merger_fini(merger *m)
{
	free(m->n);
	free(m->nt);
	free(m->q);
	free(m->qt);
	free(m->loss);
	free(m->nl);
	free(m->nr);
	free(m->log_nl);
	free(m->log_nr);
	free(m->active);
	free(m->node);
	free(m->parent);
	free(m->bit);
	for (size_t i = 0; i < 4; i++)
		free(m->sn[i]);
	for (size_t i = 0; i < 3; i++)
		free(m->sq[i]);
	memset(m, 0, sizeof *m);
}

/* The active pair losing least, lowest indices first on ties. */
static void merger_best(const merger *m, uint32_t *s, uint32_t *t)
{
	double best = INFINITY;

	for (size_t x = 0; x < m->n_active; x++) {
		uint32_t i = m->active[x];
		const double *row = m->loss + (size_t)i * m->k;

		for (size_t y = x + 1; y < m->n_active; y++) {
			uint32_t j = m->active[y];

			if (row[j] < best) {
				best = row[j];
				*s = i;
				*t = j;
			}
		}
	}
}

/*
 * Before s and t merge, adjusts the loss of every other pair (i, j): of the
 * terms of loss(i, j), one per third cluster c, those for c = s and c = t go
 * and one for the merged cluster comes. Each term is
 *   g_c(i, j) = q(i,c) + q(j,c) + q(c,i) + q(c,j) - q(ij,c) - q(c,ij).
 */
static void merger_update_losses(merger *m, uint32_t s, uint32_t t)
{
	size_t k = m->k;
	double lt = m->log_total;
	double ls_l = m->log_nl[s], ls_r = m->log_nr[s];
	double lt_l = m->log_nl[t], lt_r = m->log_nr[t];
	double lu_l = log((double)(m->nl[s] + m->nl[t]));
	double lu_r = log((double)(m->nr[s] + m->nr[t]));
	/* per slot i: n and q with s, t and their union u, both directions */
	int64_t *n_is = m->sn[0], *n_si = m->sn[1], *n_it = m->sn[2];
	int64_t *n_ti = m->sn[3];
	double *q_iu = m->sq[0], *q_ui = m->sq[1];
	double *q_st = m->sq[2]; /* q(i,s) + q(s,i) + q(i,t) + q(t,i) */

	for (size_t x = 0; x < m->n_active; x++) {
		uint32_t i = m->active[x];
		int64_t a = m->n[i * k + s], b = m->n[s * k + i];
		int64_t c = m->n[i * k + t], d = m->n[t * k + i];

		n_is[i] = a;
		n_si[i] = b;
		n_it[i] = c;
		n_ti[i] = d;
		q_iu[i] = qterm(a + c, m->log_nl[i], lu_r, lt);
		q_ui[i] = qterm(b + d, lu_l, m->log_nr[i], lt);
		q_st[i] = m->q[i * k + s] + m->q[s * k + i] + m->q[i * k + t] +
		          m->q[t * k + i];
	}
	for (size_t x = 0; x < m->n_active; x++) {
		uint32_t i = m->active[x];
		double *row = m->loss + (size_t)i * k;

		if (i == s || i == t)
			continue;
		for (size_t y = x + 1; y < m->n_active; y++) {
			uint32_t j = m->active[y];
			double lml, lmr, d;

			if (j == s || j == t)
				continue;
			lml = log((double)(m->nl[i] + m->nl[j]));
			lmr = log((double)(m->nr[i] + m->nr[j]));
			/* - g_s - g_t + g_u */
			d = -q_st[i] - q_st[j] + q_iu[i] + q_iu[j] + q_ui[i] + q_ui[j];
			d += qterm(n_is[i] + n_is[j], lml, ls_r, lt);
			d += qterm(n_si[i] + n_si[j], ls_l, lmr, lt);
			d += qterm(n_it[i] + n_it[j], lml, lt_r, lt);
			d += qterm(n_ti[i] + n_ti[j], lt_l, lmr, lt);
			d -= qterm(n_is[i] + n_is[j] + n_it[i] + n_it[j], lml, lu_r, lt);
			d -= qterm(n_si[i] + n_si[j] + n_ti[i] + n_ti[j], lu_l, lmr, lt);
			row[j] += d;
		}
	}
}

/* Folds slot t into slot s and records the tree node. */
static void merger_join(merger *m, uint32_t s, uint32_t t, uint32_t new_node)
{
	size_t k = m->k, y = 0;

	for (size_t c = 0; c < k; c++) {
		m->n[s * k + c] += m->n[t * k + c]; /* row s += row t */
		m->nt[c * k + s] = m->n[s * k + c];
	}
	for (size_t c = 0; c < k; c++) {
		m->n[c * k + s] += m->n[c * k + t]; /* column s += column t */
		m->nt[s * k + c] = m->n[c * k + s];
	}
	m->nt[s * k + s] = m->n[s * k + s];
	m->parent[m->node[s]] = new_node;
	m->parent[m->node[t]] = new_node;
	/* 0 for the larger child, so frequent words tend to get 0s */
	m->bit[m->node[s]] = m->nl[s] >= m->nl[t] ? '0' : '1';
	m->bit[m->node[t]] = m->nl[s] >= m->nl[t] ? '1' : '0';
	m->node[s] = new_node;
	m->parent[new_node] = UINT32_MAX;
	m->nl[s] += m->nl[t];
	m->nr[s] += m->nr[t];
	m->log_nl[s] = log((double)m->nl[s]);
	m->log_nr[s] = log((double)m->nr[s]);
	for (size_t x = 0; x < m->n_active; x++)
		if (m->active[x] != t)
			m->active[y++] = m->active[x];
	m->n_active = y;
	for (size_t x = 0; x < m->n_active; x++) {
		merger_set_q(m, s, m->active[x]);
		merger_set_q(m, m->active[x], s);
	}
}

/* Merges down to one cluster; the tree is in m->parent and m->bit. */
static void merger_run(merger *m, int verbose)
{
	uint32_t new_node = (uint32_t)m->k;
	double t0 = now_sec();

	while (m->n_active > 1) {
		uint32_t s = 0, t = 0;

		merger_best(m, &s, &t);
		merger_update_losses(m, s, t);
		merger_join(m, s, t, new_node++);
		for (size_t x = 0; x < m->n_active; x++) {
			uint32_t c = m->active[x];

			if (c < s)
				m->loss[(size_t)c * m->k + s] = merger_pair_loss(m, c, s);
			else if (c > s)
				m->loss[(size_t)s * m->k + c] = merger_pair_loss(m, s, c);
		}
		if (verbose && m->n_active % 100 == 0)
			fprintf(stderr, "brown: merge: %zu clusters left (%.1f s)\n",
			        m->n_active, now_sec() - t0);
	}
}

/* Bit string of leaf (class) a: the path from the root. */
static char *merger_path(const merger *m, uint32_t a)
{
	size_t depth = 0, i;
	char *s;

	for (uint32_t v = a; m->parent[v] != UINT32_MAX; v = m->parent[v])
		depth++;
	s = xcalloc(depth + 1, 1);
	i = depth;
	for (uint32_t v = a; m->parent[v] != UINT32_MAX; v = m->parent[v])
		s[--i] = m->bit[v];
	return s;
}

/* --- output ------------------------------------------------------------- */

typedef struct {
	const char *path, *word;
	uint64_t count;
} out_line;

static int cmp_out_line(const void *a, const void *b)
{
	const out_line *x = a, *y = b;
	int r = strcmp(x->path, y->path);

	if (r)
		return r;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->word, y->word);
}

static int print_lines(FILE *f, const out_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fprintf(f, "%s\t%s\t%llu\n", lines[i].path, lines[i].word,
		            (unsigned long long)lines[i].count) < 0)
			return -1;
	return 0;
}

/* Writes path, word, count lines to out_path ("-" = stdout), a file through a
 * temporary one renamed at the end, so a failed run leaves the old file. */
static int write_clusters(const char *out_path, const corpus *c,
                          const exchange *x, char **paths)
{
	size_t n = 0;
	out_line *lines = xcalloc(c->n_items, sizeof *lines);
	size_t tmp_len = strlen(out_path) + 5;
	char *tmp = xcalloc(tmp_len, 1);
	FILE *f = NULL;
	int rc = -1;

	for (size_t i = ITEM_FIRST; i < c->n_items; i++) {
		lines[n].path = paths[x->cls[i]];
		lines[n].word = c->names[i];
		lines[n++].count = c->counts[i];
	}
	qsort(lines, n, sizeof *lines, cmp_out_line);
	if (strcmp(out_path, "-") == 0) {
		rc = print_lines(stdout, lines, n) || fflush(stdout) ? -1 : 0;
		goto cleanup;
	}
	snprintf(tmp, tmp_len, "%s.tmp", out_path);
	f = fopen(tmp, "w");
	if (!f)
		goto cleanup;
	if (print_lines(f, lines, n) != 0)
		goto cleanup;
	if (fclose(f) != 0) {
		f = NULL;
		goto cleanup;
	}
	f = NULL;
	if (rename(tmp, out_path) != 0)
		goto cleanup;
	rc = 0;
cleanup:
	if (f)
		fclose(f);
	if (rc && strcmp(out_path, "-") != 0)
		remove(tmp);
	free(tmp);
	free(lines);
	return rc;
}

/* --- main --------------------------------------------------------------- */

typedef struct {
	size_t classes;
	uint32_t min_count;
	size_t max_passes;
	double min_moved; /* stop when fewer than this fraction of words move */
	const char *out;
	int verbose;
} options;

static void usage(FILE *f)
{
	fputs("usage: brown [OPTIONS] CORPUS\n"
	      "\n"
	      "Clusters the words of CORPUS (one sentence per line, tokens separated\n"
	      "by spaces; - for standard input) and writes one line per word:\n"
	      "\"<bitstring>\\t<word>\\t<count>\", as Liang's wcluster does.\n"
	      "\n"
	      "  -c, --classes N     number of classes (leaves of the tree); default 1000\n"
	      "  -m, --min-count N   words seen fewer times are one <unk> token and are\n"
	      "                      not written; default 2\n"
	      "  -p, --passes N      at most N exchange passes; default 20\n"
	      "  -e, --min-moved F   stop earlier when fewer than F of the words move\n"
	      "                      in a pass; default 0.001\n"
	      "  -o, --output FILE   output file; default standard output\n"
	      "  -q, --quiet         no progress lines on stderr\n"
	      "  -h, --help          show this help\n",
	      f);
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > 1000000)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
	static const struct option longs[] = {
		{"classes", required_argument, NULL, 'c'},
		{"min-count", required_argument, NULL, 'm'},
		{"passes", required_argument, NULL, 'p'},
		{"min-moved", required_argument, NULL, 'e'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	size_t v;
	char *end;

	*o = (options){1000, 2, 20, 0.001, "-", 1};
	while ((ch = getopt_long(argc, argv, "c:m:p:e:o:qh", longs, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (parse_size(optarg, &o->classes) || o->classes < 2)
				return -1;
			break;
		case 'm':
			if (parse_size(optarg, &v))
				return -1;
			o->min_count = (uint32_t)v;
			break;
		case 'p':
			if (parse_size(optarg, &o->max_passes))
				return -1;
			break;
		case 'e':
			errno = 0;
			o->min_moved = strtod(optarg, &end);
			if (errno || end == optarg || *end || o->min_moved < 0)
				return -1;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'q':
			o->verbose = 0;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -1;
		}
	}
	return optind + 1 == argc ? optind : -1;
}

static void run_exchange(exchange *x, const adjacency *right,
                         const adjacency *left, const options *o, double total)
{
	double t0 = now_sec();

	for (size_t pass = 1; pass <= o->max_passes; pass++) {
		size_t moved = exchange_pass(x, right, left);
		double mi = (exchange_objective(x) + total * log(total)) / total / log(2);

		if (o->verbose)
			fprintf(stderr,
			        "brown: exchange pass %zu: %zu of %zu moved, "
			        "MI %.4f bits (%.1f s)\n",
			        pass, moved, x->n_items, mi, now_sec() - t0);
		if ((double)moved < o->min_moved * (double)x->n_items)
			break;
	}
}

int main(int argc, char **argv)
{
	options o;
	corpus c;
	adjacency right = {0}, left = {0};
	exchange x;
	merger m;
	char **paths = NULL;
	int arg = parse_options(argc, argv, &o), rc = 1;
	double t0 = now_sec();

	if (arg < 0) {
		usage(stderr);
		return 2;
	}
	if (corpus_load(&c, argv[arg], o.min_count) != 0) {
		fprintf(stderr, "brown: %s: %s\n", argv[arg], strerror(errno));
		return 3;
	}
	if (c.n_items <= ITEM_FIRST) {
		fprintf(stderr, "brown: %s: no word seen %u times\n", argv[arg],
		        o.min_count);
		corpus_fini(&c);
		return 1;
	}
	if (o.classes > c.n_items)
		o.classes = c.n_items;
	if (o.verbose)
		fprintf(stderr,
		        "brown: %zu sentences, %zu tokens, %zu types, %zu with count "
		        ">= %u; %zu classes\n",
		        c.n_sentences, c.n_tokens, c.n_types, c.n_items - ITEM_FIRST,
		        o.min_count, o.classes);
	adjacency_build(&right, &c, 1);
	adjacency_build(&left, &c, 0);
	xlogx_init(c.n_seq);
	exchange_init(&x, &c, &right, o.classes);
	run_exchange(&x, &right, &left, &o, (double)(c.n_seq - 1));
	merger_init(&m, &x);
	merger_run(&m, o.verbose);
	paths = xcalloc(o.classes, sizeof *paths);
	for (uint32_t a = 0; a < o.classes; a++)
		paths[a] = merger_path(&m, a);
	if (write_clusters(o.out, &c, &x, paths) != 0) {
		fprintf(stderr, "brown: %s: %s\n", o.out, strerror(errno));
		rc = 3;
		goto cleanup;
	}
	if (o.verbose)
		fprintf(stderr, "brown: wrote %zu words in %zu classes to %s (%.1f s)\n",
		        c.n_items - ITEM_FIRST, o.classes, o.out, now_sec() - t0);
	rc = 0;
cleanup:
	for (size_t a = 0; paths && a < o.classes; a++)
		free(paths[a]);
	free(paths);
	merger_fini(&m);
	exchange_fini(&x);
	adjacency_fini(&right);
	adjacency_fini(&left);
	free(xlogx_table);
	corpus_fini(&c);
	return rc;
}
