/* SPDX-License-Identifier: MIT */
/* Word attributes and lexicons for the taggers: see features.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../core/utf8.h"
#include "features.h"

uint64_t tg_hash(const void *s, size_t n)
{
	const unsigned char *p = s;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return pc_mix(h ^ n);
}

size_t tg_lower(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;

	while (i < n && o + 4 < cap) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		int k;

		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k == 0) {
			out[o++] = (char)c;
			i++;
			continue;
		}
		o += (size_t)utf8_encode(utf8proc_tolower(cp), out + o);
		i += (size_t)k;
	}
	return o;
}

void tg_word_init(tg_word *w, const char *s, size_t n)
{
	char low[TG_MAX_WORD + 8], shape[16], sshape[16];
	size_t bounds[TG_AFFIX + 2]; /* end offsets in low of the first code points */
	size_t tail[TG_AFFIX + 1];   /* start offsets in low of the last code points (a ring) */
	size_t i = 0, o = 0, ns = 0, nss = 0, ncp = 0, k;
	uint32_t flags = 0;
	int has_alnum = 0, all_digit = 1, all_upper_letters = 1, has_letter = 0;

	if (n > TG_MAX_WORD)
		n = TG_MAX_WORD;
	w->form = tg_hash(s, n);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp = c;
		int len = 1;
		char cls;

		if (c >= 0x80) {
			len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
			if (len == 0) {
				len = 1;
				cp = 0xFFFD;
			}
			flags |= TG_NONASCII;
		}
		if (o + 8 > sizeof low)
			break;
		tail[ncp % (TG_AFFIX + 1)] = o;
		if (cp < 0x80) {
			if (c >= 'A' && c <= 'Z') {
				cls = 'X';
				low[o++] = (char)(c + 32);
			} else {
				cls = c >= 'a' && c <= 'z' ? 'x' : c >= '0' && c <= '9' ? 'd' : (char)c;
				low[o++] = (char)c;
			}
		} else {
			utf8proc_category_t cat = utf8proc_category(cp);

			if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT)
				cls = 'X';
			else if (cat >= UTF8PROC_CATEGORY_LL && cat <= UTF8PROC_CATEGORY_LO)
				cls = 'x';
			else if (cat == UTF8PROC_CATEGORY_ND)
				cls = 'd';
			else
				cls = 'o';
			o += (size_t)utf8_encode(utf8proc_tolower(cp), low + o);
		}
		if (ncp < TG_AFFIX)
			bounds[ncp] = o;
		ncp++;
		if (cls == 'X') {
			flags |= TG_HASUPPER | (ncp == 1 ? TG_CAP1 : 0);
			has_letter = has_alnum = 1;
			all_digit = 0;
		} else if (cls == 'x') {
			flags |= TG_HASLOWER;
			has_letter = has_alnum = 1;
			all_digit = all_upper_letters = 0;
		} else if (cls == 'd') {
			flags |= TG_HASDIGIT;
			has_alnum = 1;
		} else {
			all_digit = 0;
			if (cls == '-')
				flags |= TG_HYPHEN;
			else if (cls == '.')
				flags |= TG_PERIOD;
		}
		if (ns < 12)
			shape[ns++] = cls;
		if (nss == 0 || sshape[nss - 1] != cls) {
			if (nss < 12)
				sshape[nss++] = cls;
		}
		i += (size_t)len;
	}
	if (has_letter && all_upper_letters)
		flags |= TG_ALLCAP;
	if (has_alnum && all_digit)
		flags |= TG_ALLDIGIT;
	if (!has_alnum)
		flags |= TG_NOALNUM;
	w->flags = flags;
	w->n_cp = (uint32_t)ncp;
	w->lower = tg_hash(low, o);
	w->shape = tg_hash(shape, ns);
	w->sshape = tg_hash(sshape, nss);
	for (k = 0; k < TG_AFFIX; k++) {
		if (k < ncp) {
			size_t start = tail[(ncp - 1 - k) % (TG_AFFIX + 1)];

			w->pre[k] = pc_f1(0x100 + k, tg_hash(low, bounds[k]));
			w->suf[k] = pc_f1(0x200 + k, tg_hash(low + start, o - start));
		} else {
			w->pre[k] = pc_f1(0x100 + k, w->lower);
			w->suf[k] = pc_f1(0x200 + k, w->lower);
		}
	}
}

/* Lexicons. */

void tg_lex_fini(tg_lex *x)
{
	qs_free(x->keys);
	qs_free(x->vals);
	memset(x, 0, sizeof *x);
}

static int lex_grow(tg_lex *x)
{
	size_t ncap = x->cap ? x->cap * 2 : 1024, i;
	uint64_t *k = qs_malloc(ncap * sizeof *k);
	uint32_t *v = qs_malloc(ncap * sizeof *v);

	if (!k || !v) {
		qs_free(k);
		qs_free(v);
		return QASID_ENOMEM;
	}
	memset(k, 0, ncap * sizeof *k);
	for (i = 0; i < x->cap; i++)
		if (x->keys[i]) {
			size_t s = (size_t)x->keys[i] & (ncap - 1);

			while (k[s])
				s = (s + 1) & (ncap - 1);
			k[s] = x->keys[i];
			v[s] = x->vals[i];
		}
	qs_free(x->keys);
	qs_free(x->vals);
	x->keys = k;
	x->vals = v;
	x->cap = ncap;
	return QASID_OK;
}

int tg_lex_put(tg_lex *x, uint64_t key, uint32_t val, int or_values)
{
	size_t s;

	if (!key)
		key = 1;
	if ((x->n + 1) * 2 > x->cap && lex_grow(x))
		return QASID_ENOMEM;
	s = (size_t)key & (x->cap - 1);
	while (x->keys[s] && x->keys[s] != key)
		s = (s + 1) & (x->cap - 1);
	if (!x->keys[s]) {
		x->keys[s] = key;
		x->vals[s] = 0;
		x->n++;
	}
	x->vals[s] = or_values ? x->vals[s] | val : val;
	return QASID_OK;
}

uint32_t tg_lex_get(const tg_lex *x, uint64_t key)
{
	size_t s;

	if (!x->cap)
		return 0;
	s = (size_t)key & (x->cap - 1);
	while (x->keys[s]) {
		if (x->keys[s] == key)
			return x->vals[s];
		s = (s + 1) & (x->cap - 1);
	}
	return 0;
}

/* Table slots for a loaded lexicon of n keys: a power of two, at most 80% full. */
static size_t lex_cap(size_t n)
{
	size_t cap = 16;

	while (cap * 4 < n * 5 + 4)
		cap *= 2;
	return cap;
}

typedef struct kv {
	uint64_t k, home;
	uint32_t v;
} kv;

static int kv_cmp(const void *a, const void *b)
{
	const kv *x = a, *y = b;

	if (x->home != y->home)
		return x->home < y->home ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* Keys go out in home-slot order, so that loading fills the table in one walk. */
void tg_lex_write(const tg_lex *x, mdl_w *w, const char id[4])
{
	kv *v = qs_malloc((x->n + 1) * sizeof *v);
	size_t i, n = 0, mask = lex_cap(x->n) - 1;

	if (!v) {
		w->rc = QASID_ENOMEM;
		return;
	}
	for (i = 0; i < x->cap; i++)
		if (x->keys[i]) {
			v[n].k = x->keys[i];
			v[n].home = x->keys[i] & mask;
			v[n++].v = x->vals[i];
		}
	qsort(v, n, sizeof *v, kv_cmp);
	mdl_w_begin(w, id);
	mdl_w_u32(w, (uint32_t)n);
	mdl_w_u32(w, x->max_len);
	for (i = 0; i < n; i++)
		mdl_w_u64(w, v[i].k);
	for (i = 0; i < n; i++)
		mdl_w_u32(w, v[i].v);
	mdl_w_end(w);
	qs_free(v);
}

int tg_lex_read(tg_lex *x, const mdl_file *f, const char id[4], qasid_err *err)
{
	const unsigned char *p, *keys, *vals;
	size_t size, i, cap;
	uint32_t n;
	mdl_rd r;
	int rc;

	memset(x, 0, sizeof *x);
	if ((rc = mdl_chunk(f, id, &p, &size, err)))
		return rc;
	mdl_rd_init(&r, p, size);
	n = mdl_u32(&r);
	x->max_len = mdl_u32(&r);
	if (r.bad || (size_t)(r.end - r.p) != (size_t)n * 12 || x->max_len > TG_MAX_PHRASE)
		return err_set(err, QASID_EMODEL, 0, "%s: corrupt model file: bad lexicon %.4s",
		               f->path, id);
	keys = mdl_bytes(&r, (size_t)n * 8);
	vals = mdl_bytes(&r, (size_t)n * 4);
	cap = lex_cap(n);
	x->keys = qs_malloc(cap * sizeof *x->keys);
	x->vals = qs_malloc(cap * sizeof *x->vals);
	if (!x->keys || !x->vals) {
		tg_lex_fini(x);
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", f->path);
	}
	memset(x->keys, 0, cap * sizeof *x->keys);
	x->cap = cap;
	for (i = 0; i < n; i++) {
		const unsigned char *q = keys + 8 * i, *v = vals + 4 * i;
		uint64_t k = (uint64_t)(q[0] | q[1] << 8 | q[2] << 16 | (uint32_t)q[3] << 24) |
		             (uint64_t)(q[4] | q[5] << 8 | q[6] << 16 | (uint32_t)q[7] << 24) << 32;
		size_t s = (size_t)k & (cap - 1);

		while (x->keys[s] && x->keys[s] != k)
			s = (s + 1) & (cap - 1);
		if (!k || x->keys[s]) {
			tg_lex_fini(x);
			return err_set(err, QASID_EMODEL, 0, "%s: corrupt model file: %s in lexicon %.4s",
			               f->path, k ? "a repeated key" : "a bad key", id);
		}
		x->keys[s] = k;
		x->vals[s] = (uint32_t)(v[0] | v[1] << 8 | v[2] << 16 | (uint32_t)v[3] << 24);
	}
	x->n = n;
	return QASID_OK;
}

/* Reads lines of path, calling fn on each (without its newline). */
static int each_line(const char *path, int (*fn)(void *ud, char *line, size_t len, long lineno),
                     void *ud, qasid_err *err)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = QASID_OK;

	if (!f)
		return err_set(err, QASID_EIO, 0, "%s: cannot open: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((rc = fn(ud, line, (size_t)n, lineno))) {
			if (rc == QASID_EFORMAT)
				err_set(err, rc, lineno, "%s: line %ld: malformed line", path, lineno);
			else
				err_set(err, rc, lineno, "%s: %s", path, qasid_strerror(rc));
			break;
		}
	}
	if (!rc && ferror(f))
		rc = err_set(err, QASID_EIO, 0, "%s: cannot read: %s", path, strerror(errno));
	free(line);
	fclose(f);
	return rc;
}

static int cluster_line(void *ud, char *line, size_t len, long lineno)
{
	tg_lex *x = ud;
	char *tab = memchr(line, '\t', len), *word, *end;
	uint32_t bits = 0, n = 0;
	size_t i;

	(void)lineno;
	if (len == 0)
		return QASID_OK;
	if (!tab)
		return QASID_EFORMAT;
	for (i = 0; line + i < tab; i++) {
		if (line[i] != '0' && line[i] != '1')
			return QASID_EFORMAT;
		if (n < 27) {
			bits = bits << 1 | (uint32_t)(line[i] - '0');
			n++;
		}
	}
	if (n < 27)
		bits <<= 27 - n;
	word = tab + 1;
	end = memchr(word, '\t', len - (size_t)(word - line));
	if (!end)
		end = line + len;
	if (end == word)
		return QASID_EFORMAT;
	return tg_lex_put(x, tg_hash(word, (size_t)(end - word)), n << 27 | bits, 0);
}

int tg_clusters_load(tg_lex *x, const char *path, qasid_err *err)
{
	int rc = each_line(path, cluster_line, x, err);

	if (rc)
		tg_lex_fini(x);
	return rc;
}

typedef struct gaz_ctx {
	tg_lex *x;
	char **names;
	uint32_t *n_names;
} gaz_ctx;

static int gaz_line(void *ud, char *line, size_t len, long lineno)
{
	gaz_ctx *g = ud;
	char *tab = memchr(line, '\t', len), *p, *end = line + len;
	uint32_t cat, nw = 0;
	uint64_t h = TG_PHRASE_START;
	char low[TG_MAX_WORD + 8];

	(void)lineno;
	if (len == 0 || line[0] == '#')
		return QASID_OK;
	if (!tab || tab == line)
		return QASID_EFORMAT;
	*tab = '\0';
	for (cat = 0; cat < *g->n_names; cat++)
		if (!strcmp(g->names[cat], line))
			break;
	if (cat == *g->n_names) {
		if (cat == TG_MAX_GAZ)
			return QASID_EFORMAT;
		g->names[cat] = qs_malloc(strlen(line) + 1);
		if (!g->names[cat])
			return QASID_ENOMEM;
		strcpy(g->names[cat], line);
		(*g->n_names)++;
	}
	for (p = tab + 1; p < end;) {
		char *sp = memchr(p, ' ', (size_t)(end - p));
		size_t n;

		if (!sp)
			sp = end;
		if (sp > p) {
			n = tg_lower(p, (size_t)(sp - p), low, sizeof low);
			h = tg_phrase_add(h, tg_hash(low, n));
			nw++;
		}
		p = sp + 1;
	}
	if (nw == 0)
		return QASID_EFORMAT;
	if (nw > TG_MAX_PHRASE)
		return QASID_OK; /* too long to matter */
	if (nw > g->x->max_len)
		g->x->max_len = nw;
	return tg_lex_put(g->x, h, 1u << cat, 1);
}

int tg_gaz_load(tg_lex *x, const char *path, char *names[TG_MAX_GAZ], uint32_t *n_names,
                qasid_err *err)
{
	gaz_ctx g = {x, names, n_names};
	int rc = each_line(path, gaz_line, &g, err);

	if (rc) {
		uint32_t i;

		tg_lex_fini(x);
		for (i = 0; i < *n_names; i++)
			qs_free(names[i]);
		*n_names = 0;
	}
	return rc;
}
