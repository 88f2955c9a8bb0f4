/* SPDX-License-Identifier: MIT */
/*
 * qasid train pos|ner: trains a tagger. The training options come from the
 * library's table (qasid_train_options): its names are the long options, its
 * help and defaults are the --help text.
 */
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
	      "       qasid train parse ... (see qasid train parse --help)\n\n"
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
	fputs(" (pos: options of ner only are not accepted)\n\n"
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
		      "beam sentences, right during the pass, dev UAS and LAS, time, features kept); the epoch best on dev LAS\n"
		      "is written to MODEL. Deterministic: the same data and options give the\n"
		      "same model.\n\nOptions:\n",
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
