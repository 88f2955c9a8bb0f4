/* SPDX-License-Identifier: MIT */
/* qasid export: the store for other tools (qasid_store_export). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	O_DB,
	O_FORMAT,
	O_WHAT,
	O_OUTPUT,
	O_ACTOR,
	O_TYPE,
	O_MODE,
	O_COUNTRY,
	O_FROM,
	O_TO,
	O_TEXT,
	O_HELP
};

static const cli_opt opts[] = {
	[O_DB] = {"db", 'd', "FILE|URL", "the store: an SQLite file or a postgresql:// URL (required)"},
	[O_FORMAT] = {"format", 'f', "FMT", "jsonl (default), csv, gdelt, acled or graphml"},
	[O_WHAT] = {"what", 'w', "TABLE", "jsonl and csv: articles (default), events, mentions,\n"
	                                  "                             quotes or entities"},
	[O_OUTPUT] = {"output", 'o', "FILE", "write to FILE (default: standard output)"},
	[O_ACTOR] = {"actor", 'a', "CODE", "events with this actor (code or prefix) on either side"},
	[O_TYPE] = {"type", 't', "TYPE", "events of a CAMEO code or prefix, or a PLOVER type"},
	[O_MODE] = {"mode", 'm', "MODE", "events of this mode (gdelt, acled, graphml: asserted only\n"
	                                 "                             unless given)"},
	[O_COUNTRY] = {"country", 'c', "ISO3", "events in this country"},
	[O_FROM] = {"from", 0, "DATE", "on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)"},
	[O_TO] = {"to", 0, "DATE", "on or before DATE"},
	[O_TEXT] = {"text", 'x', "WORDS", "rows from articles matching a full-text search"},
	[O_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct xp {
	const char *db, *format, *what, *output;
	qasid_filter f;
	int help;
	FILE *out;
} xp;

static int on_opt(int k, const char *arg, void *ud)
{
	xp *x = ud;

	switch (k) {
	case O_DB: x->db = arg; break;
	case O_FORMAT: x->format = arg; break;
	case O_WHAT: x->what = arg; break;
	case O_OUTPUT: x->output = arg; break;
	case O_ACTOR: x->f.actor = arg; break;
	case O_TYPE: x->f.type = arg; break;
	case O_MODE: x->f.mode = arg; break;
	case O_COUNTRY: x->f.country = arg; break;
	case O_FROM: x->f.from = arg; break;
	case O_TO: x->f.to = arg; break;
	case O_TEXT: x->f.text = arg; break;
	case O_HELP: x->help = 1; break;
	}
	return 0;
}

static void help(void)
{
	fputs("usage: qasid export --db FILE|URL [--format FMT] [OPTIONS]\n\n"
	      "Writes the store in a form other tools read:\n"
	      "  jsonl    one JSON object per line. --what articles (default): each article's\n"
	      "           full record: metadata, text, content_hash, copies, near_dup_of,\n"
	      "           sentences, entities with mentions, quotes, event mentions with\n"
	      "           fatalities; spans are {start, end} code points into text.\n"
	      "           --what events: each event across articles with its casualties\n"
	      "           and its sources (article, mention, text). Also mentions, quotes,\n"
	      "           entities (the rows of the matching qasid command).\n"
	      "  csv      the same rows as CSV with a header (nested lists as JSON text).\n"
	      "  gdelt    events in the 61 tab-separated columns of the GDELT 2.0 event table,\n"
	      "           no header. Filled: ids, dates, actor codes (country = the first\n"
	      "           three letters, types the next groups of three), actor names,\n"
	      "           IsRootEvent (reported in a first paragraph), event codes, QuadClass,\n"
	      "           NumMentions/NumSources/NumArticles (our per-event counts), ActionGeo\n"
	      "           (type, name, country, ADM1, coordinates), DATEADDED, SOURCEURL.\n"
	      "           Blank: religion/ethnic/known-group codes, GoldsteinScale, AvgTone,\n"
	      "           actor geography, feature ids. Country codes are ISO 3166-1\n"
	      "           alpha-3 where GDELT uses FIPS 10-4.\n"
	      "  acled    events of CAMEO roots 14-20 as ACLED-style CSV: event_date, year,\n"
	      "           time_precision, disorder_type, event_type and sub_event_type (mapped\n"
	      "           from CAMEO, an approximation), actor1, actor2, country (ISO alpha-3),\n"
	      "           admin1, location, latitude, longitude, source, notes (the sentence\n"
	      "           of the first report), fatalities; ACLED's other columns are blank.\n"
	      "  graphml  the actor network for Gephi or networkx: actors as nodes, one\n"
	      "           directed edge per source, target and CAMEO root, with weight (the\n"
	      "           number of events), articles, killed, first and last date.\n"
	      "gdelt, acled and graphml take asserted, non-background events unless --mode\n"
	      "is given, and write the same bytes from an SQLite file or a PostgreSQL store\n"
	      "(but for acled's timestamp, the time of the export).\n\n"
	      "Options:\n",
	      stdout);
	cli_print_opts(stdout, opts);
	fputs("\nExit status: 0 written (also when empty); 2 bad command line or filter;\n"
	      "3 the store could not be read or the output written.\n",
	      stdout);
}

static int write_out(void *ud, const char *b, size_t n)
{
	xp *x = ud;

	return fwrite(b, 1, n, x->out) == n ? 0 : -1;
}

int cmd_export(int argc, char **argv)
{
	xp x;
	qasid_store *st = NULL;
	qasid_err err = {0};
	qasid_store_stats s;
	char **pos, extra[256];
	int first, n_pos, rc;

	memset(&x, 0, sizeof x);
	x.format = "jsonl";
	pos = malloc((size_t)argc * sizeof *pos);
	if (!pos || cli_parse_args(argc, argv, opts, on_opt, &x, pos, &n_pos) < 0) {
		if (!pos)
			cli_error("out of memory");
		free(pos);
		return pos ? EXIT_USAGE : EXIT_IO;
	}
	first = n_pos ? 0 : -1;
	if (n_pos)
		snprintf(extra, sizeof extra, "%s", pos[0]);
	free(pos);
	if (x.help) {
		help();
		return EXIT_OK_ALL;
	}
	if (first == 0) {
		cli_error("unexpected argument '%s' (try qasid export --help)", extra);
		return EXIT_USAGE;
	}
	if (!x.db) {
		cli_error("--db FILE|URL is required (the store qasid ingest wrote)");
		return EXIT_USAGE;
	}
	if (!qasid_store_is_server(x.db) && access(x.db, F_OK) != 0) {
		cli_error("cannot open %s: %s", x.db, strerror(errno));
		return EXIT_IO;
	}
	if (qasid_store_open(&st, x.db, QASID_STORE_READONLY, &err)) {
		cli_error("%s", err.msg);
		return EXIT_IO;
	}
	x.out = stdout;
	if (x.output && !(x.out = fopen(x.output, "wb"))) {
		cli_error("cannot write %s: %s", x.output, strerror(errno));
		qasid_store_close(st);
		return EXIT_IO;
	}
	rc = qasid_store_export(st, x.format, x.what, &x.f, write_out, &x, &err);
	if (rc == QASID_EINVAL) {
		cli_error("%s", err.msg);
		rc = EXIT_USAGE;
	} else if (rc) {
		cli_error("%s: %s", rc == QASID_EIO ? (x.output ? x.output : "output") : x.db, err.msg);
		rc = EXIT_IO;
	} else if (qasid_store_stats_get(st, &s, NULL) == QASID_OK) {
		/* Say why an export is empty, rather than leave the user guessing. */
		const char *what = x.what ? x.what : "articles";
		long long have = s.articles;

		if (strcmp(x.format, "jsonl") && strcmp(x.format, "csv"))
			what = "events";
		if (!strcmp(what, "events") || !strcmp(what, "mentions"))
			have = s.events + s.event_mentions;
		else if (!strcmp(what, "quotes"))
			have = s.quotes;
		else if (!strcmp(what, "entities"))
			have = s.entities;
		if (!have)
			cli_error("no %s in %s yet (%lld article%s stored)", what, x.db,
			          (long long)s.articles, s.articles == 1 ? "" : "s");
	}
	if ((x.out != stdout ? fclose(x.out) : fflush(x.out)) == EOF && !rc) {
		cli_error("cannot write %s: %s", x.output ? x.output : "output", strerror(errno));
		rc = EXIT_IO;
	}
	qasid_store_close(st);
	return rc;
}
