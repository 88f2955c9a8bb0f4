/* SPDX-License-Identifier: MIT */
/*
 * Ingest throughput: the whole pipeline into SQLite.
 *
 * 1. Stages, one thread, in process: over the BBC articles, the CPU time
 *    (this thread's: steady on a machine shared with other work, where the
 *    wall clock is not; the wall-clock rate is printed beside it) per
 *    article of parsing the JSON line, cleaning + tokenizing + splitting,
 *    tagging (POS and NER, when the models are there), dependency parsing
 *    where events may be and event coding (when the parser is there),
 *    fingerprinting, and storing (batches of 500), so the stage that limits
 *    the speed is named.
 * 2. Scale: the BBC articles repeated to N records (each repetition made
 *    distinct by a suffix, so every record goes through the pipeline: they
 *    are near duplicates of one another), ingested by `qasid ingest -j 1`
 *    held to one core (sched_setaffinity: its reader, worker and writer
 *    threads share that core, so it is one core's throughput, not 1.16
 *    cores' as an unpinned -j 1 uses), then by `-j 2` on two cores;
 *    articles/s, the speed-up, and the peak resident memory of runs over N/4
 *    and N records (flat memory: about the same).
 *
 *   build/bench/bench_ingest QASID_BIN BBC.jsonl.gz MODELS_DIR [N]
 *
 * N defaults to 10000 ($BENCH_N overrides; the scale run of issue 8 is
 * 100000). Temporary files go to $TMPDIR (default /tmp) and are removed.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "qasid.h"

typedef struct rec {
	char *line;
	size_t len;
} rec;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static rec *read_gz(const char *path, size_t *n)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 22, ncap = 0;
	char *line;
	rec *r = NULL;

	*n = 0;
	if (!gz)
		return NULL;
	line = malloc(cap);
	while (line && gzgets(gz, line, (int)cap)) {
		size_t len = strlen(line);

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		if (*n == ncap) {
			rec *nr = realloc(r, (ncap = ncap ? ncap * 2 : 4096) * sizeof *r);

			if (!nr)
				break;
			r = nr;
		}
		r[*n].line = strdup(line);
		r[*n].len = len;
		(*n)++;
	}
	free(line);
	gzclose(gz);
	return r;
}

static void rm_db(const char *db)
{
	char p[600];

	unlink(db);
	snprintf(p, sizeof p, "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db);
	unlink(p);
}

/* ---- 1. stages ---- */

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void stages(const rec *r, size_t n, const char *models, const char *db)
{
	qasid_model *pos = NULL, *ner = NULL;
	qasid_parser *parser = NULL;
	qasid_quote_model *qm = NULL;
	qasid_verbs *verbs = NULL;
	qasid_actors *actors = NULL;
	qasid_options plain, tagged, full;
	double t_full = 0;
	size_t n_sent = 0, n_parsed = 0;
	qasid_doc *doc;
	qasid_store *st;
	qasid_fingerprint fp;
	double t_parse = 0, t_seg = 0, t_tag = 0, t_fp = 0, t_store = 0, t, total, wall;
	char path[600];
	size_t i;

	snprintf(path, sizeof path, "%s/pos-en.qm", models);
	if (qasid_model_load(&pos, path, QASID_TASK_POS, NULL))
		pos = NULL;
	snprintf(path, sizeof path, "%s/ner-en.qm", models);
	if (qasid_model_load(&ner, path, QASID_TASK_NER, NULL))
		ner = NULL;
	qasid_options_default(&plain);
	tagged = plain;
	tagged.pos_model = pos;
	tagged.ner_model = ner;
	/* the whole pipeline, as qasid ingest runs it: parser where events may be, events */
	snprintf(path, sizeof path, "%s/parse-en.qm", models);
	if (pos && !qasid_parser_load(&parser, path, NULL) && !qasid_verbs_new(&verbs, 1, NULL) &&
	    !qasid_actors_new(&actors, 1, NULL)) {
		full = tagged;
		full.parser = parser;
		full.verbs = verbs;
		full.actors = actors;
		full.parse_all = 0;
		/* and the learned quote cues, which want trees of their own sentences */
		snprintf(path, sizeof path, "%s/quote-en.qm", models);
		if (!qasid_quote_model_load(&qm, path, NULL))
			full.quote_model = qm;
	} else {
		qasid_parser_free(parser);
		parser = NULL;
	}
	rm_db(db);
	if (qasid_doc_new(&doc) || qasid_store_open(&st, db, 0, NULL)) {
		fprintf(stderr, "bench_ingest: cannot start\n");
		exit(3);
	}
	wall = now();
	for (i = 0; i < n; i++) {
		t = cpu_now();
		if (qasid_doc_from_jsonl(doc, r[i].line, r[i].len, NULL))
			continue;
		t_parse += cpu_now() - t;
		t = cpu_now();
		qasid_process(doc, &plain, NULL);
		t_seg += cpu_now() - t;
		if (pos || ner) {
			t = cpu_now();
			qasid_process(doc, &tagged, NULL);
			t_tag += cpu_now() - t;
		}
		if (parser) {
			const qasid_dep *d;

			t = cpu_now();
			qasid_process(doc, &full, NULL);
			t_full += cpu_now() - t;
			d = qasid_doc_deps(doc);
			for (size_t k = 0; d && k < qasid_doc_n_sentences(doc); k++) {
				const qasid_sentence *se = &qasid_doc_sentences(doc)[k];

				n_sent++;
				n_parsed += se->n_tokens && d[se->first_token].rel[0];
			}
		}
		t = cpu_now();
		qasid_doc_fingerprint(doc, &fp);
		t_fp += cpu_now() - t;
		t = cpu_now();
		if (i % 500 == 0)
			qasid_store_begin(st, NULL);
		qasid_store_add(st, doc, &fp, "bench", NULL, NULL);
		if (i % 500 == 499 || i + 1 == n)
			qasid_store_commit(st, NULL);
		t_store += cpu_now() - t;
	}
	wall = now() - wall;
	/* With models, the tagged run redid the cleaning: count it once. */
	if (parser)
		t_full -= t_tag;
	if (pos || ner)
		t_tag -= t_seg;
	total = t_parse + t_seg + (t_tag > 0 ? t_tag : 0) + t_full + t_fp + t_store;
	printf("stages, one thread, %zu BBC articles (CPU ms per article, share):\n", n);
	printf("  %-32s %7.3f  %5.1f%%\n", "parse JSON line", 1e3 * t_parse / n, 100 * t_parse / total);
	printf("  %-32s %7.3f  %5.1f%%\n", "clean, tokenize, split", 1e3 * t_seg / n, 100 * t_seg / total);
	if (pos || ner)
		printf("  %-32s %7.3f  %5.1f%%\n", pos && ner ? "tag (POS, NER)" : pos ? "tag (POS)" : "tag (NER)",
		       1e3 * t_tag / n, 100 * t_tag / total);
	else
		printf("  %-32s (no models in %s: not measured)\n", "tag", models);
	if (parser)
		printf("  %-32s %7.3f  %5.1f%%  (%.0f%% of %zu sentences parsed)\n",
		       qm ? "parse + learned quotes + events" : "parse + events", 1e3 * t_full / n,
		       100 * t_full / total,
		       n_sent ? 100.0 * n_parsed / n_sent : 0.0, n_sent);
	else
		printf("  %-32s (no parser in %s: not measured)\n", "parse + events", models);
	printf("  %-32s %7.3f  %5.1f%%\n", "fingerprint (SHA-256, MinHash)", 1e3 * t_fp / n, 100 * t_fp / total);
	printf("  %-32s %7.3f  %5.1f%%\n", "store (SQLite, FTS5, near dups)", 1e3 * t_store / n,
	       100 * t_store / total);
	printf("  %-32s %7.3f  -> %.0f articles/s on one core (%.0f/s by the wall clock here)\n",
	       "total", 1e3 * total / n, n / total, n / wall);
	qasid_store_close(st);
	qasid_doc_free(doc);
	qasid_model_free(pos);
	qasid_model_free(ner);
	qasid_parser_free(parser);
	qasid_quote_model_free(qm);
	qasid_verbs_free(verbs);
	qasid_actors_free(actors);
	rm_db(db);
}

/* ---- 2. scale ---- */

/* The BBC records repeated to n, each repetition k > 0 with its own id and a suffix. */
static int write_corpus(const char *path, const rec *r, size_t nr, long n)
{
	FILE *f = fopen(path, "w");
	long i;

	if (!f)
		return -1;
	for (i = 0; i < n; i++) {
		const rec *x = &r[(size_t)i % nr];
		long k = i / (long)nr;
		const char *id = strstr(x->line, "\"id\": \"");
		const char *tail = x->line + x->len;

		if (k == 0 || !id || x->len < 2 || tail[-1] != '}' || tail[-2] != '"') {
			fprintf(f, "%s\n", x->line);
			continue;
		}
		/* "id": "bbc-x-001" -> "bbc-x-001/k"; text "..." -> "... (k)" */
		id += 7;
		fwrite(x->line, 1, (size_t)(strchr(id, '"') - x->line), f);
		fprintf(f, "/%ld", k);
		fwrite(strchr(id, '"'), 1, (size_t)(tail - 2 - strchr(id, '"')), f);
		fprintf(f, " (repeat %ld)\"}\n", k);
	}
	return fclose(f);
}

typedef struct runres {
	double secs;
	double cpu; /* user + system seconds of all its threads */
	long maxrss_kb;
	int status;
} runres;

/* Runs `qasid ingest -j THREADS`; on one core only when ONE_CORE. */
static runres ingest(const char *bin, const char *db, const char *corpus, int threads, int one_core)
{
	runres res = {0, 0, 0, -1};
	char j[16];
	struct rusage ru;
	int st;
	double t0;
	pid_t pid;

	rm_db(db);
	snprintf(j, sizeof j, "%d", threads);
	t0 = now();
	pid = fork();
	if (pid == 0) {
		cpu_set_t cs;
		int c;

		if (one_core && sched_getaffinity(0, sizeof cs, &cs) == 0) {
			for (c = 0; c < CPU_SETSIZE && !CPU_ISSET(c, &cs); c++)
				;
			CPU_ZERO(&cs);
			CPU_SET(c, &cs);
			if (sched_setaffinity(0, sizeof cs, &cs))
				_exit(126);
		}
		execl(bin, bin, "ingest", "-q", "-j", j, "--db", db, corpus, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) != pid)
		return res;
	res.secs = now() - t0;
	res.maxrss_kb = ru.ru_maxrss;
	res.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	          ru.ru_stime.tv_usec / 1e6;
	res.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return res;
}

int main(int argc, char **argv)
{
	const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	const char *env_n = getenv("BENCH_N");
	long n = argc > 4 ? atol(argv[4]) : env_n ? atol(env_n) : 10000;
	char corpus[512], small[512], db[512];
	size_t nr, i;
	rec *r;
	runres one, two, quarter;
	struct stat sb;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_ingest QASID_BIN BBC.jsonl.gz MODELS_DIR [N]\n");
		return 2;
	}
	r = read_gz(argv[2], &nr);
	if (!r || !nr) {
		fprintf(stderr, "bench_ingest: cannot read %s (is ../shared there?)\n", argv[2]);
		return 3;
	}
	snprintf(corpus, sizeof corpus, "%s/qasid-bench-%d.jsonl", tmpdir, (int)getpid());
	snprintf(small, sizeof small, "%s/qasid-bench-%d-q.jsonl", tmpdir, (int)getpid());
	snprintf(db, sizeof db, "%s/qasid-bench-%d.db", tmpdir, (int)getpid());
	stages(r, nr, argv[3], db);
	if (n < 4 || write_corpus(corpus, r, nr, n) || write_corpus(small, r, nr, n / 4)) {
		fprintf(stderr, "bench_ingest: cannot write the corpus in %s\n", tmpdir);
		return 3;
	}
	printf("\nscale: `qasid ingest` over %ld records (BBC repeated, %ld distinct stories):\n", n,
	       (long)nr);
	fflush(stdout);
	quarter = ingest(argv[1], db, small, 1, 1);
	one = ingest(argv[1], db, corpus, 1, 1);
	if (stat(db, &sb))
		sb.st_size = 0;
	two = ingest(argv[1], db, corpus, 2, 0);
	if (one.status || two.status || quarter.status) {
		fprintf(stderr, "bench_ingest: qasid ingest failed (%d, %d, %d)\n", quarter.status,
		        one.status, two.status);
		return 3;
	}
	printf("  -j 1, one core:  %7.1f s  %6.0f articles/s  peak RSS %ld MB (%ld MB over %ld records)"
	       "  CPU %.2f ms/article\n",
	       one.secs, n / one.secs, one.maxrss_kb / 1024, quarter.maxrss_kb / 1024, n / 4,
	       1e3 * one.cpu / n);
	printf("  -j 2, two cores: %7.1f s  %6.0f articles/s  speed-up %.2fx  peak RSS %ld MB  CPU %.2f ms/article\n",
	       two.secs, n / two.secs, one.secs / two.secs, two.maxrss_kb / 1024, 1e3 * two.cpu / n);
	/* On a machine shared with other work the wall-clock speed-up says more
	 * about the neighbours than about qasid; the CPU a run used over its
	 * wall time says how many cores it actually had. */
	printf("  cores used: -j 1 %.2f (of 1), -j 2 %.2f (of %ld online)\n", one.cpu / one.secs,
	       two.cpu / two.secs, sysconf(_SC_NPROCESSORS_ONLN));
	printf("  store: %.1f MB for %ld articles (%.1f KB each)\n", sb.st_size / 1e6, n,
	       sb.st_size / 1e3 / (double)n);
	unlink(corpus);
	unlink(small);
	rm_db(db);
	for (i = 0; i < nr; i++)
		free(r[i].line);
	free(r);
	return 0;
}
