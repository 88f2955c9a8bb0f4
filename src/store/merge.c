/* SPDX-License-Identifier: MIT */
/*
 * Events across articles: each event mention not yet in an event joins the
 * nearest matching event or starts one (rules in schema.sql, table event).
 *
 * A mention merges only when it is asserted, not background, and has a day
 * date (its own, else its article's). Then it joins the event with the same
 * source and target actor, CAMEO root, country and place (case-insensitive)
 * whose date range, widened by the merging window on each side, holds its
 * date; the nearest such event wins, the oldest on a tie. Mentions are taken
 * in id order, so the result depends only on the store's contents.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define CHUNK 512

typedef struct pending {
	int64_t id;
	const char *src, *tgt, *root, *mode, *country, *place, *date;
	int background;
} pending;

static const char *pending_sql =
	"SELECT m.id, m.source_actor, m.target_actor, m.cameo_root, m.mode, m.background,"
	" coalesce(m.date, substr(a.date, 1, 10)), m.country, m.place"
	" FROM event_mention m JOIN article a ON a.id = m.article_id"
	" WHERE m.event_id IS NULL AND m.id > ?1 ORDER BY m.id LIMIT 512";

static const char *find_sql =
	"SELECT id FROM event WHERE mode = 'asserted' AND background = 0"
	" AND source_actor IS NOT DISTINCT FROM ?1 AND target_actor IS NOT DISTINCT FROM ?2"
	" AND cameo_root = ?3 AND country IS NOT DISTINCT FROM ?4"
	" AND lower(coalesce(place, '')) = lower(coalesce(?5, ''))"
	" AND length(date_first) = 10 AND length(date_last) = 10"
	" AND julianday(?6) BETWEEN julianday(date_first) - ?7 AND julianday(date_last) + ?7"
	" ORDER BY CASE WHEN abs(julianday(?6) - julianday(date_first))"
	"   < abs(julianday(?6) - julianday(date_last)) THEN abs(julianday(?6) - julianday(date_first))"
	"   ELSE abs(julianday(?6) - julianday(date_last)) END, id LIMIT 1";

static const char *new_sql =
	"INSERT INTO event (mode, background, source_actor, target_actor, cameo, cameo_root, plover,"
	" date_first, date_last, date_precision, place, country, admin1, lat, lon)"
	" SELECT mode, background, source_actor, target_actor, cameo, cameo_root, plover,"
	" CAST(?2 AS TEXT), CAST(?2 AS TEXT),"
	" CASE WHEN date IS NULL AND CAST(?2 AS TEXT) IS NOT NULL THEN 'article' ELSE date_precision END,"
	" place, country, admin1, lat, lon FROM event_mention WHERE id = ?1 RETURNING id";

static const char *assign_sql = "UPDATE event_mention SET event_id = ?2 WHERE id = ?1";

static const char *recompute_sql =
	"UPDATE event SET"
	" n_mentions = (SELECT count(*) FROM event_mention WHERE event_id = ?1),"
	" n_articles = (SELECT count(DISTINCT article_id) FROM event_mention WHERE event_id = ?1),"
	" n_stories = (SELECT count(DISTINCT a.cluster) FROM event_mention m"
	"   JOIN article a ON a.id = m.article_id WHERE m.event_id = ?1),"
	" n_sources = (SELECT count(DISTINCT CASE WHEN c.source <> '' THEN 's' || c.source"
	"   ELSE 'a' || c.article_id END) FROM article_copy c"
	"   WHERE c.article_id IN (SELECT article_id FROM event_mention WHERE event_id = ?1)),"
	" cameo = (SELECT cameo FROM event_mention WHERE event_id = ?1 GROUP BY cameo"
	"   ORDER BY count(*) DESC, length(cameo) DESC, cameo LIMIT 1),"
	" plover = (SELECT plover FROM event_mention WHERE event_id = ?1 AND plover IS NOT NULL"
	"   GROUP BY plover ORDER BY count(*) DESC, plover LIMIT 1),"
	" date_first = CASE WHEN date_first IS NULL THEN NULL ELSE"
	"   (SELECT min(coalesce(m.date, substr(a.date, 1, 10))) FROM event_mention m"
	"    JOIN article a ON a.id = m.article_id WHERE m.event_id = ?1) END,"
	" date_last = CASE WHEN date_last IS NULL THEN NULL ELSE"
	"   (SELECT max(coalesce(m.date, substr(a.date, 1, 10))) FROM event_mention m"
	"    JOIN article a ON a.id = m.article_id WHERE m.event_id = ?1) END,"
	" killed = (SELECT sum(best) FROM event_casualty WHERE event_id = ?1 AND kind = 'killed'),"
	" injured = (SELECT sum(best) FROM event_casualty WHERE event_id = ?1 AND kind = 'injured'),"
	" admin1 = coalesce(admin1, (SELECT admin1 FROM event_mention WHERE event_id = ?1"
	"   AND admin1 IS NOT NULL ORDER BY id LIMIT 1)),"
	" lat = coalesce(lat, (SELECT lat FROM event_mention WHERE event_id = ?1"
	"   AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY id LIMIT 1)),"
	" lon = coalesce(lon, (SELECT lon FROM event_mention WHERE event_id = ?1"
	"   AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY id LIMIT 1))"
	" WHERE id = ?1";

typedef VEC(int64_t) i64vec;

static const char *col_str(arena *ar, st_q *s, int i)
{
	size_t n;
	const char *t = st_col_text(s, i, &n);

	return t ? ar_strndup(ar, t, n) : NULL;
}

/* Reads up to CHUNK pending mentions after id *last; *n gets the count. */
static int read_chunk(qasid_store *st, st_q *q, arena *ar, pending *p, size_t *n,
                      int64_t last, qasid_err *err)
{
	int rc;

	*n = 0;
	ar_reset(ar);
	st_reset(q);
	st_bind_int(q, 1, last);
	while ((rc = st_step(q)) == ST_ROW) {
		pending *x = &p[(*n)++];

		x->id = st_col_int(q, 0);
		x->src = col_str(ar, q, 1);
		x->tgt = col_str(ar, q, 2);
		x->root = col_str(ar, q, 3);
		x->mode = col_str(ar, q, 4);
		x->background = (int)st_col_int(q, 5);
		x->date = col_str(ar, q, 6);
		x->country = col_str(ar, q, 7);
		x->place = col_str(ar, q, 8);
		if ((st_col_type(q, 1) != ST_NULL && !x->src) || !x->root || !x->mode ||
		    (st_col_type(q, 2) != ST_NULL && !x->tgt) ||
		    (st_col_type(q, 6) != ST_NULL && !x->date) ||
		    (st_col_type(q, 7) != ST_NULL && !x->country) ||
		    (st_col_type(q, 8) != ST_NULL && !x->place)) {
			st_reset(q);
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
		}
		if (x->date && !st_is_date(x->date))
			x->date = NULL; /* e.g. an article date that is not a date */
	}
	st_reset(q);
	return rc == ST_DONE ? QASID_OK : st_fail(st, err, "cannot merge events");
}

static void bind_opt(st_q *s, int i, const char *v)
{
	st_bind_text(s, i, v, -1);
}

/* The event mention p joins: an existing event, or a new one. */
static int place_mention(qasid_store *st, st_q *find, st_q *add,
                         st_q *assign, const pending *p, int64_t *event, qasid_err *err)
{
	int rc;

	*event = 0;
	if (!strcmp(p->mode, "asserted") && !p->background && p->date && strlen(p->date) == 10) {
		st_reset(find);
		bind_opt(find, 1, p->src);
		bind_opt(find, 2, p->tgt);
		bind_opt(find, 3, p->root);
		bind_opt(find, 4, p->country);
		bind_opt(find, 5, p->place);
		bind_opt(find, 6, p->date);
		st_bind_int(find, 7, st->set.merge_window);
		rc = st_step(find);
		if (rc == ST_ROW)
			*event = st_col_int(find, 0);
		st_reset(find);
		if (rc != ST_ROW && rc != ST_DONE)
			return st_fail(st, err, "cannot merge events");
	}
	if (!*event) {
		st_reset(add);
		st_bind_int(add, 1, p->id);
		bind_opt(add, 2, p->date);
		rc = st_step(add);
		if (rc == ST_ROW)
			*event = st_col_int(add, 0);
		st_reset(add);
		if (rc != ST_ROW)
			return st_fail(st, err, "cannot merge events");
	}
	st_reset(assign);
	st_bind_int(assign, 1, p->id);
	st_bind_int(assign, 2, *event);
	rc = st_step(assign);
	st_reset(assign);
	return rc == ST_DONE ? QASID_OK : st_fail(st, err, "cannot merge events");
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int qasid_store_merge_events(qasid_store *st, int rebuild, qasid_err *err)
{
	st_q *q = NULL, *find = NULL, *add = NULL, *assign = NULL, *recompute = NULL;
	pending *p = NULL;
	i64vec touched = {0};
	arena ar;
	int64_t last = 0, any;
	size_t n, i;
	int rc;

	ar_init(&ar);
	if (!st->in_batch) {
		rc = err_set(err, QASID_EINVAL, 0, "merging events outside a batch");
		goto done;
	}
	if (rebuild) {
		rc = st_exec(st, "UPDATE event_mention SET event_id = NULL WHERE event_id IS NOT NULL;"
		                 " DELETE FROM event",
		             err);
		if (rc)
			goto done;
	}
	/* The common case, no event mention waiting: one indexed lookup. */
	rc = st_int(st, "SELECT EXISTS (SELECT 1 FROM event_mention WHERE event_id IS NULL)", &any, err);
	if (rc || !any)
		goto done;
	p = qs_malloc(CHUNK * sizeof *p);
	if (!p) {
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		goto done;
	}
	if ((rc = st_prepare(st, pending_sql, &q, err)) != QASID_OK ||
	    (rc = st_prepare(st, find_sql, &find, err)) != QASID_OK ||
	    (rc = st_prepare(st, new_sql, &add, err)) != QASID_OK ||
	    (rc = st_prepare(st, assign_sql, &assign, err)) != QASID_OK ||
	    (rc = st_prepare(st, recompute_sql, &recompute, err)) != QASID_OK)
		goto done;
	for (;;) {
		rc = read_chunk(st, q, &ar, p, &n, last, err);
		if (rc || n == 0)
			break;
		for (i = 0; i < n && rc == QASID_OK; i++) {
			int64_t ev;

			rc = place_mention(st, find, add, assign, &p[i], &ev, err);
			if (rc == QASID_OK && VEC_PUSH(&touched, ev))
				rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		}
		if (rc)
			goto done;
		last = p[n - 1].id;
	}
	if (rc)
		goto done;
	qsort(touched.v, touched.n, sizeof touched.v[0], cmp_i64);
	for (i = 0; i < touched.n && rc == QASID_OK; i++) {
		if (i && touched.v[i] == touched.v[i - 1])
			continue;
		st_reset(recompute);
		st_bind_int(recompute, 1, touched.v[i]);
		if (st_step(recompute) == ST_ERROR)
			rc = st_fail(st, err, "cannot merge events");
	}
done:
	st_finalize(q);
	st_finalize(find);
	st_finalize(add);
	st_finalize(assign);
	st_finalize(recompute);
	VEC_FREE(&touched);
	qs_free(p);
	ar_fini(&ar);
	return rc;
}
