/* SPDX-License-Identifier: MIT */
/*
 * Speed of the dependency parser, one core: tokens per second of
 * qasid_doc_parse alone on real news (BBC articles cleaned, tokenized and
 * POS-tagged beforehand), best of several rounds; then the POS tagger and
 * the parser together; the event coder (qasid_doc_events_find, built-in
 * actors and lexicon) over the parsed articles, beside the parser's cost;
 * and the parser on the EWT test file (gold tokens, predicted POS) with its
 * UAS and LAS.
 *
 *   build/bench/bench_parse MODELDIR DATADIR [ROUNDS]
 *
 * DATADIR is ../shared/data (news-text/bbc-fulltext.jsonl.gz, ud-english-ewt/).
 */
#define BENCH_NAME "bench_parse"
#include "bench.h"

static double time_docs(qasid_doc **docs, size_t n, const qasid_model *pos, const qasid_parser *p,
                        int rounds, double *best_cpu)
{
	double best = 1e30;
	int r;
	size_t i;

	for (r = 0; r < rounds; r++) {
		double t0 = now(), c0 = cpu(), dt;

		for (i = 0; i < n; i++) {
			qasid_err err = {0};

			if ((pos && qasid_doc_tag(docs[i], pos, NULL, &err)) ||
			    qasid_doc_parse(docs[i], p, &err))
				die("parsing failed", &err);
		}
		dt = now() - t0;
		if (dt < best)
			best = dt;
		if (r == 0 || cpu() - c0 < *best_cpu)
			*best_cpu = cpu() - c0;
	}
	return best;
}

/* The event stage over parsed documents: best CPU time of rounds; *n_events counted. */
static double time_events(qasid_doc **docs, size_t n, int rounds, size_t *n_events)
{
	qasid_actors *a = NULL;
	qasid_verbs *v = NULL;
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};
	double best = 1e30;

	if (qasid_actors_new(&a, 1, &err) || qasid_verbs_new(&v, 1, &err) ||
	    qasid_gazetteer_new(&g, &err))
		die("cannot load the event coder's dictionaries", &err);
	for (int r = 0; r < rounds; r++) {
		double c0 = cpu();

		*n_events = 0;
		for (size_t i = 0; i < n; i++) {
			if (qasid_doc_events_find(docs[i], v, a, g, 0, &err))
				die("event coding failed", &err);
			*n_events += qasid_doc_n_events(docs[i]);
		}
		if (cpu() - c0 < best)
			best = cpu() - c0;
	}
	qasid_actors_free(a);
	qasid_verbs_free(v);
	qasid_gazetteer_free(g);
	return best;
}

int main(int argc, char **argv)
{
	char path[4096];
	qasid_model *pos = NULL;
	qasid_parser *p = NULL;
	qasid_err err = {0};
	qasid_doc **docs;
	qasid_corpus *c = NULL;
	qasid_parse_score s;
	qasid_options opt;
	size_t n, tokens, i;
	int rounds = argc > 3 ? atoi(argv[3]) : 3;
	double t0, tp, tb, cp = 0, cb = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_parse MODELDIR DATADIR [ROUNDS]\n");
		return 2;
	}
	t0 = now();
	snprintf(path, sizeof path, "%s/pos-en.qm", argv[1]);
	if (qasid_model_load(&pos, path, QASID_TASK_POS, &err))
		die("cannot load the POS model", &err);
	snprintf(path, sizeof path, "%s/parse-en.qm", argv[1]);
	if (qasid_parser_load(&p, path, &err))
		die("cannot load the parser", &err);
	printf("bench_parse: loading the POS model and the parser: %.0f ms\n", (now() - t0) * 1e3);
	snprintf(path, sizeof path, "%s/news-text/bbc-fulltext.jsonl.gz", argv[2]);
	qasid_options_default(&opt);
	opt.pos_model = pos; /* tagged once: the first timing is the parser alone */
	docs = load_docs(path, &opt, &n, &tokens);
	tp = time_docs(docs, n, NULL, p, rounds, &cp);
	tb = time_docs(docs, n, pos, p, rounds, &cb);
	printf("bench_parse: %zu BBC articles, %zu tokens (qasid's tokenizer), one core, best of %d:\n",
	       n, tokens, rounds);
	printf("  parser       %.3f s = %.0f tokens/s (CPU time %.3f s = %.0f tokens/s)\n", tp,
	       tokens / tp, cp, tokens / cp);
	printf("  POS + parser %.3f s = %.0f tokens/s (CPU time %.3f s = %.0f tokens/s)\n", tb,
	       tokens / tb, cb, tokens / cb);
	{
		size_t n_ev = 0;
		double ce = time_events(docs, n, rounds, &n_ev);

		printf("  event coder  CPU time %.3f s = %.0f tokens/s, %zu events: %.1f%% of the "
		       "parser's CPU time\n",
		       ce, tokens / ce, n_ev, 100.0 * ce / cp);
	}
	snprintf(path, sizeof path, "%s/ud-english-ewt/en_ewt-ud-test.conllu", argv[2]);
	if (qasid_corpus_read(&c, QASID_TASK_POS, path, &err))
		die("cannot read the EWT test file", &err);
	t0 = now();
	if (qasid_corpus_parse(c, pos, p, &err) || qasid_corpus_score_parse(c, &s, &err))
		die("parsing the EWT test file failed", &err);
	tb = now() - t0;
	printf("  on en_ewt-ud-test.conllu (gold tokens, POS tagged then parsed): %zu words, %.0f "
	       "words/s, UAS %.2f%%, LAS %.2f%%\n",
	       s.n_tokens, s.n_tokens / tb, s.uas, s.las);
	qasid_corpus_free(c);
	for (i = 0; i < n; i++)
		qasid_doc_free(docs[i]);
	free(docs);
	qasid_model_free(pos);
	qasid_parser_free(p);
	return 0;
}
