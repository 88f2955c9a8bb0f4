/* SPDX-License-Identifier: MIT */
/* The command-line tool: a table of subcommands, each in cmd_<name>.c. */
#ifndef QASID_CLI_H
#define QASID_CLI_H

#include <stdio.h>

#include "qasid.h"

/* Exit codes, documented in `qasid --help`. */
enum {
	EXIT_OK_ALL = 0,  /* every input processed */
	EXIT_SKIPPED = 1, /* some inputs were reported and skipped */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_IO = 3,      /* a file or the output could not be read or written */
	EXIT_MODEL = 4    /* a model could not be loaded */
};

/* One option of a command: long name, short letter (0 for none), argument
 * name (NULL for a flag) and help. The table ends with a NULL name. */
typedef struct cli_opt {
	const char *name;
	int shortc;
	const char *arg;
	const char *help;
} cli_opt;

/*
 * Parses argv against opts, calling on(opt_index, arg, ud) for each option
 * found; returns the index of the first operand, or -1 after printing a
 * usage error. --help is handled by the caller through opt index of "help".
 * Options may follow operands (`qasid extract FILE --format text`): argv is
 * permuted so that the operands come last, in their order; "--" ends the
 * options.
 */
int cli_parse(int argc, char **argv, const cli_opt *opts, int (*on)(int, const char *, void *),
              void *ud);
/*
 * The same, with the operands stored in order in pos (room for argc
 * entries) and counted in *n_pos. 0, or -1 after a usage error was printed.
 */
int cli_parse_args(int argc, char **argv, const cli_opt *opts,
                   int (*on)(int, const char *, void *), void *ud, char **pos, int *n_pos);
/* Prints the options table as help text. */
void cli_print_opts(FILE *f, const cli_opt *opts);
/* "qasid: <msg>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_extract(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_articles(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_actors(int argc, char **argv);
int cmd_dates(int argc, char **argv);
int cmd_counts(int argc, char **argv);
int cmd_places(int argc, char **argv);

/*
 * Models (cmd_tag.c): the path of the task's model, looked for in
 * $QASID_MODELS, then ../models beside the executable, then the installed
 * share directory; 0 when found. cli_load_model loads path (or the one
 * found when path is NULL), printing why it cannot; returns 0 or EXIT_MODEL.
 */
int cli_model_path(qasid_task task, char *out, size_t cap);
int cli_load_model(qasid_task task, const char *path, qasid_model **out);
/* The same for the parser (parse-en.qm). */
int cli_load_parser(const char *path, qasid_parser **out);
/* The quote model at path (quote-en.qm); 0 or EXIT_MODEL. */
int cli_load_quote_model(const char *path, qasid_quote_model **out);

/*
 * The pipeline's models for extract and ingest: those named by --pos-model,
 * --ner-model, --parse-model and --quote-model, else found as above. A model
 * not found is left out with a warning (none when quiet); one found but
 * broken is an error. cli_models_load sets the options' model fields and
 * returns 0 or EXIT_MODEL; cli_models_free frees the models.
 */
typedef struct cli_models {
	const char *pos_path, *ner_path, *parse_path, *quote_path;
	int no_tag, no_parse, no_qm, quiet;
	qasid_model *pos, *ner;
	qasid_parser *parser;
	qasid_quote_model *qm;
} cli_models;

int cli_models_load(cli_models *m, qasid_options *opt);
void cli_models_free(cli_models *m);

/*
 * Event coding resources (events.c) for extract and ingest: the built-in
 * actors and lexicon plus the files named by --actors, --verbs,
 * --gazetteer and --admin1. cli_events_opt takes one such option (0, or -1
 * when the option is not one of them); cli_events_load loads them (0, or
 * EXIT_MODEL after printing why) and sets the options' fields.
 */
#define CLI_EVENTS_MAX_FILES 32
typedef struct cli_events {
	const char *actors[CLI_EVENTS_MAX_FILES];
	int n_actors;
	const char *verbs[CLI_EVENTS_MAX_FILES];
	int n_verbs;
	const char *gazetteer, *admin1;
	int off, dyads;
	qasid_actors *a;
	qasid_verbs *v;
	qasid_gazetteer *g;
} cli_events;

enum { CLI_EV_ACTORS, CLI_EV_VERBS, CLI_EV_GAZ, CLI_EV_ADMIN1, CLI_EV_DYADS, CLI_EV_OFF, CLI_EV_N };
/* The option table entries, in that order, for a command's table. */
#define CLI_EVENTS_OPTS                                                                          \
	{"actors", 'a', "FILE", "add an actor dictionary (qasid, TABARI or PETRARCH\n"            \
	                        "                             format; repeatable)"},               \
	{"verbs", 0, "FILE", "add an event lexicon: qasid's format, or a PETRARCH/TABARI\n"          \
	                     "                             verbs dictionary (repeatable)"},               \
	{"gazetteer", 'g', "FILE", "places: a GeoNames table (cities15000.txt[.gz])"},              \
	{"admin1", 0, "FILE", "places: GeoNames admin1CodesASCII, for region names"},               \
	{"dyads", 0, NULL, "only events with both a source and a target actor\n"                    \
	                   "                             (PETRARCH/ICEWS style)"},                          \
	{"no-events", 0, NULL, "no event coding"}
int cli_events_opt(cli_events *e, int which, const char *arg);
int cli_events_load(cli_events *e, qasid_options *opt);
void cli_events_free(cli_events *e);

#endif
