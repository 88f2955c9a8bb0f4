/* SPDX-License-Identifier: MIT */
/*
 * Throughput of the parser-free event pieces on real news, one core: reads
 * a JSON Lines file (gzip or plain) of {"text", ...} records, segments each
 * article (not timed), then times, per sentence, the actor matcher (built-in
 * dictionary), date expressions, casualty counts and place lookup.
 *
 *   build/bench/bench_event FILE.jsonl[.gz] [MAX_ARTICLES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "qasid.h"

static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	gzFile gz;
	size_t cap = 1 << 22, max = argc > 2 ? (size_t)atol(argv[2]) : 2000, arts = 0, tokens = 0;
	size_t n_act = 0, n_dates = 0, n_counts = 0, n_places = 0;
	char *line = malloc(cap), **w = NULL;
	size_t wcap = 0;
	qasid_doc *doc = NULL;
	qasid_actors *a = NULL;
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};
	double t = 0;

	if (argc < 2 || !line) {
		fprintf(stderr, "usage: bench_event FILE.jsonl[.gz] [MAX_ARTICLES]\n");
		return 2;
	}
	if (!(gz = gzopen(argv[1], "rb"))) {
		fprintf(stderr, "bench_event: cannot open %s (is ../shared there?)\n", argv[1]);
		return 3;
	}
	if (qasid_doc_new(&doc) || qasid_actors_new(&a, 1, &err) || qasid_gazetteer_new(&g, &err))
		return 3;
	while (arts < max && gzgets(gz, line, (int)cap)) {
		const qasid_sentence *s;
		const qasid_span *tk;
		const char *text;
		size_t i, j, nt;
		double t0;

		if (qasid_doc_from_jsonl(doc, line, strlen(line), NULL) || qasid_process(doc, NULL, NULL))
			continue;
		arts++;
		text = qasid_doc_text(doc, NULL);
		tk = qasid_doc_tokens(doc);
		nt = qasid_doc_n_tokens(doc);
		if (nt + 1 > wcap) {
			free(w);
			wcap = (nt + 1) * 2;
			w = calloc(wcap, sizeof *w);
			if (!w)
				return 3;
		}
		for (i = 0; i < nt; i++)
			w[i] = strndup(text + tk[i].start, tk[i].end - tk[i].start);
		s = qasid_doc_sentences(doc);
		t0 = cpu();
		for (i = 0; i < qasid_doc_n_sentences(doc); i++) {
			const char *const *sw = (const char *const *)w + s[i].first_token;
			size_t n = s[i].n_tokens, k, len;
			qasid_actor_match m[64];
			qasid_when d[16];
			qasid_count c[16];
			qasid_place p[4];

			qasid_actors_match(a, sw, n, QASID_NO_DATE, m, 64, &k);
			n_act += k;
			qasid_dates_find(sw, n, qasid_date_from_ymd(2023, 4, 9), d, 16, &k);
			n_dates += k;
			qasid_counts_find(sw, NULL, n, c, 16, &k);
			n_counts += k;
			for (j = 0; j < n; j += len ? len : 1)
				if (qasid_gazetteer_lookup(g, sw, n, j, &len, p, 4))
					n_places++;
		}
		t += cpu() - t0;
		tokens += nt;
		for (i = 0; i < nt; i++)
			free(w[i]);
	}
	gzclose(gz);
	printf("event pieces: %zu articles, %zu tokens in %.3f s CPU: %.0f tokens/s; found %zu actors, "
	       "%zu dates, %zu counts, %zu places\n",
	       arts, tokens, t, t > 0 ? tokens / t : 0.0, n_act, n_dates, n_counts, n_places);
	free(w);
	free(line);
	qasid_doc_free(doc);
	qasid_actors_free(a);
	qasid_gazetteer_free(g);
	return 0;
}
