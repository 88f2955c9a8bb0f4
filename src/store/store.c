/* SPDX-License-Identifier: MIT */
/*
 * The store: opening and migrating the database, batches, adding articles
 * (exact and near duplicates), counts. Queries are in query.c, event merging
 * in merge.c, exports in export.c, the SQLite and PostgreSQL backends in db.c.
 *
 * Writers in several processes: SQLite's BEGIN IMMEDIATE, and on PostgreSQL
 * a transaction-scoped advisory lock taken at the start of each batch,
 * serialise batches, so reading the next article id and the content-hash
 * lookups see every committed article; the unique keys (content_hash, the
 * copy key) back this up.
 *
 * SQLite allocates through the qasid allocator hook too (SQLITE_CONFIG_MALLOC,
 * set once before SQLite starts; if the host program started SQLite first,
 * SQLite keeps its own allocator).
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../doc/doc.h"
#include "store.h"

/* ---- SQLite's memory through qs_malloc: a 16-byte header keeps the size ---- */

#define MEM_HDR 16

static void *mem_malloc(int n)
{
	char *p = n > 0 ? qs_malloc((size_t)n + MEM_HDR) : NULL;

	if (!p)
		return NULL;
	*(size_t *)p = (size_t)n;
	return p + MEM_HDR;
}

static void mem_free(void *p)
{
	if (p)
		qs_free((char *)p - MEM_HDR);
}

static void *mem_realloc(void *p, int n)
{
	char *q;

	if (!p)
		return mem_malloc(n);
	if (n <= 0)
		return NULL;
	q = qs_realloc((char *)p - MEM_HDR, (size_t)n + MEM_HDR);
	if (!q)
		return NULL;
	*(size_t *)q = (size_t)n;
	return q + MEM_HDR;
}

static int mem_size(void *p)
{
	return p ? (int)*(size_t *)((char *)p - MEM_HDR) : 0;
}

static int mem_roundup(int n)
{
	return (n + 7) & ~7;
}

static int mem_init(void *ud)
{
	(void)ud;
	return SQLITE_OK;
}

static void mem_shutdown(void *ud)
{
	(void)ud;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	static const sqlite3_mem_methods mem = {mem_malloc, mem_free,     mem_realloc, mem_size,
	                                        mem_roundup, mem_init, mem_shutdown, NULL};

	sqlite3_config(SQLITE_CONFIG_MALLOC, &mem); /* SQLITE_MISUSE if already started */
	/* No global allocation statistics: they take a mutex on every malloc. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

/* ---- helpers ---- */

int st_fail(qasid_store *st, qasid_err *err, const char *what)
{
	if (!st || (!st->db && !st->pg) || (st->db && sqlite3_errcode(st->db) == SQLITE_NOMEM) ||
	    (st->pg && !strcmp(st->pg_msg, "out of memory")))
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	return err_set(err, QASID_EDB, 0, "%s: %s", what, st_errmsg(st));
}

/* SQL with no parameters and no rows, one statement or several. */
int st_exec(qasid_store *st, const char *sql, qasid_err *err)
{
	return st_exec_raw(st, sql) == ST_ERROR ? st_fail(st, err, "database") : QASID_OK;
}

int st_int(qasid_store *st, const char *sql, int64_t *out, qasid_err *err)
{
	st_q *s = NULL;
	int rc;

	*out = 0;
	rc = st_prepare(st, sql, &s, err);
	if (rc)
		return rc;
	rc = st_step(s);
	if (rc == ST_ROW)
		*out = st_col_int(s, 0);
	rc = rc == ST_ERROR ? st_fail(st, err, "database") : QASID_OK;
	st_finalize(s);
	return rc;
}

static const char *const stmt_sql[SQ_N] = {
	[SQ_FIND] = "SELECT id FROM article WHERE content_hash = ?1",
	[SQ_INS_ARTICLE] =
		"INSERT INTO article (id, ext_id, title, date, source, url, author, site, lang, extra,"
		" text, content_hash, n_chars, n_tokens, n_sentences, minhash, near_dup_of,"
		" near_dup_sim, cluster, pipeline, run_id, added)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21, ?22)",
	/* RETURNING gives a row only when the copy is new. */
	[SQ_INS_COPY] = "INSERT INTO article_copy (article_id, ext_id, source, url, title,"
	                " origin, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	                " ON CONFLICT DO NOTHING RETURNING 1",
	[SQ_INS_SENTENCE] = "INSERT INTO sentence (article_id, idx, paragraph, start, \"end\")"
	                    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQ_INS_BAND] = "INSERT INTO minhash_band (key, article_id) VALUES (?1, ?2)"
	                " ON CONFLICT DO NOTHING",
	[SQ_CANDIDATES] = "SELECT id, minhash, cluster FROM article WHERE id IN"
	                  " (SELECT article_id FROM minhash_band WHERE key IN"
	                  " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16))"
	                  " ORDER BY id LIMIT 2000",
	[SQ_INS_ENTITY] = "INSERT INTO entity (article_id, local_id, type, name, role, affiliation,"
	                  " actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	[SQ_INS_MENTION] = "INSERT INTO mention (entity_id, start, \"end\") VALUES (?1, ?2, ?3)"
	                   " ON CONFLICT DO NOTHING",
	[SQ_INS_QUOTE] = "INSERT INTO quote (article_id, local_id, kind, start, \"end\", source_start,"
	                 " source_end, cue_start, cue_end, cue, speaker_id, speaker_name, addressee,"
	                 " content_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	                 " ?13, ?14) RETURNING id",
	[SQ_INS_EVENT] = "INSERT INTO event_mention (article_id, local_id, source_actor, target_actor,"
	                 " source_entity, target_entity, cameo, cameo_root, plover, mode, background,"
	                 " reported, quote_id, date, date_precision, place, country, admin1, lat, lon,"
	                 " start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	                 " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) RETURNING id",
	[SQ_INS_CASUALTY] = "INSERT INTO casualty (mention_id, kind, low, best, high, side)"
	                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[SQ_MAX_ID] = "SELECT coalesce(max(id), 0) FROM article",
	[SQ_RUN_UPDATE] = "UPDATE ingest_run SET n_new = n_new + ?2, n_dup = n_dup + ?3 WHERE id = ?1",
};

st_q *st_stmt(qasid_store *st, int k, qasid_err *err)
{
	if (!st->stmt[k]) {
		if (st_prepare(st, stmt_sql[k], &st->stmt[k], err))
			return NULL;
	} else
		st_reset(st->stmt[k]);
	return st->stmt[k];
}

/* Runs a prepared statement to its end; no rows expected. */
static int step_done(qasid_store *st, st_q *s, qasid_err *err)
{
	int rc = st_step(s);

	st_reset(s);
	return rc == ST_DONE ? QASID_OK : st_fail(st, err, "cannot write to the store");
}

static void bind_text(st_q *s, int i, const char *v)
{
	st_bind_text(s, i, v, -1);
}

int st_is_date(const char *s)
{
	size_t n = strlen(s), i;
	int m, d;

	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (n >= 7) {
		m = (s[5] - '0') * 10 + s[6] - '0';
		if (m < 1 || m > 12)
			return 0;
	}
	if (n == 10) {
		d = (s[8] - '0') * 10 + s[9] - '0';
		if (d < 1 || d > 31)
			return 0;
	}
	return 1;
}

/* ---- opening and migrating ---- */

/* The advisory lock key of the store's writers on PostgreSQL ('qasid'). */
#define PG_LOCK "SELECT pg_advisory_xact_lock(7170388339)"

/* The schema version: PRAGMA user_version, or meta's schema_version. */
static int schema_version(qasid_store *st, int64_t *v, int64_t *tables, qasid_err *err)
{
	int64_t has_meta = 0;
	int rc;

	if (!st->pg) {
		rc = st_int(st, "PRAGMA user_version", v, err);
		return rc ? rc : st_int(st, "SELECT count(*) FROM sqlite_master", tables, err);
	}
	*v = 0;
	rc = st_int(st,
	            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
	            tables, err);
	if (rc == QASID_OK && *tables > 0)
		rc = st_int(st, "SELECT to_regclass('meta') IS NOT NULL", &has_meta, err);
	if (rc == QASID_OK && has_meta)
		rc = st_int(st,
		            "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta"
		            " WHERE key = 'schema_version'",
		            v, err);
	return rc;
}

static int migrate(qasid_store *st, const char *path, qasid_err *err)
{
	int64_t v, tables;
	int rc, target;
	const char *what = st->pg ? "a PostgreSQL database" : "an SQLite database";

	rc = schema_version(st, &v, &tables, err);
	if (rc)
		return rc;
	if (v > QASID_STORE_SCHEMA)
		return err_set(err, QASID_EDB, 0,
		               "%s was written by a newer qasid (schema version %lld; this qasid reads up "
		               "to %d): upgrade qasid",
		               path, (long long)v, QASID_STORE_SCHEMA);
	if (v == QASID_STORE_SCHEMA)
		return QASID_OK;
	if (v == 0 && tables > 0)
		return err_set(err, QASID_EDB, 0, "%s is %s but not a qasid store", path, what);
	if (st->flags & QASID_STORE_READONLY)
		return err_set(err, QASID_EDB, 0,
		               v == 0 ? "%s is not a qasid store (nothing ingested yet?)"
		                      : "%s needs an upgrade of its schema: run qasid ingest on it",
		               path);
	for (target = (int)v + 1; target <= QASID_STORE_SCHEMA; target++) {
		size_t len;
		const char *sql = st_migration(target, st->pg != NULL, &len);
		char version[160];

		if (!sql)
			return err_set(err, QASID_EDB, 0, "schema migration %d is missing", target);
		/* Another process may have migrated while we waited for the lock. */
		rc = st_exec(st, st->pg ? "BEGIN; " PG_LOCK : "BEGIN IMMEDIATE", err);
		if (rc)
			return rc;
		rc = schema_version(st, &v, &tables, err);
		if (rc == QASID_OK && v < target) {
			st->scratch.len = 0;
			rc = buf_append(&st->scratch, sql, len) ? QASID_ENOMEM : QASID_OK;
			if (rc == QASID_OK)
				rc = st_exec(st, st->scratch.data, err);
			if (st->pg)
				snprintf(version, sizeof version,
				         "INSERT INTO meta (key, value) VALUES ('schema_version', '%d')"
				         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
				         target);
			else
				snprintf(version, sizeof version, "PRAGMA user_version = %d", target);
			if (rc == QASID_OK)
				rc = st_exec(st, version, err);
			if (rc == QASID_OK && target == 1)
				rc = st_exec(st,
				             "INSERT INTO meta (key, value) VALUES ('created_by', 'qasid " QASID_VERSION
				             "')",
				             err);
		}
		if (rc == QASID_OK)
			rc = st_exec(st, "COMMIT", err);
		if (rc) {
			st_exec_raw(st, "ROLLBACK");
			return rc;
		}
	}
	return QASID_OK;
}

int qasid_store_open(qasid_store **out, const char *path, unsigned flags, qasid_err *err)
{
	qasid_store *st;
	int rc;

	*out = NULL;
	pthread_once(&sqlite_once, sqlite_setup);
	st = qs_malloc(sizeof *st);
	if (!st)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(st, 0, sizeof *st);
	st->flags = flags;
	qasid_store_settings_default(&st->set);
	rc = st_connect(st, path, err);
	if (rc)
		goto fail;
	if (st->pg) {
		if ((flags & QASID_STORE_READONLY) &&
		    st_exec_raw(st, "SET default_transaction_read_only = on") == ST_ERROR) {
			rc = err_set(err, QASID_EDB, 0, "PostgreSQL: %s", st_errmsg(st));
			goto fail;
		}
	} else {
		sqlite3_extended_result_codes(st->db, 0);
		sqlite3_busy_timeout(st->db, 60000);
		if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
			rc = err_set(err, QASID_EDB, 0, "cannot open %s: %s", path, sqlite3_errmsg(st->db));
			goto fail;
		}
		if (!(flags & QASID_STORE_READONLY) &&
		    sqlite3_exec(st->db,
		                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
		                 /* 32 MB of page cache: the indexes of a large store stay warm */
		                 " PRAGMA cache_size = -32768;"
		                 /*
		                  * Statement journals in memory: an insert that fires
		                  * triggers keeps the pages it changes there, and in a
		                  * large store a file took 400 writes per article.
		                  */
		                 " PRAGMA temp_store = MEMORY",
		                 NULL, NULL, NULL) != SQLITE_OK) {
			rc = sqlite3_errcode(st->db) == SQLITE_NOMEM
			             ? err_set(err, QASID_ENOMEM, 0, "out of memory")
			             : err_set(err, QASID_EDB, 0, "cannot open %s: %s", path,
			                       sqlite3_errmsg(st->db));
			goto fail;
		}
	}
	rc = migrate(st, path, err);
	if (rc) {
		/* "file is not a database" and the like: name the file. */
		if (rc == QASID_EDB && err && !strstr(err->msg, path)) {
			char m[sizeof err->msg];

			snprintf(m, sizeof m, "%s", err->msg);
			err_set(err, QASID_EDB, 0, "cannot open %s: %s", path, m);
		}
		goto fail;
	}
	*out = st;
	return QASID_OK;
fail:
	qasid_store_close(st);
	return rc;
}

int qasid_store_close(qasid_store *st)
{
	int i, rc = QASID_OK;

	if (!st)
		return QASID_OK;
	if (st->in_batch)
		qasid_store_rollback(st);
	for (i = 0; i < SQ_N; i++)
		st_finalize(st->stmt[i]);
	if (st->db && sqlite3_close(st->db) != SQLITE_OK)
		rc = QASID_EDB;
	st->db = NULL;
	st_disconnect(st);
	buf_fini(&st->scratch);
	qs_free(st);
	return rc;
}

/* ---- settings, runs, batches ---- */

void qasid_store_settings_default(qasid_store_settings *s)
{
	s->near_dup = 0.8;
	s->merge_window = 1;
}

int qasid_store_configure(qasid_store *st, const qasid_store_settings *s, qasid_err *err)
{
	st_q *q = NULL;
	int rc = QASID_OK;

	if (s->near_dup <= 0 || s->near_dup > 1)
		return err_set(err, QASID_EINVAL, 0, "near-duplicate threshold must be in (0, 1]");
	if (s->merge_window < 0 || s->merge_window > 3650)
		return err_set(err, QASID_EINVAL, 0, "merge window must be 0 to 3650 days");
	st->set = *s;
	if (st->flags & QASID_STORE_READONLY)
		return QASID_OK;
	rc = st_prepare(st, "SELECT value FROM meta WHERE key = 'merge_window_days'", &q, err);
	if (rc)
		return rc;
	rc = st_step(q);
	/* No window recorded: events (if any) were never merged with one. */
	st->remerge = rc != ST_ROW || atoi(st_col_text(q, 0, NULL) ? st_col_text(q, 0, NULL) : "-1") !=
	                                      s->merge_window;
	rc = rc == ST_ERROR ? st_fail(st, err, "database") : QASID_OK;
	st_finalize(q);
	return rc;
}

int qasid_store_run_start(qasid_store *st, const char *args, qasid_err *err)
{
	st_q *s = NULL;
	char now[24];
	int rc;

	rc = st_prepare(st,
	                "INSERT INTO ingest_run (started, qasid_version, args) VALUES (?1, ?2, ?3)"
	                " RETURNING id",
	                &s, err);
	if (rc)
		return rc;
	st_utc_now(now);
	st_bind_text(s, 1, now, -1);
	st_bind_text(s, 2, QASID_VERSION, -1);
	bind_text(s, 3, args);
	rc = st_step(s);
	if (rc == ST_ROW)
		st->run_id = st_col_int(s, 0);
	rc = rc == ST_ROW ? QASID_OK : st_fail(st, err, "cannot record the run");
	st_finalize(s);
	return rc;
}

int qasid_store_run_finish(qasid_store *st, long n_read, long n_failed, qasid_err *err)
{
	st_q *s = NULL;
	char now[24];
	int rc;

	if (!st->run_id)
		return QASID_OK;
	rc = st_prepare(st, "UPDATE ingest_run SET finished = ?4, n_read = ?2, n_failed = ?3 WHERE id = ?1",
	                &s, err);
	if (rc)
		return rc;
	st_utc_now(now);
	st_bind_int(s, 1, st->run_id);
	st_bind_int(s, 2, n_read);
	st_bind_int(s, 3, n_failed);
	st_bind_text(s, 4, now, -1);
	rc = step_done(st, s, err);
	st_finalize(s);
	/* Leave one tidy file: the log's pages into the database, the log emptied
	 * (best effort: a reader in another process may hold it). */
	if (rc == QASID_OK && st->db)
		sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return rc;
}

int qasid_store_begin(qasid_store *st, qasid_err *err)
{
	st_q *s;
	int rc;

	if (st->in_batch || (st->flags & QASID_STORE_READONLY))
		return err_set(err, QASID_EINVAL, 0,
		               st->in_batch ? "a batch is already open" : "the store is read-only");
	rc = st_exec(st, st->pg ? "BEGIN; " PG_LOCK : "BEGIN IMMEDIATE", err);
	if (rc) {
		if (st->pg)
			st_exec_raw(st, "ROLLBACK");
		return rc;
	}
	st->in_batch = 1;
	st->run_new = st->run_dup = 0;
	s = st_stmt(st, SQ_MAX_ID, err);
	if (!s || st_step(s) != ST_ROW) {
		rc = s ? st_fail(st, err, "database") : (err ? err->code : QASID_EDB);
		qasid_store_rollback(st);
		return rc;
	}
	st->next_id = st_col_int(s, 0) + 1;
	st_reset(s);
	return QASID_OK;
}

int qasid_store_commit(qasid_store *st, qasid_err *err)
{
	st_q *s;
	int rc;

	if (!st->in_batch)
		return err_set(err, QASID_EINVAL, 0, "no batch is open");
	rc = qasid_store_merge_events(st, st->remerge, err);
	if (rc == QASID_OK && st->remerge) {
		char sql[160];

		snprintf(sql, sizeof sql,
		         "INSERT INTO meta (key, value) VALUES ('merge_window_days', '%d')"
		         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		         st->set.merge_window);
		rc = st_exec(st, sql, err);
	}
	if (rc == QASID_OK && st->run_id) {
		s = st_stmt(st, SQ_RUN_UPDATE, err);
		if (!s)
			rc = err ? err->code : QASID_EDB;
		else {
			st_bind_int(s, 1, st->run_id);
			st_bind_int(s, 2, st->run_new);
			st_bind_int(s, 3, st->run_dup);
			rc = step_done(st, s, err);
		}
	}
	if (rc == QASID_OK)
		rc = st_exec(st, "COMMIT", err);
	if (rc) {
		qasid_store_rollback(st);
		return rc;
	}
	st->in_batch = 0;
	st->remerge = 0;
	return QASID_OK;
}

void qasid_store_rollback(qasid_store *st)
{
	int i;

	for (i = 0; i < SQ_N; i++)
		if (st->stmt[i])
			st_reset(st->stmt[i]);
	if (st->in_batch)
		st_exec_raw(st, "ROLLBACK");
	st->in_batch = 0;
}

/* ---- adding articles ---- */

int qasid_store_find(qasid_store *st, const uint8_t sha256[32], int64_t *article, qasid_err *err)
{
	st_q *s = st_stmt(st, SQ_FIND, err);
	int rc;

	*article = 0;
	if (!s)
		return err ? err->code : QASID_EDB;
	st_bind_blob(s, 1, sha256, 32);
	rc = st_step(s);
	if (rc == ST_ROW)
		*article = st_col_int(s, 0);
	st_reset(s);
	return rc == ST_ERROR ? st_fail(st, err, "database") : QASID_OK;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* The copy row of this record; *is_new says whether it was not there yet. */
static int add_copy(qasid_store *st, const qasid_doc *doc, int64_t article, const char *origin,
                    int *is_new, qasid_err *err)
{
	st_q *s = st_stmt(st, SQ_INS_COPY, err);
	int rc;

	if (!s)
		return err ? err->code : QASID_EDB;
	st_bind_int(s, 1, article);
	st_bind_text(s, 2, or_empty(qasid_doc_field(doc, QASID_FIELD_ID)), -1);
	st_bind_text(s, 3, or_empty(qasid_doc_field(doc, QASID_FIELD_SOURCE)), -1);
	st_bind_text(s, 4, or_empty(qasid_doc_field(doc, QASID_FIELD_URL)), -1);
	bind_text(s, 5, qasid_doc_field(doc, QASID_FIELD_TITLE));
	bind_text(s, 6, origin);
	if (st->run_id)
		st_bind_int(s, 7, st->run_id);
	rc = st_step(s);
	st_reset(s);
	*is_new = rc == ST_ROW;
	return rc == ST_ERROR ? st_fail(st, err, "cannot write to the store") : QASID_OK;
}

/* The most similar earlier cluster head sharing a band key, if similar enough. */
static int near_dup(qasid_store *st, const qasid_fingerprint *fp, qasid_added *out,
                    int64_t *cluster, qasid_err *err)
{
	int64_t keys[ST_BANDS];
	st_q *s;
	qasid_fingerprint other;
	int i, rc;

	if (!fp->has_minhash)
		return QASID_OK;
	st_band_keys(fp->minhash, keys);
	s = st_stmt(st, SQ_CANDIDATES, err);
	if (!s)
		return err ? err->code : QASID_EDB;
	for (i = 0; i < ST_BANDS; i++)
		st_bind_int(s, i + 1, keys[i]);
	other.has_minhash = 1;
	while ((rc = st_step(s)) == ST_ROW) {
		size_t nb;
		const unsigned char *b = st_col_blob(s, 1, &nb);
		double sim;

		if (nb != 4 * QASID_MINHASH_K || !b)
			continue;
		for (i = 0; i < QASID_MINHASH_K; i++)
			other.minhash[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
			                   (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		sim = qasid_fingerprint_similarity(fp, &other);
		if (sim >= st->set.near_dup && sim > out->near_dup_sim) {
			out->near_dup_of = st_col_int(s, 0);
			out->near_dup_sim = sim;
			*cluster = st_col_int(s, 2);
		}
	}
	st_reset(s);
	return rc == ST_DONE ? QASID_OK : st_fail(st, err, "database");
}

/* Metadata fields without a column of their own, as a JSON object (or NULL). */
static const char *extra_fields(qasid_store *st, const qasid_doc *doc)
{
	static const char *const known[] = {"id",  "title", "date", "source",
	                                    "url", "author", "site", "lang"};
	buf *b = &st->scratch;
	int f;
	size_t k;

	b->len = 0;
	for (f = 0; f < QASID_N_FIELDS; f++) {
		const char *name = qasid_field_name((qasid_field)f), *v = qasid_doc_field(doc, (qasid_field)f);
		const char *p;

		for (k = 0; k < sizeof known / sizeof known[0] && name; k++)
			if (!strcmp(name, known[k]))
				name = NULL;
		if (!name || !v)
			continue;
		if (buf_printf(b, "%s\"%s\":\"", b->len ? "," : "{", name))
			return NULL;
		for (p = v; *p; p++) {
			int r = (unsigned char)*p < 0x20 ? buf_printf(b, "\\u%04x", (unsigned char)*p)
			        : (*p == '"' || *p == '\\') ? buf_printf(b, "\\%c", *p)
			                                    : buf_putc(b, *p);
			if (r)
				return NULL;
		}
		if (buf_putc(b, '"'))
			return NULL;
	}
	if (!b->len || buf_putc(b, '}'))
		return NULL;
	return b->data;
}

static uint32_t cp_of(const qasid_doc *doc, uint32_t clean, int is_end)
{
	qasid_span s = {clean, clean};
	qasid_span in = qasid_doc_input_span(doc, s);

	return qasid_doc_input_cp(doc, is_end ? in.end : in.start);
}

static int add_sentences(qasid_store *st, const qasid_doc *doc, int64_t id, qasid_err *err)
{
	const qasid_sentence *sen = qasid_doc_sentences(doc);
	const qasid_span *par = qasid_doc_paragraphs(doc);
	size_t i, n = qasid_doc_n_sentences(doc), np = qasid_doc_n_paragraphs(doc), p = 0;
	int rc = QASID_OK;

	for (i = 0; i < n && rc == QASID_OK; i++) {
		st_q *s = st_stmt(st, SQ_INS_SENTENCE, err);
		qasid_span in = qasid_doc_input_span(doc, sen[i].span);

		if (!s)
			return err ? err->code : QASID_EDB;
		while (p + 1 < np && par[p].end <= sen[i].span.start)
			p++;
		st_bind_int(s, 1, id);
		st_bind_int(s, 2, (int64_t)i);
		st_bind_int(s, 3, (int64_t)p);
		st_bind_int(s, 4, qasid_doc_input_cp(doc, in.start));
		st_bind_int(s, 5, qasid_doc_input_cp(doc, in.end));
		rc = step_done(st, s, err);
	}
	return rc;
}

/*
 * Entities from the NER tagger's mentions, for a document whose mentions
 * were not resolved into entities (no quote stage ran): an entity is a
 * distinct (type, text) within the article, numbered E1, E2, ... in order
 * of first mention.
 */
static int add_ner_entities(qasid_store *st, const qasid_doc *doc, int64_t id, qasid_err *err)
{
	const qasid_mention *m = qasid_doc_mentions(doc);
	size_t i, j, n = qasid_doc_n_mentions(doc);
	const char *text = qasid_doc_text(doc, NULL);
	int64_t *ent = NULL;
	int rc = QASID_OK, n_ent = 0;

	if (!n)
		return QASID_OK;
	ent = qs_malloc(n * sizeof *ent);
	if (!ent)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	for (i = 0; i < n && rc == QASID_OK; i++) {
		uint32_t len = m[i].span.end - m[i].span.start;
		st_q *s;

		ent[i] = 0;
		for (j = 0; j < i; j++)
			if (!strcmp(m[j].type, m[i].type) && m[j].span.end - m[j].span.start == len &&
			    !memcmp(text + m[j].span.start, text + m[i].span.start, len)) {
				ent[i] = ent[j];
				break;
			}
		if (!ent[i]) {
			char local[24];

			snprintf(local, sizeof local, "E%d", ++n_ent);
			s = st_stmt(st, SQ_INS_ENTITY, err);
			if (!s) {
				rc = err ? err->code : QASID_EDB;
				break;
			}
			st_bind_int(s, 1, id);
			st_bind_text(s, 2, local, -1);
			st_bind_text(s, 3, m[i].type, -1);
			st_bind_text(s, 4, text + m[i].span.start, (int)len);
			rc = st_step(s);
			ent[i] = rc == ST_ROW ? st_col_int(s, 0) : 0;
			st_reset(s);
			rc = rc == ST_ROW ? QASID_OK : st_fail(st, err, "cannot write to the store");
		}
		if (rc)
			break;
		s = st_stmt(st, SQ_INS_MENTION, err);
		if (!s) {
			rc = err ? err->code : QASID_EDB;
			break;
		}
		st_bind_int(s, 1, ent[i]);
		st_bind_int(s, 2, cp_of(doc, m[i].span.start, 0));
		st_bind_int(s, 3, cp_of(doc, m[i].span.end, 1));
		rc = step_done(st, s, err);
	}
	qs_free(ent);
	return rc;
}

/* A statement or its failure: sets *rc and returns NULL when it cannot be had. */
static st_q *stmt_or(qasid_store *st, int k, int *rc, qasid_err *err)
{
	st_q *s = st_stmt(st, k, err);

	if (!s)
		*rc = err ? err->code : QASID_EDB;
	return s;
}

/* Runs an INSERT ... RETURNING id; *row gets the id. */
static int step_id(qasid_store *st, st_q *s, int64_t *row, qasid_err *err)
{
	int rc = st_step(s);

	*row = rc == ST_ROW ? st_col_int(s, 0) : 0;
	st_reset(s);
	return rc == ST_ROW ? QASID_OK : st_fail(st, err, "cannot write to the store");
}

/* Binds the start and end of a cleaned-text span in code points, or NULLs when it is empty. */
static void bind_span(st_q *s, int i, const qasid_doc *doc, qasid_span sp)
{
	if (sp.end <= sp.start)
		return;
	st_bind_int(s, i, cp_of(doc, sp.start, 0));
	st_bind_int(s, i + 1, cp_of(doc, sp.end, 1));
}

/* The input text of a cleaned-text span: a pointer into the input and its length. */
static const char *span_text(const qasid_doc *doc, qasid_span sp, int *len)
{
	qasid_span in = qasid_doc_input_span(doc, sp);
	const char *text = qasid_doc_input(doc, NULL);

	*len = (int)(in.end - in.start);
	return sp.end > sp.start && text && in.end > in.start ? text + in.start : NULL;
}

static void bind_span_text(st_q *s, int i, const qasid_doc *doc, qasid_span sp)
{
	int len;
	const char *t = span_text(doc, sp, &len);

	if (t)
		st_bind_text(s, i, t, len);
}

/*
 * The document's analysis: resolved entities with their mentions, quotes,
 * event mentions and their casualties. Local ids are those of the JSON
 * writer (src/out/json.c): E, Q and V numbered by index from 1, so an
 * entity without mentions (not written there, not stored here) leaves a
 * gap. An entity's actor is the code of the first event naming it as its
 * source or target. A document without resolved entities keeps the NER
 * tagger's mentions as entities (add_ner_entities).
 */
static int add_analysis(qasid_store *st, const qasid_doc *doc, int64_t id, qasid_err *err)
{
	static const char *const quote_kinds[] = {"", "direct", "indirect", "mixed"};
	static const char *const prec[] = {NULL, "day", "week", "month", "year"};
	const qasid_entity *ent = qasid_doc_entities(doc);
	const qasid_entity_mention *em = qasid_doc_entity_mentions(doc);
	const qasid_quote *qv = qasid_doc_quotes(doc);
	const qasid_event *ev = qasid_doc_events(doc);
	size_t n_ent = qasid_doc_n_entities(doc), n_em = qasid_doc_n_entity_mentions(doc);
	size_t n_q = qasid_doc_n_quotes(doc), n_ev = qasid_doc_n_events(doc), i, k;
	int64_t *ent_row = NULL, *quote_row = NULL;
	const char **actor = NULL;
	buf content = {0};
	char local[32];
	st_q *s;
	int rc = QASID_OK;

	if (!n_ent) {
		rc = add_ner_entities(st, doc, id, err);
		if (rc || (!n_q && !n_ev))
			return rc;
	}
	ent_row = qs_malloc((n_ent ? n_ent : 1) * sizeof *ent_row);
	actor = qs_malloc((n_ent ? n_ent : 1) * sizeof *actor);
	quote_row = qs_malloc((n_q ? n_q : 1) * sizeof *quote_row);
	if (!ent_row || !actor || !quote_row) {
		rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		goto done;
	}
	for (i = 0; i < n_ent; i++) {
		ent_row[i] = 0;
		actor[i] = NULL;
	}
	for (i = 0; i < n_ev; i++) {
		int32_t se = ev[i].source_entity, te = ev[i].target_entity;

		if (se >= 0 && (size_t)se < n_ent && !actor[se] && ev[i].source[0])
			actor[se] = ev[i].source;
		if (te >= 0 && (size_t)te < n_ent && !actor[te] && ev[i].target[0])
			actor[te] = ev[i].target;
	}

	/* entities and their mentions */
	for (i = 0; i < n_ent && rc == QASID_OK; i++) {
		const qasid_entity *e = &ent[i];

		if (!e->n_mentions)
			continue;
		if (!(s = stmt_or(st, SQ_INS_ENTITY, &rc, err)))
			break;
		snprintf(local, sizeof local, "E%zu", i + 1);
		st_bind_int(s, 1, id);
		st_bind_text(s, 2, local, -1);
		st_bind_text(s, 3, e->type, -1);
		if (e->name && *e->name)
			st_bind_text(s, 4, e->name, -1);
		else if (e->mentions[0] < n_em)
			bind_span_text(s, 4, doc, em[e->mentions[0]].span);
		else
			st_bind_text(s, 4, "", 0);
		bind_text(s, 5, e->role && *e->role ? e->role : NULL);
		bind_text(s, 6, e->affiliation && *e->affiliation ? e->affiliation : NULL);
		bind_text(s, 7, actor[i]);
		rc = step_id(st, s, &ent_row[i], err);
		for (k = 0; k < e->n_mentions && rc == QASID_OK; k++) {
			const qasid_entity_mention *m;

			if (e->mentions[k] >= n_em)
				continue;
			m = &em[e->mentions[k]];
			if (!(s = stmt_or(st, SQ_INS_MENTION, &rc, err)))
				break;
			st_bind_int(s, 1, ent_row[i]);
			st_bind_int(s, 2, cp_of(doc, m->span.start, 0));
			st_bind_int(s, 3, cp_of(doc, m->span.end, 1));
			rc = step_done(st, s, err);
		}
	}

	/* quotes: the span from the first content part to the last */
	for (i = 0; i < n_q && rc == QASID_OK; i++) {
		const qasid_quote *q = &qv[i];
		const char *name = NULL;
		int len;

		quote_row[i] = 0;
		if (!q->n_parts)
			continue;
		content.len = 0;
		for (k = 0; k < q->n_parts && k < QASID_QUOTE_MAX_PARTS; k++) {
			const char *t = span_text(doc, q->content[k], &len);

			if ((k && buf_append(&content, " ... ", 5)) || (t && buf_append(&content, t, (size_t)len)))
				rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		}
		if (rc || !(s = stmt_or(st, SQ_INS_QUOTE, &rc, err)))
			break;
		snprintf(local, sizeof local, "Q%zu", i + 1);
		st_bind_int(s, 1, id);
		st_bind_text(s, 2, local, -1);
		st_bind_text(s, 3, quote_kinds[q->kind >= 1 && q->kind <= 3 ? q->kind : 2], -1);
		st_bind_int(s, 4, cp_of(doc, q->content[0].start, 0));
		st_bind_int(s, 5, cp_of(doc, q->content[q->n_parts - 1].end, 1));
		bind_span(s, 6, doc, q->source);
		bind_span(s, 8, doc, q->cue);
		bind_span_text(s, 10, doc, q->cue);
		if (q->speaker >= 0 && (size_t)q->speaker < n_ent) {
			if (ent_row[q->speaker])
				st_bind_int(s, 11, ent_row[q->speaker]);
			name = ent[q->speaker].name;
		}
		if (name && *name)
			st_bind_text(s, 12, name, -1);
		else
			bind_span_text(s, 12, doc, q->source);
		if (q->addressee_span.end > q->addressee_span.start)
			bind_span_text(s, 13, doc, q->addressee_span);
		else if (q->addressee >= 0 && (size_t)q->addressee < n_ent && ent[q->addressee].name)
			st_bind_text(s, 13, ent[q->addressee].name, -1);
		st_bind_text(s, 14, content.data ? content.data : "", (int)content.len);
		rc = step_id(st, s, &quote_row[i], err);
	}

	/* event mentions and their casualties */
	for (i = 0; i < n_ev && rc == QASID_OK; i++) {
		const qasid_event *e = &ev[i];
		const char *mode = qasid_mode_name(e->mode);
		char date[16];
		int64_t row;

		if (!(s = stmt_or(st, SQ_INS_EVENT, &rc, err)))
			break;
		snprintf(local, sizeof local, "V%zu", i + 1);
		st_bind_int(s, 1, id);
		st_bind_text(s, 2, local, -1);
		bind_text(s, 3, e->source[0] ? e->source : NULL);
		bind_text(s, 4, e->target[0] ? e->target : NULL);
		if (e->source_entity >= 0 && (size_t)e->source_entity < n_ent && ent_row[e->source_entity])
			st_bind_int(s, 5, ent_row[e->source_entity]);
		if (e->target_entity >= 0 && (size_t)e->target_entity < n_ent && ent_row[e->target_entity])
			st_bind_int(s, 6, ent_row[e->target_entity]);
		st_bind_text(s, 7, e->cameo, -1);
		st_bind_text(s, 8, e->cameo, strlen(e->cameo) < 2 ? (int)strlen(e->cameo) : 2);
		bind_text(s, 9, e->plover);
		st_bind_text(s, 10, mode ? mode : "asserted", -1);
		st_bind_int(s, 11, e->background != 0);
		st_bind_int(s, 12, e->quote >= 0);
		if (e->quote >= 0 && (size_t)e->quote < n_q && quote_row[e->quote])
			st_bind_int(s, 13, quote_row[e->quote]);
		/*
		 * The date as far as it is known ('YYYY-MM' for a month, 'YYYY' for
		 * a year, as schema.sql has it); none when the text names no date,
		 * as the article's then applies (event.date_precision 'article').
		 */
		if (e->date != QASID_NO_DATE && e->precision > QASID_PREC_NONE &&
		    e->precision <= QASID_PREC_YEAR) {
			qasid_date_format(e->date, date);
			st_bind_text(s, 14, date,
			             e->precision == QASID_PREC_YEAR ? 4 : e->precision == QASID_PREC_MONTH ? 7 : 10);
			st_bind_text(s, 15, prec[e->precision], -1);
		}
		if (e->has_place && e->place.name) {
			st_bind_text(s, 16, e->place.name, -1);
			bind_text(s, 17, e->place.country[0] ? e->place.country : NULL);
			bind_text(s, 18, e->place.admin1 && *e->place.admin1 ? e->place.admin1 : NULL);
			if (e->place.kind == QASID_CITY) {
				st_bind_real(s, 19, e->place.lat);
				st_bind_real(s, 20, e->place.lon);
			}
		}
		st_bind_int(s, 21, cp_of(doc, e->sentence.start, 0));
		st_bind_int(s, 22, cp_of(doc, e->sentence.end, 1));
		rc = step_id(st, s, &row, err);
		for (k = 0; k < e->n_casualties && k < QASID_EVENT_MAX_CASUALTIES && rc == QASID_OK; k++) {
			const qasid_casualty *c = &e->casualties[k];

			if (c->best < 0 || (c->kind != QASID_KILLED && c->kind != QASID_INJURED))
				continue;
			if (!(s = stmt_or(st, SQ_INS_CASUALTY, &rc, err)))
				break;
			st_bind_int(s, 1, row);
			st_bind_text(s, 2, c->kind == QASID_KILLED ? "killed" : "injured", -1);
			if (c->low >= 0)
				st_bind_int(s, 3, c->low);
			st_bind_int(s, 4, c->best);
			if (c->high >= 0)
				st_bind_int(s, 5, c->high);
			bind_text(s, 6, c->side[0] ? c->side : NULL);
			rc = step_done(st, s, err);
		}
	}
done:
	buf_fini(&content);
	qs_free(ent_row);
	qs_free(actor);
	qs_free(quote_row);
	return rc;
}

static int add_article(qasid_store *st, const qasid_doc *doc, const qasid_fingerprint *fp,
                       const char *origin, qasid_added *out, qasid_err *err)
{
	static const qasid_field cols[] = {QASID_FIELD_ID, QASID_FIELD_TITLE, QASID_FIELD_DATE,
	                                   QASID_FIELD_SOURCE, QASID_FIELD_URL};
	unsigned char blob[4 * QASID_MINHASH_K];
	char now[24];
	int64_t id = st->next_id, cluster = id, keys[ST_BANDS];
	size_t len, i;
	const char *text = qasid_doc_input(doc, &len), *extra;
	st_q *s;
	int rc, f, is_new;

	rc = near_dup(st, fp, out, &cluster, err);
	if (rc)
		return rc;
	extra = extra_fields(st, doc);
	s = st_stmt(st, SQ_INS_ARTICLE, err);
	if (!s)
		return err ? err->code : QASID_EDB;
	st_bind_int(s, 1, id);
	st_utc_now(now);
	st_bind_text(s, 22, now, -1);
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		bind_text(s, (int)i + 2, qasid_doc_field(doc, cols[i]));
	/* author, site, lang: by name, so this builds whatever fields exist. */
	for (f = 0; f < QASID_N_FIELDS; f++) {
		const char *name = qasid_field_name((qasid_field)f);
		int col = !strcmp(name, "author") ? 7 : !strcmp(name, "site") ? 8 : !strcmp(name, "lang") ? 9 : 0;

		if (col)
			bind_text(s, col, qasid_doc_field(doc, (qasid_field)f));
	}
	bind_text(s, 10, extra);
	st_bind_text(s, 11, text ? text : "", text ? (int)len : 0);
	st_bind_blob(s, 12, fp->sha256, 32);
	st_bind_int(s, 13, qasid_doc_input_cp(doc, (uint32_t)len));
	st_bind_int(s, 14, (int64_t)qasid_doc_n_tokens(doc));
	st_bind_int(s, 15, (int64_t)qasid_doc_n_sentences(doc));
	if (fp->has_minhash) {
		for (i = 0; i < QASID_MINHASH_K; i++) {
			blob[4 * i] = (unsigned char)fp->minhash[i];
			blob[4 * i + 1] = (unsigned char)(fp->minhash[i] >> 8);
			blob[4 * i + 2] = (unsigned char)(fp->minhash[i] >> 16);
			blob[4 * i + 3] = (unsigned char)(fp->minhash[i] >> 24);
		}
		st_bind_blob(s, 16, blob, sizeof blob);
	}
	if (out->near_dup_of) {
		st_bind_int(s, 17, out->near_dup_of);
		st_bind_real(s, 18, out->near_dup_sim);
	}
	st_bind_int(s, 19, cluster);
	st_bind_text(s, 20, QASID_VERSION, -1);
	if (st->run_id)
		st_bind_int(s, 21, st->run_id);
	rc = step_done(st, s, err);
	if (rc == QASID_OK)
		rc = add_copy(st, doc, id, origin, &is_new, err);
	/*
	 * Only the article that starts a cluster is indexed by band: a later
	 * one is compared with one member per cluster, not with every copy
	 * (a wire story on 40 sites would otherwise cost 40 comparisons, each
	 * reading a whole article row).
	 */
	if (rc == QASID_OK && fp->has_minhash && !out->near_dup_of) {
		st_band_keys(fp->minhash, keys);
		for (i = 0; i < ST_BANDS && rc == QASID_OK; i++) {
			s = st_stmt(st, SQ_INS_BAND, err);
			if (!s)
				return err ? err->code : QASID_EDB;
			st_bind_int(s, 1, keys[i]);
			st_bind_int(s, 2, id);
			rc = step_done(st, s, err);
		}
	}
	if (rc == QASID_OK)
		rc = add_sentences(st, doc, id, err);
	if (rc == QASID_OK)
		rc = add_analysis(st, doc, id, err);
	if (rc == QASID_OK) {
		st->next_id++;
		st->run_new++;
		out->kind = QASID_ADDED_NEW;
		out->article = id;
	}
	return rc;
}

int qasid_store_add(qasid_store *st, const qasid_doc *doc, const qasid_fingerprint *fp,
                    const char *origin, qasid_added *out, qasid_err *err)
{
	qasid_added dummy;
	int64_t id;
	int rc, is_new;

	if (!out)
		out = &dummy;
	memset(out, 0, sizeof *out);
	if (!st->in_batch)
		return err_set(err, QASID_EINVAL, 0, "qasid_store_add outside a batch");
	rc = qasid_store_find(st, fp->sha256, &id, err);
	if (rc)
		return rc;
	if (!id)
		return add_article(st, doc, fp, origin, out, err);
	rc = add_copy(st, doc, id, origin, &is_new, err);
	if (rc)
		return rc;
	out->article = id;
	out->kind = is_new ? QASID_ADDED_COPY : QASID_ADDED_SEEN;
	st->run_dup += is_new;
	return QASID_OK;
}

int qasid_store_stats_get(qasid_store *st, qasid_store_stats *s, qasid_err *err)
{
	static const struct {
		size_t off;
		const char *sql;
	} q[] = {
		{offsetof(qasid_store_stats, articles), "SELECT count(*) FROM article"},
		{offsetof(qasid_store_stats, copies), "SELECT count(*) FROM article_copy"},
		{offsetof(qasid_store_stats, near_dups),
		 "SELECT count(*) FROM article WHERE near_dup_of IS NOT NULL"},
		{offsetof(qasid_store_stats, clusters), "SELECT count(DISTINCT cluster) FROM article"},
		{offsetof(qasid_store_stats, sentences), "SELECT count(*) FROM sentence"},
		{offsetof(qasid_store_stats, entities), "SELECT count(*) FROM entity"},
		{offsetof(qasid_store_stats, mentions), "SELECT count(*) FROM mention"},
		{offsetof(qasid_store_stats, quotes), "SELECT count(*) FROM quote"},
		{offsetof(qasid_store_stats, event_mentions), "SELECT count(*) FROM event_mention"},
		{offsetof(qasid_store_stats, events), "SELECT count(*) FROM event"},
		{offsetof(qasid_store_stats, runs), "SELECT count(*) FROM ingest_run"},
	};
	size_t i;
	int rc;

	memset(s, 0, sizeof *s);
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		rc = st_int(st, q[i].sql, (int64_t *)((char *)s + q[i].off), err);
		if (rc)
			return rc;
	}
	return QASID_OK;
}
