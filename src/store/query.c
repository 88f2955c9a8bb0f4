/* SPDX-License-Identifier: MIT */
/*
 * Questions to the store: a query kind and a filter become one SELECT with
 * bound parameters. Every filter value is checked first and only ever
 * reaches the database as a bound parameter; free text is rewritten into an
 * FTS5 query of quoted terms (SQLite), and that into a tsquery of quoted
 * lexemes (PostgreSQL), so no user input can be an SQL or full-text syntax
 * error.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define MAX_BIND 48

typedef struct qb {
	buf sql;
	arena ar; /* checked copies of filter values */
	struct {
		int is_int;
		int64_t i;
		const char *s;
	} bind[MAX_BIND];
	int n_bind;
	int oom;
	int pg; /* PostgreSQL's dialect */
} qb;

static void add(qb *q, const char *s)
{
	if (buf_append(&q->sql, s, strlen(s)))
		q->oom = 1;
}

/* Appends " AND " and the condition, with each '?' bound in turn to s. */
static void cond(qb *q, const char *c, const char *s)
{
	const char *p;

	add(q, " AND ");
	add(q, c);
	for (p = c; *p; p++)
		if (*p == '?' && q->n_bind < MAX_BIND) {
			q->bind[q->n_bind].is_int = 0;
			q->bind[q->n_bind++].s = s;
		}
}

static void cond_int(qb *q, const char *c, int64_t v)
{
	add(q, " AND ");
	add(q, c);
	if (q->n_bind < MAX_BIND) {
		q->bind[q->n_bind].is_int = 1;
		q->bind[q->n_bind++].i = v;
	}
}

static char *upper_copy(qb *q, const char *s)
{
	char *c = ar_strndup(&q->ar, s, strlen(s)), *p;

	if (!c) {
		q->oom = 1;
		return NULL;
	}
	for (p = c; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return c;
}

static int all_of(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr(set, s[i]))
			return 0;
	return 1;
}

static int is_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* An actor code filter: letters and digits, matched as a prefix. */
static const char *actor_code(qb *q, const char *v, const char *what, qasid_err *err)
{
	if (!all_of(v, "", 1, 40)) {
		err_set(err, QASID_EINVAL, 0,
		        "bad %s '%s': an actor code is letters and digits, like PAK or PAKGOV", what, v);
		return NULL;
	}
	return upper_copy(q, v);
}

/* "code starts with v" for a column. */
static void prefix_cond(qb *q, const char *col, const char *v)
{
	char c[160];

	snprintf(c, sizeof c, "substr(%s, 1, length(?)) = ?", col);
	add(q, " AND ");
	add(q, c);
	if (q->n_bind + 2 <= MAX_BIND) {
		q->bind[q->n_bind].is_int = 0;
		q->bind[q->n_bind++].s = v;
		q->bind[q->n_bind].is_int = 0;
		q->bind[q->n_bind++].s = v;
	}
}

/*
 * Free text as an FTS5 query: each word becomes a quoted term (a trailing *
 * keeps prefix search), text in double quotes a phrase, and a bare OR stays
 * an operator; terms are ANDed. NULL when nothing searchable is left.
 */
static const char *fts_query(qb *q, const char *s, qasid_err *err)
{
	buf b = {0};
	const char *p = s;
	char *out;
	int terms = 0, last_or = 1;

	while (*p) {
		const char *start, *end;
		int quoted = 0, star = 0;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			quoted = 1;
			start = ++p;
			while (*p && *p != '"')
				p++;
			end = p;
			if (*p)
				p++;
		} else {
			start = p;
			while (*p && !isspace((unsigned char)*p) && *p != '"')
				p++;
			end = p;
		}
		if (!quoted && end - start == 2 && !memcmp(start, "OR", 2)) {
			if (!last_or && terms) {
				if (buf_append(&b, " OR", 3))
					q->oom = 1;
				last_or = 1;
			}
			continue;
		}
		if (!quoted && end > start && end[-1] == '*') {
			star = 1;
			end--;
		}
		/* Skip terms with nothing FTS5 would index (punctuation only). */
		{
			const char *c;
			int word = 0;

			for (c = start; c < end; c++)
				word |= isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80;
			if (!word)
				continue;
		}
		if (buf_append(&b, b.len ? " \"" : "\"", b.len ? 2 : 1))
			q->oom = 1;
		for (; start < end; start++)
			if ((*start == '"' ? buf_append(&b, "\"\"", 2) : buf_putc(&b, *start)))
				q->oom = 1;
		if (buf_append(&b, star ? "\"*" : "\"", star ? 2 : 1))
			q->oom = 1;
		terms++;
		last_or = 0;
	}
	if (b.len >= 3 && !memcmp(b.data + b.len - 3, " OR", 3))
		b.len -= 3;
	if (!terms) {
		buf_fini(&b);
		err_set(err, QASID_EINVAL, 0, "nothing to search for in '%s'", s);
		return NULL;
	}
	out = b.data ? ar_strndup(&q->ar, b.data, b.len) : NULL;
	if (!out)
		q->oom = 1;
	buf_fini(&b);
	return out;
}

/*
 * The FTS5 query fts_query made, as a PostgreSQL tsquery: each quoted term
 * a phrase of quoted lexemes ('a' <-> 'b'), a trailing * a prefix (:*),
 * terms ANDed, and a run of terms joined by OR in parentheses (OR binds
 * tighter than AND in FTS5; | looser than & in a tsquery).
 */
static const char *pg_tsquery(qb *q, const char *fts)
{
	enum { MAX_TERMS = 64 };
	struct {
		const char *start, *end; /* inside the quotes */
		int prefix, or_before;
	} t[MAX_TERMS];
	buf b = {0};
	const char *p = fts;
	char *out;
	int n = 0, i, oom = 0, or_next = 0;

	while (*p && n < MAX_TERMS) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, "OR ", 3)) {
			or_next = 1;
			p += 3;
			continue;
		}
		if (*p != '"')
			break;
		t[n].start = ++p;
		while (*p && !(*p == '"' && p[1] != '"'))
			p += *p == '"' ? 2 : 1;
		t[n].end = p;
		if (*p)
			p++;
		t[n].prefix = *p == '*';
		p += t[n].prefix;
		t[n].or_before = n > 0 && or_next;
		or_next = 0;
		n++;
	}
	for (i = 0; i < n && !oom; i++) {
		const char *c;
		int in_word = 0, run_starts = !t[i].or_before && i + 1 < n && t[i + 1].or_before;

		if (i)
			oom |= buf_append(&b, t[i].or_before ? " | " : " & ", 3);
		if (run_starts)
			oom |= buf_putc(&b, '(');
		for (c = t[i].start; c < t[i].end; c++) {
			if (isspace((unsigned char)*c)) {
				if (in_word)
					oom |= buf_putc(&b, '\'');
				in_word = 0;
				continue;
			}
			if (!in_word)
				oom |= buf_append(&b, c > t[i].start && b.len && b.data[b.len - 1] == '\'' ? " <-> '" : "'",
				                  c > t[i].start && b.len && b.data[b.len - 1] == '\'' ? 6 : 1);
			in_word = 1;
			if (*c == '"')
				c++; /* "" is one quote */
			if (*c == '\'' || *c == '\\')
				oom |= buf_putc(&b, *c);
			oom |= buf_putc(&b, *c);
		}
		if (in_word)
			oom |= buf_putc(&b, '\'');
		if (t[i].prefix)
			oom |= buf_append(&b, ":*", 2);
		if (t[i].or_before && !(i + 1 < n && t[i + 1].or_before))
			oom |= buf_putc(&b, ')');
	}
	out = !oom && b.data ? ar_strndup(&q->ar, b.data, b.len) : NULL;
	buf_fini(&b);
	if (!out)
		q->oom = 1;
	return out;
}

/* Full-text conditions on the article id col: FTS5 tables in SQLite, the GIN
 * indexes of schema-pg.sql in PostgreSQL (the expressions must match them). */
static void fts_article(qb *q, const char *col, const char *fts)
{
	char c[300];

	snprintf(c, sizeof c,
	         q->pg ? "%s IN (SELECT id FROM article WHERE to_tsvector('simple', coalesce(title, '')"
	                 " || ' ' || text) @@ to_tsquery('simple', ?))"
	               : "%s IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)",
	         col);
	cond(q, c, fts);
}

#define FTS_QUOTE_PG                                                                        \
	"q.id IN (SELECT id FROM quote WHERE to_tsvector('simple', content_text || ' ' ||"     \
	" coalesce(speaker_name, '')) @@ to_tsquery('simple', ?))"

/* The filter bits each query accepts. */
enum {
	F_ACTOR = 1 << 0,
	F_ACTOR2 = 1 << 1,
	F_SOURCE = 1 << 2,
	F_TARGET = 1 << 3,
	F_SPEAKER = 1 << 4,
	F_NAME = 1 << 5,
	F_TYPE = 1 << 6,
	F_MODE = 1 << 7,
	F_COUNTRY = 1 << 8,
	F_PLACE = 1 << 9,
	F_FROM = 1 << 10,
	F_TO = 1 << 11,
	F_TEXT = 1 << 12,
	F_ARTICLE = 1 << 13,
	F_BY = 1 << 14,
	F_PLOVER = 1 << 15,
	F_DUPS = 1 << 16
};

static const char *const filter_names[] = {"actor",   "actor2", "source", "target", "speaker",
                                           "name",    "type",   "mode",   "country", "place",
                                           "from",    "to",     "text",   "article", "by",
                                           "plover",  "dups"};

static unsigned given(const qasid_filter *f)
{
	return (f->actor ? F_ACTOR : 0) | (f->actor2 ? F_ACTOR2 : 0) | (f->source ? F_SOURCE : 0) |
	       (f->target ? F_TARGET : 0) | (f->speaker ? F_SPEAKER : 0) | (f->name ? F_NAME : 0) |
	       (f->type ? F_TYPE : 0) | (f->mode ? F_MODE : 0) | (f->country ? F_COUNTRY : 0) |
	       (f->place ? F_PLACE : 0) | (f->from ? F_FROM : 0) | (f->to ? F_TO : 0) |
	       (f->text ? F_TEXT : 0) | (f->article ? F_ARTICLE : 0) | (f->by ? F_BY : 0) |
	       (f->plover ? F_PLOVER : 0) | (f->dups ? F_DUPS : 0);
}

static const char *query_name(qasid_query k)
{
	switch (k) {
	case QASID_QUERY_ARTICLES: return "articles";
	case QASID_QUERY_EVENTS: return "events";
	case QASID_QUERY_MENTIONS: return "event mentions";
	case QASID_QUERY_QUOTES: return "quotes";
	case QASID_QUERY_ENTITIES: return "entities";
	case QASID_QUERY_TIMELINE: return "a timeline";
	case QASID_QUERY_SPANS: return "spans";
	}
	return "?";
}

static const char *const modes[] = {"asserted", "threatened", "intended", "hypothetical",
                                    "negated",  "demanded",   NULL};

/* The article filter: an id as given, or #ROWID. */
static void article_cond(qb *q, const char *col, const char *v)
{
	char c[200];

	if (v[0] == '#' && is_digits(v + 1)) {
		snprintf(c, sizeof c, "%s = ?", col);
		cond_int(q, c, (int64_t)strtoll(v + 1, NULL, 10));
	} else {
		snprintf(c, sizeof c, "%s IN (SELECT article_id FROM article_copy WHERE ext_id = ?)", col);
		cond(q, c, v);
	}
}

static void date_conds(qb *q, const char *lo_col, const char *hi_col, const qasid_filter *f)
{
	char c[200];

	/* Dates compare as ISO strings: x >= from, and x's prefix <= to. */
	if (f->from) {
		snprintf(c, sizeof c, "%s >= ?", hi_col);
		cond(q, c, f->from);
	}
	if (f->to) {
		snprintf(c, sizeof c, "substr(%s, 1, length(?)) <= ?", lo_col);
		add(q, " AND ");
		add(q, c);
		if (q->n_bind + 2 <= MAX_BIND) {
			q->bind[q->n_bind].is_int = 0;
			q->bind[q->n_bind++].s = f->to;
			q->bind[q->n_bind].is_int = 0;
			q->bind[q->n_bind++].s = f->to;
		}
	}
}

/* Conditions on event-like rows (event e or event_mention m) from the filter. */
static int event_conds(qb *q, const char *t, const qasid_filter *f, qasid_err *err)
{
	char c[256];
	const char *a1 = NULL, *a2 = NULL, *v;

	if (f->actor && !(a1 = actor_code(q, f->actor, "actor", err)))
		return QASID_EINVAL;
	if (f->actor2 && !(a2 = actor_code(q, f->actor2, "actor", err)))
		return QASID_EINVAL;
	if (a1 && a2) {
		snprintf(c, sizeof c,
		         "((substr(%s.source_actor, 1, length(?)) = ? AND substr(%s.target_actor, 1, "
		         "length(?)) = ?) OR (substr(%s.source_actor, 1, length(?)) = ? AND "
		         "substr(%s.target_actor, 1, length(?)) = ?))",
		         t, t, t, t);
		add(q, " AND ");
		add(q, c);
		if (q->n_bind + 8 <= MAX_BIND) {
			const char *order[8] = {a1, a1, a2, a2, a2, a2, a1, a1};
			int i;

			for (i = 0; i < 8; i++) {
				q->bind[q->n_bind].is_int = 0;
				q->bind[q->n_bind++].s = order[i];
			}
		}
	} else if (a1 || a2) {
		const char *a = a1 ? a1 : a2;

		snprintf(c, sizeof c,
		         "(substr(%s.source_actor, 1, length(?)) = ? OR substr(%s.target_actor, 1, "
		         "length(?)) = ?)",
		         t, t);
		add(q, " AND ");
		add(q, c);
		if (q->n_bind + 4 <= MAX_BIND) {
			int i;

			for (i = 0; i < 4; i++) {
				q->bind[q->n_bind].is_int = 0;
				q->bind[q->n_bind++].s = a;
			}
		}
	}
	if (f->source) {
		if (!(v = actor_code(q, f->source, "source", err)))
			return QASID_EINVAL;
		snprintf(c, sizeof c, "%s.source_actor", t);
		prefix_cond(q, c, v);
	}
	if (f->target) {
		if (!(v = actor_code(q, f->target, "target", err)))
			return QASID_EINVAL;
		snprintf(c, sizeof c, "%s.target_actor", t);
		prefix_cond(q, c, v);
	}
	if (f->type) {
		if (is_digits(f->type) && strlen(f->type) <= 4) {
			snprintf(c, sizeof c, "%s.cameo", t);
			prefix_cond(q, c, f->type);
		} else if (all_of(f->type, "_-", 2, 40) && !isdigit((unsigned char)f->type[0])) {
			snprintf(c, sizeof c, "upper(%s.plover) = ?", t);
			cond(q, c, upper_copy(q, f->type));
		} else
			return err_set(err, QASID_EINVAL, 0,
			               "bad type '%s': a CAMEO code or its prefix (\"19\", \"190\") or a PLOVER "
			               "type (\"ASSAULT\")",
			               f->type);
	}
	if (f->mode) {
		int i;

		for (i = 0; modes[i] && strcmp(modes[i], f->mode); i++)
			;
		if (!modes[i])
			return err_set(err, QASID_EINVAL, 0,
			               "bad mode '%s' (asserted, threatened, intended, hypothetical, "
			               "negated or demanded)",
			               f->mode);
		snprintf(c, sizeof c, "%s.mode = ?", t);
		cond(q, c, f->mode);
	}
	if (f->country) {
		if (!all_of(f->country, "", 2, 3) || is_digits(f->country))
			return err_set(err, QASID_EINVAL, 0,
			               "bad country '%s': an ISO 3166-1 code such as PAK", f->country);
		snprintf(c, sizeof c, "%s.country = ?", t);
		cond(q, c, upper_copy(q, f->country));
	}
	if (f->place) {
		snprintf(c, sizeof c, "instr(lower(%s.place), lower(?)) > 0", t);
		cond(q, c, f->place);
	}
	return QASID_OK;
}

/* Builds the SELECT for q; QASID_EINVAL (err set) on a bad filter. */
static int build(qb *q, qasid_query k, const qasid_filter *f, qasid_err *err)
{
	static const unsigned ok[] = {
		[QASID_QUERY_ARTICLES] = F_FROM | F_TO | F_TEXT | F_ARTICLE | F_DUPS,
		[QASID_QUERY_EVENTS] = F_ACTOR | F_ACTOR2 | F_SOURCE | F_TARGET | F_TYPE | F_MODE |
		                       F_COUNTRY | F_PLACE | F_FROM | F_TO | F_TEXT | F_ARTICLE,
		[QASID_QUERY_MENTIONS] = F_ACTOR | F_ACTOR2 | F_SOURCE | F_TARGET | F_TYPE | F_MODE |
		                         F_COUNTRY | F_PLACE | F_FROM | F_TO | F_TEXT | F_ARTICLE,
		[QASID_QUERY_QUOTES] = F_SPEAKER | F_ACTOR | F_FROM | F_TO | F_TEXT | F_ARTICLE,
		[QASID_QUERY_ENTITIES] = F_NAME | F_TYPE | F_ACTOR | F_FROM | F_TO | F_TEXT | F_ARTICLE,
		[QASID_QUERY_TIMELINE] = F_ACTOR | F_ACTOR2 | F_TYPE | F_MODE | F_COUNTRY | F_PLACE |
		                         F_FROM | F_TO | F_TEXT | F_BY | F_PLOVER,
		[QASID_QUERY_SPANS] = F_ARTICLE,
	};
	const char *fts = NULL;
	unsigned g = given(f), bad;
	int rc = QASID_OK, i;
	char c[256];

	if ((int)k < QASID_QUERY_ARTICLES || (int)k > QASID_QUERY_SPANS)
		return err_set(err, QASID_EINVAL, 0, "unknown query %d", (int)k);
	bad = g & ~ok[k];
	if (bad) {
		for (i = 0; !(bad & (1u << i)); i++)
			;
		return err_set(err, QASID_EINVAL, 0, "the filter '%s' does not apply to %s",
		               filter_names[i], query_name(k));
	}
	if (f->from && !st_is_date(f->from))
		return err_set(err, QASID_EINVAL, 0,
		               "bad date '%s' for from (YYYY, YYYY-MM or YYYY-MM-DD)", f->from);
	if (f->to && !st_is_date(f->to))
		return err_set(err, QASID_EINVAL, 0, "bad date '%s' for to (YYYY, YYYY-MM or YYYY-MM-DD)",
		               f->to);
	if (f->from && f->to && strncmp(f->from, f->to, strlen(f->to)) > 0)
		return err_set(err, QASID_EINVAL, 0, "from %s is after to %s", f->from, f->to);
	if (f->limit < 0)
		return err_set(err, QASID_EINVAL, 0, "bad limit %ld", f->limit);
	if (f->text && !(fts = fts_query(q, f->text, err)))
		return q->oom ? err_set(err, QASID_ENOMEM, 0, "out of memory") : QASID_EINVAL;
	if (fts && q->pg && !(fts = pg_tsquery(q, fts)))
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	if (f->article && !*f->article)
		return err_set(err, QASID_EINVAL, 0, "empty article id");

	switch (k) {
	case QASID_QUERY_ARTICLES:
		add(q, "SELECT coalesce(a.ext_id, '#' || a.id) AS id, a.id AS rowid, a.date, a.source,"
		       " a.title, a.n_chars AS chars, a.n_sentences AS sentences,"
		       " (SELECT count(*) FROM article_copy c WHERE c.article_id = a.id) AS copies,"
		       " (SELECT coalesce(b.ext_id, '#' || b.id) FROM article b WHERE b.id = a.near_dup_of)"
		       " AS near_dup_of, round(a.near_dup_sim, 3) AS similarity, a.url"
		       " FROM article a WHERE TRUE");
		date_conds(q, "a.date", "a.date", f);
		if (fts)
			fts_article(q, "a.id", fts);
		if (f->article)
			article_cond(q, "a.id", f->article);
		if (f->dups)
			add(q, " AND a.near_dup_of IS NOT NULL");
		add(q, " ORDER BY a.id");
		break;
	case QASID_QUERY_EVENTS:
		add(q, "SELECT e.id, e.date_first AS date, e.date_last, e.source_actor AS source,"
		       " e.target_actor AS target, e.cameo, e.cameo_root, e.plover, e.mode, e.background,"
		       " e.place, e.country, e.admin1, e.lat, e.lon, e.killed, e.injured,"
		       " e.n_mentions AS mentions, e.n_articles AS articles, e.n_stories AS stories,"
		       " e.n_sources AS sources,"
		       " (SELECT substr(a.text, m.start + 1, m.end - m.start) FROM event_mention m"
		       "  JOIN article a ON a.id = m.article_id WHERE m.event_id = e.id"
		       "  ORDER BY m.id LIMIT 1) AS evidence"
		       " FROM event e WHERE TRUE");
		rc = event_conds(q, "e", f, err);
		date_conds(q, "e.date_first", "e.date_last", f);
		if (fts) {
			add(q, " AND e.id IN (SELECT event_id FROM event_mention WHERE TRUE");
			fts_article(q, "article_id", fts);
			add(q, ")");
		}
		if (f->article) {
			add(q, " AND e.id IN (SELECT m.event_id FROM event_mention m WHERE TRUE");
			article_cond(q, "m.article_id", f->article);
			add(q, ")");
		}
		add(q, " ORDER BY e.date_first, e.id");
		break;
	case QASID_QUERY_MENTIONS:
		add(q, "SELECT m.id, coalesce(a.ext_id, '#' || a.id) AS article, m.local_id,"
		       " m.event_id AS event, coalesce(m.date, a.date) AS date, m.date_precision,"
		       " m.source_actor AS source, m.target_actor AS target, m.cameo, m.plover, m.mode,"
		       " m.background, m.reported, m.place, m.country, m.admin1, m.lat, m.lon, m.start,"
		       " m.end, substr(a.text, m.start + 1, m.end - m.start) AS text,"
		       " (SELECT ");
		add(q, q->pg ? "coalesce(CAST(json_agg(json_build_object(" : "json_group_array(json_object(");
		add(q, "'kind', kind, 'low', low, 'best', best, 'high', high, 'side', side))");
		add(q, q->pg ? " AS TEXT), '[]')" : "");
		add(q, " FROM casualty WHERE mention_id = m.id) AS casualties"
		       " FROM event_mention m JOIN article a ON a.id = m.article_id WHERE TRUE");
		rc = event_conds(q, "m", f, err);
		date_conds(q, "coalesce(m.date, a.date)", "coalesce(m.date, a.date)", f);
		if (fts)
			fts_article(q, "a.id", fts);
		if (f->article)
			article_cond(q, "a.id", f->article);
		add(q, " ORDER BY m.id");
		break;
	case QASID_QUERY_QUOTES:
		add(q, "SELECT q.id, coalesce(a.ext_id, '#' || a.id) AS article, a.date, q.local_id,"
		       " q.kind, coalesce(q.speaker_name, e.name) AS speaker, e.actor AS speaker_actor,"
		       " q.cue, q.addressee, q.content_text AS quote, q.start, q.end"
		       " FROM quote q JOIN article a ON a.id = q.article_id"
		       " LEFT JOIN entity e ON e.id = q.speaker_id WHERE TRUE");
		if (f->speaker)
			cond(q, "instr(lower(coalesce(q.speaker_name, e.name)), lower(?)) > 0", f->speaker);
		if (f->actor) {
			const char *v = actor_code(q, f->actor, "actor", err);

			if (!v)
				return QASID_EINVAL;
			prefix_cond(q, "e.actor", v);
		}
		date_conds(q, "a.date", "a.date", f);
		if (fts)
			cond(q, q->pg ? FTS_QUOTE_PG : "q.id IN (SELECT rowid FROM quote_fts WHERE quote_fts MATCH ?)",
			     fts);
		if (f->article)
			article_cond(q, "a.id", f->article);
		add(q, " ORDER BY a.date, q.id");
		break;
	case QASID_QUERY_ENTITIES:
		add(q, "SELECT e.name, e.type, max(e.actor) AS actor,"
		       " count(DISTINCT e.article_id) AS articles, count(m.start) AS mentions,"
		       " min(a.date) AS first, max(a.date) AS last"
		       " FROM entity e JOIN article a ON a.id = e.article_id"
		       " LEFT JOIN mention m ON m.entity_id = e.id WHERE TRUE");
		if (f->name)
			cond(q, "instr(lower(e.name), lower(?)) > 0", f->name);
		if (f->type) {
			if (!all_of(f->type, "_", 2, 12))
				return err_set(err, QASID_EINVAL, 0,
				               "bad entity type '%s' (PER, ORG, LOC, MISC, ...)", f->type);
			cond(q, "e.type = ?", upper_copy(q, f->type));
		}
		if (f->actor) {
			const char *v = actor_code(q, f->actor, "actor", err);

			if (!v)
				return QASID_EINVAL;
			prefix_cond(q, "e.actor", v);
		}
		date_conds(q, "a.date", "a.date", f);
		if (fts)
			fts_article(q, "a.id", fts);
		if (f->article)
			article_cond(q, "a.id", f->article);
		add(q, " GROUP BY e.name, e.type ORDER BY articles DESC, mentions DESC, e.name");
		break;
	case QASID_QUERY_TIMELINE: {
		const char *period, *by = f->by ? f->by : "month";

		if (!f->actor)
			return err_set(err, QASID_EINVAL, 0, "a timeline needs an actor");
		if (!strcmp(by, "day"))
			period = "e.date_first";
		else if (!strcmp(by, "week"))
			period = q->pg ? "CASE WHEN length(e.date_first) = 10 THEN to_char(date_trunc('week',"
			                 " CAST(e.date_first AS date)), 'YYYY-MM-DD') ELSE e.date_first END"
			               : "coalesce(date(e.date_first, 'weekday 0', '-6 days'), e.date_first)";
		else if (!strcmp(by, "month"))
			period = "substr(e.date_first, 1, 7)";
		else if (!strcmp(by, "year"))
			period = "substr(e.date_first, 1, 4)";
		else
			return err_set(err, QASID_EINVAL, 0, "bad period '%s' (day, week, month or year)", by);
		snprintf(c, sizeof c, "SELECT %s AS period, %s AS category,", period,
		         f->plover ? "coalesce(e.plover, '-')" : "e.cameo_root");
		add(q, c);
		add(q, " count(*) AS events, sum(e.n_articles) AS articles, sum(e.killed) AS killed"
		       " FROM event e WHERE e.date_first IS NOT NULL");
		if (!f->mode)
			add(q, " AND e.mode = 'asserted' AND e.background = 0");
		rc = event_conds(q, "e", f, err);
		date_conds(q, "e.date_first", "e.date_last", f);
		if (fts) {
			add(q, " AND e.id IN (SELECT event_id FROM event_mention WHERE TRUE");
			fts_article(q, "article_id", fts);
			add(q, ")");
		}
		add(q, " GROUP BY period, category ORDER BY period, category");
		break;
	}
	case QASID_QUERY_SPANS:
		if (!f->article)
			return err_set(err, QASID_EINVAL, 0, "spans need an article");
		add(q, "SELECT kind, start, \"end\", id, label FROM ("
		       " SELECT 'entity' AS kind, m.start AS start, m.end AS \"end\", e.local_id AS id,"
		       "  e.type || coalesce(' ' || e.actor, '') || ': ' || e.name AS label,"
		       "  e.article_id AS article_id"
		       "  FROM mention m JOIN entity e ON e.id = m.entity_id"
		       " UNION ALL SELECT 'quote', q.start, q.end, q.local_id,"
		       "  q.kind || coalesce(', ' || q.speaker_name, '') || coalesce(' to ' || q.addressee, ''),"
		       "  q.article_id FROM quote q"
		       " UNION ALL SELECT 'event', v.start, v.end, v.local_id,"
		       "  v.cameo || ' ' || coalesce(v.source_actor, '-') || ' -> '"
		       "  || coalesce(v.target_actor, '-') || ' ' || v.mode, v.article_id"
		       "  FROM event_mention v) x WHERE TRUE");
		article_cond(q, "x.article_id", f->article);
		add(q, " ORDER BY start, \"end\" DESC, kind");
		break;
	}
	if (rc)
		return rc;
	if (f->limit > 0) {
		snprintf(c, sizeof c, " LIMIT %ld", f->limit);
		add(q, c);
	}
	if (q->oom)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	if (q->n_bind >= MAX_BIND)
		return err_set(err, QASID_EINVAL, 0, "too many filters");
	return QASID_OK;
}

int st_query_wrap(qasid_store *st, qasid_query k, const qasid_filter *f, const char *before,
                  const char *after, st_q **out, qasid_err *err)
{
	static const qasid_filter none;
	qb q;
	int rc, i;

	*out = NULL;
	memset(&q, 0, sizeof q);
	ar_init(&q.ar);
	q.pg = st_pg(st);
	if (before)
		add(&q, before);
	rc = build(&q, k, f ? f : &none, err);
	if (rc == QASID_OK && after)
		add(&q, after);
	if (rc == QASID_OK && q.oom)
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
	if (rc == QASID_OK)
		rc = st_prepare(st, q.sql.data, out, err);
	for (i = 0; rc == QASID_OK && i < q.n_bind; i++) {
		if (q.bind[i].is_int)
			st_bind_int(*out, i + 1, q.bind[i].i);
		else
			st_bind_text_copy(*out, i + 1, q.bind[i].s);
	}
	if (rc) {
		st_finalize(*out);
		*out = NULL;
	}
	buf_fini(&q.sql);
	ar_fini(&q.ar);
	return rc;
}

int st_query_prepare(qasid_store *st, qasid_query k, const qasid_filter *f, st_q **out,
                     qasid_err *err)
{
	return st_query_wrap(st, k, f, NULL, NULL, out, err);
}

int st_query_run(qasid_store *st, st_q *s, qasid_row_fn fn, void *ud, qasid_err *err)
{
	size_t n = (size_t)st_col_count(s), i;
	const char **names = NULL;
	qasid_value *v = NULL;
	int rc = QASID_OK, r;

	names = qs_malloc((n ? n : 1) * sizeof *names);
	v = qs_malloc((n ? n : 1) * sizeof *v);
	if (!names || !v) {
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++)
		names[i] = st_col_name(s, (int)i);
	while ((r = st_step(s)) == ST_ROW) {
		for (i = 0; i < n; i++) {
			int c = (int)i;

			memset(&v[i], 0, sizeof v[i]);
			switch (st_col_type(s, c)) {
			case ST_INT:
				v[i].type = QASID_VAL_INT;
				v[i].i = st_col_int(s, c);
				break;
			case ST_REAL:
				v[i].type = QASID_VAL_REAL;
				v[i].r = st_col_real(s, c);
				break;
			case ST_NULL: v[i].type = QASID_VAL_NULL; break;
			default:
				/* JSON functions mark their results, but a sort (ORDER BY)
				 * drops the mark: the columns built as JSON are named. */
				v[i].type = st_col_is_json(s, c) || !strcmp(names[i], "record") ||
				                            !strcmp(names[i], "casualties")
				                    ? QASID_VAL_JSON
				                    : QASID_VAL_TEXT;
				v[i].s = st_col_text(s, c, &v[i].len);
				if (!v[i].s) {
					rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
					goto done;
				}
			}
		}
		if (fn(ud, n, names, v)) {
			rc = err_set(err, QASID_EIO, 0, "cannot write the results");
			goto done;
		}
	}
	if (r == ST_ERROR)
		rc = st_fail(st, err, "cannot query the store");
done:
	qs_free(names);
	qs_free(v);
	return rc;
}

int qasid_store_query(qasid_store *st, qasid_query k, const qasid_filter *f, qasid_row_fn fn,
                      void *ud, qasid_err *err)
{
	st_q *s = NULL;
	int rc = st_query_prepare(st, k, f, &s, err);

	if (rc == QASID_OK)
		rc = st_query_run(st, s, fn, ud, err);
	st_finalize(s);
	return rc;
}
