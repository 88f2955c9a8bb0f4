/* SPDX-License-Identifier: MIT */
/* qasid: the command table. */
#include <string.h>

#include "cli.h"

typedef struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cmd;

static const cmd commands[] = {
	{"extract", cmd_extract, "articles in, JSON out: entities, quotes with speakers, coded events"},
	{"ingest", cmd_ingest, "a corpus into a store (SQLite or PostgreSQL), on all cores"},
	{"articles", cmd_articles, "list the stored articles, their copies and near duplicates"},
	{"events", cmd_events, "ask the store for events across articles"},
	{"quotes", cmd_quotes, "ask the store who said what"},
	{"entities", cmd_entities, "ask the store which people, groups and places are named"},
	{"timeline", cmd_timeline, "events of an actor or a pair of actors over time"},
	{"show", cmd_show, "one stored article with its entities, quotes and events"},
	{"export", cmd_export, "the store as JSONL, CSV, GDELT, ACLED or GraphML"},
	{"tag", cmd_tag, "tag a CoNLL file: parts of speech (--pos), named entities (--ner) or dependencies (--parse)"},
	{"eval", cmd_eval, "score a tagger or the parser on a CoNLL file with gold tags (pos, ner, parse)"},
	{"train", cmd_train, "train a tagger (pos, ner), the parser (parse) or the quote model (quotes)"},
	{"model", cmd_model, "inspect model files (dump, check)"},
	{"actors", cmd_actors, "the actor codes a phrase resolves to, with the dictionary lines"},
	{"dates", cmd_dates, "date expressions in a text, resolved against an article date"},
	{"counts", cmd_counts, "counts of the killed and injured in a text"},
	{"places", cmd_places, "place names in a text: countries, regions, GeoNames cities"},
};

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: qasid COMMAND [OPTIONS] [FILE...]\n\n"
	      "qasid reads news articles and writes sourced, structured records.\n\n"
	      "Commands:\n",
	      f);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n`qasid COMMAND --help` describes a command.\n\n"
	      "Exit status: 0 all inputs processed; 1 some inputs reported and skipped;\n"
	      "2 bad command line; 3 input/output error; 4 model error.\n",
	      f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *sub[] = {argv[2], "--help", NULL};

			for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
				if (!strcmp(argv[2], commands[i].name))
					return commands[i].run(2, sub);
		}
		usage(stdout);
		return EXIT_OK_ALL;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("qasid %s\n", QASID_VERSION);
		return EXIT_OK_ALL;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try qasid --help)", argv[1]);
	return EXIT_USAGE;
}
