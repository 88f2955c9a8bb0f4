/* SPDX-License-Identifier: MIT */
/*
 * Throughput of clean + tokenize + split (qasid_process) on real news, one
 * core: reads a JSON Lines file (gzip or plain) of {"text", ...} records into
 * memory, then times qasid_process over all of them, best of several rounds.
 * Parsing the JSON and writing output are not timed.
 *
 *   build/bench/bench_segment FILE.jsonl[.gz] [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "qasid.h"

typedef struct rec {
	char *text;
	size_t len;
} rec;

/* Wall clock, and the CPU time of this thread: on a shared, loaded machine the
 * second is the fairer "one core" figure, so both are printed. */
static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	qasid_options opt;
	gzFile gz;
	char *line = NULL;
	size_t cap = 1 << 20, n = 0, ncap = 0, i, bytes = 0, tokens = 0, sentences = 0;
	rec *recs = NULL;
	qasid_doc *doc;
	int rounds = argc > 2 ? atoi(argv[2]) : 5, r;
	double best = 1e30, best_cpu = 1e30;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_segment FILE.jsonl[.gz] [ROUNDS]\n");
		return 2;
	}
	gz = gzopen(argv[1], "rb");
	if (!gz) {
		fprintf(stderr, "bench_segment: cannot open %s (is ../shared there?)\n", argv[1]);
		return 3;
	}
	if (qasid_doc_new(&doc))
		return 3;
	line = malloc(cap);
	while (gzgets(gz, line, (int)cap)) {
		size_t len = strlen(line);
		size_t tl;
		const char *t;

		if (len + 1 == cap) {
			fprintf(stderr, "bench_segment: line longer than %zu bytes\n", cap);
			return 3;
		}
		if (qasid_doc_from_jsonl(doc, line, len, NULL))
			continue;
		t = qasid_doc_input(doc, &tl);
		if (n == ncap) {
			ncap = ncap ? ncap * 2 : 1024;
			recs = realloc(recs, ncap * sizeof *recs);
		}
		recs[n].text = malloc(tl);
		memcpy(recs[n].text, t, tl);
		recs[n].len = tl;
		bytes += tl;
		n++;
	}
	gzclose(gz);
	/* the stages measured: cleaning, tokens, sentences (not the entity and quote stage) */
	qasid_options_default(&opt);
	opt.quotes = 0;
	for (r = 0; r < rounds; r++) {
		double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID), dt, dc;

		tokens = sentences = 0;
		for (i = 0; i < n; i++) {
			qasid_doc_reset(doc);
			if (qasid_doc_set_text(doc, recs[i].text, recs[i].len) ||
			    qasid_process(doc, &opt, NULL)) {
				fprintf(stderr, "bench_segment: record %zu failed\n", i);
				return 1;
			}
			tokens += qasid_doc_n_tokens(doc);
			sentences += qasid_doc_n_sentences(doc);
		}
		dt = now(CLOCK_MONOTONIC) - t0;
		dc = now(CLOCK_THREAD_CPUTIME_ID) - c0;
		if (dt < best)
			best = dt;
		if (dc < best_cpu)
			best_cpu = dc;
	}
	printf("bench_segment: %zu articles, %.2f MB of text, %zu tokens, %zu sentences\n", n,
	       bytes / 1e6, tokens, sentences);
	printf("clean+tokenize+split, one core, best of %d: %.3f s = %.1f MB/s, %.2f M tokens/s"
	       " (wall clock)\n",
	       rounds, best, bytes / 1e6 / best, tokens / 1e6 / best);
	printf("clean+tokenize+split, one core, best of %d: %.3f s = %.1f MB/s, %.2f M tokens/s"
	       " (CPU time of the thread)\n",
	       rounds, best_cpu, bytes / 1e6 / best_cpu, tokens / 1e6 / best_cpu);
	for (i = 0; i < n; i++)
		free(recs[i].text);
	free(recs);
	free(line);
	qasid_doc_free(doc);
	return 0;
}
