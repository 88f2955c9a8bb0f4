/* SPDX-License-Identifier: MIT */
/*
 * qasid train pos|ner: trains a tagger. The training options come from the
 * library's table (qasid_train_options): its names are the long options, its
 * help and defaults are the --help text.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_TRAIN_OPTS 40

typedef struct train_args {
	qasid_trainer *t;
	const qasid_train_option *lib;
	const char *train, *dev, *output;
	int help, bad, quiet;
} train_args;

enum { A_TRAIN, A_DEV, A_OUTPUT, A_QUIET, A_HELP, A_N };

static int on_opt(int k, const char *arg, void *ud)
{
	train_args *a = ud;
	qasid_err err = {0};

	switch (k) {
	case A_TRAIN: a->train = arg; return 0;
	case A_DEV: a->dev = arg; return 0;
	case A_OUTPUT: a->output = arg; return 0;
	case A_QUIET: a->quiet = 1; return 0;
	case A_HELP: a->help = 1; return 0;
	}
	if (a->t && qasid_trainer_set(a->t, a->lib[k - A_N].name, arg, &err)) {
		cli_error("%s", err.msg);
		return -1;
	}
	return 0;
}

static void progress(void *ud, const char *line)
{
	(void)ud;
	fprintf(stderr, "qasid: %s\n", line);
}

static void help(const cli_opt *opts, const qasid_train_option *lib)
{
	size_t i;

	fputs("usage: qasid train pos|ner --train FILE [--dev FILE] -o MODEL [OPTIONS]\n"
	      "       qasid train parse ... (see qasid train parse --help)\n"
	      "       qasid train quotes ... (see qasid train quotes --help)\n\n"
	      "Trains a tagger: pos on CoNLL-U (UPOS and XPOS), ner on CoNLL-2003 columns\n"
	      "(IOB1 or IOB2 tags). Each epoch prints a progress line on stderr (accuracy on\n"
	      "the training data during the pass, the dev score, time, features kept); the\n"
	      "model of the epoch best on dev is written to MODEL. Training is deterministic:\n"
	      "the same data and options give the same weights and scores (the model's info\n"
	      "line also records the training time).\n\nOptions:\n",
	      stdout);
	cli_print_opts(stdout, opts);
	fputs("\nDefaults:", stdout);
	for (i = 0; lib[i].name; i++)
		if (lib[i].def)
			printf(" %s=%s", lib[i].name, lib[i].def);
	fputs(" (each task takes its own options: qasid train pos|ner --help)\n\n"
	      "Exit status: 0 trained; 2 bad command line; 3 input/output error.\n",
	      stdout);
}

/* qasid train parse */

enum { P_TRAIN, P_DEV, P_OUTPUT, P_POS_MODEL, P_GOLD_POS, P_JACKKNIFED, P_CLUSTERS, P_EPOCHS, P_PATIENCE,
       P_SEED, P_PRUNE, P_EXPLORE, P_BEAM, P_QUIET, P_HELP };

static const cli_opt parse_opts[] = {
	[P_TRAIN] = {"train", 0, "FILE", "training data, CoNLL-U (required)"},
	[P_DEV] = {"dev", 0, "FILE", "development data: scored each epoch, picks the epoch"},
	[P_OUTPUT] = {"output", 'o', "FILE", "where to write the model (required)"},
	[P_POS_MODEL] = {"pos-model", 0, "FILE", "the POS model tagging both files (default pos-en.qm)"},
	[P_GOLD_POS] = {"gold-pos", 0, NULL, "train and score on the files' own POS columns"},
	[P_JACKKNIFED] = {"jackknifed", 0, NULL,
	                  "the training file's POS columns are already predicted tags "
	                  "(tools/jackknife_pos.py); only --dev is tagged"},
	[P_CLUSTERS] = {"clusters", 0, "FILE", "Brown word clusters (as data/clusters-en.txt)"},
	[P_EPOCHS] = {"epochs", 0, "N", "passes over the training data (default 15)"},
	[P_PATIENCE] = {"patience", 0, "N", "stop after N epochs without a better dev LAS (default 4)"},
	[P_SEED] = {"seed", 0, "N", "shuffling and exploration (default 1)"},
	[P_PRUNE] = {"prune", 0, "X", "drop averaged weights below X (default 0.05)"},
	[P_EXPLORE] = {"explore", 0, "X",
	               "follow the parser's own mistakes with probability X (default 0.9)"},
	[P_BEAM] = {"beam", 0, "N",
	            "1: greedy (default); 2 to 64: a beam of N parses, trained globally;\n"
	            "                             the model parses with it (slower, more accurate)"},
	[P_QUIET] = {"quiet", 'q', NULL, "no progress lines"},
	[P_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct parse_args {
	qasid_parser_train_opts o;
	const char *train, *dev, *output, *pos_model;
	int gold_pos, quiet, help;
} parse_args;

static int num(const char *name, const char *arg, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || v < lo || v > hi) {
		cli_error("--%s: '%s' is not a number from %g to %g", name, arg, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

static int on_parse_opt(int k, const char *arg, void *ud)
{
	parse_args *a = ud;
	double v;

	switch (k) {
	case P_TRAIN: a->train = arg; return 0;
	case P_DEV: a->dev = arg; return 0;
	case P_OUTPUT: a->output = arg; return 0;
	case P_POS_MODEL: a->pos_model = arg; return 0;
	case P_GOLD_POS: a->gold_pos = 1; return 0;
	case P_JACKKNIFED: a->o.train_tagged = 1; return 0;
	case P_CLUSTERS: a->o.clusters = arg; return 0;
	case P_QUIET: a->quiet = 1; return 0;
	case P_HELP: a->help = 1; return 0;
	}
	if (num(parse_opts[k].name, arg, k == P_BEAM ? 1 : 0,
	        k == P_SEED ? 4294967295.0 : k == P_EPOCHS || k == P_PATIENCE ? 1000 : k == P_BEAM ? 64 : 1,
	        &v))
		return -1;
	if (k == P_BEAM && v != (int)v) {
		cli_error("--beam: '%s' is not a whole number", arg);
		return -1;
	}
	if (k == P_EPOCHS)
		a->o.epochs = (int)v;
	else if (k == P_PATIENCE)
		a->o.patience = (int)v;
	else if (k == P_SEED)
		a->o.seed = (unsigned)v;
	else if (k == P_PRUNE)
		a->o.prune = v;
	else if (k == P_BEAM)
		a->o.beam = (int)v;
	else
		a->o.explore = v;
	return 0;
}

static int train_parse(int argc, char **argv)
{
	parse_args a;
	qasid_corpus *train = NULL, *dev = NULL;
	qasid_model *pos = NULL;
	qasid_parser *p = NULL;
	qasid_err err = {0};
	int first, rc = EXIT_OK_ALL;

	memset(&a, 0, sizeof a);
	qasid_parser_train_defaults(&a.o);
	first = cli_parse(argc, argv, parse_opts, on_parse_opt, &a);
	if (first < 0)
		return EXIT_USAGE;
	if (a.help) {
		fputs("usage: qasid train parse --train FILE [--dev FILE] -o MODEL [OPTIONS]\n\n"
		      "Trains the dependency parser on CoNLL-U (UD English EWT): arc-hybrid\n"
		      "transitions, a dynamic oracle, the averaged perceptron; or, with --beam N,\n"
		      "a beam of N parses trained globally (max-violation updates), which the\n"
		      "model keeps and parses with (about N/2 times slower). Both files are\n"
		      "tagged by the POS model first, so the parser learns from the tags it will\n"
		      "see. Each epoch prints a progress line on stderr (transitions, or with a\n"
		      "beam sentences, right during the pass, dev UAS and LAS, time, features\n"
		      "kept); the epoch best on dev LAS is written to MODEL. Deterministic: the\n"
		      "same data and options give the same model.\n\nOptions:\n",
		      stdout);
		cli_print_opts(stdout, parse_opts);
		fputs("\nExit status: 0 trained; 2 bad command line; 3 input/output error; 4 model "
		      "error.\n",
		      stdout);
		return EXIT_OK_ALL;
	}
	if (first < argc || !a.train || !a.output) {
		cli_error(first < argc ? "unexpected argument '%s' (try --help)"
		                       : "--train FILE and -o MODEL are required%s (try --help)",
		          first < argc ? argv[first] : "");
		return EXIT_USAGE;
	}
	if (!a.gold_pos && (rc = cli_load_model(QASID_TASK_POS, a.pos_model, &pos)))
		return rc;
	if (qasid_corpus_read(&train, QASID_TASK_POS, a.train, &err) ||
	    (a.dev && qasid_corpus_read(&dev, QASID_TASK_POS, a.dev, &err))) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto cleanup;
	}
	if (qasid_parser_train(&a.o, train, dev, pos, a.quiet ? NULL : progress, NULL, &p, &err)) {
		cli_error("%s", err.msg);
		rc = err.code == QASID_EINVAL ? EXIT_USAGE : EXIT_IO;
		goto cleanup;
	}
	if (qasid_parser_save(p, a.output, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto cleanup;
	}
	if (!a.quiet)
		fprintf(stderr, "qasid: wrote %s\n", a.output);
cleanup:
	qasid_corpus_free(train);
	qasid_corpus_free(dev);
	qasid_model_free(pos);
	qasid_parser_free(p);
	return rc;
}

/* qasid train quotes */

enum {
	Q_TRAIN, Q_OUTPUT, Q_EPOCHS, Q_PRUNE, Q_THRESHOLD, Q_VOCAB_MIN, Q_VOCAB_RATE, Q_BAGS, Q_QUIET,
	Q_HELP
};

static const cli_opt quote_opts[] = {
	[Q_TRAIN] = {"train", 0, "FILE", "training data: JSON Lines of tools/quote_gold.py (required)"},
	[Q_OUTPUT] = {"output", 'o', "FILE", "where to write the model (required)"},
	[Q_EPOCHS] = {"epochs", 0, "N", "passes over the training data (default 10)"},
	[Q_PRUNE] = {"prune", 0, "X", "drop averaged weights below X (default 0.05)"},
	[Q_THRESHOLD] = {"threshold", 0, "X", "a cue's yes score must pass its no score by X (default 0)"},
	[Q_VOCAB_MIN] = {"vocab-min", 0, "N",
	                 "parse for words that headed N cues or more (default 2) ..."},
	[Q_VOCAB_RATE] = {"vocab-rate", 0, "PCT", "... in PCT percent of their uses or more (default 5)"},
	[Q_BAGS] = {"bags", 0, "N", "N models over other shuffles of the data, averaged (default 1)"},
	[Q_QUIET] = {"quiet", 'q', NULL, "no progress lines"},
	[Q_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct quote_args {
	const char *train, *output;
	qasid_quote_train_opts o;
	int quiet, help;
} quote_args;

static int on_quote_opt(int k, const char *arg, void *ud)
{
	quote_args *a = ud;
	double v;

	switch (k) {
	case Q_TRAIN: a->train = arg; return 0;
	case Q_OUTPUT: a->output = arg; return 0;
	case Q_EPOCHS:
		if (num("epochs", arg, 1, 100, &v))
			return -1;
		a->o.epochs = (int)v;
		return 0;
	case Q_PRUNE: return num("prune", arg, 0, 100, &a->o.prune);
	case Q_THRESHOLD: return num("threshold", arg, -1000, 1000, &a->o.thr);
	case Q_VOCAB_MIN:
		if (num("vocab-min", arg, 1, 1000000, &v))
			return -1;
		a->o.vocab_min = (uint32_t)v;
		return 0;
	case Q_VOCAB_RATE: return num("vocab-rate", arg, 0, 100, &a->o.vocab_rate);
	case Q_BAGS:
		if (num("bags", arg, 1, 100, &v))
			return -1;
		a->o.bags = (int)v;
		return 0;
	case Q_QUIET: a->quiet = 1; return 0;
	case Q_HELP: a->help = 1; return 0;
	}
	return 0;
}

/* The token indices of one role of a gold relation, appended to flat[*n...]. */
static uint32_t gold_list(json_t *rel, const char *role, uint32_t *flat, size_t *n)
{
	json_t *l = json_object_get(rel, role), *x;
	size_t i;
	uint32_t k = 0;

	json_array_foreach(l, i, x)
		if (json_is_integer(x) && json_integer_value(x) >= 0) {
			flat[(*n)++] = (uint32_t)json_integer_value(x);
			k++;
		}
	return k;
}

/* One article of the training file: the pipeline over its text, then its relations. */
static int quote_article(qasid_quote_trainer *t, qasid_doc *doc, const qasid_options *opt,
                         json_t *rec, qasid_err *err)
{
	static const char *const roles[3] = {"cue", "content", "source"};
	json_t *rels = json_object_get(rec, "rels"), *r;
	const char *text = json_string_value(json_object_get(rec, "text"));
	qasid_quote_gold *g = NULL;
	uint32_t *flat = NULL;
	size_t i, n, total = 0, used = 0;
	int rc = -1, k;

	if (!text || !json_is_array(rels)) {
		snprintf(err->msg, sizeof err->msg, "a record without \"text\" or \"rels\"");
		return -1;
	}
	if (qasid_doc_set_text(doc, text, strlen(text)) || qasid_process(doc, opt, err))
		return -1;
	n = json_array_size(rels);
	json_array_foreach(rels, i, r)
		for (k = 0; k < 3; k++)
			total += json_array_size(json_object_get(r, roles[k]));
	g = calloc(n + 1, sizeof *g);
	flat = malloc((total + 1) * sizeof *flat);
	if (!g || !flat) {
		snprintf(err->msg, sizeof err->msg, "out of memory");
		goto out;
	}
	json_array_foreach(rels, i, r) {
		g[i].cue = flat + used;
		g[i].n_cue = gold_list(r, "cue", flat, &used);
		g[i].content = flat + used;
		g[i].n_content = gold_list(r, "content", flat, &used);
		g[i].source = flat + used;
		g[i].n_source = gold_list(r, "source", flat, &used);
	}
	if (qasid_quote_trainer_add(t, doc, g, n, err))
		goto out;
	rc = 0;
out:
	free(flat);
	free(g);
	return rc;
}

static int train_quotes(int argc, char **argv)
{
	quote_args a;
	qasid_model *pos = NULL, *ner = NULL;
	qasid_parser *parser = NULL;
	qasid_quote_trainer *t = NULL;
	qasid_doc *doc = NULL;
	qasid_options opt;
	qasid_err err = {0};
	char report[800];
	FILE *f = NULL;
	char *line = NULL;
	size_t cap = 0, n_lines = 0;
	ssize_t len;
	int first, rc = EXIT_OK_ALL;

	memset(&a, 0, sizeof a);
	qasid_quote_train_defaults(&a.o);
	first = cli_parse(argc, argv, quote_opts, on_quote_opt, &a);
	if (first < 0)
		return EXIT_USAGE;
	if (a.help) {
		fputs("usage: qasid train quotes --train FILE -o MODEL [OPTIONS]\n\n"
		      "Trains the quote stage's learned cue and role model (see README, \"Who said\n"
		      "what\") on attributions given as token indices, one article a line, as\n"
		      "tools/quote_gold.py writes them from PolNeAR. Each text is tagged and\n"
		      "parsed with the models found as for qasid extract (pos-en.qm, ner-en.qm,\n"
		      "parse-en.qm). Deterministic: the same data and options give the same model.\n\n"
		      "Options:\n",
		      stdout);
		cli_print_opts(stdout, quote_opts);
		fputs("\nExit status: 0 trained; 2 bad command line; 3 input/output error; 4 model "
		      "error.\n",
		      stdout);
		return EXIT_OK_ALL;
	}
	if (first < argc || !a.train || !a.output) {
		cli_error(first < argc ? "unexpected argument '%s' (try --help)"
		                       : "--train FILE and -o MODEL are required%s (try --help)",
		          first < argc ? argv[first] : "");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_model(QASID_TASK_POS, NULL, &pos)) ||
	    (rc = cli_load_model(QASID_TASK_NER, NULL, &ner)) || (rc = cli_load_parser(NULL, &parser)))
		goto cleanup;
	qasid_options_default(&opt);
	opt.pos_model = pos;
	opt.ner_model = ner;
	opt.parser = parser;
	opt.parse_all = 1;
	opt.quotes = 0;
	if (!(f = fopen(a.train, "r"))) {
		cli_error("%s: cannot open", a.train);
		rc = EXIT_IO;
		goto cleanup;
	}
	if (qasid_doc_new(&doc) || qasid_quote_trainer_new(&t)) {
		cli_error("out of memory");
		rc = EXIT_IO;
		goto cleanup;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		json_error_t je;
		json_t *rec;

		n_lines++;
		if (len <= 1)
			continue;
		rec = json_loads(line, 0, &je);
		if (!rec || quote_article(t, doc, &opt, rec, &err)) {
			cli_error("%s:%zu: %s", a.train, n_lines, rec ? err.msg : je.text);
			json_decref(rec);
			rc = EXIT_IO;
			goto cleanup;
		}
		json_decref(rec);
		if (!a.quiet && n_lines % 100 == 0)
			fprintf(stderr, "qasid: %zu articles read\n", n_lines);
	}
	if (qasid_quote_trainer_save(t, &a.o, a.output, report, sizeof report, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto cleanup;
	}
	if (!a.quiet)
		fprintf(stderr, "qasid: %s\nqasid: wrote %s\n", report, a.output);
cleanup:
	if (f)
		fclose(f);
	free(line);
	qasid_quote_trainer_free(t);
	qasid_doc_free(doc);
	qasid_model_free(pos);
	qasid_model_free(ner);
	qasid_parser_free(parser);
	return rc;
}

int cmd_train(int argc, char **argv)
{
	static const cli_opt fixed[A_N] = {
		[A_TRAIN] = {"train", 0, "FILE", "training data (required)"},
		[A_DEV] = {"dev", 0, "FILE", "development data: picks the epoch; scored each epoch"},
		[A_OUTPUT] = {"output", 'o', "FILE", "where to write the model (required)"},
		[A_QUIET] = {"quiet", 'q', NULL, "no progress lines"},
		[A_HELP] = {"help", 'h', NULL, "show this help"}};
	cli_opt opts[A_N + MAX_TRAIN_OPTS + 1];
	char helps[MAX_TRAIN_OPTS][256];
	train_args a = {0};
	qasid_corpus *train = NULL, *dev = NULL;
	qasid_model *m = NULL;
	qasid_err err = {0};
	qasid_task task;
	size_t i, n = 0;
	int first, rc = EXIT_OK_ALL;

	if (argc >= 2 && !strcmp(argv[1], "parse"))
		return train_parse(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "quotes"))
		return train_quotes(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "pos") || !strcmp(argv[1], "ner"))) {
		task = !strcmp(argv[1], "pos") ? QASID_TASK_POS : QASID_TASK_NER;
		argc--;
		argv++;
	} else {
		task = QASID_TASK_NER; /* for the help text */
		a.help = argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ? 1 : 0;
		if (!a.help) {
			cli_error("say which model: qasid train pos|ner|parse ... (try --help)");
			return EXIT_USAGE;
		}
	}
	a.lib = qasid_train_options(task);
	memcpy(opts, fixed, sizeof fixed);
	for (i = 0; a.lib[i].name && i < MAX_TRAIN_OPTS; i++) {
		snprintf(helps[i], sizeof helps[i], "%s%s%s%s", a.lib[i].help,
		         a.lib[i].def ? " (default " : "", a.lib[i].def ? a.lib[i].def : "",
		         a.lib[i].def ? ")" : "");
		opts[A_N + i].name = a.lib[i].name;
		opts[A_N + i].shortc = 0;
		opts[A_N + i].arg = a.lib[i].arg;
		opts[A_N + i].help = helps[i];
		n++;
	}
	memset(&opts[A_N + n], 0, sizeof opts[0]);
	if (a.help) {
		help(opts, a.lib);
		return EXIT_OK_ALL;
	}
	if (qasid_trainer_new(&a.t, task)) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	first = cli_parse(argc, argv, opts, on_opt, &a);
	if (first < 0) {
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (a.help) {
		help(opts, a.lib);
		goto cleanup;
	}
	if (first < argc || !a.train || !a.output) {
		cli_error(first < argc ? "unexpected argument '%s' (try --help)"
		                       : "--train FILE and -o MODEL are required%s (try --help)",
		          first < argc ? argv[first] : "");
		rc = EXIT_USAGE;
		goto cleanup;
	}
	if (qasid_corpus_read(&train, task, a.train, &err) ||
	    (a.dev && qasid_corpus_read(&dev, task, a.dev, &err))) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto cleanup;
	}
	if (qasid_train(a.t, train, dev, a.quiet ? NULL : progress, NULL, &m, &err)) {
		cli_error("%s", err.msg);
		rc = err.code == QASID_EINVAL ? EXIT_USAGE : EXIT_IO;
		goto cleanup;
	}
	if (qasid_model_save(m, a.output, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto cleanup;
	}
	if (!a.quiet)
		fprintf(stderr, "qasid: wrote %s\n", a.output);
cleanup:
	qasid_corpus_free(train);
	qasid_corpus_free(dev);
	qasid_model_free(m);
	qasid_trainer_free(a.t);
	return rc;
}
