/* SPDX-License-Identifier: MIT */
/*
 * What the benchmarks share: clocks, dying with a message, and loading the
 * articles of a JSON Lines file through the pipeline. A benchmark defines
 * BENCH_NAME (its name, for messages) before including this.
 */
#ifndef QASID_BENCH_H
#define QASID_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "qasid.h"

static inline double bench_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The wall clock. */
static inline double now(void)
{
	return bench_clock(CLOCK_MONOTONIC);
}

/* CPU time of this process: on a shared machine, the wall clock also counts
 * the time other programs ran. */
static inline double cpu(void)
{
	return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static inline void die(const char *what, const qasid_err *err)
{
	fprintf(stderr, "%s: %s%s%s\n", BENCH_NAME, what, err ? ": " : "", err ? err->msg : "");
	exit(3);
}

/*
 * The articles of a JSON Lines file (gzip or plain), each run through the
 * pipeline with opt (NULL: the defaults, no models); those it rejects are
 * left out. *tokens counts their tokens.
 */
static inline qasid_doc **load_docs(const char *path, const qasid_options *opt, size_t *n_out,
                                    size_t *tokens)
{
	gzFile gz = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0, ncap = 0;
	char *line = malloc(cap);
	qasid_doc **docs = NULL;

	if (!gz || !line)
		die("cannot open the news text (is ../shared there?)", NULL);
	*tokens = 0;
	while (gzgets(gz, line, (int)cap)) {
		qasid_doc *d;

		if (qasid_doc_new(&d))
			die("out of memory", NULL);
		if (qasid_doc_from_jsonl(d, line, strlen(line), NULL) || qasid_process(d, opt, NULL)) {
			qasid_doc_free(d);
			continue;
		}
		if (n == ncap) {
			ncap = ncap ? ncap * 2 : 1024;
			docs = realloc(docs, ncap * sizeof *docs);
			if (!docs)
				die("out of memory", NULL);
		}
		docs[n++] = d;
		*tokens += qasid_doc_n_tokens(d);
	}
	gzclose(gz);
	free(line);
	*n_out = n;
	return docs;
}

#endif
