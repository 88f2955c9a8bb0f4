/* SPDX-License-Identifier: MIT */
/*
 * qasid actors | dates | counts | places: check the event-coding pieces on
 * a phrase (dictionaries, date expressions, casualty counts, gazetteers).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_FILES 64

typedef struct ev_args {
	const char *files[MAX_FILES];
	int n_files;
	const char *date;
	const char *admin1;
	int no_builtin, stats, help, too_many;
} ev_args;

enum { O_ACTORS, O_GAZ, O_ADMIN1, O_DATE, O_NOBUILTIN, O_STATS, O_HELP };

static const cli_opt opts[] = {
	[O_ACTORS] = {"actors", 'a', "FILE", "actors: add a dictionary (qasid, TABARI or PETRARCH\n"
	                                     "                             format; repeatable)"},
	[O_GAZ] = {"gazetteer", 'g', "FILE", "places: add a GeoNames table (cities15000.txt[.gz])"},
	[O_ADMIN1] = {"admin1", 0, "FILE", "places: GeoNames admin1CodesASCII, for region names"},
	[O_DATE] = {"date", 'd', "DATE", "the article date, YYYY-MM-DD"},
	[O_NOBUILTIN] = {"no-builtin", 0, NULL, "actors: leave out the built-in dictionary"},
	[O_STATS] = {"stats", 's', NULL, "actors, places: print what was loaded"},
	[O_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL},
};

static int on_opt(int k, const char *arg, void *ud)
{
	ev_args *x = ud;

	switch (k) {
	case O_ACTORS:
	case O_GAZ:
		if (x->n_files < MAX_FILES)
			x->files[x->n_files++] = arg;
		else
			x->too_many = 1;
		break;
	case O_ADMIN1: x->admin1 = arg; break;
	case O_DATE: x->date = arg; break;
	case O_NOBUILTIN: x->no_builtin = 1; break;
	case O_STATS: x->stats = 1; break;
	case O_HELP: x->help = 1; break;
	}
	return 0;
}

/* The tokens of text as the pipeline cuts them (malloc'd strings). */
static char **tokens_of(const char *text, size_t *n)
{
	qasid_doc *doc = NULL;
	const qasid_span *t;
	const char *clean;
	char **w = NULL;
	size_t i;

	*n = 0;
	if (qasid_doc_new(&doc) || qasid_doc_set_text(doc, text, strlen(text)) ||
	    qasid_process(doc, NULL, NULL))
		goto out;
	t = qasid_doc_tokens(doc);
	clean = qasid_doc_text(doc, NULL);
	w = calloc(qasid_doc_n_tokens(doc) + 1, sizeof *w);
	if (!w)
		goto out;
	for (i = 0; i < qasid_doc_n_tokens(doc); i++) {
		size_t len = t[i].end - t[i].start;

		if (!(w[i] = malloc(len + 1)))
			goto out;
		memcpy(w[i], clean + t[i].start, len);
		w[i][len] = '\0';
	}
	*n = i;
out:
	qasid_doc_free(doc);
	return w;
}

static void free_tokens(char **w, size_t n)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

static void print_words(char *const *w, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++)
		printf("%s%s", i > first ? " " : "", w[i]);
}

static int parse(int argc, char **argv, ev_args *x, char ***pos, int *n_pos, int32_t *date)
{
	memset(x, 0, sizeof *x);
	*date = QASID_NO_DATE;
	*pos = malloc((size_t)argc * sizeof **pos);
	if (!*pos) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	if (cli_parse_args(argc, argv, opts, on_opt, x, *pos, n_pos) < 0)
		return EXIT_USAGE;
	if (x->too_many) {
		cli_error("too many files (at most %d)", MAX_FILES);
		return EXIT_USAGE;
	}
	if (x->date && qasid_date_parse(x->date, date)) {
		cli_error("bad --date '%s' (want YYYY-MM-DD)", x->date);
		return EXIT_USAGE;
	}
	return EXIT_OK_ALL;
}

static void help(const char *usage, const char *text)
{
	printf("usage: %s\n\n%s\nOptions:\n", usage, text);
	cli_print_opts(stdout, opts);
}

/* What a command prints for one text, cut into its n tokens w. */
typedef void (*text_fn)(char *const *w, size_t n, const char *text, int32_t date, void *ud);

/*
 * Runs fn on each of the n_pos texts; with none, a usage error unless the
 * command printed something else (--stats). what names a text ("phrase").
 */
static int each_text(const char *cmd, const char *what, int stats, char **pos, int n_pos,
                     int32_t date, text_fn fn, void *ud)
{
	int i;

	if (!n_pos && !stats) {
		cli_error("no %s given (try qasid %s --help)", what, cmd);
		return EXIT_USAGE;
	}
	for (i = 0; i < n_pos; i++) {
		size_t n;
		char **w = tokens_of(pos[i], &n);

		if (!w) {
			cli_error("out of memory");
			return EXIT_IO;
		}
		fn(w, n, pos[i], date, ud);
		free_tokens(w, n);
	}
	return EXIT_OK_ALL;
}

static void print_actors(char *const *w, size_t n, const char *text, int32_t date, void *ud)
{
	static const char *const kinds[] = {"", "actor", "agent", "composed"};
	const qasid_actors *a = ud;
	qasid_actor_match m[64];
	size_t nm, k;

	qasid_actors_match(a, (const char *const *)w, n, date, m, 64, &nm);
	if (!nm)
		printf("-\t%s\tnone\n", text);
	for (k = 0; k < nm && k < 64; k++) {
		const char *src;
		long line;

		printf("%s\t", m[k].code);
		print_words(w, m[k].first, m[k].n);
		printf("\t%s\t", kinds[m[k].kind]);
		if ((src = qasid_actors_origin(a, m[k].actor, &line)))
			printf("%s:%ld", src, line);
		if ((src = qasid_actors_origin(a, m[k].agent, &line)))
			printf("%s%s:%ld", m[k].actor >= 0 ? " " : "", src, line);
		putchar('\n');
	}
}

int cmd_actors(int argc, char **argv)
{
	ev_args x;
	char **pos = NULL;
	int n_pos = 0, i, rc;
	int32_t date;
	qasid_actors *a = NULL;
	qasid_err err = {0};

	if ((rc = parse(argc, argv, &x, &pos, &n_pos, &date)))
		goto out;
	if (x.help) {
		help("qasid actors [--actors FILE]... [--date D] [--stats] PHRASE...",
		     "Prints the actor codes each PHRASE resolves to, with the dictionary line\n"
		     "behind each: one line per actor found, CODE<TAB>words<TAB>kind<TAB>origin.\n"
		     "kind is actor (a named actor), agent (a role alone, ---ROLE) or composed (a\n"
		     "country with a role: \"Pakistani army\" PAKMIL). With --date, codes with date\n"
		     "bounds are chosen for that day (the Taliban are AFGGOV from 2021-08-15);\n"
		     "without it, the undated or most recent code. A phrase with no actor prints\n"
		     "\"-\". The dictionary format is in README.md (\"Actors\").\n");
		goto out;
	}
	if (qasid_actors_new(&a, !x.no_builtin, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_MODEL;
		goto out;
	}
	for (i = 0; i < x.n_files; i++)
		if (qasid_actors_add_file(a, x.files[i], &err)) {
			cli_error("%s", err.msg);
			rc = err.code == QASID_EIO ? EXIT_IO : EXIT_MODEL;
			goto out;
		}
	if (x.stats) {
		qasid_actors_stats s;

		qasid_actors_stats_get(a, &s);
		printf("%zu sources, %zu actor phrases, %zu agent phrases, %zu codes, %zu warnings\n",
		       s.n_files, s.n_actors, s.n_agents, s.n_codes, s.n_warnings);
		if (s.n_warnings)
			printf("first warning: %s\n", s.warning);
	}
	rc = each_text("actors", "phrase", x.stats, pos, n_pos, date, print_actors, a);
out:
	free(pos);
	qasid_actors_free(a);
	return rc;
}

static const char *const prec_names[] = {"unresolved", "day", "week", "month", "year"};

static void print_dates(char *const *w, size_t n, const char *text, int32_t date, void *ud)
{
	qasid_when d[64];
	size_t nd, k;

	(void)text;
	(void)ud;
	qasid_dates_find((const char *const *)w, n, date, d, 64, &nd);
	for (k = 0; k < nd && k < 64; k++) {
		char b1[16], b2[16];

		print_words(w, d[k].first, d[k].n);
		qasid_date_format(d[k].date, b1);
		qasid_date_format(d[k].last, b2);
		printf("\t%s%s%s\t%s\n", b1, d[k].last != d[k].date ? ".." : "",
		       d[k].last != d[k].date ? b2 : "", prec_names[d[k].precision]);
	}
}

/* A command with no resources of its own: its help, then fn on each text. */
static int text_cmd(int argc, char **argv, const char *name, const char *usage,
                    const char *text, text_fn fn)
{
	ev_args x;
	char **pos = NULL;
	int n_pos = 0, rc;
	int32_t date;

	if (!(rc = parse(argc, argv, &x, &pos, &n_pos, &date))) {
		if (x.help)
			help(usage, text);
		else
			rc = each_text(name, "text", 0, pos, n_pos, date, fn, NULL);
	}
	free(pos);
	return rc;
}

int cmd_dates(int argc, char **argv)
{
	return text_cmd(argc, argv, "dates", "qasid dates [--date D] TEXT...",
	                "Finds the date expressions in each TEXT and resolves them against the\n"
	                "article date D: one line per expression, words<TAB>FIRST[..LAST]<TAB>precision\n"
	                "(day, week, month, year; unresolved for relative ones without --date).\n",
	                print_dates);
}

static void print_counts(char *const *w, size_t n, const char *text, int32_t date, void *ud)
{
	qasid_count c[64];
	size_t nc, k;

	(void)text;
	(void)date;
	(void)ud;
	qasid_counts_find((const char *const *)w, NULL, n, c, 64, &nc);
	for (k = 0; k < nc && k < 64; k++) {
		printf("%s\t%ld\t%ld\t", c[k].kind == QASID_KILLED ? "killed" : "injured", c[k].low,
		       c[k].best);
		if (c[k].high < 0)
			printf("-\t");
		else
			printf("%ld\t", c[k].high);
		print_words(w, c[k].first, c[k].n);
		printf("\t%s\n", w[c[k].cue]);
	}
}

int cmd_counts(int argc, char **argv)
{
	return text_cmd(argc, argv, "counts", "qasid counts TEXT...",
	                "Finds counts of the killed and injured in each TEXT: one line per count,\n"
	                "killed|injured<TAB>LOW<TAB>BEST<TAB>HIGH<TAB>number words<TAB>cue word; HIGH\n"
	                "is \"-\" when open-ended (\"more than 70,000\").\n",
	                print_counts);
}

static void print_places(char *const *w, size_t n, const char *text, int32_t date, void *ud)
{
	static const char *const kinds[] = {"", "country", "region", "city", "unlisted"};
	const qasid_gazetteer *g = ud;
	qasid_place p[8];
	size_t k, len, np, j;

	(void)text;
	(void)date;
	for (k = 0; k < n; k += len ? len : 1) {
		np = qasid_gazetteer_lookup(g, (const char *const *)w, n, k, &len, p, 8);
		if (!np)
			continue;
		print_words(w, k, len);
		printf("\t%zu place%s\n", np, np == 1 ? "" : "s");
		for (j = 0; j < np && j < 8; j++) {
			printf("  %s\t%s\t%s\t%s %s", kinds[p[j].kind], p[j].name, p[j].country,
			       p[j].admin1, p[j].admin1_name);
			if (p[j].kind == QASID_CITY)
				printf("\t%.4f,%.4f\t%ld", p[j].lat, p[j].lon, p[j].population);
			putchar('\n');
		}
	}
}

int cmd_places(int argc, char **argv)
{
	ev_args x;
	char **pos = NULL;
	int n_pos = 0, i, rc;
	int32_t date;
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};

	if ((rc = parse(argc, argv, &x, &pos, &n_pos, &date)))
		goto out;
	if (x.help) {
		help("qasid places [--gazetteer FILE [--admin1 FILE]] [--stats] TEXT...",
		     "Finds place names in each TEXT: countries and first-level regions (built\n"
		     "in, from ISO 3166) and, with --gazetteer, cities of a GeoNames table\n"
		     "(e.g. ../shared/data/gazetteer/cities15000.txt.gz, with --admin1\n"
		     "admin1CodesASCII.tsv for region names). One line per name, then one per\n"
		     "place of that name, best first: kind, name, country, region, coordinates,\n"
		     "population. A country named as an actor is listed too: the event stage\n"
		     "decides which mentions are places.\n");
		goto out;
	}
	if (qasid_gazetteer_new(&g, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto out;
	}
	for (i = 0; i < x.n_files; i++)
		if (qasid_gazetteer_add_geonames(g, x.files[i], i ? NULL : x.admin1, &err)) {
			cli_error("%s", err.msg);
			rc = err.code == QASID_EFORMAT ? EXIT_MODEL : EXIT_IO;
			goto out;
		}
	if (x.stats)
		printf("%zu places\n", qasid_gazetteer_size(g));
	rc = each_text("places", "text", x.stats, pos, n_pos, date, print_places, g);
out:
	free(pos);
	qasid_gazetteer_free(g);
	return rc;
}
