/* SPDX-License-Identifier: MIT */
/*
 * The event lexicon: triggers (verb and noun lemmas) with the words that
 * must follow them and a CAMEO code, irregular forms, and the CAMEO table
 * with PLOVER types.
 *
 * Format (data/verbs-en.txt; README.md, "Events"):
 *   # comment
 *   CODE : pattern | pattern      verb triggers ("190 : attack | open fire")
 *   CODE n : pattern | pattern    noun triggers ("195 n : airstrike")
 *   @ lemma : form | form         irregular forms ("@ fight : fought")
 * A pattern's first word is the trigger's lemma; the others must follow it
 * in the same clause, in order, gaps allowed.
 *
 * A hash table maps a trigger (with its kind) to a chain of patterns, and
 * an irregular form to its lemma.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

#include "verbs_data.h" /* generated from data/verbs-en.txt and data/cameo-en.tsv (Makefile) */

typedef struct cameo_row {
	char code[8];
	const char *name;
	const char *plover;
} cameo_row;

struct qasid_verbs {
	arena mem;
	VEC(evt_pattern) pats;
	VEC(const char *) words;
	int32_t *heads; /* chains of patterns by trigger and kind */
	size_t n_heads;
	struct irr {
		const char *form, *lemma;
		int32_t next;
	} *irr;
	size_t n_irr, cap_irr;
	int32_t *irr_heads; /* n_heads of them */
	VEC(cameo_row) cameo;
	VEC(const char *) srcs;
};

static uint32_t hash_word(const char *s, unsigned salt)
{
	uint32_t h = 2166136261u ^ salt;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int cmp_cameo(const void *a, const void *b)
{
	return strcmp(((const cameo_row *)a)->code, ((const cameo_row *)b)->code);
}

static const cameo_row *cameo_find(const qasid_verbs *v, const char *code)
{
	cameo_row key;

	if (!code || strlen(code) >= sizeof key.code || !v->cameo.n)
		return NULL;
	strcpy(key.code, code);
	return bsearch(&key, v->cameo.v, v->cameo.n, sizeof key, cmp_cameo);
}

/* Reads the built-in CAMEO table (tab-separated, '#' comments). */
static int load_cameo(qasid_verbs *v, qasid_err *err)
{
	char *text = ar_strndup(&v->mem, (const char *)evt_cameo_tsv, strlen((const char *)evt_cameo_tsv));
	char *line, *next;

	if (!text)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	for (line = text; line && *line; line = next) {
		char *f[8];
		int nf = 0;
		cameo_row r;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '#' || !*line)
			continue;
		f[nf++] = line;
		for (char *p = line; *p && nf < 8; p++)
			if (*p == '\t') {
				*p = '\0';
				f[nf++] = p + 1;
			}
		if (nf < 7 || strlen(f[0]) >= sizeof r.code)
			continue;
		strcpy(r.code, f[0]);
		r.name = f[2];
		r.plover = *f[5] ? f[5] : NULL;
		if (VEC_PUSH(&v->cameo, r))
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
	}
	qsort(v->cameo.v, v->cameo.n, sizeof *v->cameo.v, cmp_cameo);
	return QASID_OK;
}

const char *qasid_cameo_name(const qasid_verbs *v, const char *code)
{
	const cameo_row *r = v ? cameo_find(v, code) : NULL;

	return r ? r->name : NULL;
}

const char *qasid_cameo_plover(const qasid_verbs *v, const char *code)
{
	char c[8];
	size_t n;
	const cameo_row *r;

	if (!v || !code || (n = strlen(code)) < 2 || n > 4)
		return NULL;
	memcpy(c, code, n + 1);
	/* The code itself, then its base code (0874 -> 087), then the root's (080). */
	if ((r = cameo_find(v, c)) && r->plover)
		return r->plover;
	if (n == 4) {
		c[3] = '\0';
		if ((r = cameo_find(v, c)) && r->plover)
			return r->plover;
	}
	c[2] = '0';
	c[3] = '\0';
	r = cameo_find(v, c);
	return r ? r->plover : NULL;
}

static int grow_heads(qasid_verbs *v)
{
	size_t n = 4096, i;

	v->heads = qs_malloc(n * sizeof *v->heads);
	v->irr_heads = qs_malloc(n * sizeof *v->irr_heads);
	if (!v->heads || !v->irr_heads)
		return QASID_ENOMEM;
	for (i = 0; i < n; i++)
		v->heads[i] = v->irr_heads[i] = -1;
	v->n_heads = n;
	return QASID_OK;
}

int qasid_verbs_new(qasid_verbs **out, int builtin, qasid_err *err)
{
	qasid_verbs *v = qs_malloc(sizeof *v);
	int rc;

	*out = NULL;
	if (!v)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(v, 0, sizeof *v);
	ar_init(&v->mem);
	if (grow_heads(v)) {
		qasid_verbs_free(v);
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	}
	if ((rc = load_cameo(v, err)) ||
	    (builtin && (rc = qasid_verbs_add_text(v, "builtin:verbs-en.txt",
	                                           (const char *)evt_verbs_en,
	                                           strlen((const char *)evt_verbs_en), err)))) {
		qasid_verbs_free(v);
		return rc;
	}
	*out = v;
	return QASID_OK;
}

void qasid_verbs_free(qasid_verbs *v)
{
	if (!v)
		return;
	VEC_FREE(&v->pats);
	VEC_FREE(&v->words);
	VEC_FREE(&v->cameo);
	VEC_FREE(&v->srcs);
	qs_free(v->heads);
	qs_free(v->irr_heads);
	qs_free(v->irr);
	ar_fini(&v->mem);
	qs_free(v);
}

size_t qasid_verbs_size(const qasid_verbs *v)
{
	return v ? v->pats.n : 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Splits the words of a pattern (lower-cased) into v->words; returns the count or -1. */
static int add_words(qasid_verbs *v, char *pat, uint32_t *first)
{
	int n = 0;
	char *w, *save = NULL;

	*first = (uint32_t)v->words.n;
	for (w = strtok_r(pat, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *copy;

		for (char *p = w; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strlen(w) >= EVT_LEMMA_MAX || !(copy = ar_strndup(&v->mem, w, strlen(w))) ||
		    VEC_PUSH(&v->words, copy))
			return -1;
		n++;
	}
	return n;
}

static int add_irregular(qasid_verbs *v, const char *lemma, const char *form)
{
	uint32_t h = hash_word(form, 0) & (uint32_t)(v->n_heads - 1);

	if (v->n_irr == v->cap_irr) {
		size_t cap = v->cap_irr ? 2 * v->cap_irr : 256;
		void *p = qs_realloc(v->irr, cap * sizeof *v->irr);

		if (!p)
			return QASID_ENOMEM;
		v->irr = p;
		v->cap_irr = cap;
	}
	v->irr[v->n_irr].form = form;
	v->irr[v->n_irr].lemma = lemma;
	v->irr[v->n_irr].next = v->irr_heads[h];
	v->irr_heads[h] = (int32_t)v->n_irr++;
	return QASID_OK;
}

/* One line "CODE [n] : patterns" or "@ lemma : forms"; 0, or -1 with why set. */
static int add_line(qasid_verbs *v, char *line, uint32_t src, uint32_t lineno, const char **why)
{
	char *colon = strchr(line, ':'), *head, *rest, *item, *save = NULL;
	int noun = 0;
	char code[8] = "";

	if (!colon) {
		*why = "no ':' between the code and the patterns";
		return -1;
	}
	*colon = '\0';
	head = trim(line);
	rest = colon + 1;
	if (head[0] == '@') {
		const char *lemma;
		char *l = trim(head + 1);

		for (char *p = l; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!*l || strchr(l, ' ') || !(lemma = ar_strndup(&v->mem, l, strlen(l)))) {
			*why = "'@' wants one lemma before ':'";
			return -1;
		}
		for (item = strtok_r(rest, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
			char *f = trim(item), *copy;

			for (char *p = f; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			if (!*f)
				continue;
			if (strchr(f, ' ') || strlen(f) >= EVT_LEMMA_MAX) {
				*why = "an irregular form is one word";
				return -1;
			}
			if (!(copy = ar_strndup(&v->mem, f, strlen(f))) || add_irregular(v, lemma, copy)) {
				*why = "out of memory";
				return -1;
			}
		}
		return 0;
	}
	{
		size_t n = strcspn(head, " \t");

		if (n < 2 || n > 4) {
			*why = "a CAMEO code has 2 to 4 digits";
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)head[i])) {
				*why = "a CAMEO code has 2 to 4 digits";
				return -1;
			}
		memcpy(code, head, n);
		code[n] = '\0';
		head = trim(head + n);
		if (!strcmp(head, "n"))
			noun = 1;
		else if (*head) {
			*why = "after the code, only 'n' (noun triggers) may come before ':'";
			return -1;
		}
	}
	for (item = strtok_r(rest, "|", &save); item; item = strtok_r(NULL, "|", &save)) {
		evt_pattern p;
		char *pat = trim(item);
		int nw;
		uint32_t h;

		if (!*pat)
			continue;
		memset(&p, 0, sizeof p);
		if ((nw = add_words(v, pat, &p.word0)) <= 0) {
			*why = nw < 0 ? "a word is too long (or out of memory)" : "empty pattern";
			return -1;
		}
		memcpy(p.code, code, sizeof p.code);
		p.n_words = (uint32_t)nw;
		p.noun = (uint8_t)noun;
		p.src = src;
		p.line = lineno;
		h = hash_word(v->words.v[p.word0], (unsigned)noun) & (uint32_t)(v->n_heads - 1);
		p.next = v->heads[h];
		if (VEC_PUSH(&v->pats, p)) {
			*why = "out of memory";
			return -1;
		}
		v->heads[h] = (int32_t)v->pats.n - 1;
	}
	return 0;
}

int qasid_verbs_add_text(qasid_verbs *v, const char *name, const char *text, size_t len,
                         qasid_err *err)
{
	char *copy = ar_strndup(&v->mem, text, len), *line, *next, *nm;
	uint32_t lineno = 0, src;

	if (!copy || !(nm = ar_strndup(&v->mem, name, strlen(name))) || VEC_PUSH(&v->srcs, nm))
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	src = (uint32_t)v->srcs.n - 1;
	for (line = copy; line && line < copy + len; line = next) {
		const char *why = NULL;
		char *s;

		lineno++;
		next = memchr(line, '\n', (size_t)(copy + len - line));
		if (next)
			*next++ = '\0';
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (add_line(v, s, src, lineno, &why))
			return err_set(err, strcmp(why, "out of memory") ? QASID_EFORMAT : QASID_ENOMEM,
			               lineno, "%s:%u: %s", name, lineno, why);
	}
	return QASID_OK;
}

int qasid_verbs_add_file(qasid_verbs *v, const char *path, qasid_err *err)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (!f)
		return err_set(err, QASID_EIO, 0, "%s: cannot open", path);
	for (;;) {
		if (len + 65536 > cap) {
			char *p = qs_realloc(data, cap = 2 * cap + 65536);

			if (!p) {
				fclose(f);
				qs_free(data);
				return err_set(err, QASID_ENOMEM, 0, "out of memory");
			}
			data = p;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	rc = ferror(f) ? err_set(err, QASID_EIO, 0, "%s: read error", path) : QASID_OK;
	fclose(f);
	if (!rc && memchr(data, '\0', len))
		rc = err_set(err, QASID_EFORMAT, 0, "%s: a NUL byte: not a lexicon", path);
	if (!rc)
		rc = qasid_verbs_add_text(v, path, data, len, err);
	qs_free(data);
	return rc;
}

int32_t evt_verbs_first(const qasid_verbs *v, const char *lemma, int noun)
{
	uint32_t h = hash_word(lemma, (unsigned)noun) & (uint32_t)(v->n_heads - 1);
	int32_t i;

	for (i = v->heads[h]; i >= 0; i = v->pats.v[i].next)
		if (v->pats.v[i].noun == noun && !strcmp(v->words.v[v->pats.v[i].word0], lemma))
			return i;
	return -1;
}

int32_t evt_verbs_next(const qasid_verbs *v, int32_t i)
{
	const evt_pattern *p = &v->pats.v[i];
	const char *w = v->words.v[p->word0];

	for (i = p->next; i >= 0; i = v->pats.v[i].next)
		if (v->pats.v[i].noun == p->noun && !strcmp(v->words.v[v->pats.v[i].word0], w))
			return i;
	return -1;
}

const evt_pattern *evt_verbs_pattern(const qasid_verbs *v, int32_t i)
{
	return &v->pats.v[i];
}

const char *evt_verbs_word(const qasid_verbs *v, const evt_pattern *p, uint32_t k)
{
	return v->words.v[p->word0 + k];
}

const char *evt_verbs_irregular(const qasid_verbs *v, const char *form)
{
	uint32_t h = hash_word(form, 0) & (uint32_t)(v->n_heads - 1);
	int32_t i;

	for (i = v->irr_heads[h]; i >= 0; i = v->irr[i].next)
		if (!strcmp(v->irr[i].form, form))
			return v->irr[i].lemma;
	return NULL;
}

const char *evt_verbs_origin(const qasid_verbs *v, const evt_pattern *p)
{
	return p->src < v->srcs.n ? v->srcs.v[p->src] : "";
}

/* Adds base to cands unless full or there already. */
static void cand_add(char cands[][EVT_LEMMA_MAX], int *n, const char *s, size_t len,
                     const char *suffix)
{
	size_t sl = strlen(suffix);

	if (*n >= EVT_MAX_CANDS || len == 0 || len + sl >= EVT_LEMMA_MAX)
		return;
	memcpy(cands[*n], s, len);
	memcpy(cands[*n] + len, suffix, sl + 1);
	for (int i = 0; i < *n; i++)
		if (!strcmp(cands[i], cands[*n]))
			return;
	(*n)++;
}

static int ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n > k + 1 && !memcmp(s + n - k, suf, k);
}

int evt_lemma_candidates(const qasid_verbs *v, const char *low, char cands[][EVT_LEMMA_MAX])
{
	size_t n = strlen(low);
	int k = 0;
	const char *irr;

	if (n == 0 || n >= EVT_LEMMA_MAX)
		return 0;
	cand_add(cands, &k, low, n, "");
	if ((irr = evt_verbs_irregular(v, low)))
		cand_add(cands, &k, irr, strlen(irr), "");
	if (ends(low, n, "ies") || ends(low, n, "ied"))
		cand_add(cands, &k, low, n - 3, "y");
	if (ends(low, n, "es"))
		cand_add(cands, &k, low, n - 2, "");
	if (ends(low, n, "s") && !ends(low, n, "ss"))
		cand_add(cands, &k, low, n - 1, "");
	if (ends(low, n, "ed")) {
		cand_add(cands, &k, low, n - 2, "");
		cand_add(cands, &k, low, n - 1, ""); /* used -> use */
		if (n > 4 && low[n - 3] == low[n - 4])
			cand_add(cands, &k, low, n - 3, ""); /* stopped -> stop */
	}
	if (ends(low, n, "ing")) {
		cand_add(cands, &k, low, n - 3, "");
		cand_add(cands, &k, low, n - 3, "e");
		if (n > 5 && low[n - 4] == low[n - 5])
			cand_add(cands, &k, low, n - 4, "");
	}
	return k;
}

int32_t evt_verbs_lookup(const qasid_verbs *v, const char *low, int noun, char lemma[EVT_LEMMA_MAX])
{
	char c[EVT_MAX_CANDS][EVT_LEMMA_MAX];
	int n = evt_lemma_candidates(v, low, c), i;

	for (i = 0; i < n; i++) {
		int32_t p = evt_verbs_first(v, c[i], noun);

		if (p >= 0) {
			memcpy(lemma, c[i], EVT_LEMMA_MAX);
			return p;
		}
	}
	return -1;
}

int evt_word_is(const qasid_verbs *v, const char *low, const char *lemma)
{
	char c[EVT_MAX_CANDS][EVT_LEMMA_MAX];
	int n = evt_lemma_candidates(v, low, c), i;

	for (i = 0; i < n; i++)
		if (!strcmp(c[i], lemma))
			return 1;
	return 0;
}
