/* SPDX-License-Identifier: MIT */
/*
 * The store (src/store): schema and migrations, exact and near duplicates,
 * idempotent adds, batches, event merging over mentions the test inserts
 * into the database itself, queries and their filters, exports, and a walk
 * of allocation failures.
 *
 * The suite store_pg runs the same tests on a PostgreSQL store, in a
 * throwaway server started by tests/pg-server (skipped, saying why, when
 * PostgreSQL is not installed or cannot run here), and compares the GDELT,
 * ACLED and GraphML exports of one store in SQLite and in PostgreSQL.
 */
#include <ctype.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

/* On tmpfs when there is one: the allocation walk creates many databases. */
static t_tmp tmpdir = {.name = "qasid-store", .shm = 1};

static const char *tmp_path(const char *name)
{
	return t_tmp_path(&tmpdir, name);
}

/* PostgreSQL: the server's directory, set while the store_pg suite runs. */
static char pg_dir[64];
static int pg_on;
static char pg_why[256];

static int is_url(const char *db)
{
	return !strncmp(db, "postgresql://", 13);
}

/* Runs tests/pg-server with args; its first output line into out. */
static int pg_server(const char *args, char *out, size_t cap)
{
	const char *script = getenv("QASID_PG_SERVER");
	char cmd[512];
	FILE *f;
	int st;

	snprintf(cmd, sizeof cmd, "%s %s 2>%s/err.txt", script ? script : "tests/pg-server", args,
	         pg_dir);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	out[0] = '\0';
	if (fgets(out, (int)cap, f))
		out[strcspn(out, "\n")] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A fresh SQLite database path (removes any old one and its WAL). */
static const char *fresh_file(const char *name)
{
	const char *p = tmp_path(name);
	char side[300];

	unlink(p);
	snprintf(side, sizeof side, "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", p);
	unlink(side);
	return p;
}

/* A fresh PostgreSQL database's URL ("" when it cannot be made); with a
 * locale (ICU's, such as en-US), one that sorts text by it. */
static const char *fresh_pg(const char *name, const char *locale)
{
	static char url[4][256];
	static int k;
	char args[200], db[64];
	size_t i;

	snprintf(db, sizeof db, "%s", name);
	for (i = 0; db[i]; i++)
		if (db[i] == '.')
			db[i] = '_';
	snprintf(args, sizeof args, "db %s %s %s", pg_dir, db, locale ? locale : "");
	k = (k + 1) % 4;
	if (pg_server(args, url[k], sizeof url[k]) != 0)
		url[k][0] = '\0';
	return url[k];
}

/* A fresh database: a file, or while the store_pg suite runs, a
 * PostgreSQL database. */
static const char *fresh_db(const char *name)
{
	return pg_on ? fresh_pg(name, NULL) : fresh_file(name);
}

static qasid_doc *mkdoc(const char *id, const char *title, const char *date, const char *source,
                        const char *text, qasid_fingerprint *fp)
{
	qasid_doc *doc;

	if (qasid_doc_new(&doc))
		return NULL;
	if (qasid_doc_set_text(doc, text, strlen(text)) ||
	    (id && qasid_doc_set_field(doc, QASID_FIELD_ID, id, strlen(id))) ||
	    (title && qasid_doc_set_field(doc, QASID_FIELD_TITLE, title, strlen(title))) ||
	    (date && qasid_doc_set_field(doc, QASID_FIELD_DATE, date, strlen(date))) ||
	    (source && qasid_doc_set_field(doc, QASID_FIELD_SOURCE, source, strlen(source))) ||
	    qasid_process(doc, NULL, NULL)) {
		qasid_doc_free(doc);
		return NULL;
	}
	qasid_doc_fingerprint(doc, fp);
	return doc;
}

/* Adds one article in its own batch; returns the kind (or a negative code). */
static int add1(qasid_store *st, const char *id, const char *title, const char *date,
                const char *source, const char *text, qasid_added *res)
{
	qasid_fingerprint fp;
	qasid_doc *doc = mkdoc(id, title, date, source, text, &fp);
	qasid_added tmp;
	int rc;

	if (!doc)
		return QASID_ENOMEM;
	if (!res)
		res = &tmp;
	rc = qasid_store_begin(st, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_add(st, doc, &fp, "test", res, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_commit(st, NULL);
	else
		qasid_store_rollback(st);
	qasid_doc_free(doc);
	return rc ? rc : (int)res->kind;
}

/* One PostgreSQL statement (or several, without parameters): its result. */
static PGresult *pg_sql(const char *db, const char *sql)
{
	PGconn *c = PQconnectdb(db);
	PGresult *r = NULL;

	if (PQstatus(c) == CONNECTION_OK)
		r = PQexec(c, sql);
	PQfinish(c);
	return r;
}

static long long sql_int(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	long long v = -1;

	if (is_url(db)) {
		PGresult *r = pg_sql(db, sql);

		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
			v = *PQgetvalue(r, 0, 0) == 't' ? 1 : *PQgetvalue(r, 0, 0) == 'f' ? 0
			                                                              : strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		return v;
	}

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

/* The first column of the first row as text, in a static buffer ("" if none). */
static const char *sql_text(const char *db, const char *sql)
{
	static char out[256];
	sqlite3 *h;
	sqlite3_stmt *s;

	out[0] = '\0';
	if (is_url(db)) {
		PGresult *r = pg_sql(db, sql);

		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
			snprintf(out, sizeof out, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		return out;
	}
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return out;
	}
	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_text(s, 0))
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(h);
	return out;
}

static int sql_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	int rc;

	if (is_url(db)) {
		PGresult *r = pg_sql(db, sql);

		rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
		PQclear(r);
		return rc ? 0 : -1;
	}
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sqlite3_close(h);
		return -1;
	}
	sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Collects a query's or an export's output. */
typedef struct sink {
	char *s;
	size_t len;
	long rows;
	char first[8][64]; /* first row's values, as text */
} sink;

static int sink_write(void *ud, const char *b, size_t n)
{
	sink *k = ud;
	char *p = realloc(k->s, k->len + n + 1);

	if (!p)
		return -1;
	memcpy(p + k->len, b, n);
	k->len += n;
	p[k->len] = '\0';
	k->s = p;
	return 0;
}

static int sink_row(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	sink *k = ud;
	size_t i;

	(void)names;
	if (k->rows++ == 0)
		for (i = 0; i < n && i < 8; i++) {
			if (v[i].type == QASID_VAL_INT)
				snprintf(k->first[i], sizeof k->first[i], "%lld", (long long)v[i].i);
			else if (v[i].type == QASID_VAL_TEXT || v[i].type == QASID_VAL_JSON)
				snprintf(k->first[i], sizeof k->first[i], "%s", v[i].s);
			else if (v[i].type == QASID_VAL_REAL)
				snprintf(k->first[i], sizeof k->first[i], "%g", v[i].r);
			else
				snprintf(k->first[i], sizeof k->first[i], "NULL");
		}
	return 0;
}

static long count_char(const char *s, char c)
{
	long n = 0;

	for (; s && *s; s++)
		n += *s == c;
	return n;
}

/* ---- tests ---- */

static void content_hash_is_sha256(void)
{
	static const char *const want[] = {
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", /* "abc" */
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"};
	const char *in[] = {"abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"};
	int i, j;

	for (i = 0; i < 2; i++) {
		qasid_doc *doc;
		uint8_t h[32];
		char hex[65];

		CHECK(qasid_doc_new(&doc) == QASID_OK);
		CHECK(qasid_doc_set_text(doc, in[i], strlen(in[i])) == QASID_OK);
		qasid_doc_content_hash(doc, h);
		for (j = 0; j < 32; j++)
			snprintf(hex + 2 * j, 3, "%02x", h[j]);
		qasid_doc_free(doc);
		CHECK_STR(hex, want[i]);
	}
}

static void open_create_and_refuse(void)
{
	const char *db = fresh_db("open.db"), *other = fresh_db("other.db");
	const char *txt = tmp_path("not-a-db.txt");
	qasid_store *st = NULL;
	qasid_err err = {0};
	FILE *f;

	CHECK(qasid_store_open(&st, db, 0, &err) == QASID_OK);
	CHECK(qasid_store_close(st) == QASID_OK);
	CHECK(sql_int(db, "PRAGMA user_version") == QASID_STORE_SCHEMA);
	CHECK(sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'event'") == 1);
	CHECK_STR(sql_text(db, "PRAGMA journal_mode"), "wal");
	/* Opening again migrates nothing and keeps what is there. */
	CHECK(qasid_store_open(&st, db, QASID_STORE_READONLY, &err) == QASID_OK);
	qasid_store_close(st);
	/* A newer schema is refused with both versions named. */
	CHECK(sql_exec(db, "PRAGMA user_version = 99") == 0);
	CHECK(qasid_store_open(&st, db, 0, &err) == QASID_EDB && st == NULL);
	CHECK_MSG(strstr(err.msg, "newer qasid") && strstr(err.msg, "99"), "%s", err.msg);
	/* Another application's database is refused, not migrated. */
	CHECK(sql_exec(other, "CREATE TABLE t (x)") == 0);
	CHECK(qasid_store_open(&st, other, 0, &err) == QASID_EDB);
	CHECK_MSG(strstr(err.msg, "not a qasid store"), "%s", err.msg);
	/* A text file, and a missing file opened read-only. */
	f = fopen(txt, "w");
	CHECK(f);
	fputs("this is not a database, it is a text file that is long enough to have a header\n", f);
	fclose(f);
	CHECK(qasid_store_open(&st, txt, 0, &err) == QASID_EDB);
	CHECK_MSG(strstr(err.msg, txt), "%s", err.msg);
	CHECK(qasid_store_open(&st, tmp_path("missing.db"), QASID_STORE_READONLY, &err) == QASID_EDB);
	CHECK(access(tmp_path("missing.db"), F_OK) != 0);
}

static void migration_sections(void)
{
	const char *db = fresh_db("mig.db");
	qasid_store *st;

	/* An empty file at version 0 gets every migration. */
	CHECK(sql_exec(db, "PRAGMA user_version = 0") == 0);
	CHECK(qasid_store_open(&st, db, 0, NULL) == QASID_OK);
	qasid_store_close(st);
	CHECK(sql_int(db, "SELECT count(*) FROM meta WHERE key = 'created_by'") == 1);
	CHECK_STR(sql_text(db, "PRAGMA integrity_check"), "ok");
	CHECK(sql_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

static const char *text_a =
	"Pakistan’s army said on Saturday that eight militants were killed in South Waziristan. "
	"Two soldiers also lost their lives in the clash, the military’s media wing said.\n\n"
	"The Tehreek-e-Taliban Pakistan (TTP) did not comment on the report.";
static const char *text_b =
	"The Bank of England has left interest rates on hold again at 4.75%, in a widely expected "
	"move. Policy makers voted to keep rates steady after five increases since November 2003.";

static void add_copy_seen_and_offsets(void)
{
	const char *db = fresh_db("add.db");
	qasid_store *st;
	qasid_added r;
	qasid_store_stats s;

	CHECK(qasid_store_open(&st, db, 0, NULL) == QASID_OK);
	CHECK(add1(st, "a1", "Clash", "2023-04-09", "Dawn", text_a, &r) == QASID_ADDED_NEW);
	CHECK(r.article == 1 && r.near_dup_of == 0);
	/* The same record again: seen; the same content from elsewhere: a copy. */
	CHECK(add1(st, "a1", "Clash", "2023-04-09", "Dawn", text_a, &r) == QASID_ADDED_SEEN);
	CHECK(add1(st, "x9", "Clash", "2023-04-09", "Reuters", text_a, &r) == QASID_ADDED_COPY);
	CHECK(r.article == 1);
	CHECK(add1(st, "b1", "Rates", "2005-02-10", NULL, text_b, &r) == QASID_ADDED_NEW);
	CHECK(r.article == 2);
	CHECK(qasid_store_stats_get(st, &s, NULL) == QASID_OK);
	CHECK(s.articles == 2 && s.copies == 3 && s.near_dups == 0 && s.clusters == 2);
	CHECK(s.sentences >= 4 && s.events == 0);
	qasid_store_close(st);
	/* Offsets are code points: SQL substr() gives back the sentence. */
	CHECK(sql_int(db, "SELECT substr(a.text, s.start + 1, s.end - s.start) = 'Two soldiers also "
	                  "lost their lives in the clash, the military’s media wing said.' FROM "
	                  "sentence s JOIN article a ON a.id = s.article_id WHERE a.id = 1 AND s.idx = 1") == 1);
	CHECK(sql_int(db, "SELECT paragraph FROM sentence WHERE article_id = 1 AND idx = 2") == 1);
	CHECK(sql_int(db, "SELECT n_chars = length(text) FROM article WHERE id = 1") == 1);
	CHECK(sql_int(db, "SELECT length(content_hash) FROM article WHERE id = 1") == 32);
	CHECK(sql_int(db, pg_on ? "SELECT count(*) FROM article WHERE to_tsvector('simple', coalesce(title, '')"
	                          " || ' ' || text) @@ to_tsquery('simple', 'waziristan')"
	                        : "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'waziristan'") == 1);
}

static void near_duplicates(void)
{
	const char *db = fresh_db("near.db");
	qasid_store *st;
	qasid_added r;
	char edited[1024];

	CHECK(qasid_store_open(&st, db, 0, NULL) == QASID_OK);
	CHECK(add1(st, "a", "Clash in Waziristan", NULL, NULL, text_a, &r) == QASID_ADDED_NEW);
	CHECK(add1(st, "b", "Rates", NULL, NULL, text_b, &r) == QASID_ADDED_NEW && !r.near_dup_of);
	/* Same body under another headline: not exact, but a near duplicate of a. */
	CHECK(add1(st, "c", "Eight militants killed", NULL, NULL, text_a, &r) == QASID_ADDED_NEW);
	CHECK(r.near_dup_of == 1 && r.near_dup_sim == 1.0);
	/* A lightly edited copy: still near (estimate >= 0.8 is likely, not certain). */
	snprintf(edited, sizeof edited, "%s %s", text_a, "Officials gave no further details.");
	CHECK(add1(st, "d", NULL, NULL, NULL, edited, &r) == QASID_ADDED_NEW);
	/* Compared with the head of each cluster only: a, not its copy c. */
	CHECK_MSG(r.near_dup_of == 1, "near_dup_of %lld sim %.2f", (long long)r.near_dup_of,
	          r.near_dup_sim);
	qasid_store_close(st);
	CHECK(sql_int(db, "SELECT cluster FROM article WHERE ext_id = 'c'") == 1);
	CHECK(sql_int(db, "SELECT cluster FROM article WHERE ext_id = 'd'") == 1);
	CHECK(sql_int(db, "SELECT count(DISTINCT cluster) FROM article") == 2);
	/* Only the two heads are indexed by band (16 keys each). */
	CHECK(sql_int(db, "SELECT count(DISTINCT article_id) FROM minhash_band") == 2);
}

static void batch_rollback_and_readonly(void)
{
	const char *db = fresh_db("batch.db");
	qasid_store *st, *ro;
	qasid_fingerprint fp;
	qasid_doc *doc = mkdoc("z", NULL, NULL, NULL, text_b, &fp);
	qasid_err err = {0};
	int64_t id = -1;

	CHECK(doc);
	CHECK(qasid_store_open(&st, db, 0, NULL) == QASID_OK);
	CHECK(qasid_store_add(st, doc, &fp, NULL, NULL, &err) == QASID_EINVAL);
	CHECK(qasid_store_begin(st, NULL) == QASID_OK);
	CHECK(qasid_store_begin(st, &err) == QASID_EINVAL);
	CHECK(qasid_store_add(st, doc, &fp, NULL, NULL, NULL) == QASID_OK);
	qasid_store_rollback(st);
	CHECK(qasid_store_find(st, fp.sha256, &id, NULL) == QASID_OK && id == 0);
	/* A reader sees committed batches only. */
	CHECK(qasid_store_open(&ro, db, QASID_STORE_READONLY, NULL) == QASID_OK);
	CHECK(qasid_store_begin(ro, &err) == QASID_EINVAL);
	CHECK(qasid_store_begin(st, NULL) == QASID_OK);
	CHECK(qasid_store_add(st, doc, &fp, NULL, NULL, NULL) == QASID_OK);
	CHECK(qasid_store_find(ro, fp.sha256, &id, NULL) == QASID_OK && id == 0);
	CHECK(qasid_store_commit(st, NULL) == QASID_OK);
	CHECK(qasid_store_find(ro, fp.sha256, &id, NULL) == QASID_OK && id == 1);
	qasid_store_close(ro);
	qasid_store_close(st);
	qasid_doc_free(doc);
}

/*
 * Event mentions as the event coder will write them, inserted by the test:
 * articles 1-4 report one clash (two on the same day, one the next day, one
 * five days later); article 2 also has a hypothetical strike and a
 * background reference; article 3 a different event type.
 */
static const char *mentions_sql =
	"INSERT INTO event_mention (article_id, local_id, source_actor, target_actor, cameo,"
	" cameo_root, plover, mode, background, date, place, country, lat, lon, start, \"end\") VALUES"
	" (1, 'V1', 'PAKMIL', 'PAKINS', '190', '19', 'ASSAULT', 'asserted', 0, '2023-04-08',"
	"  'South Waziristan', 'PAK', 32.3, 69.8, 0, 86),"
	" (2, 'V1', 'PAKMIL', 'PAKINS', '193', '19', 'ASSAULT', 'asserted', 0, '2023-04-08',"
	"  'south waziristan', 'PAK', NULL, NULL, 0, 50),"
	" (2, 'V2', 'PAKMIL', 'AFGGOV', '195', '19', 'ASSAULT', 'hypothetical', 0, '2023-04-08',"
	"  NULL, 'AFG', NULL, NULL, 51, 80),"
	" (2, 'V3', 'PAKMIL', 'PAKINS', '190', '19', 'ASSAULT', 'asserted', 1, '2023-04-08',"
	"  'South Waziristan', 'PAK', NULL, NULL, 81, 90),"
	" (3, 'V1', 'PAKMIL', 'PAKINS', '190', '19', 'ASSAULT', 'asserted', 0, NULL,"
	"  'South Waziristan', 'PAK', NULL, NULL, 0, 40),"
	" (3, 'V2', 'PAKGOV', 'AFGGOV', '112', '11', 'ACCUSE', 'asserted', 0, '2023-04-09',"
	"  NULL, 'PAK', NULL, NULL, 41, 80),"
	" (4, 'V1', 'PAKMIL', 'PAKINS', '190', '19', 'ASSAULT', 'asserted', 0, '2023-04-14',"
	"  'South Waziristan', 'PAK', NULL, NULL, 0, 40);"
	"INSERT INTO casualty (mention_id, kind, low, best, high, side) VALUES"
	" (1, 'killed', 8, 8, 8, 'PAKINS'), (1, 'killed', 2, 2, 2, 'PAKMIL'),"
	" (2, 'killed', 10, 10, 12, 'PAKINS'), (5, 'injured', 3, 3, 3, 'PAKMIL');"
	"INSERT INTO entity (article_id, local_id, type, name, actor) VALUES"
	" (1, 'E1', 'PER', 'Khawaja Muhammad Asif', 'PAKGOV'), (2, 'E1', 'PER', 'Asif', 'PAKGOV'),"
	" (2, 'E2', 'ORG', 'Tehreek-e-Taliban Pakistan', 'PAKINS');"
	"INSERT INTO mention (entity_id, start, \"end\") VALUES (1, 0, 8), (1, 20, 24), (2, 0, 4), (3, 10, 20);"
	"INSERT INTO quote (article_id, local_id, kind, start, \"end\", speaker_id, speaker_name, cue,"
	" content_text) VALUES (1, 'Q1', 'direct', 10, 40, 1, 'Khawaja Muhammad Asif', 'say',"
	" 'Kabul must stop sheltering the militants'),"
	" (2, 'Q1', 'indirect', 5, 30, 2, 'Asif', 'tell', 'talks with the Taliban were over');";

/* Four articles dated 2023-04-08/09/09/14 with the mentions above, in db. */
static qasid_store *event_store_at(const char *db)
{
	qasid_store *st;
	static const char *const dates[] = {"2023-04-08", "2023-04-09", "2023-04-09", "2023-04-14"};
	static const char *const srcs[] = {"Dawn", "Geo", "Dawn", "The News"};
	char text[256], id[16];
	int i;

	if (qasid_store_open(&st, db, 0, NULL))
		return NULL;
	for (i = 0; i < 4; i++) {
		/* (no "Report N:" here: a colon would make a quote, and the test's own rows clash) */
		snprintf(text, sizeof text, "Report %d. Soldiers and militants clashed in South "
		                            "Waziristan on a day of fighting number %d.", i, i * 7);
		snprintf(id, sizeof id, "r%d", i + 1);
		if (add1(st, id, NULL, dates[i], srcs[i], text, NULL) != QASID_ADDED_NEW) {
			qasid_store_close(st);
			return NULL;
		}
	}
	if (sql_exec(db, mentions_sql)) {
		qasid_store_close(st);
		return NULL;
	}
	return st;
}

/* The same in a fresh database named name (its path or URL in *path). */
static qasid_store *event_store(const char *name, const char **path)
{
	*path = fresh_db(name);
	return event_store_at(*path);
}

static void events_merge_across_articles(void)
{
	const char *db;
	qasid_store *st = event_store("merge.db", &db);
	qasid_store_settings set;

	CHECK(st);
	CHECK(sql_int(db, "SELECT count(*) FROM event_mention WHERE event_id IS NULL") == 7);
	/* The next commit merges pending mentions. */
	CHECK(qasid_store_begin(st, NULL) == QASID_OK && qasid_store_commit(st, NULL) == QASID_OK);
	CHECK(sql_int(db, "SELECT count(*) FROM event_mention WHERE event_id IS NULL") == 0);
	/* Mentions 1, 2 and 5 (no date of its own: its article's, 04-09) are one clash. */
	CHECK(sql_int(db, "SELECT count(DISTINCT event_id) FROM event_mention WHERE id IN (1, 2, 5)") == 1);
	CHECK(sql_int(db, "SELECT n_articles FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 1)") == 3);
	CHECK(sql_int(db, "SELECT n_sources FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 1)") == 2);
	CHECK(sql_int(db, "SELECT date_last = '2023-04-09' FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 1)") == 1);
	CHECK(sql_int(db, "SELECT cameo FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 1)") == 190);
	/* Per side the largest report: 10 PAKINS + 2 PAKMIL. */
	CHECK(sql_int(db, "SELECT killed FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 1)") == 12);
	CHECK(sql_int(db, "SELECT injured FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 1)") == 3);
	/* Hypothetical and background mentions stay apart; so do another type and day 14. */
	CHECK(sql_int(db, "SELECT count(*) FROM event") == 5);
	CHECK_STR(sql_text(db, "SELECT mode FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 3)"), "hypothetical");
	CHECK(sql_int(db, "SELECT background FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 4)") == 1);
	CHECK(sql_int(db, "SELECT event_id = (SELECT event_id FROM event_mention WHERE id = 1) FROM event_mention WHERE id = 7") == 0);
	/* A week-long window folds the report of the 14th in: by re-merging all. */
	qasid_store_settings_default(&set);
	set.merge_window = 7;
	CHECK(qasid_store_configure(st, &set, NULL) == QASID_OK);
	CHECK(qasid_store_begin(st, NULL) == QASID_OK && qasid_store_commit(st, NULL) == QASID_OK);
	CHECK(sql_int(db, "SELECT count(*) FROM event") == 4);
	CHECK(sql_int(db, "SELECT n_articles FROM event WHERE id = (SELECT event_id FROM event_mention WHERE id = 7)") == 4);
	CHECK(sql_int(db, "SELECT value FROM meta WHERE key = 'merge_window_days'") == 7);
	CHECK(pg_on || sql_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
	qasid_store_close(st);
}

static void queries_and_filters(void)
{
	const char *db;
	qasid_store *st = event_store("query.db", &db);
	qasid_filter f;
	qasid_err err = {0};
	sink k;

	CHECK(st);
	CHECK(qasid_store_begin(st, NULL) == QASID_OK && qasid_store_commit(st, NULL) == QASID_OK);
#define Q(kind)                                                                \
	(memset(&k, 0, sizeof k), qasid_store_query(st, kind, &f, sink_row, &k, &err))
	memset(&f, 0, sizeof f);
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 5);
	CHECK_STR(k.first[1], "2023-04-08");
	f.actor = "pak"; /* a prefix, either side, any case */
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 5);
	f.actor2 = "AFG";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 2);
	f.actor2 = NULL;
	f.mode = "asserted";
	f.type = "19";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 3);
	f.type = "accuse";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 1);
	memset(&f, 0, sizeof f);
	f.from = "2023-04-10";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 1);
	f.from = NULL;
	f.to = "2023-04";
	f.place = "WAZIR";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 3);
	memset(&f, 0, sizeof f);
	f.article = "r3";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_OK && k.rows == 2);
	f.article = "#4";
	CHECK(Q(QASID_QUERY_MENTIONS) == QASID_OK && k.rows == 1);
	CHECK(Q(QASID_QUERY_SPANS) == QASID_OK && k.rows == 1 && !strcmp(k.first[0], "event"));
	f.article = "r1";
	CHECK(Q(QASID_QUERY_SPANS) == QASID_OK && k.rows == 4);
	CHECK_STR(k.first[0], "event"); /* the outer span first */
	memset(&f, 0, sizeof f);
	f.text = "waziristan fighting";
	CHECK(Q(QASID_QUERY_ARTICLES) == QASID_OK && k.rows == 4);
	f.text = "\"number 21\"";
	CHECK(Q(QASID_QUERY_ARTICLES) == QASID_OK && k.rows == 1 && !strcmp(k.first[0], "r4"));
	f.text = "shelter*";
	CHECK(Q(QASID_QUERY_QUOTES) == QASID_OK && k.rows == 1);
	f.text = NULL;
	f.speaker = "asif";
	CHECK(Q(QASID_QUERY_QUOTES) == QASID_OK && k.rows == 2);
	memset(&f, 0, sizeof f);
	f.type = "per";
	CHECK(Q(QASID_QUERY_ENTITIES) == QASID_OK && k.rows == 2);
	memset(&f, 0, sizeof f);
	f.actor = "PAKMIL";
	f.by = "day";
	CHECK(Q(QASID_QUERY_TIMELINE) == QASID_OK && k.rows == 2); /* 04-08 and 04-14 */
	CHECK_STR(k.first[0], "2023-04-08");
	CHECK_STR(k.first[2], "1");
	f.by = "week";
	CHECK(Q(QASID_QUERY_TIMELINE) == QASID_OK && k.rows == 2);
	CHECK_STR(k.first[0], "2023-04-03");
	/* Malformed filters: a clear message, never an SQL error. */
	memset(&f, 0, sizeof f);
	f.from = "2023-13-01";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_EINVAL && strstr(err.msg, "bad date"));
	f.from = "2023-05-01";
	f.to = "2023-04";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_EINVAL && strstr(err.msg, "after"));
	memset(&f, 0, sizeof f);
	f.mode = "maybe";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_EINVAL && strstr(err.msg, "bad mode"));
	f.mode = NULL;
	f.actor = "PAK'; DROP TABLE article; --";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_EINVAL && strstr(err.msg, "actor code"));
	f.actor = NULL;
	f.type = "19x";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_EINVAL);
	f.type = NULL;
	f.speaker = "x";
	CHECK(Q(QASID_QUERY_EVENTS) == QASID_EINVAL && strstr(err.msg, "does not apply"));
	f.speaker = NULL;
	f.text = "AND ( NEAR \"";
	CHECK(Q(QASID_QUERY_ARTICLES) == QASID_OK && k.rows == 0);
	f.text = "\"";
	CHECK(Q(QASID_QUERY_ARTICLES) == QASID_EINVAL && strstr(err.msg, "nothing to search"));
	f.text = NULL;
	f.by = "fortnight";
	f.actor = "PAK";
	CHECK(Q(QASID_QUERY_TIMELINE) == QASID_EINVAL && strstr(err.msg, "bad period"));
	CHECK(sql_int(db, "SELECT count(*) FROM article") == 4);
#undef Q
	qasid_store_close(st);
}

static void exports(void)
{
	const char *db;
	qasid_store *st = event_store("export.db", &db);
	qasid_filter f;
	qasid_err err = {0};
	json_error_t je;
	json_t *rec = NULL;
	sink k;
	char *line, *tab;
	int cols;

	CHECK(st);
	CHECK(qasid_store_begin(st, NULL) == QASID_OK && qasid_store_commit(st, NULL) == QASID_OK);
	memset(&f, 0, sizeof f);
#define X(fmt, what) (memset(&k, 0, sizeof k), qasid_store_export(st, fmt, what, &f, sink_write, &k, &err))
	/* GDELT: 61 tab-separated columns; asserted, non-background events only. */
	CHECK(X("gdelt", NULL) == QASID_OK);
	CHECK_MSG(count_char(k.s, '\n') == 3, "%s", k.s);
	line = k.s;
	for (cols = 1, tab = line; *tab != '\n'; tab++)
		cols += *tab == '\t';
	CHECK_MSG(cols == 61, "%d columns", cols);
	CHECK(strstr(k.s, "\t20230408\t202304\t2023\t"));
	CHECK(strstr(k.s, "PAKMIL\t\tPAK\t"));
	free(k.s);
	/* ACLED: header and the two clashes (the accusation is not ACLED's). */
	CHECK(X("acled", NULL) == QASID_OK);
	CHECK(!strncmp(k.s, "event_id_cnty,event_date,year,", 30));
	CHECK_MSG(count_char(k.s, '\n') == 3, "%s", k.s);
	CHECK(strstr(k.s, "Battles,Armed clash"));
	free(k.s);
	f.from = "2030-01-01";
	CHECK(X("acled", NULL) == QASID_OK && count_char(k.s, '\n') == 1);
	free(k.s);
	f.from = NULL;
	/* GraphML: PAKMIL -> PAKINS (19) and PAKGOV -> AFGGOV (11). */
	CHECK(X("graphml", NULL) == QASID_OK);
	CHECK(strstr(k.s, "<graphml") && strstr(k.s, "</graphml>"));
	CHECK(strstr(k.s, "source=\"PAKMIL\" target=\"PAKINS\""));
	CHECK(strstr(k.s, "<data key=\"weight\">2</data>"));
	free(k.s);
	/* Our own records. */
	f.article = "r1";
	CHECK(X("jsonl", "articles") == QASID_OK);
	rec = json_loads(k.s, 0, &je);
	CHECK_MSG(rec, "%s: %s", je.text, k.s);
	CHECK_STR(json_string_value(json_object_get(rec, "id")), "r1");
	CHECK(json_array_size(json_object_get(rec, "entities")) == 1);
	CHECK(json_array_size(json_object_get(json_array_get(json_object_get(rec, "entities"), 0), "mentions")) == 2);
	CHECK(json_array_size(json_object_get(rec, "events")) == 1);
	CHECK(json_integer_value(json_object_get(json_array_get(json_object_get(json_array_get(
		      json_object_get(rec, "events"), 0), "fatalities"), 0), "best")) == 8);
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(rec, "quotes"), 0), "speaker")), "E1");
	CHECK(json_array_size(json_object_get(rec, "sentences")) >= 1);
	json_decref(rec);
	free(k.s);
	f.article = NULL;
	CHECK(X("jsonl", "events") == QASID_OK && count_char(k.s, '\n') == 5);
	rec = json_loadb(k.s, (size_t)(strchr(k.s, '\n') - k.s), 0, &je);
	CHECK(rec && json_array_size(json_object_get(rec, "sources")) == 3);
	json_decref(rec);
	free(k.s);
	CHECK(X("csv", "mentions") == QASID_OK && count_char(k.s, '\n') == 8);
	free(k.s);
	CHECK(X("xml", NULL) == QASID_EINVAL && strstr(err.msg, "unknown export format"));
	CHECK(X("csv", "people") == QASID_EINVAL);
#undef X
	qasid_store_close(st);
}

/*
 * What the pipeline finds, stored: an article processed with the models in
 * models/ and the built-in actors and event lexicon; its entities, quotes,
 * event mentions and casualties are compared with the document's own
 * (local ids as the JSON writer numbers them, offsets in code points).
 * Skipped without the models; the event part is skipped when the lexicon
 * codes no event in the text.
 */
static const char *analysis_text =
	"Pakistani troops killed eight militants in South Waziristan on Saturday, the army said. "
	"Two soldiers were wounded in the clash.\n\n"
	"“We will not allow our soil to be used against any country,” Defense Minister Khawaja "
	"Muhammad Asif told reporters in Islamabad. He said the militants had attacked a checkpoint.";

/* The input text of a cleaned-text span, in a static buffer. */
static const char *in_text(const qasid_doc *doc, qasid_span clean)
{
	static char out[512];
	qasid_span in = qasid_doc_input_span(doc, clean);
	const char *t = qasid_doc_input(doc, NULL);

	snprintf(out, sizeof out, "%.*s", (int)(in.end - in.start), t + in.start);
	return out;
}

static void analysis_rows(void)
{
	qasid_model *pos = NULL, *ner = NULL;
	qasid_parser *parser = NULL;
	qasid_actors *actors = NULL;
	qasid_verbs *verbs = NULL;
	qasid_gazetteer *gaz = NULL;
	qasid_options opt;
	qasid_doc *doc = NULL;
	qasid_fingerprint fp;
	qasid_store *st = NULL;
	qasid_err err = {0};
	const char *db = fresh_db("analysis.db");
	const qasid_entity *ent;
	const qasid_quote *q;
	const qasid_event *ev;
	size_t i, k, n_ent, n_q, n_ev, n_with = 0, n_cas = 0;
	int direct = -1, ok = 0;
	char sql[512], want[512];

	if (qasid_model_load(&pos, "models/pos-en.qm", QASID_TASK_POS, &err) ||
	    qasid_model_load(&ner, "models/ner-en.qm", QASID_TASK_NER, &err) ||
	    qasid_parser_load(&parser, "models/parse-en.qm", &err)) {
		t_skip("models/pos-en.qm, ner-en.qm or parse-en.qm missing");
		goto done;
	}
	if (qasid_actors_new(&actors, 1, &err) || qasid_verbs_new(&verbs, 1, &err) ||
	    qasid_gazetteer_new(&gaz, &err) || qasid_doc_new(&doc)) {
		t_fail(__FILE__, __LINE__, "event resources: %s", err.msg);
		goto done;
	}
	qasid_options_default(&opt);
	opt.pos_model = pos;
	opt.ner_model = ner;
	opt.parser = parser;
	opt.actors = actors;
	opt.verbs = verbs;
	opt.gazetteer = gaz;
	if (qasid_doc_set_text(doc, analysis_text, strlen(analysis_text)) ||
	    qasid_doc_set_field(doc, QASID_FIELD_ID, "an1", 3) ||
	    qasid_doc_set_field(doc, QASID_FIELD_DATE, "2023-04-09", 10) ||
	    qasid_doc_set_field(doc, QASID_FIELD_SOURCE, "Dawn", 4) || qasid_process(doc, &opt, &err)) {
		t_fail(__FILE__, __LINE__, "cannot process: %s", err.msg);
		goto done;
	}
	qasid_doc_fingerprint(doc, &fp);
	if (qasid_store_open(&st, db, 0, &err) || qasid_store_begin(st, &err) ||
	    qasid_store_add(st, doc, &fp, "test", NULL, &err) || qasid_store_commit(st, &err)) {
		t_fail(__FILE__, __LINE__, "cannot store: %s", err.msg);
		goto done;
	}
	ok = 1;
done:
	qasid_store_close(st);
	qasid_model_free(pos);
	qasid_model_free(ner);
	qasid_parser_free(parser);
	if (!ok) {
		qasid_doc_free(doc);
		qasid_actors_free(actors);
		qasid_verbs_free(verbs);
		qasid_gazetteer_free(gaz);
		return;
	}
	/* (the document's places are borrowed from the gazetteer: freed last) */
#define FAIL_IF(c)                                                        \
	do {                                                              \
		if (c) {                                                  \
			t_fail(__FILE__, __LINE__, "%s", #c);             \
			goto out;                                         \
		}                                                         \
	} while (0)
#define FAIL_STR(a, b)                                                                        \
	do {                                                                                  \
		const char *a_ = (a), *b_ = (b);                                              \
		if (strcmp(a_, b_)) {                                                         \
			t_fail(__FILE__, __LINE__, "%s: got \"%s\", want \"%s\"", sql, a_, b_); \
			goto out;                                                             \
		}                                                                             \
	} while (0)

	/* Entities: those with mentions, E<index + 1>, each mention a span of the text. */
	ent = qasid_doc_entities(doc);
	n_ent = qasid_doc_n_entities(doc);
	FAIL_IF(n_ent == 0);
	for (i = 0; i < n_ent; i++) {
		const qasid_entity_mention *m;

		if (!ent[i].n_mentions)
			continue;
		n_with++;
		m = &qasid_doc_entity_mentions(doc)[ent[i].mentions[0]];
		snprintf(sql, sizeof sql,
		         "SELECT substr(a.text, m.start + 1, m.\"end\" - m.start) FROM mention m"
		         " JOIN entity e ON e.id = m.entity_id JOIN article a ON a.id = e.article_id"
		         " WHERE e.local_id = 'E%zu' ORDER BY m.start LIMIT 1",
		         i + 1);
		snprintf(want, sizeof want, "%s", in_text(doc, m->span));
		FAIL_STR(sql_text(db, sql), want);
		snprintf(sql, sizeof sql, "SELECT type || ':' || name FROM entity WHERE local_id = 'E%zu'",
		         i + 1);
		snprintf(want, sizeof want, "%s:%s", ent[i].type, ent[i].name);
		FAIL_STR(sql_text(db, sql), want);
		if (ent[i].role && !strcmp(ent[i].name, "Khawaja Muhammad Asif")) {
			snprintf(sql, sizeof sql, "SELECT role FROM entity WHERE local_id = 'E%zu'", i + 1);
			FAIL_STR(sql_text(db, sql), ent[i].role);
		}
	}
	FAIL_IF(sql_int(db, "SELECT count(*) FROM entity") != (long long)n_with);

	/* Quotes: Q<index + 1>; the direct one is the minister's. */
	q = qasid_doc_quotes(doc);
	n_q = qasid_doc_n_quotes(doc);
	FAIL_IF(sql_int(db, "SELECT count(*) FROM quote") != (long long)n_q);
	for (i = 0; i < n_q; i++)
		if (q[i].kind == QASID_QUOTE_DIRECT)
			direct = (int)i;
	FAIL_IF(direct < 0);
	q = &q[direct];
	snprintf(sql, sizeof sql, "SELECT content_text FROM quote WHERE local_id = 'Q%d'", direct + 1);
	FAIL_STR(sql_text(db, sql), "“We will not allow our soil to be used against any country,”");
	snprintf(sql, sizeof sql,
	         "SELECT substr(a.text, q.start + 1, q.\"end\" - q.start) FROM quote q"
	         " JOIN article a ON a.id = q.article_id WHERE q.local_id = 'Q%d'",
	         direct + 1);
	FAIL_STR(sql_text(db, sql), "“We will not allow our soil to be used against any country,”");
	snprintf(sql, sizeof sql,
	         "SELECT q.kind || '|' || q.cue || '|' || substr(a.text, q.cue_start + 1,"
	         " q.cue_end - q.cue_start) || '|' || q.speaker_name || '|' || e.local_id FROM quote q"
	         " JOIN article a ON a.id = q.article_id JOIN entity e ON e.id = q.speaker_id"
	         " WHERE q.local_id = 'Q%d'",
	         direct + 1);
	snprintf(want, sizeof want, "direct|told|told|Khawaja Muhammad Asif|E%d", q->speaker + 1);
	FAIL_STR(sql_text(db, sql), want);
	snprintf(sql, sizeof sql,
	         "SELECT substr(a.text, q.source_start + 1, q.source_end - q.source_start) FROM quote q"
	         " JOIN article a ON a.id = q.article_id WHERE q.local_id = 'Q%d'",
	         direct + 1);
	FAIL_STR(sql_text(db, sql), in_text(doc, q->source));

	/* Event mentions: V<index + 1>, with their casualties; merged at commit. */
	ev = qasid_doc_events(doc);
	n_ev = qasid_doc_n_events(doc);
	if (!n_ev) {
		t_skip("the built-in lexicon codes no event in the text");
		goto out;
	}
	FAIL_IF(sql_int(db, "SELECT count(*) FROM event_mention") != (long long)n_ev);
	FAIL_IF(sql_int(db, "SELECT count(*) FROM event_mention WHERE event_id IS NULL") != 0);
	FAIL_IF(sql_int(db, "SELECT count(*) FROM event") < 1);
	for (i = 0; i < n_ev; i++) {
		const qasid_event *e = &ev[i];
		char date[16] = "-", quote[16] = "-", source[16] = "-";

		if (e->precision != QASID_PREC_DAY && e->precision != QASID_PREC_NONE)
			continue; /* a week, month or year: stored in the schema's shorter forms */
		if (e->precision == QASID_PREC_DAY)
			qasid_date_format(e->date, date);
		if (e->quote >= 0)
			snprintf(quote, sizeof quote, "Q%d", e->quote + 1);
		if (e->source_entity >= 0)
			snprintf(source, sizeof source, "E%d", e->source_entity + 1);
		snprintf(sql, sizeof sql,
		         "SELECT cameo || '|' || cameo_root || '|' || coalesce(source_actor, '-') || '|'"
		         " || coalesce(target_actor, '-') || '|' || mode || '|' || background || '|'"
		         " || reported || '|' || coalesce((SELECT local_id FROM quote WHERE id = v.quote_id),"
		         " '-') || '|' || coalesce(v.date, '-') || '|' || coalesce((SELECT local_id FROM"
		         " entity WHERE id = v.source_entity), '-') FROM event_mention v"
		         " WHERE local_id = 'V%zu'",
		         i + 1);
		snprintf(want, sizeof want, "%s|%.2s|%s|%s|%s|%d|%d|%s|%s|%s", e->cameo, e->cameo,
		         e->source[0] ? e->source : "-", e->target[0] ? e->target : "-",
		         qasid_mode_name(e->mode), e->background != 0, e->quote >= 0, quote, date, source);
		FAIL_STR(sql_text(db, sql), want);
		snprintf(sql, sizeof sql,
		         "SELECT substr(a.text, v.start + 1, v.\"end\" - v.start) FROM event_mention v"
		         " JOIN article a ON a.id = v.article_id WHERE v.local_id = 'V%zu'",
		         i + 1);
		FAIL_STR(sql_text(db, sql), in_text(doc, e->sentence));
		for (k = 0; k < e->n_casualties; k++) {
			const qasid_casualty *c = &e->casualties[k];

			n_cas++;
			snprintf(sql, sizeof sql,
			         "SELECT count(*) FROM casualty c JOIN event_mention v ON v.id = c.mention_id"
			         " WHERE v.local_id = 'V%zu' AND c.kind = '%s' AND c.best = %ld"
			         " AND coalesce(c.low, -1) = %ld AND coalesce(c.high, -1) = %ld"
			         " AND coalesce(c.side, '') = '%s'",
			         i + 1, c->kind == QASID_KILLED ? "killed" : "injured", c->best, c->low,
			         c->high, c->side);
			FAIL_IF(sql_int(db, sql) != 1);
		}
	}
	FAIL_IF(sql_int(db, "SELECT count(*) FROM casualty") != (long long)n_cas);
	/* The eight militants, whichever mention reports them. */
	FAIL_IF(sql_int(db, "SELECT count(*) FROM casualty WHERE kind = 'killed' AND best = 8") < 1);
	FAIL_IF(sql_int(db, "SELECT max(killed) FROM event") < 8);
out:
#undef FAIL_IF
#undef FAIL_STR
	qasid_doc_free(doc);
	qasid_actors_free(actors);
	qasid_verbs_free(verbs);
	qasid_gazetteer_free(gaz);
}

/* ---- allocation failures ---- */

static t_alloc ta;

static int store_once(const char *db, qasid_doc *doc, const qasid_fingerprint *fp)
{
	qasid_store *st = NULL;
	qasid_filter f;
	int rc;

	memset(&f, 0, sizeof f);
	f.text = "waziristan";
	rc = qasid_store_open(&st, db, 0, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_begin(st, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_add(st, doc, fp, "x", NULL, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_commit(st, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_export(st, "jsonl", "articles", &f, t_discard, NULL, NULL);
	if (rc == QASID_OK)
		rc = qasid_store_export(st, "gdelt", NULL, NULL, t_discard, NULL, NULL);
	qasid_store_close(st);
	return rc;
}

static void allocation_failures(void)
{
	const char *db = fresh_db("oom.db");
	qasid_fingerprint fp;
	qasid_doc *doc = mkdoc("o", "T", NULL, NULL, text_a, &fp);
	qasid_store *st;
	long n, total, step;
	int rc, failures = 0, codes[3] = {0};

	CHECK(doc);
	/* SQLite's one-time start-up allocations happen outside the walk. */
	CHECK(qasid_store_open(&st, tmp_path("warm.db"), 0, NULL) == QASID_OK);
	qasid_store_close(st);
	qasid_set_allocator(t_failing_alloc, &ta);
	ta.fail_at = 0;
	ta.calls = ta.live = 0;
	rc = store_once(db, doc, &fp);
	total = ta.calls;
	/* Fail each of the first 400 allocations, then a spread of the rest. */
	step = total > 2000 ? total / 1500 : 1;
	for (n = 1; rc == QASID_OK && n <= total; n += n < 400 ? 1 : step) {
		fresh_db("oom.db");
		ta.fail_at = n;
		ta.calls = ta.live = 0;
		rc = store_once(db, doc, &fp);
		if ((rc != QASID_OK && rc != QASID_ENOMEM && rc != QASID_EDB) || ta.live != 0) {
			qasid_set_allocator(NULL, NULL);
			qasid_doc_free(doc);
			CHECK_MSG(0, "allocation %ld of %ld failed: rc %d, %ld allocations live", n, total,
			          rc, ta.live);
		}
		codes[rc == QASID_OK ? 0 : rc == QASID_ENOMEM ? 1 : 2]++;
		failures += rc != QASID_OK;
		rc = QASID_OK;
	}
	qasid_set_allocator(NULL, NULL);
	qasid_doc_free(doc);
	CHECK_MSG(total > 1000 && failures > 300, "%ld allocations, %d failures", total, failures);
	CHECK_MSG(codes[1] > codes[2], "ok %d, enomem %d, edb %d", codes[0], codes[1], codes[2]);
}

static void cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0); /* (the next suite makes another) */
}

/* ---- the same on PostgreSQL ---- */

static void pg_start(void)
{
	char url[300], args[100];
	int rc;

	snprintf(pg_dir, sizeof pg_dir, "/tmp/qasid-pg-XXXXXX");
	if (!mkdtemp(pg_dir)) {
		snprintf(pg_why, sizeof pg_why, "no PostgreSQL: cannot make a directory");
		pg_dir[0] = '\0';
	} else {
		snprintf(args, sizeof args, "start %s", pg_dir);
		rc = pg_server(args, url, sizeof url);
		if (rc != 0) {
			char err[300], *e, cmd[200];

			snprintf(err, sizeof err, "%s/err.txt", pg_dir);
			e = t_read_file(err, NULL);
			snprintf(pg_why, sizeof pg_why, "%s", e && strstr(e, "no PostgreSQL")
			                                         ? strstr(e, "no PostgreSQL")
			                                         : "no PostgreSQL: tests/pg-server start failed");
			pg_why[strcspn(pg_why, "\n")] = '\0';
			free(e);
			snprintf(cmd, sizeof cmd, "rm -rf %s", pg_dir);
			if (system(cmd) != 0)
				pg_why[0] = pg_why[0];
			pg_dir[0] = '\0';
		}
	}
	if (!pg_dir[0]) {
		t_skip(pg_why);
		return;
	}
	pg_on = 1;
}

static void pg_stop(void)
{
	char args[100], out[64];

	pg_on = 0;
	if (!pg_dir[0])
		return;
	snprintf(args, sizeof args, "stop %s", pg_dir);
	CHECK(pg_server(args, out, sizeof out) == 0);
	pg_dir[0] = '\0';
}

/* The migrations on PostgreSQL: version in meta, refusals as in SQLite. */
static void pg_open_and_refuse(void)
{
	const char *db = fresh_db("open.db"), *other = fresh_db("other.db");
	qasid_store *st = NULL;
	qasid_err err = {0};

	CHECK(db[0] && other[0]);
	CHECK(qasid_store_open(&st, db, 0, &err) == QASID_OK);
	CHECK(qasid_store_close(st) == QASID_OK);
	CHECK(sql_int(db, "SELECT value FROM meta WHERE key = 'schema_version'") == QASID_STORE_SCHEMA);
	CHECK(sql_int(db, "SELECT count(*) FROM meta WHERE key = 'created_by'") == 1);
	CHECK(qasid_store_open(&st, db, QASID_STORE_READONLY, &err) == QASID_OK);
	/* read-only on the server too */
	CHECK(qasid_store_begin(st, &err) == QASID_EINVAL);
	qasid_store_close(st);
	CHECK(sql_exec(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'") == 0);
	CHECK(qasid_store_open(&st, db, 0, &err) == QASID_EDB && st == NULL);
	CHECK_MSG(strstr(err.msg, "newer qasid") && strstr(err.msg, "99"), "%s", err.msg);
	CHECK(sql_exec(other, "CREATE TABLE t (x int)") == 0);
	CHECK(qasid_store_open(&st, other, 0, &err) == QASID_EDB);
	CHECK_MSG(strstr(err.msg, "not a qasid store"), "%s", err.msg);
	/* No server there: a message naming PostgreSQL. */
	CHECK(qasid_store_open(&st, "postgresql:///x?host=/nonexistent&connect_timeout=2", 0, &err) ==
	      QASID_EDB);
	CHECK_MSG(strstr(err.msg, "PostgreSQL"), "%s", err.msg);
}

/*
 * More for the layouts to show, added to event_store's by layout_store:
 * article 5 (undated, from "bbc": bytewise after "Dawn" and "Geo", in en-US
 * before them) reports the clash of 2023-04-08 and an undated protest;
 * article 6 (2024-12-31, a leap year's last day) a strike at a place CSV
 * must quote, with long coordinates, a named target and a death toll, and
 * an accusation dated by month only. All articles were added at one time.
 */
static const char *more_mentions_sql =
	"INSERT INTO event_mention (article_id, local_id, source_actor, target_actor, target_entity,"
	" cameo, cameo_root, plover, mode, background, date, date_precision, place, country, lat,"
	" lon, start, \"end\") VALUES"
	" (5, 'V1', 'PAKMIL', 'PAKINS', NULL, '190', '19', 'ASSAULT', 'asserted', 0, '2023-04-08',"
	"  'day', 'South Waziristan', 'PAK', NULL, NULL, 0, 30),"
	" (5, 'V2', '---BUS', 'PAKGOV', NULL, '141', '14', 'PROTEST', 'asserted', 0, NULL, NULL,"
	"  NULL, NULL, NULL, NULL, 31, 60),"
	" (6, 'V1', 'PAKMIL', 'PAKINS',"
	"  (SELECT id FROM entity WHERE article_id = 2 AND local_id = 'E2'), '195', '19', 'ASSAULT',"
	"  'asserted', 0, '2024-12-31', 'day', 'Wana, \"South\" Waziristan', 'PAK',"
	"  32.123456789012345, 69.98765432101, 0, 40),"
	" (6, 'V2', 'PAKGOV', 'AFGGOV', NULL, '112', '11', 'ACCUSE', 'asserted', 0, '2023-05',"
	"  'month', NULL, 'AFG', NULL, NULL, 41, 70);"
	"INSERT INTO casualty (mention_id, kind, low, best, high, side) VALUES"
	" ((SELECT id FROM event_mention WHERE article_id = 6 AND local_id = 'V1'), 'killed', 3, 4,"
	"  5, NULL);"
	"UPDATE article SET added = '2023-04-15T06:07:08Z'";

/* event_store's articles and mentions and the ones above, in db, merged. */
static int layout_store(const char *db)
{
	qasid_store *st = event_store_at(db);
	int rc;

	if (!st)
		return -1;
	rc = add1(st, "r5", NULL, NULL, "bbc",
	          "Report 5. Soldiers and militants clashed in South Waziristan as crowds protested.",
	          NULL) != QASID_ADDED_NEW ||
	     add1(st, "r6", NULL, "2024-12-31", "The News",
	          "Report 6. Jets struck a compound near Wana, and Islamabad blamed Kabul.",
	          NULL) != QASID_ADDED_NEW ||
	     sql_exec(db, more_mentions_sql) || qasid_store_begin(st, NULL) ||
	     qasid_store_commit(st, NULL);
	qasid_store_close(st);
	return rc ? -1 : 0;
}

/* One export of the store at db into k, "" when empty. */
static int export_to(const char *db, const char *format, const qasid_filter *f, sink *k,
                     qasid_err *err)
{
	qasid_store *st = NULL;
	int rc;

	memset(k, 0, sizeof *k);
	rc = qasid_store_open(&st, db, QASID_STORE_READONLY, err);
	if (rc == QASID_OK)
		rc = qasid_store_export(st, format, NULL, f, sink_write, k, err);
	qasid_store_close(st);
	if (rc == QASID_OK && !k->s && sink_write(k, "", 0))
		rc = QASID_ENOMEM;
	return rc;
}

/* Drops ACLED's timestamp, the time of the export, from the end of each
 * line of s; the first one dropped in *first (-1 when none). */
static void drop_stamps(char *s, long long *first)
{
	char *r = s, *w = s;

	*first = -1;
	for (; *r; *w++ = *r++) {
		char *d = w, t[24];

		if (r[0] != '\r' || r[1] != '\n')
			continue;
		while (d > s && isdigit((unsigned char)d[-1]))
			d--;
		if (d == w || d == s || d[-1] != ',' || w - d >= (long)sizeof t)
			continue;
		memcpy(t, d, (size_t)(w - d));
		t[w - d] = '\0';
		if (*first < 0)
			*first = strtoll(t, NULL, 10);
		w = d - 1;
	}
	*w = '\0';
}

static long count_fields(const char *line, char sep)
{
	long n = 1;

	for (; *line && *line != '\n'; line++)
		n += *line == sep;
	return n;
}

/* What is wrong with a layout of layout_store's store, unfiltered (its
 * ACLED timestamps dropped, the first in stamp): NULL when nothing. */
static const char *layout_problem(const char *format, const char *s, long long stamp)
{
	static const char *const gdelt_has[] = {
		"\t20230408\t202304\t2023\t2023.2658\tPAKMIL\t\tPAK\t", /* the clash */
		"\t20241231\t202412\t2024\t2025.0000\tPAKMIL\t",       /* days over 365 */
		"\t202305\t202305\t2023\t\tPAKGOV\t",                    /* a month: no fraction */
		"Tehreek-e-Taliban Pakistan", "\tWana, \"South\" Waziristan, PAK\tPAK\t",
		"\t32.1234567890123\t69.98765432101\t", "\t20230415060708\t", NULL};
	static const char *const acled_has[] = {
		"event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
		"actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
		"iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
		"source,source_scale,notes,fatalities,tags,timestamp\r\n",
		",Dawn; Geo; bbc,", ",\"Wana, \"\"South\"\" Waziristan\",32.1234567890123,69.98765432101,",
		",Political violence,Explosions/Remote violence,Air/drone strike,", NULL};
	static const char *const graphml_has[] = {
		"<node id=\"---BUS\">", "source=\"---BUS\" target=\"PAKGOV\"",
		"<data key=\"killed\">16</data>", "<data key=\"last\">2024-12-31</data>", "</graphml>\n",
		NULL};
	const char *const *has = !strcmp(format, "gdelt") ? gdelt_has
	                         : !strcmp(format, "acled") ? acled_has : graphml_has;
	long long now = (long long)time(NULL);
	const char *p;
	int i;

	for (i = 0; has[i]; i++)
		if (!strstr(s, has[i]))
			return has[i];
	if (!strcmp(format, "gdelt")) {
		if (count_char(s, '\n') != 6)
			return "six events";
		for (p = s; *p; p = strchr(p, '\n') + 1)
			if (count_fields(p, '\t') != 61)
				return "61 columns";
		/* undated first: no SQLDATE, MonthYear, Year or FractionDate */
		if (!strstr(s, "\t\t\t\t\t---BUS\t") || strstr(s, "\t\t\t\t\t---BUS\t") > strchr(s, '\n'))
			return "the undated protest first";
	} else if (!strcmp(format, "acled")) {
		if (count_char(s, '\n') != 5)
			return "a header and four events of roots 14-20";
		for (p = strchr(s, '\n') + 1; isalnum((unsigned char)*p); p++)
			;
		if (strncmp(strchr(s, '\n') + 1, "XXX", 3) ||
		    strncmp(p, ",,,1,Demonstrations,Protests,Peaceful protest,", 46))
			return "the undated protest first";
		if (stamp < now - 600 || stamp > now)
			return "a timestamp of the export";
	} else {
		for (i = 0, p = s; (p = strstr(p, "<edge ")) != NULL; p++)
			i++;
		if (i != 3)
			return "three edges: the clashes and strike, the accusations, the protest";
	}
	return NULL;
}

/*
 * The GDELT, ACLED and GraphML layouts of one store in SQLite and in
 * PostgreSQL: the same bytes (ACLED's timestamps aside), with and without
 * filters. The PostgreSQL database sorts text by ICU's en-US where this
 * server can, so only sorting bytewise in the SQL gives SQLite's order.
 */
static void exports_same_on_both(void)
{
	static const char *const formats[] = {"gdelt", "acled", "graphml"};
	const char *lite = fresh_file("same.db"), *pg = fresh_pg("same_db", "en-US");
	qasid_filter f[4];
	qasid_err err = {0};
	sink k[2];
	long long stamp[2];
	size_t i, j;

	if (!pg[0]) /* no ICU here: a database sorting bytewise */
		pg = fresh_pg("same_db", NULL);
	CHECK(pg[0]);
	CHECK(layout_store(lite) == 0);
	CHECK(layout_store(pg) == 0);
	CHECK(sql_int(pg, "SELECT count(*) FROM event WHERE date_first IS NULL") == 1);
	memset(f, 0, sizeof f);
	f[1].mode = "hypothetical";
	f[2].from = "2023-04-09";
	f[3].actor = "PAKGOV";
	for (i = 0; i < sizeof f / sizeof f[0]; i++)
		for (j = 0; j < 3; j++) {
			const char *why = NULL;

			if (export_to(lite, formats[j], &f[i], &k[0], &err) ||
			    export_to(pg, formats[j], &f[i], &k[1], &err))
				why = err.msg;
			else {
				if (j == 1) {
					drop_stamps(k[0].s, &stamp[0]);
					drop_stamps(k[1].s, &stamp[1]);
				}
				if (strcmp(k[0].s, k[1].s))
					why = "not the same";
				else if (i == 0)
					why = layout_problem(formats[j], k[0].s, j == 1 ? stamp[1] : 0);
			}
			if (why)
				t_fail(__FILE__, __LINE__, "%s, filter %zu: %s\n--- SQLite:\n%s--- PostgreSQL:\n%s",
				       formats[j], i, why, k[0].s ? k[0].s : "", k[1].s ? k[1].s : "");
			free(k[0].s);
			free(k[1].s);
			if (why)
				return;
		}
}

#define PG_CASE(name)                    \
	static void pg_##name(void)      \
	{                                \
		if (!pg_on) {            \
			t_skip(pg_why);  \
			return;          \
		}                        \
		name();                  \
	}
PG_CASE(add_copy_seen_and_offsets)
PG_CASE(near_duplicates)
PG_CASE(batch_rollback_and_readonly)
PG_CASE(events_merge_across_articles)
PG_CASE(queries_and_filters)
PG_CASE(exports)
PG_CASE(exports_same_on_both)
PG_CASE(analysis_rows)

static void pg_open(void)
{
	if (!pg_on) {
		t_skip(pg_why);
		return;
	}
	pg_open_and_refuse();
}

const t_case t_store_pg_cases[] = {
	{"start_server", pg_start},
	{"open_and_refuse", pg_open},
	{"add_copy_seen_and_offsets", pg_add_copy_seen_and_offsets},
	{"near_duplicates", pg_near_duplicates},
	{"batch_rollback_and_readonly", pg_batch_rollback_and_readonly},
	{"events_merge_across_articles", pg_events_merge_across_articles},
	{"queries_and_filters", pg_queries_and_filters},
	{"exports", pg_exports},
	{"exports_same_on_both", pg_exports_same_on_both},
	{"analysis_rows", pg_analysis_rows},
	{"stop_server", pg_stop},
	{"cleanup", cleanup},
	{NULL, NULL}};

const t_case t_store_cases[] = {
	{"content_hash_is_sha256", content_hash_is_sha256},
	{"open_create_and_refuse", open_create_and_refuse},
	{"migration_sections", migration_sections},
	{"add_copy_seen_and_offsets", add_copy_seen_and_offsets},
	{"near_duplicates", near_duplicates},
	{"batch_rollback_and_readonly", batch_rollback_and_readonly},
	{"events_merge_across_articles", events_merge_across_articles},
	{"queries_and_filters", queries_and_filters},
	{"exports", exports},
	{"analysis_rows", analysis_rows},
	{"allocation_failures", allocation_failures},
	{"cleanup", cleanup},
	
	{NULL, NULL}};
