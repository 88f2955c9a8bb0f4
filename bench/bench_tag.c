/* SPDX-License-Identifier: MIT */
/*
 * Speed of the taggers, one core: the time to load both models, then tokens
 * per second of the POS and NER taggers alone (qasid_doc_tag) on real news
 * already cleaned and tokenized, best of several rounds; and of `qasid tag`'s
 * work on the CoNLL-2003 test file and the EWT test file (gold tokens). Each
 * figure is given by the wall clock and by the process's CPU time: on a
 * shared machine the wall clock also counts the time other programs ran.
 *
 *   build/bench/bench_tag MODELDIR DATADIR [ROUNDS]
 *
 * DATADIR is ../shared/data (news-text/bbc-fulltext.jsonl.gz, conll2003/,
 * ud-english-ewt/).
 */
#define BENCH_NAME "bench_tag"
#include "bench.h"

static double time_docs(qasid_doc **docs, size_t n, const qasid_model *pos, const qasid_model *ner,
                        int rounds, double *best_cpu)
{
	double best = 1e30;
	int r;
	size_t i;

	*best_cpu = 1e30;
	for (r = 0; r < rounds; r++) {
		double t0 = now(), c0 = cpu(), dt;

		for (i = 0; i < n; i++) {
			qasid_err err = {0};

			if (qasid_doc_tag(docs[i], pos, ner, &err))
				die("tagging failed", &err);
		}
		dt = now() - t0;
		if (dt < best)
			best = dt;
		if (cpu() - c0 < *best_cpu)
			*best_cpu = cpu() - c0;
	}
	return best;
}

static double time_corpus(const char *path, qasid_task task, const qasid_model *m, int rounds,
                          size_t *tokens, double *score, double *best_cpu)
{
	qasid_corpus *c = NULL;
	qasid_err err = {0};
	qasid_score s;
	double best = 1e30;
	int r;

	if (qasid_corpus_read(&c, task, path, &err))
		die("cannot read a corpus", &err);
	*best_cpu = 1e30;
	for (r = 0; r < rounds; r++) {
		double t0 = now(), c0 = cpu(), dt;

		if (qasid_corpus_tag(c, m, &err))
			die("tagging failed", &err);
		dt = now() - t0;
		if (dt < best)
			best = dt;
		if (cpu() - c0 < *best_cpu)
			*best_cpu = cpu() - c0;
	}
	if (qasid_corpus_score(c, &s, &err))
		die("scoring failed", &err);
	*score = task == QASID_TASK_POS ? s.accuracy : s.all.f1;
	*tokens = qasid_corpus_n_tokens(c);
	qasid_corpus_free(c);
	return best;
}

int main(int argc, char **argv)
{
	char path[4096];
	qasid_model *pos = NULL, *ner = NULL;
	qasid_err err = {0};
	qasid_doc **docs;
	size_t n, tokens, i, ct;
	int rounds = argc > 3 ? atoi(argv[3]) : 3;
	double t0, c0, load, load_cpu, tp, tn, score, cp, cn;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_tag MODELDIR DATADIR [ROUNDS]\n");
		return 2;
	}
	t0 = now();
	c0 = cpu();
	snprintf(path, sizeof path, "%s/pos-en.qm", argv[1]);
	if (qasid_model_load(&pos, path, QASID_TASK_POS, &err))
		die("cannot load the POS model", &err);
	snprintf(path, sizeof path, "%s/ner-en.qm", argv[1]);
	if (qasid_model_load(&ner, path, QASID_TASK_NER, &err))
		die("cannot load the NER model", &err);
	load = now() - t0;
	load_cpu = cpu() - c0;
	printf("bench_tag: loading both models: %.0f ms (%.0f ms of CPU)\n", load * 1e3,
	       load_cpu * 1e3);
	snprintf(path, sizeof path, "%s/news-text/bbc-fulltext.jsonl.gz", argv[2]);
	docs = load_docs(path, NULL, &n, &tokens);
	tp = time_docs(docs, n, pos, NULL, rounds, &cp);
	tn = time_docs(docs, n, NULL, ner, rounds, &cn);
	printf("bench_tag: %zu BBC articles, %zu tokens (qasid's tokenizer), one core, best of %d "
	       "(wall clock; CPU time in brackets):\n",
	       n, tokens, rounds);
	printf("  POS  %.3f s = %.2f M tokens/s (CPU %.3f s = %.2f M tokens/s)\n", tp,
	       tokens / 1e6 / tp, cp, tokens / 1e6 / cp);
	printf("  NER  %.3f s = %.2f M tokens/s (CPU %.3f s = %.2f M tokens/s)\n", tn,
	       tokens / 1e6 / tn, cn, tokens / 1e6 / cn);
	snprintf(path, sizeof path, "%s/conll2003/test.txt", argv[2]);
	tn = time_corpus(path, QASID_TASK_NER, ner, rounds, &ct, &score, &cn);
	printf("  NER  on conll2003/test.txt: %zu tokens, %.0f tokens/s (CPU %.0f), F1 %.2f\n", ct,
	       ct / tn, ct / cn, score);
	snprintf(path, sizeof path, "%s/ud-english-ewt/en_ewt-ud-test.conllu", argv[2]);
	tp = time_corpus(path, QASID_TASK_POS, pos, rounds, &ct, &score, &cp);
	printf("  POS  on en_ewt-ud-test.conllu: %zu words, %.0f words/s (CPU %.0f), UPOS %.2f%%\n",
	       ct, ct / tp, ct / cp, score);
	for (i = 0; i < n; i++)
		qasid_doc_free(docs[i]);
	free(docs);
	qasid_model_free(pos);
	qasid_model_free(ner);
	return 0;
}
