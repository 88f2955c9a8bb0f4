/* SPDX-License-Identifier: MIT */
/*
 * qasid ingest end to end ($QASID_BIN): killed with SIGKILL at random
 * moments and run again, it loses no article and duplicates none, and the
 * database passes PRAGMA integrity_check; re-ingesting adds nothing; shards
 * add up to the whole; directories, stdin and the question commands work,
 * and bad filters get a message and exit status 2. On a throwaway
 * PostgreSQL server (tests/pg-server; skipped when there is none): shards
 * run at once by several processes into one store hold what one run does.
 */
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

#define N_RECORDS 4000

static t_tmp tmpdir = {.name = "qasid-ingest"};

/* A path in the test's directory; valid for the next 15 calls. */
static const char *tmp(const char *name)
{
	return t_tmp_path(&tmpdir, name);
}

static void rm_db(const char *db)
{
	char p[400];

	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the corpus: N_RECORDS JSON lines with exact and near duplicates ---- */

static const char *const words[] = {
	"army", "militants", "province", "minister", "said", "talks", "border", "attack",
	"officials", "police", "government", "killed", "wounded", "village", "convoy", "district",
	"spokesman", "ceasefire", "protest", "capital", "election", "court", "ruling", "opposition",
	"troops", "refugees", "aid", "drone", "strike", "report", "commander", "leaders"};

static unsigned long rnd_state;

static unsigned rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33);
}

static void article_text(unsigned long seed, char *out, size_t cap)
{
	size_t len = 0;
	int s, w, n_sent;

	rnd_state = seed * 2654435761UL + 1;
	n_sent = 3 + (int)(rnd() % 5);
	for (s = 0; s < n_sent; s++) {
		int n_words = 8 + (int)(rnd() % 12);

		for (w = 0; w < n_words && len + 40 < cap; w++) {
			const char *word = words[rnd() % (sizeof words / sizeof words[0])];

			len += (size_t)snprintf(out + len, cap - len, "%s%c%s", w ? " " : "",
			                        w ? word[0] : (char)(word[0] - 'a' + 'A'), word + 1);
		}
		len += (size_t)snprintf(out + len, cap - len, " number %lu-%d.%s", seed, s,
		                        s + 1 < n_sent ? (s % 2 ? "\\n\\n" : " ") : "");
	}
}

/* Record j is an ordinary article (neither kind of duplicate)? */
static int ordinary(long j)
{
	return j == 0 || (j % 20 != 0 && j % 25 != 0);
}

/* Writes the corpus; returns the number of distinct articles in it. */
static long write_corpus(const char *path)
{
	FILE *f = fopen(path, "w");
	char text[4096], extra[4200];
	long i, distinct = 0;

	if (!f)
		return -1;
	for (i = 0; i < N_RECORDS; i++) {
		if (i > 0 && i % 20 == 0) {
			/* An exact duplicate of an earlier record, under another id. */
			long j = i / 2;

			while (!ordinary(j))
				j--;
			article_text((unsigned long)j, text, sizeof text);
			fprintf(f, "{\"id\": \"dup-%ld\", \"title\": \"Title %ld\", \"source\": \"Wire\", \"text\": \"%s\"}\n",
			        i, j, text);
			continue;
		}
		article_text((unsigned long)i, text, sizeof text);
		if (i > 0 && i % 25 == 0) {
			/* A near duplicate: an earlier story with a line added. */
			article_text((unsigned long)(i - 7), text, sizeof text);
			snprintf(extra, sizeof extra, "%s Updated at %ld.", text, i);
			fprintf(f, "{\"id\": \"a-%ld\", \"title\": \"Title %ld\", \"date\": \"2023-04-%02ld\", \"text\": \"%s\"}\n",
			        i, i, 1 + i % 28, extra);
		} else
			fprintf(f, "{\"id\": \"a-%ld\", \"title\": \"Title %ld\", \"date\": \"2023-04-%02ld\", \"text\": \"%s\"}\n",
			        i, i, 1 + i % 28, text);
		distinct++;
	}
	fclose(f);
	return distinct;
}

/* ---- running qasid ---- */

static const char *bin(void)
{
	return getenv("QASID_BIN");
}

/* Starts `qasid ingest ... --db DB CORPUS` with stdout/stderr to a file. */
static pid_t start_ingest(const char *db, const char *corpus, const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		FILE *f = freopen(log, "a", stderr);

		(void)f;
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execl(bin(), bin(), "ingest", "--no-tag", "-q", "-j", "2", "--batch", "40", "--db", db,
		      corpus, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int wait_exit(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Runs `qasid ARGS` through the shell; returns the exit status. */
static int run(const char *args)
{
	return t_run_qasid(&tmpdir, "", args);
}

static long count_lines(const char *s)
{
	long n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* ---- looking into the database ---- */

static long long db_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return v;
}

/* integrity_check and foreign_key_check both clean? */
static int db_ok(const char *db, char *why, size_t cap)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	int ok = 0;

	snprintf(why, cap, "cannot open");
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);

		snprintf(why, cap, "integrity_check: %s", r ? r : "?");
		ok = r && !strcmp(r, "ok");
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	if (ok && db_int(db, "SELECT count(*) FROM pragma_foreign_key_check") != 0) {
		snprintf(why, cap, "foreign_key_check failed");
		ok = 0;
	}
	return ok;
}

/* A digest of what the store holds, independent of timing: one number. */
static long long digest(const char *db)
{
	return db_int(db, "SELECT sum(id * 7 + length(text) * 13 + coalesce(near_dup_of, 0) * 101"
	                  " + cluster * 3 + unicode(hex(content_hash)) + n_sentences * 1009)"
	                  " + (SELECT count(*) FROM sentence) * 100003"
	                  " + (SELECT count(*) FROM article_copy) * 1000003 FROM article");
}

#define NEED_BIN()                                   \
	do {                                         \
		if (!bin()) {                        \
			t_skip("QASID_BIN not set"); \
			return;                      \
		}                                    \
	} while (0)

static void kill_and_rerun(void)
{
	const char *corpus, *ref, *db, *log;
	char why[256];
	long distinct;
	double t0, full;
	int i, rc, killed = 0;

	NEED_BIN();
	corpus = tmp("corpus.jsonl");
	distinct = write_corpus(corpus);
	CHECK(distinct > 3000);
	ref = strdup(tmp("ref.db"));
	db = strdup(tmp("killed.db"));
	log = strdup(tmp("ingest.log"));
	rm_db(ref);
	rm_db(db);
	/* A clean run, for reference and to time the kills. */
	t0 = now();
	rc = wait_exit(start_ingest(ref, corpus, log));
	full = now() - t0;
	CHECK_MSG(rc == 0, "reference ingest exited %d", rc);
	CHECK(db_int(ref, "SELECT count(*) FROM article") == distinct);
	CHECK(db_int(ref, "SELECT count(*) FROM article_copy") == N_RECORDS);
	CHECK(db_int(ref, "SELECT count(*) FROM article WHERE near_dup_of IS NOT NULL") >= N_RECORDS / 25 - N_RECORDS / 100 - 5);
	srand((unsigned)time(NULL));
	for (i = 0; i < 8; i++) {
		/* Kill within what is left to do; start afresh halfway. */
		long long stored = i == 4 ? (rm_db(db), 0) : db_int(db, "SELECT count(*) FROM article");
		double left = 1.0 - (stored > 0 ? (double)stored / distinct : 0);
		long ms = 5 + rand() % (long)(full * 1000 * left * 0.8 + 1);
		pid_t pid = start_ingest(db, corpus, log);
		long long n;

		CHECK(pid > 0);
		usleep((useconds_t)ms * 1000);
		kill(pid, SIGKILL);
		rc = wait_exit(pid);
		killed += rc == 128 + SIGKILL;
		CHECK_MSG(db_ok(db, why, sizeof why) || access(db, F_OK) != 0,
		          "after a kill at %ld ms: %s", ms, why);
		n = db_int(db, "SELECT count(*) FROM article");
		CHECK_MSG(n <= distinct, "%lld articles", n);
		/* No half articles: every stored one has its copy row and sentences. */
		CHECK(db_int(db, "SELECT count(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM"
		                 " article_copy c WHERE c.article_id = a.id) OR n_sentences <>"
		                 " (SELECT count(*) FROM sentence s WHERE s.article_id = a.id)") <= 0);
	}
	CHECK_MSG(killed >= 5, "only %d of 8 runs were still running when killed", killed);
	rc = wait_exit(start_ingest(db, corpus, log));
	CHECK_MSG(rc == 0, "the final ingest exited %d", rc);
	CHECK_MSG(db_ok(db, why, sizeof why), "%s", why);
	CHECK(db_int(db, "SELECT count(*) FROM article") == distinct);
	CHECK(db_int(db, "SELECT count(DISTINCT content_hash) FROM article") == distinct);
	CHECK(db_int(db, "SELECT count(*) FROM article_copy") == N_RECORDS);
	/* The same store as an uninterrupted run, link for link. */
	CHECK_MSG(digest(db) == digest(ref), "digest %lld, want %lld", digest(db), digest(ref));
	CHECK(db_int(db, "SELECT count(*) FROM ingest_run WHERE finished IS NOT NULL") >= 1);
	/* Once more: nothing to add. */
	CHECK(wait_exit(start_ingest(db, corpus, log)) == 0);
	CHECK(digest(db) == digest(ref));
	CHECK(db_int(db, "SELECT n_new + n_dup FROM ingest_run ORDER BY id DESC LIMIT 1") == 0);
	free((void *)ref);
	free((void *)db);
	free((void *)log);
}

static void shards_add_up(void)
{
	const char *corpus;
	char args[2048], whole[300], shards[300];
	long long want;
	int k;

	NEED_BIN();
	corpus = tmp("corpus.jsonl");
	if (access(corpus, F_OK) != 0)
		CHECK(write_corpus(corpus) > 0);
	snprintf(whole, sizeof whole, "%s", tmp("whole.db"));
	snprintf(shards, sizeof shards, "%s", tmp("shards.db"));
	rm_db(whole);
	/* The spelling: operands first, options after. */
	snprintf(args, sizeof args, "ingest %s --db %s --no-tag -q", corpus, whole);
	CHECK(run(args) == 0);
	want = db_int(whole, "SELECT count(*) FROM article");
	for (k = 1; k <= 3; k++) {
		const char *db = shards;
		long long n;

		if (k == 1)
			rm_db(db);
		snprintf(args, sizeof args, "ingest --no-tag -q --shard %d/3 --db %s %s", k, db, corpus);
		CHECK(run(args) == 0);
		n = db_int(db, "SELECT count(*) FROM article");
		CHECK_MSG(k < 3 || n == want, "%lld articles from 3 shards, %lld from one run", n, want);
		/* A retried shard adds nothing. */
		if (k == 2) {
			CHECK(run(args) == 0);
			CHECK(db_int(db, "SELECT count(*) FROM article") == n);
		}
	}
	CHECK(db_int(shards, "SELECT count(*) FROM article_copy") == N_RECORDS);
	CHECK(run("ingest --no-tag --shard 4/3 --db x.db y") == 2);
	CHECK(run("ingest --no-tag --shard 0/3 --db x.db y") == 2);
}

/*
 * Records far above the usual size between small ones: a slot that held one
 * starts afresh (cmd_ingest.c, slot_trim), and the records after it come out
 * the same as from one worker that keeps its buffers (-j 1, batch 1).
 */
static void big_records_between_small(void)
{
	const char *corpus;
	char args[2048], a[300], b[300], text[4096];
	FILE *f;
	int i, k;

	NEED_BIN();
	corpus = tmp("big.jsonl");
	f = fopen(corpus, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	for (i = 0; i < 120; i++) {
		int reps = i % 7 == 3 ? 80 : 1; /* 30 to 60 KB: past what a slot keeps */

		fprintf(f, "{\"id\": \"r-%d\", \"text\": \"", i);
		for (k = 0; k < reps; k++) {
			article_text((unsigned long)(i * 100 + k), text, sizeof text);
			fprintf(f, "%s%s", k ? "\\n\\n" : "", text);
		}
		fputs("\"}\n", f);
	}
	fclose(f);
	snprintf(a, sizeof a, "%s", tmp("big-a.db"));
	snprintf(b, sizeof b, "%s", tmp("big-b.db"));
	rm_db(a);
	rm_db(b);
	snprintf(args, sizeof args, "ingest --no-tag -q -j 2 --db %s %s", a, corpus);
	CHECK(run(args) == 0);
	snprintf(args, sizeof args, "ingest --no-tag -q -j 1 --batch 1 --db %s %s", b, corpus);
	CHECK(run(args) == 0);
	CHECK(db_int(a, "SELECT count(*) FROM article") == 120);
	/* every big record whole: 17 of them (i % 7 == 3) */
	CHECK_MSG(db_int(a, "SELECT count(*) FROM article WHERE length(text) > 20000") == 17,
	          "%lld big articles", db_int(a, "SELECT count(*) FROM article WHERE length(text) > 20000"));
	CHECK_MSG(digest(a) == digest(b), "-j 2 %lld, -j 1 %lld", digest(a), digest(b));
}

static void files_dirs_and_stdin(void)
{
	char d[300], db[300], args[2048], *e, *o;
	FILE *f;

	NEED_BIN();
	snprintf(d, sizeof d, "%s", tmp("in"));
	mkdir(d, 0700);
	snprintf(args, sizeof args, "%s/sub", d);
	mkdir(args, 0700);
	snprintf(args, sizeof args, "%s/sub/one.txt", d);
	f = fopen(args, "w");
	CHECK(f);
	fputs("Kabul denied the report on Sunday. Islamabad said talks would go on.", f);
	fclose(f);
	snprintf(args, sizeof args, "%s/two.jsonl", d);
	f = fopen(args, "w");
	CHECK(f);
	fputs("{\"id\": \"j1\", \"title\": \"T\", \"date\": \"2023-04-09\", \"text\": \"Eight militants were killed.\"}\n"
	      "{\"id\": \"j2\", \"text\": broken}\n"
	      "{\"id\": \"j3\", \"text\": \"Two soldiers died in the clash.\"}\n",
	      f);
	fclose(f);
	snprintf(args, sizeof args, "%s/.hidden.txt", d);
	f = fopen(args, "w");
	CHECK(f);
	fputs("Never read.", f);
	fclose(f);
	snprintf(db, sizeof db, "%s", tmp("dir.db"));
	rm_db(db);
	snprintf(args, sizeof args, "ingest --no-tag --db %s %s", db, d);
	CHECK(run(args) == 1); /* the broken line is reported and skipped */
	e = t_read_file(tmpdir.err, NULL);
	CHECK_MSG(e && strstr(e, "cannot parse line 2 of ") && strstr(e, "two.jsonl"), "%s", e);
	CHECK_MSG(e && strstr(e, "3 new") && strstr(e, "1 skipped"), "%s", e);
	free(e);
	CHECK(db_int(db, "SELECT count(*) FROM article") == 3);
	CHECK(db_int(db, "SELECT count(*) FROM article WHERE ext_id = 'one.txt'") == 1);
	/* Standard input, and the same article again from stdin: a copy. */
	snprintf(args, sizeof args,
	         "ingest --no-tag -q --db %s - < %s/sub/one.txt && echo '{\"id\": \"j9\", \"text\": "
	         "\"A new one from stdin.\"}' | %s ingest --no-tag --db %s -",
	         db, d, bin(), db);
	CHECK(run(args) == 0);
	CHECK(db_int(db, "SELECT count(*) FROM article") == 4);
	CHECK(db_int(db, "SELECT count(*) FROM article_copy") == 5);
	/* Questions. */
	snprintf(args, sizeof args, "articles --db %s --text militants", db);
	CHECK(run(args) == 0);
	o = t_read_file(tmpdir.out, NULL);
	CHECK_MSG(count_lines(o) == 1 && strstr(o, "\"id\":\"j1\""), "%s", o);
	free(o);
	snprintf(args, sizeof args, "events --db %s", db);
	CHECK(run(args) == 0);
	e = t_read_file(tmpdir.err, NULL);
	CHECK_MSG(e && strstr(e, "no events in") && strstr(e, "yet"), "%s", e);
	free(e);
	snprintf(args, sizeof args, "events --db %s --format csv", db);
	CHECK(run(args) == 0);
	o = t_read_file(tmpdir.out, NULL);
	CHECK(o && !strncmp(o, "id,date,date_last,source,target,", 32) && count_lines(o) == 1);
	free(o);
	snprintf(args, sizeof args, "show --db %s j1", db);
	CHECK(run(args) == 0);
	o = t_read_file(tmpdir.out, NULL);
	CHECK(o && strstr(o, "Eight militants were killed.") && strstr(o, "events: none yet"));
	free(o);
	snprintf(args, sizeof args, "export --db %s --format jsonl", db);
	CHECK(run(args) == 0);
	o = t_read_file(tmpdir.out, NULL);
	CHECK(count_lines(o) == 4 && strstr(o, "\"content_hash\":\""));
	free(o);
	/* Bad filters and commands: a message and status 2, never an SQL error. */
	snprintf(args, sizeof args, "events --db %s --from 2023-02-30x", db);
	CHECK(run(args) == 2);
	e = t_read_file(tmpdir.err, NULL);
	CHECK_MSG(e && strstr(e, "bad date") && !strstr(e, "SQL"), "%s", e);
	free(e);
	snprintf(args, sizeof args, "events --db %s --type 'x y'", db);
	CHECK(run(args) == 2);
	snprintf(args, sizeof args, "export --db %s --format parquet", db);
	CHECK(run(args) == 2);
	snprintf(args, sizeof args, "articles --db %s --text '\") OR (\"'", db);
	CHECK(run(args) == 0);
	snprintf(args, sizeof args, "timeline --db %s", db);
	CHECK(run(args) == 2);
	snprintf(args, sizeof args, "timeline PAK --db %s --by day", db);
	CHECK(run(args) == 0);
	e = t_read_file(tmpdir.err, NULL);
	CHECK_MSG(e && strstr(e, "no events in"), "%s", e);
	free(e);
	snprintf(args, sizeof args, "timeline PAK --db %s --by fortnight", db);
	CHECK(run(args) == 2);
	CHECK(run("events") == 2);
	CHECK(run("ingest --db x.db") == 2);
	snprintf(args, sizeof args, "events --db %s/none.db", d);
	CHECK(run(args) == 3);
	CHECK(run("ingest --help") == 0);
	CHECK(run("events --help") == 0);
}

/* The first value of a query, as a malloc'd string (NULL on error): from an
 * SQLite file or a PostgreSQL URL. */
static char *db_text(const char *db, const char *sql)
{
	char *v = NULL;

	if (!strncmp(db, "postgresql://", 13)) {
		PGconn *c = PQconnectdb(db);
		PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;

		if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
			v = strdup(PQgetvalue(r, 0, 0));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *h = NULL;
		sqlite3_stmt *s = NULL;

		if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		    sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
			v = strdup((const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		sqlite3_close(h);
	}
	return v;
}

/* The same in both stores: what the question is, SQLite's and PostgreSQL's SQL. */
static int same(const char *lite, const char *lite_sql, const char *pg, const char *pg_sql,
                char *why, size_t cap)
{
	char *a = db_text(lite, lite_sql), *b = db_text(pg, pg_sql);
	int ok = a && b && !strcmp(a, b);

	snprintf(why, cap, "%.60s vs %.60s (%.50s)", a ? a : "(error)", b ? b : "(error)", lite_sql);
	free(a);
	free(b);
	return ok;
}

/* The shards at once into the store at url, compared with one SQLite run. */
static void pg_shards(const char *url)
{
	const char *corpus;
	char args[2048], whole[300], why[200];
	pid_t pid[3];
	int k, st;

	corpus = tmp("corpus.jsonl");
	if (access(corpus, F_OK) != 0)
		CHECK(write_corpus(corpus) > 0);
	snprintf(whole, sizeof whole, "%s", tmp("whole-pg.db"));
	rm_db(whole);
	snprintf(args, sizeof args, "ingest --no-tag -q --db %s %s", whole, corpus);
	CHECK(run(args) == 0);
	/* Three shards at once, one process each, into one store. */
	for (k = 0; k < 3; k++) {
		pid[k] = fork();
		if (pid[k] == 0) {
			char shard[16];

			snprintf(shard, sizeof shard, "%d/3", k + 1);
			if (!freopen("/dev/null", "w", stdout))
				_exit(126);
			execl(bin(), bin(), "ingest", "--no-tag", "-q", "-j", "2", "--batch", "100", "--shard",
			      shard, "--db", url, corpus, (char *)NULL);
			_exit(127);
		}
	}
	for (k = 0; k < 3; k++)
		CHECK_MSG((st = wait_exit(pid[k])) == 0, "shard %d exited %d", k + 1, st);
	/* A retried shard adds nothing. */
	snprintf(args, sizeof args, "ingest --no-tag -q --shard 2/3 --db '%s' %s", url, corpus);
	CHECK(run(args) == 0);
	CHECK_MSG(same(whole, "SELECT count(*) FROM article", url, "SELECT count(*) FROM article", why,
	               sizeof why), "%s", why);
	CHECK_MSG(same(whole, "SELECT count(*) FROM article_copy", url,
	               "SELECT count(*) FROM article_copy", why, sizeof why), "%s", why);
	CHECK_MSG(same(whole, "SELECT count(*) FROM sentence", url, "SELECT count(*) FROM sentence",
	               why, sizeof why), "%s", why);
	CHECK_MSG(same(whole, "SELECT count(*) FROM entity", url, "SELECT count(*) FROM entity", why,
	               sizeof why), "%s", why);
	/* The same articles: their content hashes, all of them, in order. */
	CHECK_MSG(same(whole,
	               "SELECT group_concat(h, ',') FROM (SELECT lower(hex(content_hash)) AS h"
	               " FROM article ORDER BY h)",
	               url,
	               "SELECT string_agg(encode(content_hash, 'hex'), ',' ORDER BY"
	               " encode(content_hash, 'hex')) FROM article",
	               why, sizeof why), "%s", why);
	CHECK_MSG(same(whole, "SELECT sum(n_sentences * 3 + n_chars) FROM article", url,
	               "SELECT sum(n_sentences * 3 + n_chars) FROM article", why, sizeof why), "%s", why);
	/* The question commands on the server, and a bad filter. */
	snprintf(args, sizeof args, "articles --db '%s' --limit 2 --format csv", url);
	CHECK(run(args) == 0);
	snprintf(args, sizeof args, "articles --db '%s' --from 2023-13", url);
	CHECK(run(args) == 2);
}

static void postgres_shards_at_once(void)
{
	const char *script = getenv("QASID_PG_SERVER");
	char pgdir[64], cmd[600], url[300], why[200];
	FILE *f;
	int st;

	NEED_BIN();
	snprintf(pgdir, sizeof pgdir, "/tmp/qasid-pg-XXXXXX");
	CHECK(mkdtemp(pgdir));
	if (!script)
		script = "tests/pg-server";
	snprintf(cmd, sizeof cmd, "%s start %s >/dev/null 2>%s.err && %s db %s shards 2>>%s.err", script,
	         pgdir, pgdir, script, pgdir, pgdir);
	f = popen(cmd, "r");
	CHECK(f);
	url[0] = '\0';
	if (!fgets(url, sizeof url, f))
		url[0] = '\0';
	st = pclose(f);
	url[strcspn(url, "\n")] = '\0';
	why[0] = '\0';
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !url[0]) {
		char err[100], *e;

		snprintf(err, sizeof err, "%s.err", pgdir);
		e = t_read_file(err, NULL);
		snprintf(why, sizeof why, "%s", e && strstr(e, "no PostgreSQL") ? strstr(e, "no PostgreSQL")
		                                                                : "no PostgreSQL");
		why[strcspn(why, "\n")] = '\0';
		free(e);
	} else
		pg_shards(url); /* the server is stopped whatever happened */
	snprintf(cmd, sizeof cmd, "%s stop %s; rm -f %s.err", script, pgdir, pgdir);
	if (system(cmd) != 0 && !why[0])
		snprintf(why, sizeof why, "no PostgreSQL: cannot stop the server");
	if (why[0])
		t_skip(why);
}

/* tests/dask_shards.py: the shards as Dask tasks on a local cluster. */
static void dask_shards(void)
{
	const char *py = getenv("QASID_PYTHON"), *shared = getenv("QASID_SHARED");
	char args[1200], log[300];
	char *out;
	int rc;

	NEED_BIN();
	/* Debian's python3 has python3-distributed; a python3 earlier on PATH may not. */
	if (!py)
		py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
	snprintf(log, sizeof log, "%s", tmp("dask.out"));
	snprintf(args, sizeof args, "%s tests/dask_shards.py %s --shared %s --articles 120 >%s 2>&1", py,
	         bin(), shared ? shared : "../shared", log);
	rc = system(args);
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	out = t_read_file(log, NULL);
	if (rc == 77) {
		char why[200];

		snprintf(why, sizeof why, "%s", out && strstr(out, "skip: ") ? strstr(out, "skip: ") + 6 : "?");
		why[strcspn(why, "\n")] = '\0';
		free(out);
		t_skip(why);
		return;
	}
	CHECK_MSG(rc == 0, "tests/dask_shards.py exited %d:\n%s", rc, out ? out : "");
	free(out);
}

static void cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0);
}

const t_case t_ingest_db_cases[] = {
	{"kill_and_rerun", kill_and_rerun},
	{"shards_add_up", shards_add_up},
	{"files_dirs_and_stdin", files_dirs_and_stdin},
	{"big_records_between_small", big_records_between_small},
	{"postgres_shards_at_once", postgres_shards_at_once},
	{"dask_shards", dask_shards},
	{"cleanup", cleanup},
	{NULL, NULL}};
