/* SPDX-License-Identifier: MIT */
/*
 * Questions to the store: qasid articles, events, quotes, entities,
 * timeline and show. Each is a query kind of the library (qasid_store_query)
 * with the options that make sense for it; output is a readable table on a
 * terminal, JSON Lines otherwise, or CSV with --format csv.
 */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	Q_DB,
	Q_FORMAT,
	Q_LIMIT,
	Q_ACTOR,
	Q_SOURCE,
	Q_TARGET,
	Q_SPEAKER,
	Q_NAME,
	Q_TYPE,
	Q_MODE,
	Q_COUNTRY,
	Q_PLACE,
	Q_FROM,
	Q_TO,
	Q_TEXT,
	Q_ARTICLE,
	Q_BY,
	Q_PLOVER,
	Q_DUPS,
	Q_MENTIONS,
	Q_HELP,
	Q_N
};

static const cli_opt all_opts[Q_N] = {
	[Q_DB] = {"db", 'd', "FILE|URL", "the store to ask: an SQLite file or a postgresql:// URL (required)"},
	[Q_FORMAT] = {"format", 'f', "FMT", "table (default on a terminal), jsonl (default otherwise) or csv"},
	[Q_LIMIT] = {"limit", 'n', "N", "at most N rows (default: all; 50 in a table)"},
	[Q_ACTOR] = {"actor", 'a', "CODE", "an actor code or its prefix, either side (PAK, PAKGOV)"},
	[Q_SOURCE] = {"source", 0, "CODE", "the source actor (code or prefix)"},
	[Q_TARGET] = {"target", 0, "CODE", "the target actor (code or prefix)"},
	[Q_SPEAKER] = {"speaker", 's', "NAME", "words of the speaker's name"},
	[Q_NAME] = {"name", 0, "TEXT", "words of the entity's name"},
	[Q_TYPE] = {"type", 't', "TYPE", "events: a CAMEO code or prefix (19, 190) or a PLOVER type\n"
	                                 "                             (ASSAULT); entities: PER, ORG, LOC, MISC"},
	[Q_MODE] = {"mode", 'm', "MODE", "asserted, threatened, intended, hypothetical, negated, demanded"},
	[Q_COUNTRY] = {"country", 'c', "ISO3", "country of the event (PAK)"},
	[Q_PLACE] = {"place", 'p', "TEXT", "words of the place name"},
	[Q_FROM] = {"from", 0, "DATE", "on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)"},
	[Q_TO] = {"to", 0, "DATE", "on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)"},
	[Q_TEXT] = {"text", 'x', "WORDS", "full-text search: words (all must occur), \"a phrase\",\n"
	                                  "                             prefix*, OR between alternatives"},
	[Q_ARTICLE] = {"article", 0, "ID", "one article: its id as given, or #ROWID"},
	[Q_BY] = {"by", 'b', "PERIOD", "day, week (from Monday), month (default) or year"},
	[Q_PLOVER] = {"plover", 0, NULL, "count by PLOVER type rather than CAMEO root"},
	[Q_DUPS] = {"dups", 0, NULL, "only articles that are near duplicates of another"},
	[Q_MENTIONS] = {"mentions", 0, NULL, "one row per article reporting an event, not per event"},
	[Q_HELP] = {"help", 'h', NULL, "show this help"},
};

typedef struct qcmd {
	const char *name;
	qasid_query kind;
	const char *usage;
	const char *about;
	const char *what;     /* the rows, in messages: "events" */
	const char *columns;  /* shown in a table, space-separated */
	int opts[16];         /* indices into all_opts, ending with Q_HELP */
} qcmd;

static const qcmd cmds[] = {
	{"articles", QASID_QUERY_ARTICLES, "qasid articles --db FILE|URL [OPTIONS]",
	 "Lists the stored articles in the order they were stored: id, date, source,\n"
	 "title, size, copies (exact duplicates read) and the article it nearly\n"
	 "duplicates, with their similarity.\n",
	 "articles", "id date source title sentences copies near_dup_of similarity",
	 {Q_DB, Q_FORMAT, Q_LIMIT, Q_TEXT, Q_FROM, Q_TO, Q_ARTICLE, Q_DUPS, Q_HELP}},
	{"events", QASID_QUERY_EVENTS, "qasid events --db FILE|URL [OPTIONS]",
	 "Lists events across articles: reports of one event by several articles are\n"
	 "one row, with the numbers of mentions, articles, independent stories (near\n"
	 "duplicates count once) and sources, and the text of its first report.\n"
	 "With --mentions, one row per report instead.\n",
	 "events", "id date source target cameo plover mode place country killed articles evidence",
	 {Q_DB, Q_FORMAT, Q_LIMIT, Q_ACTOR, Q_SOURCE, Q_TARGET, Q_TYPE, Q_MODE, Q_COUNTRY, Q_PLACE,
	  Q_FROM, Q_TO, Q_TEXT, Q_ARTICLE, Q_MENTIONS, Q_HELP}},
	{"quotes", QASID_QUERY_QUOTES, "qasid quotes --db FILE|URL [OPTIONS]",
	 "Lists quotes: who said what, to whom, in which article; --text searches the\n"
	 "quoted words and the speakers' names.\n",
	 "quotes", "article date speaker cue addressee quote",
	 {Q_DB, Q_FORMAT, Q_LIMIT, Q_SPEAKER, Q_ACTOR, Q_TEXT, Q_FROM, Q_TO, Q_ARTICLE, Q_HELP}},
	{"entities", QASID_QUERY_ENTITIES, "qasid entities --db FILE|URL [OPTIONS]",
	 "Lists the named entities over the articles, most widespread first: name,\n"
	 "type, actor code, articles and mentions, first and last article date.\n",
	 "entities", "name type actor articles mentions first last",
	 {Q_DB, Q_FORMAT, Q_LIMIT, Q_NAME, Q_TYPE, Q_ACTOR, Q_TEXT, Q_FROM, Q_TO, Q_ARTICLE, Q_HELP}},
	{"timeline", QASID_QUERY_TIMELINE, "qasid timeline --db FILE|URL [OPTIONS] ACTOR [ACTOR2]",
	 "Counts the events of an actor (or of a pair of actors, either way round)\n"
	 "per day, week, month or year and per CAMEO root code (or PLOVER type), with\n"
	 "a chart on a terminal. Only asserted, non-background events count unless\n"
	 "--mode says otherwise.\n",
	 "events", NULL,
	 {Q_DB, Q_FORMAT, Q_LIMIT, Q_BY, Q_PLOVER, Q_TYPE, Q_MODE, Q_COUNTRY, Q_PLACE, Q_FROM, Q_TO,
	  Q_TEXT, Q_HELP}},
};

typedef struct qrun {
	const qcmd *c;
	cli_opt opts[24];
	int map[24];
	const char *db, *format;
	qasid_filter f;
	int mentions, help;
} qrun;

static int on_opt(int k, const char *arg, void *ud)
{
	qrun *r = ud;
	char *end;

	switch (r->map[k]) {
	case Q_DB: r->db = arg; break;
	case Q_FORMAT:
		if (strcmp(arg, "table") && strcmp(arg, "jsonl") && strcmp(arg, "csv")) {
			cli_error("unknown format '%s' (table, jsonl or csv)", arg);
			return -1;
		}
		r->format = arg;
		break;
	case Q_LIMIT:
		errno = 0;
		r->f.limit = strtol(arg, &end, 10);
		if (errno || end == arg || *end || r->f.limit < 1) {
			cli_error("bad --limit '%s' (a number of rows, 1 or more)", arg);
			return -1;
		}
		break;
	case Q_ACTOR: r->f.actor = arg; break;
	case Q_SOURCE: r->f.source = arg; break;
	case Q_TARGET: r->f.target = arg; break;
	case Q_SPEAKER: r->f.speaker = arg; break;
	case Q_NAME: r->f.name = arg; break;
	case Q_TYPE: r->f.type = arg; break;
	case Q_MODE: r->f.mode = arg; break;
	case Q_COUNTRY: r->f.country = arg; break;
	case Q_PLACE: r->f.place = arg; break;
	case Q_FROM: r->f.from = arg; break;
	case Q_TO: r->f.to = arg; break;
	case Q_TEXT: r->f.text = arg; break;
	case Q_ARTICLE: r->f.article = arg; break;
	case Q_BY: r->f.by = arg; break;
	case Q_PLOVER: r->f.plover = 1; break;
	case Q_DUPS: r->f.dups = 1; break;
	case Q_MENTIONS: r->mentions = 1; break;
	case Q_HELP: r->help = 1; break;
	}
	return 0;
}

static void build_opts(qrun *r, const int *idx)
{
	int i;

	for (i = 0; idx[i] != Q_HELP; i++) {
		r->opts[i] = all_opts[idx[i]];
		r->map[i] = idx[i];
	}
	r->opts[i] = all_opts[Q_HELP];
	r->map[i] = Q_HELP;
	memset(&r->opts[i + 1], 0, sizeof r->opts[i + 1]);
}

static int write_stdout(void *ud, const char *b, size_t n)
{
	(void)ud;
	return fwrite(b, 1, n, stdout) == n ? 0 : -1;
}

/* ---- tables for people ---- */

typedef struct table {
	size_t ncol;
	char **names;
	int *shown;    /* column index in the row, or -1 */
	size_t nshown;
	char ***rows;  /* rows[r][shown column] */
	size_t nrows, cap;
	int oom;
} table;

/* Width in terminal columns of UTF-8 text (a code point is one column). */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* The first max columns of s, with "…" when cut; malloc'd. */
static char *clip(const char *s, size_t max)
{
	size_t w = 0, i;
	char *out;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++w > max - 1 && width(s + i) > 1)
			break;
	}
	out = malloc(i + 4);
	if (!out)
		return NULL;
	memcpy(out, s, i);
	if (s[i])
		memcpy(out + i, "…", 4);
	else
		out[i] = '\0';
	/* Line breaks would break the table. */
	for (w = 0; out[w]; w++)
		if (out[w] == '\n' || out[w] == '\t' || out[w] == '\r')
			out[w] = ' ';
	return out;
}

static char *val_text(const qasid_value *v)
{
	char b[64];

	switch (v->type) {
	case QASID_VAL_NULL: return strdup("");
	case QASID_VAL_INT: snprintf(b, sizeof b, "%lld", (long long)v->i); return strdup(b);
	case QASID_VAL_REAL: snprintf(b, sizeof b, "%.3g", v->r); return strdup(b);
	default: return clip(v->s, 60);
	}
}

static int table_row(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	table *t = ud;
	size_t i;
	char **row;

	(void)names;
	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		char ***nr = realloc(t->rows, ncap * sizeof *nr);

		if (!nr)
			return t->oom = 1;
		t->rows = nr;
		t->cap = ncap;
	}
	row = calloc(t->nshown ? t->nshown : 1, sizeof *row);
	if (!row)
		return t->oom = 1;
	t->rows[t->nrows++] = row;
	for (i = 0; i < t->nshown; i++)
		if ((size_t)t->shown[i] < n && !(row[i] = val_text(&v[t->shown[i]])))
			return t->oom = 1;
	return 0;
}

static void table_free(table *t)
{
	size_t r, i;

	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->nshown; i++)
			free(t->rows[r][i]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->shown);
	for (i = 0; i < t->ncol; i++)
		free(t->names[i]);
	free(t->names);
}

static void table_print(const table *t)
{
	size_t *w = calloc(t->nshown ? t->nshown : 1, sizeof *w), r, i, k;

	if (!w)
		return;
	for (i = 0; i < t->nshown; i++)
		w[i] = width(t->names[t->shown[i]]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->nshown; i++)
			if (t->rows[r][i] && width(t->rows[r][i]) > w[i])
				w[i] = width(t->rows[r][i]);
	for (i = 0; i < t->nshown; i++)
		printf("%s%-*s", i ? "  " : "", i + 1 < t->nshown ? (int)w[i] : 0, t->names[t->shown[i]]);
	putchar('\n');
	for (r = 0; r < t->nrows; r++) {
		for (i = 0; i < t->nshown; i++) {
			const char *s = t->rows[r][i] ? t->rows[r][i] : "";

			fputs(i ? "  " : "", stdout);
			fputs(s, stdout);
			if (i + 1 < t->nshown)
				for (k = width(s); k < w[i]; k++)
					putchar(' ');
		}
		putchar('\n');
	}
	free(w);
}

static int setup_columns(table *t, size_t n, const char *const *names, const char *want)
{
	size_t i;
	const char *p;

	t->ncol = n;
	t->names = calloc(n ? n : 1, sizeof *t->names);
	t->shown = calloc(n ? n : 1, sizeof *t->shown);
	if (!t->names || !t->shown)
		return -1;
	for (i = 0; i < n; i++)
		if (!(t->names[i] = strdup(names[i])))
			return -1;
	/* The wanted columns in their order, else all. */
	for (p = want; p && *p;) {
		size_t len = strcspn(p, " ");

		for (i = 0; i < n; i++)
			if (strlen(names[i]) == len && !strncmp(names[i], p, len))
				t->shown[t->nshown++] = (int)i;
		p += len;
		p += *p == ' ';
	}
	if (!want)
		for (i = 0; i < n; i++)
			t->shown[t->nshown++] = (int)i;
	return 0;
}

typedef struct collect {
	table t;
	const char *want;
	int ready;
} collect;

static int collect_row(void *ud, size_t n, const char *const *names, const qasid_value *v)
{
	collect *c = ud;

	if (!c->ready) {
		if (setup_columns(&c->t, n, names, c->want))
			return c->t.oom = 1;
		c->ready = 1;
	}
	return table_row(&c->t, n, names, v);
}

/* ---- the store and "nothing yet" ---- */

static int open_store(const char *db, qasid_store **st)
{
	qasid_err err = {0};

	if (!db) {
		cli_error("--db FILE|URL is required (the store qasid ingest wrote)");
		return EXIT_USAGE;
	}
	if (!qasid_store_is_server(db) && access(db, F_OK) != 0) {
		cli_error("cannot open %s: %s (run qasid ingest --db %s first)", db, strerror(errno), db);
		return EXIT_IO;
	}
	if (qasid_store_open(st, db, QASID_STORE_READONLY, &err)) {
		cli_error("%s", err.msg);
		return EXIT_IO;
	}
	return 0;
}

/*
 * Says so plainly when the store has none of what was asked (as opposed to
 * none matching the filters). Returns 1 when it is empty.
 */
static int nothing_yet(qasid_store *st, qasid_query k, const char *db)
{
	qasid_store_stats s;
	long long have;
	const char *what, *why;

	if (qasid_store_stats_get(st, &s, NULL))
		return 0;
	switch (k) {
	case QASID_QUERY_EVENTS:
	case QASID_QUERY_MENTIONS:
	case QASID_QUERY_TIMELINE:
		have = s.events + s.event_mentions;
		what = "events";
		why = "events are stored once the event stage codes them";
		break;
	case QASID_QUERY_QUOTES:
		have = s.quotes;
		what = "quotes";
		why = "quotes are stored once the quote stage finds them";
		break;
	case QASID_QUERY_ENTITIES:
		have = s.entities;
		what = "entities";
		why = "entities are stored when a named-entity model is found at ingest";
		break;
	default: have = s.articles, what = "articles", why = "run qasid ingest to add some";
	}
	if (have)
		return 0;
	cli_error("no %s in %s yet (%lld article%s stored; %s)", what, db, (long long)s.articles,
	          s.articles == 1 ? "" : "s", why);
	return 1;
}

/* ---- the timeline chart ---- */

static void chart(const table *t)
{
	size_t r, i, max = 1;
	int ip = -1, ic = -1, ie = -1;

	for (i = 0; i < t->nshown; i++) {
		const char *n = t->names[t->shown[i]];

		if (!strcmp(n, "period"))
			ip = (int)i;
		else if (!strcmp(n, "category"))
			ic = (int)i;
		else if (!strcmp(n, "events"))
			ie = (int)i;
	}
	if (ip < 0 || ic < 0 || ie < 0)
		return;
	/* Rows come sorted by period: sum each period first for the scale. */
	for (r = 0; r < t->nrows;) {
		size_t total = 0, e = r;

		for (; e < t->nrows && !strcmp(t->rows[e][ip], t->rows[r][ip]); e++)
			total += (size_t)atol(t->rows[e][ie]);
		if (total > max)
			max = total;
		r = e;
	}
	printf("%-10s %6s  %-40s  %s\n", "period", "events", "", "by type");
	for (r = 0; r < t->nrows;) {
		size_t total = 0, e = r, bar, k;

		for (; e < t->nrows && !strcmp(t->rows[e][ip], t->rows[r][ip]); e++)
			total += (size_t)atol(t->rows[e][ie]);
		bar = (total * 40 + max - 1) / max;
		printf("%-10s %6zu  ", t->rows[r][ip], total);
		for (k = 0; k < 40; k++)
			fputs(k < bar ? "█" : " ", stdout);
		fputs(" ", stdout);
		for (k = r; k < e; k++)
			printf(" %s:%s", t->rows[k][ic], t->rows[k][ie]);
		putchar('\n');
		r = e;
	}
}

static void help_for(const qrun *r)
{
	printf("usage: %s\n\n%s\nOptions:\n", r->c->usage, r->c->about);
	cli_print_opts(stdout, r->opts);
	puts("\nOn a terminal the result is a table (long text cut); otherwise one JSON\n"
	     "object per row, all columns; --format csv gives CSV with a header row.\n"
	     "A malformed filter is reported and nothing is run.\n\n"
	     "Exit status: 0 done (also when nothing matches); 2 bad command line or\n"
	     "filter; 3 the store could not be read.");
}

static int run_query(const qcmd *c, int argc, char **argv)
{
	qrun r;
	qasid_store *st = NULL;
	qasid_err err = {0};
	collect col;
	qasid_query kind = c->kind;
	char **pos;
	int n_pos, rc = 0, default_limit = 0;

	memset(&r, 0, sizeof r);
	memset(&col, 0, sizeof col);
	r.c = c;
	build_opts(&r, c->opts);
	pos = malloc((size_t)argc * sizeof *pos);
	if (!pos || cli_parse_args(argc, argv, r.opts, on_opt, &r, pos, &n_pos) < 0) {
		if (!pos)
			cli_error("out of memory");
		free(pos);
		return pos ? EXIT_USAGE : EXIT_IO;
	}
	if (r.help) {
		free(pos);
		help_for(&r);
		return EXIT_OK_ALL;
	}
	if (c->kind == QASID_QUERY_TIMELINE) {
		if (n_pos < 1 || n_pos > 2) {
			free(pos);
			cli_error("timeline needs ACTOR [ACTOR2] (try qasid timeline --help)");
			return EXIT_USAGE;
		}
		r.f.actor = pos[0];
		r.f.actor2 = n_pos > 1 ? pos[1] : NULL;
	} else if (n_pos) {
		cli_error("unexpected argument '%s' (try qasid %s --help)", pos[0], c->name);
		free(pos);
		return EXIT_USAGE;
	}
	free(pos); /* its strings are argv's */
	if (r.mentions)
		kind = QASID_QUERY_MENTIONS;
	if (!r.format)
		r.format = isatty(STDOUT_FILENO) ? "table" : "jsonl";
	if ((rc = open_store(r.db, &st)))
		return rc;
	if (!strcmp(r.format, "table")) {
		if (!r.f.limit && kind != QASID_QUERY_TIMELINE) {
			r.f.limit = 50;
			default_limit = 1;
		}
		col.want = kind == QASID_QUERY_MENTIONS
		                   ? "article date source target cameo plover mode place text"
		                   : c->columns;
		rc = qasid_store_query(st, kind, &r.f, collect_row, &col, &err);
	} else
		rc = qasid_store_write_rows(st, kind, &r.f, r.format, write_stdout, NULL, &err);
	if (rc == QASID_EINVAL) {
		cli_error("%s", err.msg);
		rc = EXIT_USAGE;
	} else if (rc) {
		cli_error("%s: %s", r.db, col.t.oom ? "out of memory" : err.msg);
		rc = EXIT_IO;
	} else if (!strcmp(r.format, "table")) {
		if (col.t.nrows == 0) {
			if (!nothing_yet(st, kind, r.db))
				cli_error("no %s match", c->what);
		} else if (kind == QASID_QUERY_TIMELINE)
			chart(&col.t);
		else {
			table_print(&col.t);
			if (default_limit && col.t.nrows == (size_t)r.f.limit)
				cli_error("first %ld rows shown (--limit N for more; --format jsonl or csv "
				          "for all rows and columns)",
				          r.f.limit);
		}
	} else
		nothing_yet(st, kind, r.db);
	table_free(&col.t);
	qasid_store_close(st);
	if (fflush(stdout) == EOF && !rc) {
		cli_error("cannot write output: %s", strerror(errno));
		rc = EXIT_IO;
	}
	return rc;
}

int cmd_articles(int argc, char **argv)
{
	return run_query(&cmds[0], argc, argv);
}

int cmd_events(int argc, char **argv)
{
	return run_query(&cmds[1], argc, argv);
}

int cmd_quotes(int argc, char **argv)
{
	return run_query(&cmds[2], argc, argv);
}

int cmd_entities(int argc, char **argv)
{
	return run_query(&cmds[3], argc, argv);
}

int cmd_timeline(int argc, char **argv)
{
	return run_query(&cmds[4], argc, argv);
}

/* ---- qasid show ---- */

typedef struct mark {
	size_t start, end; /* bytes */
	const char *label;
} mark;

/* Byte offset of code point cp in s (len bytes). */
static size_t cp_byte(const char *s, size_t len, size_t cp)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == cp)
			return i;
	return len;
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static size_t jint(json_t *o, const char *k)
{
	json_int_t v = json_integer_value(json_object_get(o, k));

	return v > 0 ? (size_t)v : 0;
}

static int cmp_mark(const void *a, const void *b)
{
	const mark *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Prints one article record (the jsonl export's) for people. */
static void show_record(json_t *rec, int color)
{
	json_t *ents = json_object_get(rec, "entities"), *quotes = json_object_get(rec, "quotes");
	json_t *events = json_object_get(rec, "events"), *e, *m;
	const char *text = jstr(rec, "text");
	size_t len = strlen(text), i, j, n = 0, at = 0, cap = 0;
	mark *marks = NULL;
	const char *on = color ? "\033[1;4m" : "[", *off = color ? "\033[0m" : "]";

	printf("%s\n", jstr(rec, "title")[0] ? jstr(rec, "title") : "(no title)");
	printf("id %s", jstr(rec, "id"));
	if (json_object_get(rec, "date") && !json_is_null(json_object_get(rec, "date")))
		printf(" · %s", jstr(rec, "date"));
	if (jstr(rec, "source")[0])
		printf(" · %s", jstr(rec, "source"));
	if (jstr(rec, "url")[0])
		printf(" · %s", jstr(rec, "url"));
	printf("\nsha256 %s · %zu cop%s", jstr(rec, "content_hash"),
	       json_array_size(json_object_get(rec, "copies")),
	       json_array_size(json_object_get(rec, "copies")) == 1 ? "y" : "ies");
	if (jstr(rec, "near_dup_of")[0])
		printf(" · near duplicate of %s (similarity %.2f)", jstr(rec, "near_dup_of"),
		       json_real_value(json_object_get(rec, "near_dup_sim")));
	printf("\n\n");
	/* The text, entity mentions marked. */
	json_array_foreach(ents, i, e) json_array_foreach(json_object_get(e, "mentions"), j, m)
	{
		if (n == cap) {
			mark *nm = realloc(marks, (cap = cap ? cap * 2 : 32) * sizeof *nm);

			if (!nm)
				break;
			marks = nm;
		}
		marks[n].start = cp_byte(text, len, jint(m, "start"));
		marks[n].end = cp_byte(text, len, jint(m, "end"));
		marks[n].label = jstr(e, "id");
		n++;
	}
	if (n)
		qsort(marks, n, sizeof *marks, cmp_mark);
	for (i = 0; i < n; i++) {
		if (marks[i].start < at || marks[i].end > len || marks[i].end < marks[i].start)
			continue; /* overlapping: the first one wins */
		fwrite(text + at, 1, marks[i].start - at, stdout);
		fputs(on, stdout);
		fwrite(text + marks[i].start, 1, marks[i].end - marks[i].start, stdout);
		fputs(off, stdout);
		printf("%s%s%s", color ? "\033[2m" : "", marks[i].label, color ? "\033[0m" : "");
		at = marks[i].end;
	}
	fwrite(text + at, 1, len - at, stdout);
	free(marks);
	printf("\n\n");
	if (json_array_size(ents)) {
		printf("entities:\n");
		json_array_foreach(ents, i, e)
		{
			printf("  %-4s %-5s %s", jstr(e, "id"), jstr(e, "type"), jstr(e, "name"));
			if (jstr(e, "actor")[0])
				printf(" (%s)", jstr(e, "actor"));
			printf(", %zu mention%s\n", json_array_size(json_object_get(e, "mentions")),
			       json_array_size(json_object_get(e, "mentions")) == 1 ? "" : "s");
		}
	} else
		printf("entities: none stored\n");
	if (json_array_size(quotes)) {
		printf("quotes:\n");
		json_array_foreach(quotes, i, e)
		{
			json_t *c = json_object_get(e, "content");
			size_t s0 = cp_byte(text, len, jint(c, "start")), s1 = cp_byte(text, len, jint(c, "end"));
			/* The quote's words (the parts of a split quote joined by " ... "),
			 * in quote marks unless they bring their own. */
			const char *q = jstr(e, "text")[0] ? jstr(e, "text") : NULL;
			int n_q = q ? (int)strlen(q) : (int)(s1 > s0 ? s1 - s0 : 0);
			int marked = q ? (!strncmp(q, "“", 3) || q[0] == '"') : 0;

			printf("  %-4s %s, %s%s%s: %s%.*s%s\n", jstr(e, "id"), jstr(e, "kind"),
			       jstr(e, "speaker_name")[0] ? jstr(e, "speaker_name") : "speaker unknown",
			       jstr(e, "addressee")[0] ? " to " : "", jstr(e, "addressee"),
			       marked ? "" : "“", n_q, q ? q : text + s0, marked ? "" : "”");
		}
	} else
		printf("quotes: none yet\n");
	if (json_array_size(events)) {
		printf("events:\n");
		json_array_foreach(events, i, e)
		{
			size_t s0 = cp_byte(text, len, jint(e, "start")), s1 = cp_byte(text, len, jint(e, "end"));
			json_t *f, *place = json_object_get(e, "place");

			printf("  %-4s %s %s %s -> %s, %s", jstr(e, "id"), jstr(e, "cameo"), jstr(e, "plover"),
			       jstr(e, "source")[0] ? jstr(e, "source") : "-",
			       jstr(e, "target")[0] ? jstr(e, "target") : "-", jstr(e, "mode"));
			if (jstr(e, "date")[0])
				printf(", %s", jstr(e, "date"));
			if (json_is_object(place))
				printf(", %s%s%s", jstr(place, "name"), jstr(place, "name")[0] ? " " : "",
				       jstr(place, "country"));
			json_array_foreach(json_object_get(e, "fatalities"), j, f)
				printf(", %lld killed%s%s", (long long)json_integer_value(json_object_get(f, "best")),
				       jstr(f, "side")[0] ? " " : "", jstr(f, "side"));
			printf("\n       “%.*s”\n", (int)(s1 > s0 ? s1 - s0 : 0), text + s0);
		}
	} else
		printf("events: none yet\n");
}

typedef struct show_ctx {
	int color, n, json;
	json_t *err;
} show_ctx;

static int show_row(void *ud, const char *b, size_t n)
{
	show_ctx *s = ud;
	json_error_t je;
	json_t *rec;

	if (s->json) {
		const char *p;

		for (p = b; (p = memchr(p, '\n', n - (size_t)(p - b))) != NULL; p++)
			s->n++;
		return fwrite(b, 1, n, stdout) == n ? 0 : -1;
	}
	/* The export writes whole lines; several may come in one call. */
	while (n) {
		const char *nl = memchr(b, '\n', n);
		size_t k = nl ? (size_t)(nl - b) : n;

		rec = json_loadb(b, k, 0, &je);
		if (rec) {
			if (s->n++)
				printf("\n%s\n\n", "────────");
			show_record(rec, s->color);
			json_decref(rec);
		}
		b += k + (nl != NULL);
		n -= k + (nl != NULL);
	}
	return 0;
}

int cmd_show(int argc, char **argv)
{
	static const int idx[] = {Q_DB, Q_FORMAT, Q_HELP};
	qrun r;
	qasid_store *st = NULL;
	qasid_err err = {0};
	show_ctx sc = {0, 0, 0, NULL};
	char **pos;
	int n_pos, rc = 0, i, status = 0;

	memset(&r, 0, sizeof r);
	build_opts(&r, idx);
	r.opts[1].help = "text (default) or jsonl (the full record)";
	pos = malloc((size_t)argc * sizeof *pos);
	if (!pos || cli_parse_args(argc, argv, r.opts, on_opt, &r, pos, &n_pos) < 0) {
		if (!pos)
			cli_error("out of memory");
		free(pos);
		return pos ? EXIT_USAGE : EXIT_IO;
	}
	if (r.help) {
		free(pos);
		printf("usage: qasid show --db FILE|URL [--format text|jsonl] ARTICLE...\n\n"
		       "Prints each ARTICLE (its id as given at ingest, or #ROWID) with its metadata\n"
		       "and duplicates, its text with entity mentions marked, and its quotes and\n"
		       "events with the text they came from. An id given to several stored\n"
		       "articles (different content) shows them all.\n\nOptions:\n");
		cli_print_opts(stdout, r.opts);
		return EXIT_OK_ALL;
	}
	if (!n_pos || (r.format && !strcmp(r.format, "csv"))) {
		cli_error(n_pos ? "show writes text or jsonl, not csv"
		                : "show needs an ARTICLE id (try qasid show --help)");
		free(pos);
		return EXIT_USAGE;
	}
	sc.json = r.format && !strcmp(r.format, "jsonl");
	sc.color = !sc.json && isatty(STDOUT_FILENO);
	if ((rc = open_store(r.db, &st))) {
		free(pos);
		return rc;
	}
	for (i = 0; i < n_pos && !rc; i++) {
		int before = sc.n;

		memset(&r.f, 0, sizeof r.f);
		r.f.article = pos[i];
		rc = qasid_store_export(st, "jsonl", "articles", &r.f, show_row, &sc, &err);
		if (rc == QASID_EINVAL) {
			cli_error("%s", err.msg);
			rc = EXIT_USAGE;
		} else if (rc) {
			cli_error("%s: %s", r.db, err.msg);
			rc = EXIT_IO;
		} else if (sc.n == before) {
			cli_error("no article '%s' in %s", pos[i], r.db);
			status = EXIT_SKIPPED;
		}
	}
	qasid_store_close(st);
	free(pos);
	if (fflush(stdout) == EOF && !rc) {
		cli_error("cannot write output: %s", strerror(errno));
		rc = EXIT_IO;
	}
	return rc ? rc : status;
}
