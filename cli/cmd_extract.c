/* SPDX-License-Identifier: MIT */
/* qasid extract: articles in, one JSON object per article out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"

enum { O_FORMAT, O_INPUT, O_TOKENS, O_NO_NORMALIZE, O_NO_DEBRIS, O_NO_GLUE, O_HELP };

static const cli_opt opts[] = {
	[O_FORMAT] = {"format", 'f', "FMT", "output: json (pretty), jsonl (one line each) or text;\n"
	                                    "                             default json on a terminal, else jsonl"},
	[O_INPUT] = {"input", 'i', "FMT", "input: auto (default), text or jsonl"},
	[O_TOKENS] = {"tokens", 't', NULL, "include tokens"},
	[O_NO_NORMALIZE] = {"no-normalize", 0, NULL, "keep quote marks, dashes and spaces as they are"},
	[O_NO_DEBRIS] = {"no-debris", 0, NULL, "keep scraping debris (captions, pull-quotes) in the text"},
	[O_NO_GLUE] = {"no-glue", 0, NULL, "do not split glued words"},
	[O_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

typedef struct ex {
	const char *format;
	const char *input;
	unsigned flags;
	qasid_options opt;
	int help;
	qasid_doc *doc;
	int status;
	long n_in, n_out, n_skipped;
} ex;

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
		if (strcmp(arg, "auto") && strcmp(arg, "jsonl") && strcmp(arg, "text")) {
			cli_error("unknown input format '%s' (auto, text or jsonl)", arg);
			return -1;
		}
		x->input = arg;
		break;
	case O_TOKENS: x->flags |= QASID_JSON_TOKENS; break;
	case O_NO_NORMALIZE: x->opt.normalize = 0; break;
	case O_NO_DEBRIS: x->opt.debris = 0; break;
	case O_NO_GLUE: x->opt.glue = 0; break;
	case O_HELP: x->help = 1; break;
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
	fputs("\nExit status: 0 all articles written; 1 some skipped (each reported on\n"
	      "stderr); 2 bad command line; 3 input/output error.\n",
	      stdout);
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

static const char *display_name(const char *name)
{
	return strcmp(name, "-") ? name : "standard input";
}

static int run_jsonl(ex *x, input *in)
{
	char *line, where[512];
	size_t len;
	int r;

	while ((r = input_read_line(in, &line, &len)) == 1) {
		qasid_err err = {0};
		size_t i = 0;

		while (i < len && strchr(" \t\r", line[i]))
			i++;
		if (i == len)
			continue;
		x->n_in++;
		snprintf(where, sizeof where, "line %ld of %s", in->lineno, display_name(in->name));
		if (qasid_doc_from_jsonl(x->doc, line, len, &err)) {
			cli_error("cannot parse %s: %s", where, err.msg);
			x->n_skipped++;
			x->status = EXIT_SKIPPED;
			continue;
		}
		if (!qasid_doc_field(x->doc, QASID_FIELD_ID)) {
			char id[600];

			snprintf(id, sizeof id, "%s:%ld", display_name(in->name), in->lineno);
			qasid_doc_set_field(x->doc, QASID_FIELD_ID, id, strlen(id));
		}
		if (process_and_write(x, where))
			return EXIT_IO;
	}
	if (r < 0) {
		cli_error("cannot read %s: %s", display_name(in->name), strerror(in->err));
		return EXIT_IO;
	}
	return 0;
}

static int run_text(ex *x, input *in)
{
	const char *base = strrchr(in->name, '/');
	char *text;
	size_t len;
	int rc;

	if (input_read_all(in, &text, &len)) {
		cli_error("cannot read %s: %s", display_name(in->name), strerror(in->err));
		return EXIT_IO;
	}
	x->n_in++;
	if (len == 0) {
		cli_error("%s: empty input, skipped", display_name(in->name));
		x->n_skipped++;
		x->status = EXIT_SKIPPED;
		return 0;
	}
	qasid_doc_reset(x->doc);
	rc = qasid_doc_set_text(x->doc, text, len);
	if (rc == QASID_OK) {
		base = base ? base + 1 : in->name;
		if (strcmp(in->name, "-"))
			rc = qasid_doc_set_field(x->doc, QASID_FIELD_ID, base, strlen(base));
	}
	if (rc) {
		cli_error("cannot read %s: %s", display_name(in->name), qasid_strerror(rc));
		x->n_skipped++;
		x->status = EXIT_SKIPPED;
		return 0;
	}
	return process_and_write(x, display_name(in->name)) ? EXIT_IO : 0;
}

static int run_file(ex *x, const char *name)
{
	input in;
	int e = input_open(&in, name), rc;
	const char *fmt;

	if (e) {
		if (e == EISDIR)
			cli_error("cannot read %s: is a directory (not yet: directories come with `qasid ingest`)",
			          name);
		else
			cli_error("cannot open %s: %s", name, strerror(e));
		x->status = EXIT_SKIPPED;
		x->n_skipped++;
		return 0;
	}
	fmt = strcmp(x->input, "auto") ? x->input : input_sniff(&in);
	rc = !strcmp(fmt, "jsonl") ? run_jsonl(x, &in) : run_text(x, &in);
	input_close(&in);
	return rc;
}

int cmd_extract(int argc, char **argv)
{
	ex x = {0};
	int first, i, rc = 0;

	x.input = "auto";
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
	if (qasid_doc_new(&x.doc)) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	if (first >= argc)
		rc = run_file(&x, "-");
	for (i = first; i < argc && !rc; i++)
		rc = run_file(&x, argv[i]);
	qasid_doc_free(x.doc);
	if (fflush(stdout) == EOF) {
		cli_error("cannot write output: %s", strerror(errno));
		return EXIT_IO;
	}
	if (x.n_skipped)
		cli_error("%ld article%s read, %ld written, %ld skipped", x.n_in, x.n_in == 1 ? "" : "s",
		          x.n_out, x.n_skipped);
	return rc ? rc : x.status;
}
