/* SPDX-License-Identifier: MIT */
/*
 * Places: a gazetteer of countries and first-level regions built in
 * (data/places-en.txt, from ISO 3166 via iso-codes) and cities read from a
 * GeoNames table, looked up by the longest name at a token.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

#include "places_data.h" /* generated from data/places-en.txt (see Makefile) */

typedef struct g_place {
	qasid_place_kind kind;
	const char *name;
	char c3[4], c2[3];
	const char *admin1, *admin1_name;
	double lat, lon;
	long population;
} g_place;

typedef struct g_name {
	uint32_t word0, n_words;
	uint32_t place;
	int32_t next;
} g_name;

typedef struct g_admin {
	const char *code, *name;
} g_admin;

struct qasid_gazetteer {
	arena mem;
	VEC(g_place) places;
	VEC(g_name) names;
	VEC(const char *) words; /* lower case */
	VEC(g_admin) admins;     /* GeoNames admin1 codes, sorted once read */
	int32_t *heads;
	size_t n_heads;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int reindex(qasid_gazetteer *g)
{
	size_t cap = 64, i;
	int32_t *h;

	while (cap < g->names.n * 2)
		cap *= 2;
	if (!(h = qs_malloc(cap * sizeof *h)))
		return QASID_ENOMEM;
	for (i = 0; i < cap; i++)
		h[i] = -1;
	for (i = 0; i < g->names.n; i++) {
		uint32_t k = hash_str(g->words.v[g->names.v[i].word0]) & (uint32_t)(cap - 1);

		g->names.v[i].next = h[k];
		h[k] = (int32_t)i;
	}
	qs_free(g->heads);
	g->heads = h;
	g->n_heads = cap;
	return QASID_OK;
}

/* Adds name (len bytes) for place p: split into words as the tokenizer does. */
static int add_name(qasid_gazetteer *g, const char *s, size_t len, uint32_t p)
{
	g_name nm;
	size_t i = 0, first = g->words.n;
	int rc;

	while (i < len) {
		size_t j = i, k;
		char *w;

		if (s[i] == ' ') {
			i++;
			continue;
		}
		if (evt_oneof(s[i], "-(),/"))
			j = i + 1;
		else
			while (j < len && !evt_oneof(s[j], " -(),/"))
				j++;
		if (!(w = ar_strndup(&g->mem, s + i, j - i)))
			return QASID_ENOMEM;
		for (k = 0; w[k]; k++)
			w[k] = (char)tolower((unsigned char)w[k]);
		if ((rc = VEC_PUSH(&g->words, (const char *)w)))
			return rc;
		i = j;
	}
	if (g->words.n == first)
		return QASID_OK;
	nm.word0 = (uint32_t)first;
	nm.n_words = (uint32_t)(g->words.n - first);
	nm.place = p;
	nm.next = -1;
	return VEC_PUSH(&g->names, nm);
}

static char *field(qasid_gazetteer *g, const char *s, size_t n)
{
	return ar_strndup(&g->mem, s, n);
}

/* Splits a line at tabs into at most max fields; returns the count. */
static size_t split_tabs(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
	size_t k = 0;
	const char *end = s + n;

	while (k < max) {
		const char *tab = memchr(s, '\t', (size_t)(end - s));

		f[k] = s;
		fl[k] = (size_t)((tab ? tab : end) - s);
		k++;
		if (!tab)
			break;
		s = tab + 1;
	}
	return k;
}

/* Region names too common as words to stand for the region alone ("South" in Cameroon). */
static const char *const generic[] = {"north", "south", "east", "west", "central", "centre",
                                      "center", "northern", "southern", "eastern", "western",
                                      "capital", "coast", "littoral", "north-east", "north-west",
                                      "south-east", "south-west", "northeast", "northwest",
                                      "southeast", "southwest", "midlands", "lakes", "plateau",
                                      "islands", "mountains", "valley", "river", "lower",
                                      "upper", "interior", "border", "frontier", NULL};

static int add_builtin(qasid_gazetteer *g)
{
	const char *p = (const char *)evt_places_en, *end = p + sizeof evt_places_en - 1;
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *f[6];
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), fl[6], k;
		g_place pl;

		k = split_tabs(p, n, f, fl, 6);
		p = nl ? nl + 1 : end;
		if (f[0][0] == '#' || k < 4 || fl[1] != 3)
			continue;
		memset(&pl, 0, sizeof pl);
		memcpy(pl.c3, f[1], 3);
		pl.admin1 = pl.admin1_name = "";
		if (f[0][0] == 'C' && fl[2] == 2) {
			const char *bar = memchr(f[3], '|', fl[3]);

			pl.kind = QASID_COUNTRY;
			memcpy(pl.c2, f[2], 2);
			if (!(pl.name = field(g, f[3], bar ? (size_t)(bar - f[3]) : fl[3])))
				return QASID_ENOMEM;
		} else if (f[0][0] == 'R') {
			pl.kind = QASID_REGION;
			memcpy(pl.c2, f[2], 2);
			if (!(pl.name = field(g, f[3], fl[3])) || !(pl.admin1 = field(g, f[2], fl[2])))
				return QASID_ENOMEM;
			pl.admin1_name = pl.name;
		} else {
			continue;
		}
		if ((rc = VEC_PUSH(&g->places, pl)))
			return rc;
		/* Names: "A|B|C" for countries, one for regions. */
		{
			const char *s = f[3], *e = f[3] + fl[3];

			while (s < e) {
				const char *bar = memchr(s, '|', (size_t)(e - s));
				size_t ln = (size_t)((bar ? bar : e) - s);

				char b[32];

				snprintf(b, sizeof b, "%.*s", (int)(ln < 31 ? ln : 31), s);
				if (pl.kind == QASID_REGION && evt_in(b, generic) >= 0)
					break;
				if ((rc = add_name(g, s, ln, (uint32_t)(g->places.n - 1))))
					return rc;
				s = bar ? bar + 1 : e;
			}
		}
	}
	return QASID_OK;
}

int qasid_gazetteer_new(qasid_gazetteer **out, qasid_err *err)
{
	qasid_gazetteer *g = qs_malloc(sizeof *g);
	int rc;

	*out = NULL;
	if (!g)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(g, 0, sizeof *g);
	ar_init(&g->mem);
	if ((rc = add_builtin(g)) || (rc = reindex(g))) {
		qasid_gazetteer_free(g);
		return err_set(err, rc, 0, "out of memory");
	}
	*out = g;
	return QASID_OK;
}

void qasid_gazetteer_free(qasid_gazetteer *g)
{
	if (!g)
		return;
	VEC_FREE(&g->places);
	VEC_FREE(&g->names);
	VEC_FREE(&g->words);
	VEC_FREE(&g->admins);
	qs_free(g->heads);
	ar_fini(&g->mem);
	qs_free(g);
}

size_t qasid_gazetteer_size(const qasid_gazetteer *g)
{
	return g->places.n;
}

/* ---- GeoNames ---- */

typedef struct lines {
	FILE *f;
	qasid_stream *zs;
	char buf[65536];
	size_t pos, len;
	int eof;
	char *line;
	size_t cap;
	int err; /* a QASID_E* code once reading failed */
} lines;

static long file_read(void *ud, void *b, size_t n)
{
	lines *l = ud;
	size_t got = fread(b, 1, n, l->f);

	return got ? (long)got : ferror(l->f) ? QASID_EIO : 0;
}

/* The next line (without its newline) in l->line: its length, or -1 at the end or on an error (l->err). */
static long next_line(lines *l, qasid_err *err)
{
	size_t n = 0;

	for (;;) {
		if (l->pos == l->len) {
			long got;

			if (l->eof)
				return n ? (long)n : -1;
			got = qasid_stream_read(l->zs, l->buf, sizeof l->buf, err);
			if (got < 0) {
				l->err = (int)got;
				return -1;
			}
			if (!got) {
				l->eof = 1;
				if (!n)
					return -1;
				return (long)n;
			}
			l->pos = 0;
			l->len = (size_t)got;
		}
		while (l->pos < l->len) {
			char c = l->buf[l->pos++];

			if (c == '\n') {
				if (l->line)
					l->line[n] = '\0';
				return (long)n;
			}
			if (n + 2 > l->cap) {
				char *t = qs_realloc(l->line, l->cap = (n + 2) * 2);

				if (!t) {
					l->err = QASID_ENOMEM;
					return -1;
				}
				l->line = t;
			}
			l->line[n++] = c;
			l->line[n] = '\0';
		}
	}
}

static int lines_open(lines *l, const char *path, qasid_err *err)
{
	memset(l, 0, sizeof *l);
	if (!(l->f = fopen(path, "rb")))
		return err_set(err, QASID_EIO, 0, "%s: cannot open", path);
	if (qasid_stream_new(&l->zs, file_read, l)) {
		fclose(l->f);
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	}
	return QASID_OK;
}

static void lines_close(lines *l)
{
	if (l->f)
		fclose(l->f);
	qasid_stream_free(l->zs);
	qs_free(l->line);
}

static int cmp_admin(const void *a, const void *b)
{
	return strcmp(((const g_admin *)a)->code, ((const g_admin *)b)->code);
}

static int read_admin1(qasid_gazetteer *g, const char *path, qasid_err *err)
{
	lines l;
	long n, line = 0;
	int rc;

	if ((rc = lines_open(&l, path, err)))
		return rc;
	while ((n = next_line(&l, err)) >= 0) {
		const char *f[4];
		size_t fl[4];
		g_admin a;

		line++;
		if (!n || l.line[0] == '#')
			continue;
		if (split_tabs(l.line, (size_t)n, f, fl, 4) < 2) {
			rc = err_set(err, QASID_EFORMAT, line, "%s:%ld: want CODE<TAB>NAME", path, line);
			goto out;
		}
		if (!(a.code = field(g, f[0], fl[0])) || !(a.name = field(g, f[1], fl[1])) ||
		    VEC_PUSH(&g->admins, a)) {
			rc = err_set(err, QASID_ENOMEM, line, "out of memory");
			goto out;
		}
	}
	if (l.err)
		rc = err_set(err, l.err, line, "%s: cannot read after line %ld", path, line);
	if (g->admins.n)
		qsort(g->admins.v, g->admins.n, sizeof *g->admins.v, cmp_admin);
out:
	lines_close(&l);
	return rc;
}

static const g_place *country_of2(const qasid_gazetteer *g, const char *c2)
{
	size_t i;

	for (i = 0; i < g->places.n; i++)
		if (g->places.v[i].kind == QASID_COUNTRY && !strcmp(g->places.v[i].c2, c2))
			return &g->places.v[i];
	return NULL;
}

/* An alternate name worth indexing: Latin letters, capitalised, three letters or more. */
static int good_alt(const char *s, size_t n)
{
	size_t i;

	if (n < 4 || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]) && !evt_oneof(s[i], " -'."))
			return 0;
	return 1;
}

int qasid_gazetteer_add_geonames(qasid_gazetteer *g, const char *path, const char *admin1_path,
                                 qasid_err *err)
{
	lines l;
	long n, line = 0;
	int rc;
	/* country alpha-2 -> alpha-3, looked up once per code */
	char last2[3] = "", last3[4] = "";

	if (admin1_path && (rc = read_admin1(g, admin1_path, err)))
		return rc;
	if ((rc = lines_open(&l, path, err)))
		return rc;
	while ((n = next_line(&l, err)) >= 0) {
		const char *f[19];
		size_t fl[19];
		g_place p;
		char key[64];
		uint32_t id;

		line++;
		if (!n || l.line[0] == '#')
			continue;
		if (split_tabs(l.line, (size_t)n, f, fl, 19) < 15 || fl[8] != 2) {
			rc = err_set(err, QASID_EFORMAT, line,
			             "%s:%ld: not a GeoNames table (want 19 tab-separated columns)", path,
			             line);
			goto out;
		}
		memset(&p, 0, sizeof p);
		p.kind = QASID_CITY;
		memcpy(p.c2, f[8], 2);
		if (strcmp(p.c2, last2)) {
			const g_place *c = country_of2(g, p.c2);

			memcpy(last2, p.c2, 3);
			snprintf(last3, sizeof last3, "%s", c ? c->c3 : "");
		}
		memcpy(p.c3, last3, 4);
		p.lat = strtod(f[4], NULL);
		p.lon = strtod(f[5], NULL);
		p.population = strtol(f[14], NULL, 10);
		snprintf(key, sizeof key, "%.2s.%.*s", f[8], (int)(fl[10] < 40 ? fl[10] : 40), f[10]);
		p.admin1 = p.admin1_name = "";
		if (fl[10]) {
			g_admin k = {key, NULL}, *hit;

			if (!(p.admin1 = field(g, key, strlen(key)))) {
				rc = err_set(err, QASID_ENOMEM, line, "out of memory");
				goto out;
			}
			hit = g->admins.n ? bsearch(&k, g->admins.v, g->admins.n, sizeof k, cmp_admin) : NULL;
			if (hit)
				p.admin1_name = hit->name;
		}
		if (!(p.name = field(g, f[1], fl[1])) || VEC_PUSH(&g->places, p)) {
			rc = err_set(err, QASID_ENOMEM, line, "out of memory");
			goto out;
		}
		id = (uint32_t)(g->places.n - 1);
		if ((rc = add_name(g, f[1], fl[1], id)) ||
		    (fl[2] != fl[1] || memcmp(f[1], f[2], fl[1]) ? (rc = add_name(g, f[2], fl[2], id))
		                                                  : 0)) {
			rc = err_set(err, rc, line, "out of memory");
			goto out;
		}
		{
			const char *s = f[3], *e = f[3] + fl[3];

			while (s < e) {
				const char *comma = memchr(s, ',', (size_t)(e - s));
				size_t ln = (size_t)((comma ? comma : e) - s);

				if (good_alt(s, ln) && (rc = add_name(g, s, ln, id))) {
					rc = err_set(err, rc, line, "out of memory");
					goto out;
				}
				s = comma ? comma + 1 : e;
			}
		}
	}
	if (l.err)
		rc = err_set(err, l.err, line, "%s: cannot read after line %ld", path, line);
out:
	lines_close(&l);
	if (reindex(g) && !rc)
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
	return rc;
}

/* ---- lookup ---- */

static int name_matches(const qasid_gazetteer *g, const g_name *nm, const char *const *w, size_t n,
                        size_t i)
{
	uint32_t j;

	if (nm->n_words > n - i)
		return 0;
	for (j = 0; j < nm->n_words; j++)
		if (!evt_is(w[i + j], g->words.v[nm->word0 + j]))
			return 0;
	return 1;
}

static int rank(const g_place *p)
{
	return p->kind; /* countries, then regions, then cities */
}

static void fill(qasid_place *o, const g_place *p)
{
	o->kind = p->kind;
	o->name = p->name;
	memcpy(o->country, p->c3, 4);
	memcpy(o->country2, p->c2, 3);
	o->admin1 = p->admin1;
	o->admin1_name = p->admin1_name;
	o->lat = p->lat;
	o->lon = p->lon;
	o->population = p->population;
}

size_t qasid_gazetteer_lookup(const qasid_gazetteer *g, const char *const *w, size_t n, size_t i,
                              size_t *len, qasid_place *out, size_t cap)
{
	char low[128];
	size_t k, best = 0, found = 0, n_seen = 0;
	uint32_t seen[256];
	int32_t e;

	*len = 0;
	if (i >= n || !g->n_heads || !isupper((unsigned char)w[i][0]) || strlen(w[i]) >= sizeof low)
		return 0;
	for (k = 0; w[i][k]; k++)
		low[k] = (char)tolower((unsigned char)w[i][k]);
	low[k] = '\0';
	for (e = g->heads[hash_str(low) & (g->n_heads - 1)]; e >= 0; e = g->names.v[e].next) {
		const g_name *nm = &g->names.v[e];

		if (nm->n_words > best && name_matches(g, nm, w, n, i))
			best = nm->n_words;
	}
	if (!best)
		return 0;
	*len = best;
	/* Every place of that name, best first (insertion sort into out). */
	for (e = g->heads[hash_str(low) & (g->n_heads - 1)]; e >= 0; e = g->names.v[e].next) {
		const g_name *nm = &g->names.v[e];
		const g_place *p = &g->places.v[nm->place];
		size_t j, pos;

		if (nm->n_words != best || !name_matches(g, nm, w, n, i))
			continue;
		for (j = 0; j < n_seen; j++)
			if (seen[j] == nm->place)
				break;
		if (j < n_seen)
			continue; /* the same place by another of its names */
		if (n_seen < sizeof seen / sizeof seen[0])
			seen[n_seen++] = nm->place;
		for (pos = found < cap ? found : cap; pos > 0; pos--) {
			const qasid_place *q = &out[pos - 1];

			if ((int)q->kind < rank(p) ||
			    ((int)q->kind == rank(p) && q->population >= p->population))
				break;
			if (pos < cap)
				out[pos] = out[pos - 1];
		}
		if (pos < cap)
			fill(&out[pos], p);
		found++;
	}
	return found;
}
