/* SPDX-License-Identifier: MIT */
/*
 * Speed of the entity and quote stages, one core: tokens per second and
 * milliseconds per article of qasid_doc_quotes_find (entities, then quotes)
 * on real news already cleaned, tokenized and tagged, best of several
 * rounds; with the taggers' own speed on the same articles beside it for
 * scale (the stages must cost less than the parser, which costs more than
 * the taggers). With parse-en.qm and quote-en.qm in MODELDIR, also the
 * parser over every sentence and the stages with the learned quote model
 * over those trees.
 *
 *   build/bench/bench_quote MODELDIR NEWS.jsonl.gz [ROUNDS]
 */
#define BENCH_NAME "bench_quote"
#include "bench.h"

int main(int argc, char **argv)
{
	char path[4096];
	qasid_model *pos = NULL, *ner = NULL;
	qasid_parser *parser = NULL;
	qasid_quote_model *qm = NULL;
	qasid_err err = {0};
	qasid_options opt;
	qasid_doc **docs = NULL;
	size_t n = 0, tokens = 0, quotes = 0, entities = 0, i;
	int rounds = argc > 3 ? atoi(argv[3]) : 3, r;
	double best_q = 1e30, best_t = 1e30, best_p = 1e30, best_m = 1e30;
	size_t quotes_m = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_quote MODELDIR NEWS.jsonl.gz [ROUNDS]\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/pos-en.qm", argv[1]);
	if (qasid_model_load(&pos, path, QASID_TASK_POS, &err))
		die("cannot load the POS model", &err);
	snprintf(path, sizeof path, "%s/ner-en.qm", argv[1]);
	if (qasid_model_load(&ner, path, QASID_TASK_NER, &err))
		die("cannot load the NER model", &err);
	snprintf(path, sizeof path, "%s/parse-en.qm", argv[1]);
	if (qasid_parser_load(&parser, path, &err))
		parser = NULL;
	snprintf(path, sizeof path, "%s/quote-en.qm", argv[1]);
	if (qasid_quote_model_load(&qm, path, &err))
		qm = NULL;
	qasid_options_default(&opt);
	opt.pos_model = pos;
	opt.ner_model = ner;
	docs = load_docs(argv[2], &opt, &n, &tokens);
	for (r = 0; r < rounds; r++) {
		double t0 = now(), dt;

		for (i = 0; i < n; i++)
			if (qasid_doc_tag(docs[i], pos, ner, &err))
				die("tagging failed", &err);
		dt = now() - t0;
		best_t = dt < best_t ? dt : best_t;
		t0 = now();
		for (i = 0; i < n; i++)
			if (qasid_doc_quotes_find(docs[i], &err))
				die("the quote stage failed", &err);
		dt = now() - t0;
		best_q = dt < best_q ? dt : best_q;
		if (!parser || !qm)
			continue;
		t0 = now();
		for (i = 0; i < n; i++)
			if (qasid_doc_parse(docs[i], parser, &err))
				die("parsing failed", &err);
		dt = now() - t0;
		best_p = dt < best_p ? dt : best_p;
		t0 = now();
		for (i = 0; i < n; i++)
			if (qasid_doc_quotes_find_with(docs[i], qm, &err))
				die("the quote stage failed", &err);
		dt = now() - t0;
		best_m = dt < best_m ? dt : best_m;
	}
	for (i = 0; i < n; i++) {
		quotes_m += qasid_doc_n_quotes(docs[i]);
		if (parser && qm && qasid_doc_quotes_find(docs[i], &err))
			die("the quote stage failed", &err);
		quotes += qasid_doc_n_quotes(docs[i]);
		entities += qasid_doc_n_entities(docs[i]);
		qasid_doc_free(docs[i]);
	}
	free(docs);
	printf("entities + quotes: %zu articles, %zu tokens: %.0f tokens/s, %.3f ms/article "
	       "(%zu entities, %zu quotes)\n",
	       n, tokens, tokens / best_q, 1000 * best_q / (n ? n : 1), entities, quotes);
	printf("taggers (POS + NER) on the same articles, for scale: %.0f tokens/s, %.3f ms/article\n",
	       tokens / best_t, 1000 * best_t / (n ? n : 1));
	if (parser && qm) {
		printf("entities + quotes with the learned quote model (quote-en.qm, every sentence "
		       "parsed): %.0f tokens/s, %.3f ms/article (%zu quotes)\n",
		       tokens / best_m, 1000 * best_m / (n ? n : 1), quotes_m);
		printf("parser (parse-en.qm) over every sentence, for scale: %.0f tokens/s, %.3f "
		       "ms/article\n",
		       tokens / best_p, 1000 * best_p / (n ? n : 1));
	}
	qasid_model_free(pos);
	qasid_model_free(ner);
	qasid_parser_free(parser);
	qasid_quote_model_free(qm);
	return 0;
}
