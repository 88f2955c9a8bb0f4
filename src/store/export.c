/* SPDX-License-Identifier: MIT */
/*
 * Handing the store to other tools: rows as JSON Lines or CSV, full article
 * and event records, and the GDELT 2.0, ACLED and GraphML layouts.
 *
 * GDELT, ACLED and GraphML describe what happened, so they take asserted,
 * non-background events only, unless the filter names a mode.
 *
 * The SQL is written once, in SQLite's words, and put in PostgreSQL's by
 * pg_words; what the two would format differently (dates, the time) is made
 * here in C (derive). GDELT, ACLED and GraphML give the same bytes from
 * either engine: text sorts bytewise (COLLATE BINARY), undated events come
 * first (NULLS FIRST), and a real number prints with %.15g from the same
 * double (PostgreSQL sends a float8 as text that reads back exactly). Only
 * ACLED's timestamp, the time of the export, differs from run to run.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store.h"

#define FLUSH_AT 65536

typedef struct out {
	buf b;
	qasid_write_fn w;
	void *ud;
	int rc;
	long rows;
	int64_t now; /* ACLED's timestamp: when the export started */
} out;

static void o_flush(out *o)
{
	if (!o->rc && o->b.len && o->w(o->ud, o->b.data, o->b.len))
		o->rc = QASID_EIO;
	o->b.len = 0;
}

static void o_raw(out *o, const char *s, size_t n)
{
	if (o->rc)
		return;
	if (buf_append(&o->b, s, n))
		o->rc = QASID_ENOMEM;
	else if (o->b.len >= FLUSH_AT)
		o_flush(o);
}

static void o_str(out *o, const char *s)
{
	o_raw(o, s, strlen(s));
}

static void o_json_str(out *o, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	o_raw(o, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		o_raw(o, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			o_raw(o, esc, 2);
		} else if (c == '\n')
			o_raw(o, "\\n", 2);
		else if (c == '\t')
			o_raw(o, "\\t", 2);
		else if (c == '\r')
			o_raw(o, "\\r", 2);
		else {
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			o_raw(o, esc, 6);
		}
	}
	o_raw(o, s + run, n - run);
	o_raw(o, "\"", 1);
}

static void o_num(out *o, const qasid_value *v)
{
	char b[40];

	if (v->type == QASID_VAL_INT)
		snprintf(b, sizeof b, "%lld", (long long)v->i);
	else if (isfinite(v->r))
		snprintf(b, sizeof b, "%.15g", v->r);
	else
		snprintf(b, sizeof b, "null");
	o_str(o, b);
}

/* One value as JSON. */
static void o_json_val(out *o, const qasid_value *v)
{
	switch (v->type) {
	case QASID_VAL_NULL: o_str(o, "null"); break;
	case QASID_VAL_INT:
	case QASID_VAL_REAL: o_num(o, v); break;
	case QASID_VAL_JSON: o_raw(o, v->s, v->len); break;
	case QASID_VAL_TEXT: o_json_str(o, v->s, v->len); break;
	}
}

/* One value as a CSV field (sep is ',' for CSV, '\t' for GDELT's TSV). */
static void o_field(out *o, const qasid_value *v, char sep)
{
	size_t i;

	if (v->type == QASID_VAL_NULL)
		return;
	if (v->type == QASID_VAL_INT || v->type == QASID_VAL_REAL) {
		o_num(o, v);
		return;
	}
	if (sep == '\t') {
		/* TSV has no quoting: tabs and line breaks become spaces. */
		size_t run = 0;

		for (i = 0; i < v->len; i++)
			if (v->s[i] == '\t' || v->s[i] == '\n' || v->s[i] == '\r') {
				o_raw(o, v->s + run, i - run);
				o_raw(o, " ", 1);
				run = i + 1;
			}
		o_raw(o, v->s + run, v->len - run);
		return;
	}
	for (i = 0; i < v->len; i++)
		if (strchr(",\"\r\n", v->s[i]))
			break;
	if (i == v->len) {
		o_raw(o, v->s, v->len);
		return;
	}
	o_raw(o, "\"", 1);
	for (i = 0; i < v->len; i++)
		if (v->s[i] == '"')
			o_raw(o, "\"\"", 2);
		else
			o_raw(o, v->s + i, 1);
	o_raw(o, "\"", 1);
}

static int row_jsonl(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	out *o = ud;
	size_t i;

	/* A single JSON column named "record" is the record itself. */
	if (n == 1 && v[0].type == QASID_VAL_JSON && !strcmp(names[0], "record"))
		o_raw(o, v[0].s, v[0].len);
	else {
		o_raw(o, "{", 1);
		for (i = 0; i < n; i++) {
			if (i)
				o_raw(o, ",", 1);
			o_json_str(o, names[i], strlen(names[i]));
			o_raw(o, ":", 1);
			o_json_val(o, &v[i]);
		}
		o_raw(o, "}", 1);
	}
	o_raw(o, "\n", 1);
	o->rows++;
	return o->rc;
}

/*
 * GDELT's FractionDate of a day 'YYYY-MM-DD': the year plus the days before
 * the day over 365, to four places (so a leap year's last day is the next
 * year's first). 0 when s is not such a day.
 */
static int gdelt_fraction(const char *s, size_t n, char b[32])
{
	int32_t d;
	int y, m, day;

	if (n != 10 || qasid_date_parse(s, &d) != QASID_OK)
		return 0;
	qasid_date_to_ymd(d, &y, &m, &day); /* (the year) */
	snprintf(b, 32, "%.4f", y + (d - qasid_date_from_ymd(y, 1, 1)) / 365.0);
	return 1;
}

/*
 * GDELT's DATEADDED, YYYYMMDDHHMMSS, from an ISO 8601 time such as the
 * store's 'YYYY-MM-DDTHH:MM:SSZ'; a part of the time not given is 00. 0
 * when s does not start with a day.
 */
static int gdelt_stamp(const char *s, size_t n, char b[32])
{
	int32_t d;
	size_t i, at;
	int given = 1;

	if (n < 10 || qasid_date_parse(s, &d) != QASID_OK)
		return 0;
	memcpy(b, s, 4);
	memcpy(b + 4, s + 5, 2);
	memcpy(b + 6, s + 8, 2);
	/* hours, minutes and seconds at 11, 14 and 17, each after one separator */
	for (i = 0, at = 11; i < 3; i++, at += 3) {
		given = given && n >= at + 2 && isdigit((unsigned char)s[at]) &&
		        isdigit((unsigned char)s[at + 1]);
		b[8 + 2 * i] = given ? s[at] : '0';
		b[9 + 2 * i] = given ? s[at + 1] : '0';
	}
	b[14] = '\0';
	return 1;
}

/*
 * The columns of the GDELT and ACLED layouts made here, not in SQL, where
 * SQLite and PostgreSQL spell them differently: FractionDate and DATEADDED
 * from the ISO dates the SQL selects, and ACLED's timestamp (the time of the
 * export). PostgreSQL gives the column names in lower case. b holds the text.
 */
static void derive(const out *o, const char *name, qasid_value *v, char b[32])
{
	int ok;

	if (!strcasecmp(name, "FractionDate"))
		ok = v->type == QASID_VAL_TEXT && gdelt_fraction(v->s, v->len, b);
	else if (!strcasecmp(name, "DATEADDED"))
		ok = v->type == QASID_VAL_TEXT && gdelt_stamp(v->s, v->len, b);
	else if (!strcasecmp(name, "timestamp")) {
		v->type = QASID_VAL_INT;
		v->i = o->now;
		return;
	} else
		return;
	v->type = ok ? QASID_VAL_TEXT : QASID_VAL_NULL;
	v->s = ok ? b : NULL;
	v->len = ok ? strlen(b) : 0;
}

/* One row of separated fields; with layout, the derived columns made. */
static int row_sep(out *o, size_t n, const char *const *names, const qasid_value *v, char sep,
                   int layout)
{
	size_t i;

	for (i = 0; i < n; i++) {
		qasid_value x = v[i];
		char b[32];

		if (i)
			o_raw(o, &sep, 1);
		if (layout)
			derive(o, names[i], &x, b);
		o_field(o, &x, sep);
	}
	o_raw(o, sep == ',' ? "\r\n" : "\n", sep == ',' ? 2 : 1);
	o->rows++;
	return o->rc;
}

static int row_csv(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	return row_sep(ud, n, names, v, ',', 0);
}

static int row_gdelt(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	return row_sep(ud, n, names, v, '\t', 1);
}

static int row_acled(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	return row_sep(ud, n, names, v, ',', 1);
}

/* Runs s into o with fn; finalizes s. */
static int run(qasid_store *st, st_q *s, out *o, qasid_row_fn fn, qasid_err *err)
{
	int rc, i, n = st_col_count(s);

	/* CSV: the header row, even when no row follows. */
	for (i = 0; (fn == row_csv || fn == row_acled) && i < n; i++) {
		const char *name = st_col_name(s, i);
		qasid_value v = {QASID_VAL_TEXT, 0, 0, name ? name : "", name ? strlen(name) : 0};

		if (i)
			o_raw(o, ",", 1);
		o_field(o, &v, ',');
		if (i == n - 1)
			o_raw(o, "\r\n", 2);
	}
	rc = st_query_run(st, s, fn, o, err);

	st_finalize(s);
	if (rc == QASID_EIO && o->rc)
		rc = err_set(err, o->rc, 0, "%s", o->rc == QASID_ENOMEM ? "out of memory" : "cannot write the output");
	if (rc == QASID_OK) {
		o_flush(o);
		if (o->rc)
			rc = err_set(err, o->rc, 0, "cannot write the output");
	}
	return rc;
}

int qasid_store_write_rows(qasid_store *st, qasid_query q, const qasid_filter *f,
                           const char *format, qasid_write_fn w, void *ud, qasid_err *err)
{
	out o = {{0}, w, ud, QASID_OK, 0, 0};
	st_q *s = NULL;
	int rc, csv = !strcmp(format, "csv");

	if (!csv && strcmp(format, "jsonl"))
		return err_set(err, QASID_EINVAL, 0, "unknown row format '%s' (jsonl or csv)", format);
	rc = st_query_prepare(st, q, f, &s, err);
	if (rc == QASID_OK)
		rc = run(st, s, &o, csv ? row_csv : row_jsonl, err);
	buf_fini(&o.b);
	return rc;
}

/* ---- full records ---- */

#define SPAN(a, b) "json_object('start', " a ", 'end', " b ")"

static const char *article_record =
	"SELECT json_object("
	" 'id', coalesce(a.ext_id, '#' || a.id), 'rowid', a.id, 'title', a.title, 'date', a.date,"
	" 'source', a.source, 'url', a.url, 'author', a.author, 'site', a.site, 'lang', a.lang,"
	" 'extra', json(a.extra), 'content_hash', lower(hex(a.content_hash)),"
	" 'near_dup_of', (SELECT coalesce(b.ext_id, '#' || b.id) FROM article b"
	"   WHERE b.id = a.near_dup_of),"
	" 'near_dup_sim', a.near_dup_sim, 'cluster', a.cluster,"
	" 'copies', json((SELECT json_group_array(json_object('id', nullif(c.ext_id, ''),"
	"   'source', nullif(c.source, ''), 'url', nullif(c.url, ''), 'title', c.title,"
	"   'origin', c.origin)) FROM article_copy c WHERE c.article_id = a.id)),"
	" 'text', a.text,"
	" 'sentences', json((SELECT json_group_array(json_object('start', s.start, 'end', s.end,"
	"    'paragraph', s.paragraph)) FROM (SELECT * FROM sentence WHERE article_id = a.id"
	"   ORDER BY idx) s)),"
	" 'entities', json((SELECT json_group_array(json_object('id', e.local_id, 'type', e.type,"
	"   'name', e.name, 'role', e.role, 'affiliation', e.affiliation, 'actor', e.actor,"
	"   'mentions', json((SELECT json_group_array(" SPAN("m.start", "m.end") ")"
	"     FROM (SELECT * FROM mention WHERE entity_id = e.id ORDER BY start) m))))"
	"   FROM (SELECT * FROM entity WHERE article_id = a.id ORDER BY id) e)),"
	" 'quotes', json((SELECT json_group_array(json_object('id', q.local_id, 'kind', q.kind,"
	"   'content', " SPAN("q.start", "q.end") ","
	"   'source', CASE WHEN q.source_start IS NULL THEN NULL ELSE"
	"     " SPAN("q.source_start", "q.source_end") " END,"
	"   'cue', CASE WHEN q.cue_start IS NULL THEN NULL ELSE"
	"     " SPAN("q.cue_start", "q.cue_end") " END,"
	"   'cue_lemma', q.cue,"
	"   'speaker', (SELECT local_id FROM entity WHERE id = q.speaker_id),"
	"   'speaker_name', q.speaker_name, 'addressee', q.addressee, 'text', q.content_text))"
	"   FROM (SELECT * FROM quote WHERE article_id = a.id ORDER BY id) q)),"
	" 'events', json((SELECT json_group_array(json_object('id', v.local_id,"
	"   'event', v.event_id, 'source', v.source_actor, 'target', v.target_actor,"
	"   'cameo', v.cameo, 'plover', v.plover, 'mode', v.mode,"
	"   'background', json(CASE WHEN v.background <> 0 THEN 'true' ELSE 'false' END),"
	"   'reported', json(CASE WHEN v.reported <> 0 THEN 'true' ELSE 'false' END),"
	"   'quote', (SELECT local_id FROM quote WHERE id = v.quote_id),"
	"   'date', v.date, 'date_precision', v.date_precision,"
	"   'place', CASE WHEN v.place IS NULL AND v.country IS NULL THEN NULL ELSE"
	"     json_object('name', v.place, 'country', v.country, 'admin1', v.admin1,"
	"     'lat', v.lat, 'lon', v.lon) END,"
	"   'fatalities', json((SELECT json_group_array(json_object('low', low, 'best', best,"
	"     'high', high, 'side', side)) FROM casualty WHERE mention_id = v.id AND kind = 'killed')),"
	"   'injuries', json((SELECT json_group_array(json_object('low', low, 'best', best,"
	"     'high', high, 'side', side)) FROM casualty WHERE mention_id = v.id AND kind = 'injured')),"
	"   'start', v.start, 'end', v.end))"
	"   FROM (SELECT * FROM event_mention WHERE article_id = a.id ORDER BY id) v))"
	") AS record FROM article a WHERE a.id IN (SELECT rowid FROM (";

static const char *event_record =
	"SELECT json_object("
	" 'id', e.id, 'mode', e.mode,"
	" 'background', json(CASE WHEN e.background <> 0 THEN 'true' ELSE 'false' END),"
	" 'source', e.source_actor, 'target', e.target_actor, 'cameo', e.cameo,"
	" 'cameo_root', e.cameo_root, 'plover', e.plover, 'date', e.date_first,"
	" 'date_last', e.date_last, 'date_precision', e.date_precision,"
	" 'place', CASE WHEN e.place IS NULL AND e.country IS NULL THEN NULL ELSE"
	"   json_object('name', e.place, 'country', e.country, 'admin1', e.admin1,"
	"   'lat', e.lat, 'lon', e.lon) END,"
	" 'killed', e.killed, 'injured', e.injured,"
	" 'casualties', json((SELECT json_group_array(json_object('kind', kind, 'side', side,"
	"   'low', low, 'best', best, 'high', high, 'reports', n_reports))"
	"   FROM event_casualty WHERE event_id = e.id)),"
	" 'n_mentions', e.n_mentions, 'n_articles', e.n_articles, 'n_stories', e.n_stories,"
	" 'n_sources', e.n_sources,"
	" 'sources', json((SELECT json_group_array(json_object('article',"
	"   coalesce(a.ext_id, '#' || a.id), 'mention', m.local_id, 'title', a.title,"
	"   'date', a.date, 'source', a.source, 'url', a.url, 'mode', m.mode,"
	"   'reported', json(CASE WHEN m.reported <> 0 THEN 'true' ELSE 'false' END),"
	"   'start', m.start, 'end', m.end,"
	"   'text', substr(a.text, m.start + 1, m.end - m.start)))"
	"   FROM (SELECT * FROM event_mention WHERE event_id = e.id ORDER BY id) m"
	"   JOIN article a ON a.id = m.article_id))"
	") AS record FROM event e WHERE e.id IN (SELECT id FROM (";

/*
 * The export SQL is written once, in SQLite's words; this puts it in
 * PostgreSQL's: json_object becomes json_build_object, json_group_array(x)
 * coalesce(json_agg(x), '[]'), json(x) CAST(x AS json), lower(hex(x))
 * encode(x, 'hex'), group_concat string_agg, and COLLATE BINARY (bytewise,
 * SQLite's default) COLLATE "C". Parentheses are matched outside quotes.
 * NULL when out of memory.
 */
static char *pg_words(const char *sql)
{
	static const struct {
		const char *from, *to, *close; /* close: NULL when from opens nothing */
	} w[] = {
		{"json_object(", "json_build_object(", ")"},
		{"json_group_array(", "coalesce(json_agg(", "), '[]')"},
		{"json(", "CAST((", ") AS json)"},
		{"lower(hex(", "encode((", "), 'hex')"},
		{"group_concat(", "string_agg(", ")"},
		{"COLLATE BINARY", "COLLATE \"C\"", NULL},
	};
	const char *close[64]; /* what each open parenthesis closes with */
	buf b = {0};
	const char *p = sql;
	int depth = 0, oom = buf_append(&b, "", 0); /* "" stays "" */
	char quote = 0;

	while (*p && !oom) {
		size_t k, n = 0;

		if (quote || *p == '\'') {
			quote = *p == '\'' ? (quote ? 0 : '\'') : quote;
			oom = buf_putc(&b, *p++);
			continue;
		}
		for (k = 0; k < sizeof w / sizeof w[0] && depth < 64; k++) {
			n = strlen(w[k].from);
			if (!strncmp(p, w[k].from, n) &&
			    (p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')))
				break;
		}
		if (k < sizeof w / sizeof w[0] && depth < 64) {
			oom = buf_append(&b, w[k].to, strlen(w[k].to));
			if (w[k].close)
				close[depth++] = w[k].close;
			p += n; /* lower(hex( opens two: its close takes two ')' */
		} else if (*p == '(' && depth < 64) {
			close[depth++] = ")";
			oom = buf_putc(&b, *p++);
		} else if (*p == ')' && depth > 0) {
			const char *c = close[--depth];

			oom = buf_append(&b, c, strlen(c));
			p += strcmp(c, "), 'hex')") ? 1 : 2;
		} else
			oom = buf_putc(&b, *p++);
	}
	if (oom || depth >= 64) {
		buf_fini(&b);
		return NULL;
	}
	return b.data;
}

/* An export's query: before, then the query k's SELECT, then after, in the
 * store's words. (PostgreSQL wants a name for a subquery in FROM: x.) */
static int export_query(qasid_store *st, qasid_query k, const qasid_filter *f, const char *before,
                        const char *after, st_q **res, qasid_err *err)
{
	char *pg_before = NULL, *pg_after = NULL;
	int rc;

	if (!st_pg(st))
		return st_query_wrap(st, k, f, before, after, res, err);
	*res = NULL;
	if (!(pg_before = pg_words(before)) || !(pg_after = pg_words(after)))
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
	else
		rc = st_query_wrap(st, k, f, pg_before, pg_after, res, err);
	qs_free(pg_before);
	qs_free(pg_after);
	return rc;
}

/* ---- GDELT 2.0 event table: 61 columns, tab-separated, no header ---- */

/* Actor columns: code, name, country (first three letters of a code that
 * starts with them), known group, ethnic, religion 1 and 2, types 1-3. */
#define GDELT_ACTOR(code, ent)                                                                 \
	code ", (SELECT name FROM entity WHERE id = (SELECT " ent " FROM event_mention"          \
	     " WHERE event_id = e.id AND " ent " IS NOT NULL ORDER BY id LIMIT 1)),"              \
	     " CASE WHEN length(" code ") >= 3 THEN substr(" code ", 1, 3) END, NULL, NULL, NULL,"  \
	     " NULL, nullif(substr(" code ", 4, 3), ''), nullif(substr(" code ", 7, 3), ''),"       \
	     " nullif(substr(" code ", 10, 3), ''),"

#define GDELT_NO_GEO "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"

static const char *gdelt_sql =
	"SELECT e.id AS GLOBALEVENTID,"
	" replace(substr(e.date_first, 1, 10), '-', '') AS SQLDATE,"
	" replace(substr(e.date_first, 1, 7), '-', '') AS MonthYear,"
	" substr(e.date_first, 1, 4) AS Year,"
	" e.date_first AS FractionDate," /* made in C (derive) */
	GDELT_ACTOR("e.source_actor", "source_entity")
	GDELT_ACTOR("e.target_actor", "target_entity")
	" EXISTS (SELECT 1 FROM event_mention m JOIN sentence s ON s.article_id = m.article_id"
	"   AND s.paragraph = 0 AND m.start >= s.start AND m.start < s.end"
	"   WHERE m.event_id = e.id) AS IsRootEvent,"
	" e.cameo AS EventCode, substr(e.cameo, 1, 3) AS EventBaseCode,"
	" e.cameo_root AS EventRootCode,"
	" CASE WHEN e.cameo_root BETWEEN '01' AND '05' THEN 1 WHEN e.cameo_root BETWEEN '06' AND '09'"
	"   THEN 2 WHEN e.cameo_root BETWEEN '10' AND '14' THEN 3 WHEN e.cameo_root BETWEEN '15'"
	"   AND '20' THEN 4 END AS QuadClass,"
	" NULL AS GoldsteinScale, e.n_mentions AS NumMentions, e.n_sources AS NumSources,"
	" e.n_articles AS NumArticles, NULL AS AvgTone,"
	GDELT_NO_GEO GDELT_NO_GEO
	" CASE WHEN e.lat IS NOT NULL THEN 4 WHEN e.country IS NOT NULL THEN 1 END AS ActionGeo_Type,"
	" CASE WHEN e.place IS NOT NULL THEN e.place || coalesce(', ' || e.country, '')"
	"   ELSE e.country END AS ActionGeo_FullName,"
	" e.country AS ActionGeo_CountryCode, e.admin1 AS ActionGeo_ADM1Code,"
	" NULL AS ActionGeo_ADM2Code, e.lat AS ActionGeo_Lat, e.lon AS ActionGeo_Long,"
	" NULL AS ActionGeo_FeatureID,"
	" (SELECT min(a.added) FROM event_mention m" /* made in C (derive) */
	"   JOIN article a ON a.id = m.article_id WHERE m.event_id = e.id) AS DATEADDED,"
	" (SELECT a.url FROM event_mention m JOIN article a ON a.id = m.article_id"
	"   WHERE m.event_id = e.id ORDER BY m.id LIMIT 1) AS SOURCEURL"
	" FROM event e WHERE e.id IN (SELECT id FROM (";

/* ---- ACLED-style CSV ---- */

/* ACLED's event and sub-event types from the CAMEO code: an approximation,
 * for the contentious roots 14 to 20 that ACLED covers. */
#define ACLED_TYPES                                                                              \
	"CASE WHEN e.cameo LIKE '145%' THEN 'Riots' WHEN e.cameo_root = '14' THEN 'Protests'"    \
	" WHEN e.cameo LIKE '183%' OR e.cameo LIKE '194%' OR e.cameo LIKE '195%'"                 \
	"   THEN 'Explosions/Remote violence'"                                                    \
	" WHEN e.cameo_root = '19' THEN 'Battles'"                                                \
	" WHEN e.cameo_root IN ('18', '20') THEN 'Violence against civilians'"                    \
	" ELSE 'Strategic developments' END AS event_type,"                                       \
	" CASE WHEN e.cameo LIKE '145%' THEN 'Violent demonstration'"                             \
	" WHEN e.cameo_root = '14' THEN 'Peaceful protest'"                                       \
	" WHEN e.cameo = '1831' THEN 'Suicide bomb'"                                              \
	" WHEN e.cameo LIKE '183%' THEN 'Remote explosive/landmine/IED'"                         \
	" WHEN e.cameo LIKE '194%' THEN 'Shelling/artillery/missile attack'"                      \
	" WHEN e.cameo LIKE '195%' THEN 'Air/drone strike'"                                       \
	" WHEN e.cameo_root = '19' THEN 'Armed clash'"                                            \
	" WHEN e.cameo LIKE '180%' OR e.cameo LIKE '181%' THEN 'Abduction/forced disappearance'" \
	" WHEN e.cameo LIKE '1821%' THEN 'Sexual violence'"                                        \
	" WHEN e.cameo_root IN ('18', '20') THEN 'Attack'"                                        \
	" WHEN e.cameo LIKE '173%' THEN 'Arrests'"                                                \
	" ELSE 'Other' END AS sub_event_type,"

static const char *acled_sql =
	"SELECT coalesce(e.country, 'XXX') || e.id AS event_id_cnty,"
	" e.date_first AS event_date, substr(e.date_first, 1, 4) AS year,"
	" CASE coalesce(e.date_precision, 'day') WHEN 'day' THEN 1 WHEN 'article' THEN 1"
	"   WHEN 'week' THEN 2 ELSE 3 END AS time_precision,"
	" CASE WHEN e.cameo_root = '14' THEN 'Demonstrations' WHEN e.cameo_root IN ('18', '19', '20')"
	"   THEN 'Political violence' ELSE 'Strategic developments' END AS disorder_type,"
	ACLED_TYPES
	" coalesce((SELECT name FROM entity WHERE id = (SELECT source_entity FROM event_mention"
	"   WHERE event_id = e.id AND source_entity IS NOT NULL ORDER BY id LIMIT 1)),"
	"   e.source_actor) AS actor1, NULL AS assoc_actor_1, NULL AS inter1,"
	" coalesce((SELECT name FROM entity WHERE id = (SELECT target_entity FROM event_mention"
	"   WHERE event_id = e.id AND target_entity IS NOT NULL ORDER BY id LIMIT 1)),"
	"   e.target_actor) AS actor2, NULL AS assoc_actor_2, NULL AS inter2,"
	" NULL AS interaction, NULL AS civilian_targeting, NULL AS iso, NULL AS region,"
	" e.country AS country, e.admin1 AS admin1, NULL AS admin2, NULL AS admin3,"
	" e.place AS location, e.lat AS latitude, e.lon AS longitude,"
	" CASE WHEN e.lat IS NULL THEN NULL WHEN e.place IS NOT NULL THEN 1 ELSE 3 END"
	"   AS geo_precision,"
	/* (the aggregate takes the rows in the subquery's order, in both engines) */
	" (SELECT group_concat(s, '; ') FROM (SELECT DISTINCT coalesce(a.source, a.site,"
	"   coalesce(a.ext_id, '#' || a.id)) COLLATE BINARY AS s FROM event_mention m"
	"   JOIN article a ON a.id = m.article_id WHERE m.event_id = e.id ORDER BY 1) x) AS source,"
	" NULL AS source_scale,"
	" (SELECT substr(a.text, s.start + 1, s.end - s.start) FROM event_mention m"
	"   JOIN article a ON a.id = m.article_id JOIN sentence s ON s.article_id = m.article_id"
	"   AND m.start >= s.start AND m.start < s.end WHERE m.event_id = e.id"
	"   ORDER BY m.id LIMIT 1) AS notes,"
	" coalesce(e.killed, 0) AS fatalities,"
	" CASE WHEN e.mode <> 'asserted' THEN e.mode END AS tags,"
	" NULL AS timestamp" /* made in C (derive) */
	" FROM event e WHERE e.cameo_root BETWEEN '14' AND '20' AND e.id IN (SELECT id FROM (";

/* ---- GraphML: the actor network ---- */

static const char *edges_sql =
	"SELECT e.source_actor COLLATE BINARY, e.target_actor COLLATE BINARY,"
	" e.cameo_root COLLATE BINARY, min(coalesce(e.plover, '') COLLATE BINARY) AS plover,"
	" count(*) AS events, sum(e.n_articles) AS articles, sum(coalesce(e.killed, 0)) AS killed,"
	" min(e.date_first COLLATE BINARY) AS first, max(e.date_last COLLATE BINARY) AS last"
	" FROM event e WHERE e.source_actor IS NOT NULL AND e.target_actor IS NOT NULL"
	" AND e.id IN (SELECT id FROM (";

static void o_xml(out *o, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': o_str(o, "&lt;"); break;
		case '>': o_str(o, "&gt;"); break;
		case '&': o_str(o, "&amp;"); break;
		case '"': o_str(o, "&quot;"); break;
		default: o_raw(o, s, 1);
		}
}

typedef struct graph {
	out *o;
	buf nodes; /* actor codes already written, each followed by '\n' */
	long n_edges;
} graph;

static void node(graph *g, const char *code)
{
	size_t n = strlen(code);
	const char *p = g->nodes.data;

	while (p && (p = strstr(p, code)) != NULL) {
		if ((p == g->nodes.data || p[-1] == '\n') && p[n] == '\n')
			return;
		p++;
	}
	if (buf_append(&g->nodes, code, n) || buf_putc(&g->nodes, '\n')) {
		g->o->rc = QASID_ENOMEM;
		return;
	}
	o_str(g->o, "    <node id=\"");
	o_xml(g->o, code);
	o_str(g->o, "\"><data key=\"label\">");
	o_xml(g->o, code);
	o_str(g->o, "</data>");
	if (n >= 3) {
		char c[4] = {code[0], code[1], code[2], 0};

		o_str(g->o, "<data key=\"country\">");
		o_xml(g->o, c);
		o_str(g->o, "</data>");
	}
	o_str(g->o, "</node>\n");
}

static int row_edge(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	graph *g = ud;
	char b[512];

	(void)names;
	if (n < 9 || v[0].type != QASID_VAL_TEXT || v[1].type != QASID_VAL_TEXT)
		return 0;
	node(g, v[0].s);
	node(g, v[1].s);
	o_str(g->o, "    <edge id=\"e");
	snprintf(b, sizeof b, "%ld", ++g->n_edges);
	o_str(g->o, b);
	o_str(g->o, "\" source=\"");
	o_xml(g->o, v[0].s);
	o_str(g->o, "\" target=\"");
	o_xml(g->o, v[1].s);
	o_str(g->o, "\">");
	snprintf(b, sizeof b,
	         "<data key=\"weight\">%lld</data><data key=\"cameo_root\">%s</data>"
	         "<data key=\"articles\">%lld</data><data key=\"killed\">%lld</data>",
	         (long long)v[4].i, v[2].s ? v[2].s : "", (long long)v[5].i, (long long)v[6].i);
	o_str(g->o, b);
	if (v[3].type == QASID_VAL_TEXT && v[3].len) {
		o_str(g->o, "<data key=\"plover\">");
		o_xml(g->o, v[3].s);
		o_str(g->o, "</data>");
	}
	if (v[7].type == QASID_VAL_TEXT) {
		o_str(g->o, "<data key=\"first\">");
		o_xml(g->o, v[7].s);
		o_str(g->o, "</data><data key=\"last\">");
		o_xml(g->o, v[8].type == QASID_VAL_TEXT ? v[8].s : "");
		o_str(g->o, "</data>");
	}
	o_str(g->o, "</edge>\n");
	return g->o->rc;
}

static int export_graphml(qasid_store *st, const qasid_filter *f, out *o, qasid_err *err)
{
	graph g = {o, {0}, 0};
	st_q *s = NULL;
	int rc;

	rc = export_query(st, QASID_QUERY_EVENTS, f, edges_sql,
	                  f->mode ? ") x) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
	                          : ") x) AND e.mode = 'asserted' AND e.background = 0"
	                            " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
	                  &s, err);
	if (rc)
		return rc;
	o_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
	         "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
	         "  <key id=\"country\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>\n"
	         "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
	         "  <key id=\"cameo_root\" for=\"edge\" attr.name=\"cameo_root\" attr.type=\"string\"/>\n"
	         "  <key id=\"plover\" for=\"edge\" attr.name=\"plover\" attr.type=\"string\"/>\n"
	         "  <key id=\"articles\" for=\"edge\" attr.name=\"articles\" attr.type=\"long\"/>\n"
	         "  <key id=\"killed\" for=\"edge\" attr.name=\"killed\" attr.type=\"long\"/>\n"
	         "  <key id=\"first\" for=\"edge\" attr.name=\"first\" attr.type=\"string\"/>\n"
	         "  <key id=\"last\" for=\"edge\" attr.name=\"last\" attr.type=\"string\"/>\n"
	         "  <graph id=\"actors\" edgedefault=\"directed\">\n");
	rc = st_query_run(st, s, row_edge, &g, err);
	st_finalize(s);
	o_str(o, "  </graph>\n</graphml>\n");
	buf_fini(&g.nodes);
	if (rc == QASID_EIO && o->rc)
		rc = err_set(err, o->rc, 0, "%s", o->rc == QASID_ENOMEM ? "out of memory" : "cannot write the output");
	if (rc == QASID_OK) {
		o_flush(o);
		if (o->rc)
			rc = err_set(err, o->rc, 0, "cannot write the output");
	}
	return rc;
}

static qasid_query what_query(const char *what)
{
	if (!strcmp(what, "articles"))
		return QASID_QUERY_ARTICLES;
	if (!strcmp(what, "events"))
		return QASID_QUERY_EVENTS;
	if (!strcmp(what, "mentions"))
		return QASID_QUERY_MENTIONS;
	if (!strcmp(what, "quotes"))
		return QASID_QUERY_QUOTES;
	if (!strcmp(what, "entities"))
		return QASID_QUERY_ENTITIES;
	return 0;
}

int qasid_store_export(qasid_store *st, const char *format, const char *what,
                       const qasid_filter *f, qasid_write_fn w, void *ud, qasid_err *err)
{
	static const qasid_filter none;
	out o = {{0}, w, ud, QASID_OK, 0, 0};
	st_q *s = NULL;
	const char *asserted;
	qasid_query q;
	int rc;

	if (!f)
		f = &none;
	if (!what)
		what = "articles";
	q = what_query(what);
	asserted = f->mode ? ") x)" : ") x) AND e.mode = 'asserted' AND e.background = 0";
	if (!strcmp(format, "jsonl") || !strcmp(format, "csv")) {
		if (!q)
			return err_set(err, QASID_EINVAL, 0,
			               "unknown table '%s' (articles, events, mentions, quotes or entities)", what);
		if (!strcmp(format, "jsonl") && q == QASID_QUERY_ARTICLES)
			rc = export_query(st, q, f, article_record, ") x) ORDER BY a.id", &s, err);
		else if (!strcmp(format, "jsonl") && q == QASID_QUERY_EVENTS)
			rc = export_query(st, q, f, event_record, ") x) ORDER BY e.date_first, e.id", &s, err);
		else
			rc = st_query_prepare(st, q, f, &s, err);
		if (rc == QASID_OK)
			rc = run(st, s, &o, !strcmp(format, "csv") ? row_csv : row_jsonl, err);
	} else if (!strcmp(format, "gdelt") || !strcmp(format, "acled") ||
	           !strcmp(format, "graphml")) {
		if (strcmp(what, "articles") && strcmp(what, "events"))
			return err_set(err, QASID_EINVAL, 0, "the %s format exports events only", format);
		if (!strcmp(format, "graphml"))
			rc = export_graphml(st, f, &o, err);
		else {
			char after[160];

			o.now = (int64_t)time(NULL);
			/* undated events first, as SQLite sorts NULL (PostgreSQL: last) */
			snprintf(after, sizeof after,
			         "%s ORDER BY e.date_first COLLATE BINARY NULLS FIRST, e.id", asserted);
			rc = export_query(st, QASID_QUERY_EVENTS, f,
			                  !strcmp(format, "gdelt") ? gdelt_sql : acled_sql, after, &s, err);
			if (rc == QASID_OK)
				rc = run(st, s, &o, !strcmp(format, "gdelt") ? row_gdelt : row_acled, err);
		}
	} else
		rc = err_set(err, QASID_EINVAL, 0,
		             "unknown export format '%s' (jsonl, csv, gdelt, acled or graphml)", format);
	buf_fini(&o.b);
	return rc;
}
