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
	" AND source_actor IS ?1 AND target_actor IS ?2 AND cameo_root = ?3 AND country IS ?4"
	" AND lower(coalesce(place, '')) = lower(coalesce(?5, ''))"
	" AND length(date_first) = 10 AND length(date_last) = 10"
	" AND julianday(?6) BETWEEN julianday(date_first) - ?7 AND julianday(date_last) + ?7"
	" ORDER BY min(abs(julianday(?6) - julianday(date_first)),"
	"              abs(julianday(?6) - julianday(date_last))), id LIMIT 1";

static const char *new_sql =
	"INSERT INTO event (mode, background, source_actor, target_actor, cameo, cameo_root, plover,"
	" date_first, date_last, date_precision, place, country, admin1, lat, lon)"
	" SELECT mode, background, source_actor, target_actor, cameo, cameo_root, plover, ?2, ?2,"
	" CASE WHEN date IS NULL AND ?2 IS NOT NULL THEN 'article' ELSE date_precision END,"
	" place, country, admin1, lat, lon FROM event_mention WHERE id = ?1";

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

static const char *col_str(arena *ar, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? ar_strndup(ar, (const char *)t, (size_t)sqlite3_column_bytes(s, i)) : NULL;
}

/* Reads up to CHUNK pending mentions after id *last; *n gets the count. */
static int read_chunk(qasid_store *st, sqlite3_stmt *q, arena *ar, pending *p, size_t *n,
                      int64_t last, qasid_err *err)
{
	int rc;

	*n = 0;
	ar_reset(ar);
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, last);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pending *x = &p[(*n)++];

		x->id = sqlite3_column_int64(q, 0);
		x->src = col_str(ar, q, 1);
		x->tgt = col_str(ar, q, 2);
		x->root = col_str(ar, q, 3);
		x->mode = col_str(ar, q, 4);
		x->background = sqlite3_column_int(q, 5);
		x->date = col_str(ar, q, 6);
		x->country = col_str(ar, q, 7);
		x->place = col_str(ar, q, 8);
		if ((sqlite3_column_type(q, 1) != SQLITE_NULL && !x->src) || !x->root || !x->mode ||
		    (sqlite3_column_type(q, 2) != SQLITE_NULL && !x->tgt) ||
		    (sqlite3_column_type(q, 6) != SQLITE_NULL && !x->date) ||
		    (sqlite3_column_type(q, 7) != SQLITE_NULL && !x->country) ||
		    (sqlite3_column_type(q, 8) != SQLITE_NULL && !x->place)) {
			sqlite3_reset(q);
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
		}
		if (x->date && !st_is_date(x->date))
			x->date = NULL; /* e.g. an article date that is not a date */
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? QASID_OK : st_fail(st, err, "cannot merge events");
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

/* The event mention p joins: an existing event, or a new one. */
static int place_mention(qasid_store *st, sqlite3_stmt *find, sqlite3_stmt *add,
                         sqlite3_stmt *assign, const pending *p, int64_t *event, qasid_err *err)
{
	int rc;

	*event = 0;
	if (!strcmp(p->mode, "asserted") && !p->background && p->date && strlen(p->date) == 10) {
		sqlite3_reset(find);
		bind_opt(find, 1, p->src);
		bind_opt(find, 2, p->tgt);
		bind_opt(find, 3, p->root);
		bind_opt(find, 4, p->country);
		bind_opt(find, 5, p->place);
		bind_opt(find, 6, p->date);
		sqlite3_bind_int(find, 7, st->set.merge_window);
		rc = sqlite3_step(find);
		if (rc == SQLITE_ROW)
			*event = sqlite3_column_int64(find, 0);
		sqlite3_reset(find);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return st_fail(st, err, "cannot merge events");
	}
	if (!*event) {
		sqlite3_reset(add);
		sqlite3_bind_int64(add, 1, p->id);
		bind_opt(add, 2, p->date);
		rc = sqlite3_step(add);
		sqlite3_reset(add);
		if (rc != SQLITE_DONE)
			return st_fail(st, err, "cannot merge events");
		*event = sqlite3_last_insert_rowid(st->db);
	}
	sqlite3_reset(assign);
	sqlite3_bind_int64(assign, 1, p->id);
	sqlite3_bind_int64(assign, 2, *event);
	rc = sqlite3_step(assign);
	sqlite3_reset(assign);
	return rc == SQLITE_DONE ? QASID_OK : st_fail(st, err, "cannot merge events");
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int qasid_store_merge_events(qasid_store *st, int rebuild, qasid_err *err)
{
	sqlite3_stmt *q = NULL, *find = NULL, *add = NULL, *assign = NULL, *recompute = NULL;
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
	if (sqlite3_prepare_v2(st->db, pending_sql, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, find_sql, -1, &find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, new_sql, -1, &add, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, assign_sql, -1, &assign, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, recompute_sql, -1, &recompute, NULL) != SQLITE_OK) {
		rc = st_fail(st, err, "cannot merge events");
		goto done;
	}
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
		sqlite3_reset(recompute);
		sqlite3_bind_int64(recompute, 1, touched.v[i]);
		if (sqlite3_step(recompute) != SQLITE_DONE)
			rc = st_fail(st, err, "cannot merge events");
	}
done:
	sqlite3_finalize(q);
	sqlite3_finalize(find);
	sqlite3_finalize(add);
	sqlite3_finalize(assign);
	sqlite3_finalize(recompute);
	VEC_FREE(&touched);
	qs_free(p);
	ar_fini(&ar);
	return rc;
}
