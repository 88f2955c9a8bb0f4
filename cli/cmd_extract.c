/* SPDX-License-Identifier: MIT */
/* qasid extract: articles in, one JSON object per article out. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"

enum { O_FORMAT, O_INPUT, O_TOKENS, O_NO_NORMALIZE, O_NO_DEBRIS, O_NO_GLUE, O_NO_TAG, O_POS_MODEL,
       O_NER_MODEL, O_PARSE_MODEL, O_NO_PARSE, O_QUOTE_MODEL, O_NO_QUOTE_MODEL, O_MAX_SIZE, O_DATE, O_EVENTS,
       O_HELP = O_EVENTS + CLI_EV_N };

static const cli_opt opts[] = {
	[O_FORMAT] = {"format", 'f', "FMT", "output: json (pretty), jsonl (one line each) or text;\n"
	                                    "                             default json on a terminal, else jsonl"},
	[O_INPUT] = {"input", 'i', "FMT", "input: auto (default), text, jsonl, html or warc"},
	[O_TOKENS] = {"tokens", 't', NULL, "include tokens"},
	[O_NO_NORMALIZE] = {"no-normalize", 0, NULL, "keep quote marks, dashes and spaces as they are"},
	[O_NO_DEBRIS] = {"no-debris", 0, NULL, "keep scraping debris (captions, pull-quotes) in the text"},
	[O_NO_GLUE] = {"no-glue", 0, NULL, "do not split glued words"},
	[O_NO_TAG] = {"no-tag", 0, NULL, "no part-of-speech tags or named entities (no models needed)"},
	[O_POS_MODEL] = {"pos-model", 0, "FILE", "part-of-speech model (default: pos-en.qm, found as below)"},
	[O_NER_MODEL] = {"ner-model", 0, "FILE", "named-entity model (default: ner-en.qm, found as below)"},
	[O_PARSE_MODEL] = {"parse-model", 0, "FILE", "dependency parser (default: parse-en.qm, found as below)"},
	[O_NO_PARSE] = {"no-parse", 0, NULL, "no dependency trees (the taggers still run)"},
	[O_QUOTE_MODEL] = {"quote-model", 0, "FILE", "learned quote cues, and a check of the rules' (default: quote-en.qm, found as below)"},
	[O_NO_QUOTE_MODEL] = {"no-quote-model", 0, NULL, "quotes from the rules alone"},
	[O_MAX_SIZE] = {"max-size", 0, "MB", "skip articles (and WARC records) larger than this;\n"
	                                     "                             default 256"},
	[O_DATE] = {"date", 'd', "DATE", "the article date (YYYY-MM-DD) for inputs that give none\n"
	                                 "                             (plain text with no dated byline): relative dates\n"
	                                 "                             resolve against it"},
	CLI_EVENTS_OPTS,
	[O_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct ex {
	cli_models mods;
	const char *date;
	cli_events ev;
	const char *format;
	const char *input;
	unsigned flags;
	qasid_options opt;
	int help;
	qasid_doc *doc;
	int status;
	long n_in, n_out, n_skipped;
	size_t max_size;          /* bytes of one article or WARC record */
	struct {
		const char *why;
		long n;
	} reasons[16], others[16]; /* skipped articles; WARC records that are not articles */
} ex;

/* Counts one under why (a static string) in a tally of 16. */
static void tally(ex *x, int other, const char *why)
{
	__typeof__(x->reasons[0]) *t = other ? x->others : x->reasons;
	int i;

	for (i = 0; i < 15 && t[i].why && strcmp(t[i].why, why); i++)
		;
	t[i].why = t[i].why ? t[i].why : why;
	t[i].n++;
}

/* Reports an article skipped: "qasid: WHERE: MSG, skipped", counted under why. */
static void skip(ex *x, const char *why, const char *where, const char *msg)
{
	cli_error("%s: %s, skipped", where, msg);
	tally(x, 0, why);
	x->n_skipped++;
	x->status = EXIT_SKIPPED;
}

static int on_opt(int k, const char *arg, void *ud)
{
	ex *x = ud;

	switch (k) {
	case O_FORMAT:
		if (strcmp(arg, "json") && strcmp(arg, "jsonl") && strcmp(arg, "text")) {
			cli_error("unknown output format '%s' (json, jsonl or text)", arg);
			return -1;
		}
		x->format = arg;
		break;
	case O_INPUT:
		if (strcmp(arg, "auto") && strcmp(arg, "jsonl") && strcmp(arg, "text") &&
		    strcmp(arg, "html") && strcmp(arg, "warc")) {
			cli_error("unknown input format '%s' (auto, text, jsonl, html or warc)", arg);
			return -1;
		}
		x->input = arg;
		break;
	case O_TOKENS: x->flags |= QASID_JSON_TOKENS; break;
	case O_NO_NORMALIZE: x->opt.normalize = 0; break;
	case O_NO_DEBRIS: x->opt.debris = 0; break;
	case O_NO_GLUE: x->opt.glue = 0; break;
	case O_NO_TAG: x->mods.no_tag = 1; break;
	case O_POS_MODEL: x->mods.pos_path = arg; break;
	case O_NER_MODEL: x->mods.ner_path = arg; break;
	case O_PARSE_MODEL: x->mods.parse_path = arg; break;
	case O_NO_PARSE: x->mods.no_parse = 1; break;
	case O_QUOTE_MODEL: x->mods.quote_path = arg; break;
	case O_NO_QUOTE_MODEL: x->mods.no_qm = 1; break;
	case O_MAX_SIZE: {
		char *end;
		unsigned long mb = strtoul(arg, &end, 10);

		if (end == arg || *end || mb == 0 || mb > 4000) {
			cli_error("--max-size wants a number of megabytes from 1 to 4000, not '%s'", arg);
			return -1;
		}
		x->max_size = (size_t)mb << 20;
		break;
	}
	case O_DATE: {
		int32_t d;

		if (qasid_date_parse(arg, &d)) {
			cli_error("--date wants a date YYYY-MM-DD, not '%s'", arg);
			return -1;
		}
		x->date = arg;
		break;
	}
	case O_HELP: x->help = 1; break;
	default:
		if (k >= O_EVENTS && k < O_EVENTS + CLI_EV_N)
			return cli_events_opt(&x->ev, k - O_EVENTS, arg);
	}
	return 0;
}

static void help(void)
{
	fputs("usage: qasid extract [OPTIONS] [FILE...]\n\n"
	      "Reads news articles and writes, for each, a JSON object with its metadata,\n"
	      "its text, and its paragraphs, sentences and (with --tokens) tokens as\n"
	      "{\"start\", \"end\"} spans: Unicode code point offsets into \"text\", end\n"
	      "exclusive, so that text[start:end] in Python is the span.\n\n"
	      "Each FILE is plain text (one article) or JSON Lines, one article per line:\n"
	      "  {\"id\", \"title\", \"date\", \"source\", \"url\", \"text\"}  (only text required)\n"
	      "With no FILE, or when FILE is -, reads standard input. The format is detected\n"
	      "from the content unless --input says. A malformed line is reported with its\n"
	      "number and skipped; the rest go on.\n\n"
	      "Options:\n",
	      stdout);
	cli_print_opts(stdout, opts);
	fputs("\nTaggers: tokens get \"pos\" (UPOS) and \"xpos\" (Penn Treebank) tags, and each\n"
	      "article an \"entities\" list of {\"type\", \"start\", \"end\", \"text\"} (PER, ORG, LOC,\n"
	      "MISC). With a parser (parse-en.qm), tokens also get \"head\" and \"deprel\": the\n"
	      "index of the head token in the article's \"tokens\" list (counted from 0; -1\n"
	      "for a sentence's root) and the Universal Dependencies relation (\"nsubj\",\n"
	      "\"obl:tmod\", ...). Models are looked for in $QASID_MODELS, then in ../models beside the\n"
	      "qasid executable, then in the installed share directory; when one is not\n"
	      "found, extract warns and goes on without it (--no-tag: without either).\n",
	      stdout);
	fputs("\nEvents (with the parser): each article gets an \"events\" list: who did what to\n"
	      "whom, {\"source\", \"target\"} as CAMEO actor codes (from the built-in actors and\n"
	      "any --actors files), \"cameo\" and \"plover\" (from the built-in lexicon and any\n"
	      "--verbs files), \"mode\" (asserted, threatened, intended, demanded,\n"
	      "hypothetical, negated), \"reported\" with the \"quote\" and \"claimant\", \"date\"\n"
	      "with \"date_precision\" (\"article\" when the text names none), \"place\",\n"
	      "\"fatalities\" and \"injuries\", and the spans behind each (README.md, \"Events\").\n",
	      stdout);
	fputs("\nQuotes: besides the rules, with the parser and quote-en.qm (a model learned\n"
	      "from PolNeAR train), any verb, noun or adjective the model takes for an\n"
	      "attribution cue (\"criticized\", \"the poll shows\", \"support\") gives a quote,\n"
	      "its content and source taken from the tree (README.md, \"Who said what\").\n"
	      "Without --tokens, the parser then also runs on the sentences holding a word\n"
	      "the model has seen heading a cue.\n",
	      stdout);
	fputs("\nExit status: 0 all articles written; 1 some skipped (each reported on\n"
	      "stderr); 2 bad command line; 3 input/output error; 4 a model could not be\n"
	      "loaded.\n",
	      stdout);
}

/*
 * Loads the taggers: a model given by path must load; a default one that
 * is not installed is skipped with a warning (the rest of extract needs no
 * model), but one that is found and broken is an error.
 */
static int load_models(ex *x)
{
	int rc = cli_models_load(&x->mods, &x->opt);

	/* trees are printed only on tokens: without them, parse only where events or
	 * learned quotes may be */
	x->opt.parse_all = !!(x->flags & QASID_JSON_TOKENS);
	return rc;
}

static int write_stdout(void *ud, const char *b, size_t n)
{
	(void)ud;
	return fwrite(b, 1, n, stdout) == n ? 0 : -1;
}

/* Warnings about the input itself (encoding, fields) go to stderr, counted. */
static void report_diags(const ex *x, const char *where)
{
	size_t i, n = qasid_doc_n_diags(x->doc), n_utf8 = 0, n_nul = 0;
	const qasid_diag *d = qasid_doc_diags(x->doc);

	for (i = 0; i < n; i++) {
		if (d[i].kind == QASID_DIAG_UTF8)
			n_utf8++;
		else if (d[i].kind == QASID_DIAG_NUL)
			n_nul++;
		else if (d[i].kind == QASID_DIAG_FIELD)
			cli_error("warning: %s: %s", where, d[i].what);
	}
	if (n_utf8)
		cli_error("warning: %s: invalid UTF-8 replaced by U+FFFD (%zu place%s)", where, n_utf8,
		          n_utf8 == 1 ? "" : "s");
	if (n_nul)
		cli_error("warning: %s: NUL bytes replaced by spaces (%zu)", where, n_nul);
}

/* Runs the pipeline on x->doc and writes it; where names it in messages. */
static int process_and_write(ex *x, const char *where)
{
	qasid_err err = {0};
	int rc;

	if (x->date && !qasid_doc_field(x->doc, QASID_FIELD_DATE))
		qasid_doc_set_field(x->doc, QASID_FIELD_DATE, x->date, strlen(x->date));
	rc = qasid_process(x->doc, &x->opt, &err);
	if (rc) {
		cli_error("cannot process %s: %s", where, err.msg);
		x->n_skipped++;
		x->status = EXIT_SKIPPED;
		return 0;
	}
	report_diags(x, where);
	if (!strcmp(x->format, "text"))
		rc = qasid_doc_write_text(x->doc, x->flags, write_stdout, NULL);
	else
		rc = qasid_doc_write_json(x->doc, x->flags | (!strcmp(x->format, "json") ? QASID_JSON_PRETTY : 0),
		                          write_stdout, NULL);
	if (rc == QASID_OK && fputc('\n', stdout) == EOF)
		rc = QASID_EIO;
	if (rc == QASID_EIO) {
		cli_error("cannot write output: %s", strerror(errno));
		return -1;
	}
	if (rc) {
		cli_error("cannot write %s: %s", where, qasid_strerror(rc));
		x->n_skipped++;
		x->status = EXIT_SKIPPED;
		return 0;
	}
	x->n_out++;
	return 0;
}

static int run_jsonl(ex *x, input *in)
{
	char *line, where[512];
	size_t len;
	int r;

	while ((r = input_read_line_max(in, &line, &len, x->max_size)) != IN_EOF && r != IN_EREAD) {
		qasid_err err = {0};
		size_t i = 0;

		if (r == IN_EZIP || r == IN_ETOOBIG) {
			x->n_in++;
			snprintf(where, sizeof where, "line %ld of %s", in->lineno, input_display_name(in->name));
			if (r == IN_EZIP)
				skip(x, "corrupt compressed data", where, in->zmsg.msg);
			else
				skip(x, "too large", where, "line longer than --max-size");
			continue;
		}

		while (i < len && strchr(" \t\r", line[i]))
			i++;
		if (i == len)
			continue;
		x->n_in++;
		snprintf(where, sizeof where, "line %ld of %s", in->lineno, input_display_name(in->name));
		if (qasid_doc_from_jsonl(x->doc, line, len, &err)) {
			cli_error("cannot parse %s: %s", where, err.msg);
			tally(x, 0, "malformed JSON line");
			x->n_skipped++;
			x->status = EXIT_SKIPPED;
			continue;
		}
		if (!qasid_doc_field(x->doc, QASID_FIELD_ID)) {
			char id[600];

			snprintf(id, sizeof id, "%s:%ld", input_display_name(in->name), in->lineno);
			qasid_doc_set_field(x->doc, QASID_FIELD_ID, id, strlen(id));
		}
		if (process_and_write(x, where))
			return EXIT_IO;
	}
	if (r == IN_EREAD) {
		cli_error("cannot read %s: %s", input_display_name(in->name), strerror(in->err));
		return EXIT_IO;
	}
	return 0;
}

/*
 * Reads a whole single-article input for run_text and run_html; returns 1
 * with the bytes, 0 when the article was reported and skipped, or EXIT_IO.
 */
static int read_article(ex *x, input *in, char **text, size_t *len)
{
	int r = input_read_all_max(in, text, len, x->max_size);
	char msg[300];

	x->n_in++;
	if (r == IN_EREAD) {
		cli_error("cannot read %s: %s", input_display_name(in->name), strerror(in->err));
		return -EXIT_IO;
	}
	if (r == IN_EZIP) {
		skip(x, "corrupt compressed data", input_display_name(in->name), in->zmsg.msg);
		return 0;
	}
	if (r == IN_ETOOBIG) {
		snprintf(msg, sizeof msg, "larger than --max-size (%zu MB)", x->max_size >> 20);
		skip(x, "too large", input_display_name(in->name), msg);
		return 0;
	}
	return 1;
}

static int run_text(ex *x, input *in)
{
	const char *base = strrchr(in->name, '/');
	char *text;
	size_t len;
	int rc;

	if ((rc = read_article(x, in, &text, &len)) <= 0)
		return -rc;
	if (len == 0) {
		skip(x, "empty", input_display_name(in->name), "empty input");
		return 0;
	}
	qasid_doc_reset(x->doc);
	rc = qasid_doc_set_text(x->doc, text, len);
	if (rc == QASID_OK)
		rc = qasid_doc_text_meta(x->doc);
	if (rc == QASID_OK) {
		base = base ? base + 1 : in->name;
		if (strcmp(in->name, "-"))
			rc = qasid_doc_set_field(x->doc, QASID_FIELD_ID, base, strlen(base));
	}
	if (rc) {
		cli_error("cannot read %s: %s", input_display_name(in->name), qasid_strerror(rc));
		x->n_skipped++;
		x->status = EXIT_SKIPPED;
		return 0;
	}
	return process_and_write(x, input_display_name(in->name)) ? EXIT_IO : 0;
}

/* One HTML page: extracted, then processed like any article. */
static int do_html(ex *x, const char *html, size_t len, const char *charset, const char *url,
                   const char *id, const char *where)
{
	qasid_err err = {0};
	int rc = qasid_doc_from_html(x->doc, html, len, charset, url, &err);

	if (rc == QASID_EFORMAT) {
		skip(x, strstr(err.msg, "binary") ? "binary data" : "no article text", where, err.msg);
		return 0;
	}
	if (rc) {
		skip(x, "error", where, err.msg[0] ? err.msg : qasid_strerror(rc));
		return 0;
	}
	if (id && qasid_doc_set_field(x->doc, QASID_FIELD_ID, id, strlen(id))) {
		skip(x, "error", where, "out of memory");
		return 0;
	}
	return process_and_write(x, where) ? EXIT_IO : 0;
}

static int run_html(ex *x, input *in)
{
	char *html, id[512];
	size_t len;
	int rc;

	if ((rc = read_article(x, in, &html, &len)) <= 0)
		return -rc;
	input_base_id(in->name, id, sizeof id);
	return do_html(x, html, len, NULL, NULL, strcmp(in->name, "-") ? id : NULL,
	               input_display_name(in->name));
}

/*
 * A WARC file: each HTML response record is an article; request, metadata,
 * warcinfo and other records, and responses that are not HTML, are counted
 * but are not articles; broken records are reported and skipped.
 */
static int run_warc(ex *x, input *in)
{
	qasid_warc *w;
	qasid_warc_record rec;
	int r, rc = 0;

	if (qasid_warc_new(&w, input_read, in, x->max_size)) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	for (;;) {
		qasid_err err = {0};
		char where[600], cs[64], type[48];
		const char *ctype;
		int zerr = in->zerr;

		r = qasid_warc_next(w, &rec, &err);
		if (r == 0)
			break;
		if (r == QASID_EIO || r == QASID_ENOMEM) {
			cli_error("cannot read %s: %s", input_display_name(in->name),
			          in->err ? strerror(in->err) : err.msg);
			rc = EXIT_IO;
			break;
		}
		if (r < 0) {
			x->n_in++;
			snprintf(where, sizeof where, "%s", input_display_name(in->name));
			if (in->zerr > zerr)
				cli_error("%s: %s", where, in->zmsg.msg);
			skip(x, r == QASID_ETOOBIG ? "too large" : "broken WARC record", where, err.msg);
			continue;
		}
		snprintf(where, sizeof where, "WARC record %ld (%s) of %s", rec.number,
		         rec.uri ? rec.uri : "no URI", input_display_name(in->name));
		if (strcmp(rec.type, "response") && strcmp(rec.type, "resource") &&
		    strcmp(rec.type, "conversion")) {
			snprintf(type, sizeof type, "%s", rec.type[0] ? rec.type : "untyped");
			tally(x, 1, !strcmp(type, "request")    ? "request"
			            : !strcmp(type, "metadata") ? "metadata"
			            : !strcmp(type, "warcinfo") ? "warcinfo"
			            : !strcmp(type, "revisit")  ? "revisit"
			                                        : "other type");
			continue;
		}
		ctype = rec.http_type ? rec.http_type : rec.block_type;
		if (!input_is_html_type(ctype)) {
			tally(x, 1, "not HTML");
			continue;
		}
		x->n_in++;
		if (rec.encoding) {
			skip(x, "undecodable body", where,
			     !strcmp(rec.encoding, "corrupt") ? "corrupt compressed HTTP body"
			                                      : "HTTP body in an unsupported Content-Encoding");
			continue;
		}
		if ((rc = do_html(x, rec.payload, rec.payload_len, input_charset_of(ctype, cs, sizeof cs),
		                  rec.uri, rec.id ? rec.id : rec.uri, where)))
			break;
	}
	qasid_warc_free(w);
	return rc;
}

static int run_file(ex *x, const char *name);

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A directory: its files and subdirectories in byte order of their names,
 * recursively; names starting with a dot are left out, and so are symbolic
 * links to directories (no loops).
 */
static int run_dir(ex *x, const char *path, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (depth > 64) {
		cli_error("%s: directories nested too deep, skipped", path);
		tally(x, 0, "directory too deep");
		x->status = EXIT_SKIPPED;
		return 0;
	}
	if (!(d = opendir(path))) {
		cli_error("cannot open %s: %s", path, strerror(errno));
		tally(x, 0, "unreadable");
		x->n_in++;
		x->n_skipped++;
		x->status = EXIT_SKIPPED;
		return 0;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **p = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);

			if (!p) {
				rc = EXIT_IO;
				break;
			}
			names = p;
		}
		if (!(names[n] = malloc(strlen(path) + strlen(e->d_name) + 2))) {
			rc = EXIT_IO;
			break;
		}
		sprintf(names[n++], "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
	}
	closedir(d);
	if (!rc && n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (i = 0; i < n && !rc; i++) {
		struct stat st;

		if (lstat(names[i], &st) == 0 && S_ISLNK(st.st_mode) && stat(names[i], &st) == 0 &&
		    S_ISDIR(st.st_mode))
			continue;
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = run_dir(x, names[i], depth + 1);
		else if (stat(names[i], &st) == 0 && !S_ISREG(st.st_mode))
			continue; /* sockets, devices, fifos */
		else
			rc = run_file(x, names[i]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == EXIT_IO && !errno)
		cli_error("out of memory");
	return rc;
}

static int run_file(ex *x, const char *name)
{
	input in;
	int e = input_open(&in, name), rc;
	const char *fmt;

	if (e == EISDIR)
		return run_dir(x, name, 0);
	if (e) {
		cli_error("cannot open %s: %s", name, strerror(e));
		tally(x, 0, "unreadable");
		x->status = EXIT_SKIPPED;
		x->n_in++;
		x->n_skipped++;
		return 0;
	}
	fmt = input_sniff(&in);
	if (!strcmp(fmt, "binary") && strcmp(x->input, "auto")) {
		/* what --input says, except that binary data is never text */
	} else if (strcmp(x->input, "auto")) {
		fmt = x->input;
	}
	if (!strcmp(fmt, "binary")) {
		x->n_in++;
		skip(x, "binary data", input_display_name(name),
		     strcmp(input_codec(&in), "none") ? "binary data after decompression, not text"
		                                      : "binary data, not text");
		rc = 0;
	} else if (!strcmp(fmt, "empty") || !strcmp(fmt, "text")) {
		rc = run_text(x, &in);
	} else if (!strcmp(fmt, "jsonl")) {
		rc = run_jsonl(x, &in);
	} else if (!strcmp(fmt, "html")) {
		rc = run_html(x, &in);
	} else {
		rc = run_warc(x, &in);
	}
	input_close(&in);
	return rc;
}

/* The end-of-run summary on stderr. */
static void summary(const ex *x)
{
	char b[1024];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(b + n, sizeof b - n, "%ld article%s read, %ld written, %ld skipped",
	                      x->n_in, x->n_in == 1 ? "" : "s", x->n_out, x->n_skipped);
	for (i = 0; i < 16 && x->reasons[i].why && n < sizeof b - 100; i++)
		n += (size_t)snprintf(b + n, sizeof b - n, "%s%ld %s", i ? ", " : " (", x->reasons[i].n,
		                      x->reasons[i].why);
	if (i)
		n += (size_t)snprintf(b + n, sizeof b - n, ")");
	for (i = 0; i < 16 && x->others[i].why && n < sizeof b - 100; i++)
		n += (size_t)snprintf(b + n, sizeof b - n, "%s%ld %s", i ? ", " : "; WARC records not articles: ",
		                      x->others[i].n, x->others[i].why);
	cli_error("%s", b);
}

int cmd_extract(int argc, char **argv)
{
	ex x = {0};
	int first, i, rc = 0;

	x.input = "auto";
	x.max_size = (size_t)256 << 20;
	qasid_options_default(&x.opt);
	first = cli_parse(argc, argv, opts, on_opt, &x);
	if (first < 0)
		return EXIT_USAGE;
	if (x.help) {
		help();
		return EXIT_OK_ALL;
	}
	if (!x.format)
		x.format = isatty(STDOUT_FILENO) ? "json" : "jsonl";
	if ((rc = load_models(&x)) || (x.mods.parser && (rc = cli_events_load(&x.ev, &x.opt)))) {
		cli_models_free(&x.mods);
		return rc;
	}
	if (qasid_doc_new(&x.doc)) {
		cli_error("out of memory");
		cli_models_free(&x.mods);
		return EXIT_IO;
	}
	if (first >= argc)
		rc = run_file(&x, "-");
	for (i = first; i < argc && !rc; i++)
		rc = run_file(&x, argv[i]);
	qasid_doc_free(x.doc);
	cli_events_free(&x.ev);
	cli_models_free(&x.mods);
	if (fflush(stdout) == EOF) {
		cli_error("cannot write output: %s", strerror(errno));
		return EXIT_IO;
	}
	if (x.n_skipped || x.n_in > 1 || x.others[0].why)
		summary(&x);
	return rc ? rc : x.status;
}
