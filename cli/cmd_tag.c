/* SPDX-License-Identifier: MIT */
/*
 * qasid tag, qasid eval, qasid model: the taggers on CoNLL files, their
 * scores, and model files. Also where the CLI finds its models.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#ifndef QASID_MODELDIR
#define QASID_MODELDIR "/usr/local/share/qasid/models"
#endif

static const char *model_file(qasid_task task)
{
	return task == QASID_TASK_POS     ? "pos-en.qm"
	       : task == QASID_TASK_PARSE ? "parse-en.qm"
	       : task == QASID_TASK_QUOTE ? "quote-en.qm"
	                                  : "ner-en.qm";
}

static const char *task_name(qasid_task task)
{
	return task == QASID_TASK_POS     ? "POS"
	       : task == QASID_TASK_PARSE ? "parser"
	       : task == QASID_TASK_QUOTE ? "quote"
	                                  : "NER";
}

int cli_model_path(qasid_task task, char *out, size_t cap)
{
	const char *env = getenv("QASID_MODELS"), *name = model_file(task);
	char exe[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		snprintf(out, cap, "%s/%s", env, name);
		return access(out, F_OK) == 0 ? 0 : -1;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(out, cap, "%s/../models/%s", exe, name);
			if (access(out, F_OK) == 0)
				return 0;
		}
	}
	snprintf(out, cap, "%s/%s", QASID_MODELDIR, name);
	return access(out, F_OK) == 0 ? 0 : -1;
}

int cli_load_model(qasid_task task, const char *path, qasid_model **out)
{
	char found[PATH_MAX + 64];
	qasid_err err = {0};

	if (!path) {
		if (cli_model_path(task, found, sizeof found)) {
			cli_error("no %s model found: looked for %s in $QASID_MODELS, in ../models beside "
			          "the qasid executable and in %s (or give --model FILE)",
			          task_name(task), model_file(task), QASID_MODELDIR);
			return EXIT_MODEL;
		}
		path = found;
	}
	if (qasid_model_load(out, path, task, &err)) {
		cli_error("%s", err.msg);
		return EXIT_MODEL;
	}
	return 0;
}

int cli_load_quote_model(const char *path, qasid_quote_model **out)
{
	qasid_err err = {0};

	if (qasid_quote_model_load(out, path, &err)) {
		cli_error("%s", err.msg);
		return EXIT_MODEL;
	}
	return 0;
}

/* The model path given, else the one found; NULL, after a warning unless quiet, when none. */
static const char *given_or_found(qasid_task task, const char *given, char *path, size_t cap,
                                  int quiet, const char *kind, const char *without)
{
	if (given)
		return given;
	if (!cli_model_path(task, path, cap))
		return path;
	if (!quiet)
		cli_error("warning: no %s model found (see qasid extract --help): %s", kind, without);
	return NULL;
}

int cli_models_load(cli_models *m, qasid_options *opt)
{
	char path[PATH_MAX + 64];
	const char *p;
	int rc;

	if (m->no_tag)
		return 0;
	if ((p = given_or_found(QASID_TASK_POS, m->pos_path, path, sizeof path, m->quiet, "POS",
	                        "no part-of-speech tags")) &&
	    (rc = cli_load_model(QASID_TASK_POS, p, &m->pos)))
		return rc;
	if ((p = given_or_found(QASID_TASK_NER, m->ner_path, path, sizeof path, m->quiet, "NER",
	                        "no named entities")) &&
	    (rc = cli_load_model(QASID_TASK_NER, p, &m->ner)))
		return rc;
	opt->pos_model = m->pos;
	opt->ner_model = m->ner;
	if (m->no_parse || !m->pos)
		return 0;
	if (!(p = given_or_found(QASID_TASK_PARSE, m->parse_path, path, sizeof path, m->quiet,
	                         "parser", "no dependency trees, no events")))
		return 0;
	if ((rc = cli_load_parser(p, &m->parser)))
		return rc;
	opt->parser = m->parser;
	if (m->no_qm || !(p = given_or_found(QASID_TASK_QUOTE, m->quote_path, path, sizeof path,
	                                     m->quiet, "quote", "quotes from the rules alone")))
		return 0;
	if ((rc = cli_load_quote_model(p, &m->qm)))
		return rc;
	opt->quote_model = m->qm;
	return 0;
}

void cli_models_free(cli_models *m)
{
	qasid_model_free(m->pos);
	qasid_model_free(m->ner);
	qasid_parser_free(m->parser);
	qasid_quote_model_free(m->qm);
	m->pos = m->ner = NULL;
	m->parser = NULL;
	m->qm = NULL;
}

int cli_load_parser(const char *path, qasid_parser **out)
{
	char found[PATH_MAX + 64];
	qasid_err err = {0};

	if (!path) {
		if (cli_model_path(QASID_TASK_PARSE, found, sizeof found)) {
			cli_error("no parser model found: looked for %s in $QASID_MODELS, in ../models "
			          "beside the qasid executable and in %s (or give --model FILE)",
			          model_file(QASID_TASK_PARSE), QASID_MODELDIR);
			return EXIT_MODEL;
		}
		path = found;
	}
	if (qasid_parser_load(out, path, &err)) {
		cli_error("%s", err.msg);
		return EXIT_MODEL;
	}
	return 0;
}

static int write_stdout(void *ud, const char *b, size_t n)
{
	(void)ud;
	return fwrite(b, 1, n, stdout) == n ? 0 : -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* qasid tag */

enum { T_POS, T_NER, T_PARSE, T_MODEL, T_POS_MODEL, T_SCHEME, T_HELP };

static const cli_opt tag_opts[] = {
	[T_POS] = {"pos", 0, NULL, "part of speech: read CoNLL-U, write it with UPOS and XPOS"},
	[T_NER] = {"ner", 0, NULL, "named entities: read CoNLL-2003 columns, append a tag column"},
	[T_PARSE] = {"parse", 0, NULL,
	             "dependencies: read CoNLL-U, write it with UPOS, XPOS, HEAD and DEPREL"},
	[T_MODEL] = {"model", 'm', "FILE", "the model (default: found as described below)"},
	[T_POS_MODEL] = {"pos-model", 0, "FILE",
	                 "--parse: the POS model that tags first (default pos-en.qm, found so)"},
	[T_SCHEME] = {"scheme", 0, "S", "NER tags: iob1 (default, as CoNLL-2003), iob2 or bilou"},
	[T_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct tag_args {
	qasid_task task;
	const char *model;
	const char *pos_model;
	qasid_scheme scheme;
	int help;
} tag_args;

static int on_tag_opt(int k, const char *arg, void *ud)
{
	tag_args *a = ud;

	switch (k) {
	case T_POS: a->task = QASID_TASK_POS; break;
	case T_NER: a->task = QASID_TASK_NER; break;
	case T_PARSE: a->task = QASID_TASK_PARSE; break;
	case T_MODEL: a->model = arg; break;
	case T_POS_MODEL: a->pos_model = arg; break;
	case T_SCHEME:
		if (!strcmp(arg, "iob1"))
			a->scheme = QASID_IOB1;
		else if (!strcmp(arg, "iob2"))
			a->scheme = QASID_IOB2;
		else if (!strcmp(arg, "bilou"))
			a->scheme = QASID_BILOU;
		else {
			cli_error("unknown tag scheme '%s' (iob1, iob2 or bilou)", arg);
			return -1;
		}
		break;
	case T_HELP: a->help = 1; break;
	}
	return 0;
}

static void models_help(FILE *f)
{
	fprintf(f,
	        "Models: --model FILE, else pos-en.qm / ner-en.qm / parse-en.qm in the directory named by\n"
	        "$QASID_MODELS, else in ../models beside the qasid executable (build/qasid\n"
	        "in a source tree finds models/), else in %s.\n",
	        QASID_MODELDIR);
}

int cmd_tag(int argc, char **argv)
{
	tag_args a = {0, NULL, NULL, QASID_IOB1, 0};
	qasid_corpus *c = NULL;
	qasid_model *m = NULL;
	qasid_parser *parser = NULL;
	qasid_err err = {0};
	int first, rc = EXIT_OK_ALL;

	first = cli_parse(argc, argv, tag_opts, on_tag_opt, &a);
	if (first < 0)
		return EXIT_USAGE;
	if (a.help) {
		fputs("usage: qasid tag --pos|--ner|--parse [OPTIONS] [FILE]\n\n"
		      "Tags a file with gold tokens (standard input when FILE is absent or -).\n"
		      "--pos reads CoNLL-U and writes it back with UPOS (column 4) and XPOS\n"
		      "(column 5) predicted; comment lines, multiword-token and empty-node lines\n"
		      "are kept as they are. --ner reads CoNLL-2003 columns (token first) and\n"
		      "writes each line with the predicted tag appended as a last column,\n"
		      "keeping -DOCSTART- and blank lines; the output can go straight to\n"
		      "conlleval. --parse reads CoNLL-U with gold tokens, tags it with the POS\n"
		      "model, parses it and writes it back with UPOS, XPOS, HEAD and DEPREL\n"
		      "(columns 4, 5, 7, 8) predicted.\n\nOptions:\n",
		      stdout);
		cli_print_opts(stdout, tag_opts);
		putchar('\n');
		models_help(stdout);
		fputs("\nExit status: 0 done; 2 bad command line; 3 input/output error; 4 model error.\n",
		      stdout);
		return EXIT_OK_ALL;
	}
	if (!a.task) {
		cli_error("say --pos, --ner or --parse (try qasid tag --help)");
		return EXIT_USAGE;
	}
	if (argc - first > 1) {
		cli_error("one input file at a time");
		return EXIT_USAGE;
	}
	if (a.task == QASID_TASK_PARSE) {
		if ((rc = cli_load_model(QASID_TASK_POS, a.pos_model, &m)) ||
		    (rc = cli_load_parser(a.model, &parser)))
			goto cleanup;
		if (qasid_corpus_read(&c, QASID_TASK_POS, first < argc ? argv[first] : "-", &err) ||
		    qasid_corpus_parse(c, m, parser, &err)) {
			cli_error("%s", err.msg);
			rc = err.code == QASID_EFORMAT ? EXIT_SKIPPED : EXIT_IO;
			goto cleanup;
		}
	} else {
		if ((rc = cli_load_model(a.task, a.model, &m)))
			return rc;
		if (qasid_corpus_read(&c, a.task, first < argc ? argv[first] : "-", &err) ||
		    qasid_corpus_tag(c, m, &err)) {
			cli_error("%s", err.msg);
			rc = err.code == QASID_EFORMAT ? EXIT_SKIPPED : EXIT_IO;
			goto cleanup;
		}
	}
	if ((a.task == QASID_TASK_PARSE ? qasid_corpus_write_parse(c, write_stdout, NULL)
	                                : qasid_corpus_write(c, a.scheme, write_stdout, NULL)) ||
	    fflush(stdout) == EOF) {
		cli_error("cannot write output: %s", strerror(errno));
		rc = EXIT_IO;
	}
cleanup:
	qasid_corpus_free(c);
	qasid_model_free(m);
	qasid_parser_free(parser);
	return rc;
}

/* qasid eval */

enum { E_MODEL, E_POS_MODEL, E_GOLD_POS, E_OUTPUT, E_HELP };

static const cli_opt eval_opts[] = {
	[E_MODEL] = {"model", 'm', "FILE", "the model (default: found as qasid tag finds it)"},
	[E_POS_MODEL] = {"pos-model", 0, "FILE", "parse: the POS model that tags first"},
	[E_GOLD_POS] = {"gold-pos", 0, NULL, "parse: use the file's own POS columns, no tagger"},
	[E_OUTPUT] = {"output", 'o', "FILE", "also write the tagged file there"},
	[E_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct eval_args {
	const char *model;
	const char *pos_model;
	const char *output;
	int help, gold_pos;
} eval_args;

static int on_eval_opt(int k, const char *arg, void *ud)
{
	eval_args *a = ud;

	if (k == E_MODEL)
		a->model = arg;
	else if (k == E_POS_MODEL)
		a->pos_model = arg;
	else if (k == E_GOLD_POS)
		a->gold_pos = 1;
	else if (k == E_OUTPUT)
		a->output = arg;
	else
		a->help = 1;
	return 0;
}

static int write_file(void *ud, const char *b, size_t n)
{
	return fwrite(b, 1, n, ud) == n ? 0 : -1;
}

static void print_score(const char *name, const qasid_score *s, double secs)
{
	size_t i;

	if (s->task == QASID_TASK_POS) {
		printf("%s: %zu words; UPOS %.2f%%, XPOS %.2f%%, both %.2f%%; %.0f words/s\n", name,
		       s->n_tokens, s->accuracy, s->accuracy2, s->both,
		       secs > 0 ? s->n_tokens / secs : 0);
		return;
	}
	printf("%s: processed %zu tokens with %zu phrases; found: %zu phrases; correct: %zu.\n",
	       name, s->n_tokens, s->all.n_gold, s->all.n_pred, s->all.n_correct);
	printf("accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  (%.0f tokens/s)\n",
	       s->accuracy, s->all.precision, s->all.recall, s->all.f1,
	       secs > 0 ? s->n_tokens / secs : 0);
	for (i = 0; i < s->n_types; i++)
		printf("%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %zu\n", s->types[i].type,
		       s->types[i].precision, s->types[i].recall, s->types[i].f1, s->types[i].n_pred);
}

static int eval_parse(int argc, char **argv)
{
	eval_args a = {0};
	qasid_model *pos = NULL;
	qasid_parser *p = NULL;
	int first, i, rc = EXIT_OK_ALL;

	first = cli_parse(argc, argv, eval_opts, on_eval_opt, &a);
	if (first < 0)
		return EXIT_USAGE;
	if (a.help) {
		fputs("usage: qasid eval parse [OPTIONS] FILE...\n\n"
		      "Tags each CoNLL-U FILE (gold tokens) with the POS model, parses it and prints\n"
		      "UAS and LAS over all words, punctuation included (CoNLL 2018 style).\n\n"
		      "Options:\n",
		      stdout);
		cli_print_opts(stdout, eval_opts);
		putchar('\n');
		models_help(stdout);
		return EXIT_OK_ALL;
	}
	if (first >= argc) {
		cli_error("no file to score (try --help)");
		return EXIT_USAGE;
	}
	if ((!a.gold_pos && (rc = cli_load_model(QASID_TASK_POS, a.pos_model, &pos))) ||
	    (rc = cli_load_parser(a.model, &p)))
		goto cleanup;
	for (i = first; i < argc && !rc; i++) {
		qasid_corpus *c = NULL;
		qasid_parse_score s;
		qasid_err err = {0};
		double t0;

		if (qasid_corpus_read(&c, QASID_TASK_POS, argv[i], &err)) {
			cli_error("%s", err.msg);
			rc = EXIT_IO;
			break;
		}
		t0 = now();
		if (qasid_corpus_parse(c, pos, p, &err) || qasid_corpus_score_parse(c, &s, &err)) {
			cli_error("%s: %s", argv[i], err.msg);
			rc = EXIT_IO;
		} else {
			printf("%s: %zu words; UAS %.2f%%, LAS %.2f%% (%s POS); %.0f words/s\n", argv[i],
			       s.n_tokens, s.uas, s.las, pos ? "predicted" : "gold",
			       now() - t0 > 0 ? s.n_tokens / (now() - t0) : 0);
		}
		if (!rc && a.output) {
			FILE *f = fopen(a.output, "w");

			if (!f || qasid_corpus_write_parse(c, write_file, f) || fclose(f)) {
				cli_error("cannot write %s: %s", a.output, strerror(errno));
				rc = EXIT_IO;
			}
		}
		qasid_corpus_free(c);
	}
cleanup:
	qasid_model_free(pos);
	qasid_parser_free(p);
	return rc;
}

int cmd_eval(int argc, char **argv)
{
	eval_args a = {0};
	qasid_model *m = NULL;
	qasid_task task;
	int first, i, rc = EXIT_OK_ALL;

	task = QASID_TASK_ANY;
	if (argc >= 2 && (!strcmp(argv[1], "pos") || !strcmp(argv[1], "ner"))) {
		task = !strcmp(argv[1], "pos") ? QASID_TASK_POS : QASID_TASK_NER;
		argc--;
		argv++;
	} else if (argc >= 2 && !strcmp(argv[1], "parse")) {
		return eval_parse(argc - 1, argv + 1);
	}
	first = cli_parse(argc, argv, eval_opts, on_eval_opt, &a);
	if (first < 0)
		return EXIT_USAGE;
	if (a.help) {
		fputs("usage: qasid eval pos|ner|parse [OPTIONS] FILE...\n\n"
		      "Tags each FILE (gold tokens and tags: CoNLL-U for pos, CoNLL-2003 columns for\n"
		      "ner) with the model and scores the result against the gold tags. pos prints\n"
		      "UPOS and XPOS accuracy; ner prints entity-level precision, recall and F1,\n"
		      "overall and per type, counted as CoNLL's conlleval does (an entity is right\n"
		      "when its span and type both are). parse tags each CoNLL-U FILE with the POS\n"
		      "model, parses it and prints UAS and LAS over all words, punctuation\n"
		      "included, as the CoNLL 2018 shared task counts them (LAS compares the\n"
		      "whole relation, subtype included).\n\nOptions:\n",
		      stdout);
		cli_print_opts(stdout, eval_opts);
		putchar('\n');
		models_help(stdout);
		fputs("\nExit status: 0 done; 2 bad command line; 3 input/output error; 4 model error.\n",
		      stdout);
		return EXIT_OK_ALL;
	}
	if (task == QASID_TASK_ANY) {
		cli_error("say which model: qasid eval pos|ner|parse FILE... (try --help)");
		return EXIT_USAGE;
	}
	if (first >= argc) {
		cli_error("no file to score (try --help)");
		return EXIT_USAGE;
	}
	if ((rc = cli_load_model(task, a.model, &m)))
		return rc;
	for (i = first; i < argc && !rc; i++) {
		qasid_corpus *c = NULL;
		qasid_score s;
		qasid_err err = {0};
		double t0;

		if (qasid_corpus_read(&c, task, argv[i], &err)) {
			cli_error("%s", err.msg);
			rc = EXIT_IO;
			break;
		}
		t0 = now();
		if (qasid_corpus_tag(c, m, &err) || qasid_corpus_score(c, &s, &err)) {
			cli_error("%s: %s", argv[i], err.msg);
			rc = EXIT_IO;
		} else {
			print_score(argv[i], &s, now() - t0);
		}
		if (!rc && a.output) {
			FILE *f = fopen(a.output, "w");

			if (!f || qasid_corpus_write(c, QASID_IOB1, write_file, f) || fclose(f)) {
				cli_error("cannot write %s: %s", a.output, strerror(errno));
				rc = EXIT_IO;
			}
		}
		qasid_corpus_free(c);
	}
	qasid_model_free(m);
	return rc;
}

/* qasid model */

int cmd_model(int argc, char **argv)
{
	qasid_model *m = NULL;
	qasid_err err = {0};
	int i, rc = EXIT_OK_ALL, dump;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs("usage: qasid model dump|check FILE...\n\n"
		      "dump prints what a model file holds (task, format version, how it was\n"
		      "trained, labels, feature counts) as text, so models can be compared;\n"
		      "check loads each FILE and reports whether it is sound (magic, version,\n"
		      "offsets, checksum).\n\n"
		      "Exit status: 0 done; 2 bad command line; 4 model error.\n",
		      argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK_ALL;
	}
	if (strcmp(argv[1], "dump") && strcmp(argv[1], "check")) {
		cli_error("unknown model command '%s' (dump or check)", argv[1]);
		return EXIT_USAGE;
	}
	dump = !strcmp(argv[1], "dump");
	if (argc < 3) {
		cli_error("no model file given");
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		qasid_parser *p = NULL;
		qasid_quote_model *q = NULL;

		if (qasid_parser_load(&p, argv[i], &err) == QASID_OK) {
			if (dump)
				qasid_parser_dump(p, write_stdout, NULL);
			else
				printf("%s: ok\n", argv[i]);
			qasid_parser_free(p);
			continue;
		}
		if (qasid_quote_model_load(&q, argv[i], &err) == QASID_OK) {
			if (dump)
				qasid_quote_model_dump(q, write_stdout, NULL);
			else
				printf("%s: ok\n", argv[i]);
			qasid_quote_model_free(q);
			continue;
		}
		if (qasid_model_load(&m, argv[i], QASID_TASK_ANY, &err)) {
			cli_error("%s", err.msg);
			rc = EXIT_MODEL;
			continue;
		}
		if (dump)
			qasid_model_dump(m, write_stdout, NULL);
		else
			printf("%s: ok\n", argv[i]);
		qasid_model_free(m);
		m = NULL;
	}
	return rc;
}
