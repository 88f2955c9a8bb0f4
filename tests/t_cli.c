/* SPDX-License-Identifier: MIT */
/*
 * The qasid tool end to end ($QASID_BIN): bad inputs are reported and
 * skipped, never crash or hang; exit codes are as documented.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

static t_tmp tmpdir = {.name = "qasid-test"};

static const char *tmp_dir(void)
{
	return t_tmp_path(&tmpdir, ".") ? tmpdir.dir : NULL;
}

static const char *write_tmp(const char *name, const char *data, size_t len)
{
	const char *path = t_tmp_path(&tmpdir, name);
	FILE *f = path ? fopen(path, "wb") : NULL;

	if (!f)
		return NULL;
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

/* Runs `qasid ARGS`, stdout and stderr to files; returns the exit status. */
static int run(const char *args)
{
	return t_run_qasid(&tmpdir, "", args);
}

static char *out_text(void)
{
	return t_read_file(tmpdir.out, NULL);
}

static char *err_text(void)
{
	return t_read_file(tmpdir.err, NULL);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

#define NEED_BIN()                                       \
	do {                                             \
		if (!getenv("QASID_BIN")) {              \
			t_skip("QASID_BIN not set");     \
			return;                          \
		}                                        \
	} while (0)

static void help_and_usage_errors(void)
{
	char *o;

	NEED_BIN();
	CHECK(run("extract --help") == 0);
	o = out_text();
	CHECK(o && strstr(o, "usage: qasid extract"));
	free(o);
	CHECK(run("--help") == 0);
	CHECK(run("frobnicate") == 2);
	CHECK(run("extract --frob") == 2);
	CHECK(run("extract --format xml") == 2);
}

static void malformed_line_is_skipped(void)
{
	const char *jl = "{\"id\": \"a\", \"text\": \"First.\"}\n"
	                 "{\"id\": \"b\", \"text\": broken}\n"
	                 "\n"
	                 "{\"id\": \"c\", \"text\": \"Third.\"}\n";
	char args[512], *o, *e;

	NEED_BIN();
	snprintf(args, sizeof args, "extract %s", write_tmp("x.jsonl", jl, strlen(jl)));
	CHECK(run(args) == 1);
	o = out_text();
	e = err_text();
	CHECK(count_lines(o) == 2);
	CHECK(strstr(o, "\"id\":\"a\"") && strstr(o, "\"id\":\"c\""));
	CHECK_MSG(e && strstr(e, "qasid: cannot parse line 2 of ") && strstr(e, "x.jsonl"), "stderr: %s", e);
	free(o);
	free(e);
}

static void empty_missing_and_directory(void)
{
	char args[1024], *o, *e;

	NEED_BIN();
	snprintf(args, sizeof args, "extract %s", write_tmp("empty.txt", "", 0));
	/* A directory is read file by file (tests/t_ingest.c); an empty one gives nothing. */
	snprintf(args + strlen(args), sizeof args - strlen(args), " %s/missing.txt %s/emptydir %s",
	         tmp_dir(), tmp_dir(), write_tmp("ok.txt", "Fine.", 5));
	{
		char d[256];

		snprintf(d, sizeof d, "%s/emptydir", tmp_dir());
		CHECK(mkdir(d, 0755) == 0);
	}
	CHECK(run(args) == 1);
	o = out_text();
	e = err_text();
	CHECK(count_lines(o) == 1 && strstr(o, "\"id\":\"ok.txt\""));
	CHECK(strstr(e, "empty input") && strstr(e, "cannot open"));
	free(o);
	free(e);
}

static void nul_and_bad_utf8(void)
{
	char args[512], *o, *e;

	NEED_BIN();
	snprintf(args, sizeof args, "extract --tokens %s", write_tmp("nul.txt", "Kabul\0said \xFF no.", 16));
	CHECK(run(args) == 0);
	o = out_text();
	e = err_text();
	CHECK(o && strstr(o, "\"text\":\"Kabul said \xEF\xBF\xBD no.\""));
	CHECK(e && strstr(e, "invalid UTF-8") && strstr(e, "NUL"));
	free(o);
	free(e);
}

static void stdin_and_formats(void)
{
	char *o;

	NEED_BIN();
	write_tmp("in.txt", "He left. She stayed.", 20);
	{
		char args[512];

		snprintf(args, sizeof args, "extract --format text - <%s/in.txt", tmp_dir());
		CHECK(run(args) == 0);
		o = out_text();
		CHECK(o && strstr(o, "2 sentences") && strstr(o, "[2] She stayed."));
		free(o);
		snprintf(args, sizeof args, "extract --format json <%s/in.txt", tmp_dir());
		CHECK(run(args) == 0);
		o = out_text();
		CHECK(o && strstr(o, "\n  \"sentences\": ["));
		free(o);
	}
}

/* Options may follow the files, as with most tools; "--" ends them. */
static void options_after_files(void)
{
	char args[512], *o;

	NEED_BIN();
	write_tmp("late.txt", "He left. She stayed.", 20);
	snprintf(args, sizeof args, "extract %s/late.txt --format text", tmp_dir());
	CHECK(run(args) == 0);
	o = out_text();
	CHECK_MSG(o && strstr(o, "[2] She stayed."), "stdout: %s", o);
	free(o);
	snprintf(args, sizeof args, "extract %s/late.txt --frob", tmp_dir());
	CHECK(run(args) == 2);
	snprintf(args, sizeof args, "extract --format text -- %s/late.txt --format", tmp_dir());
	CHECK(run(args) == 1); /* "--format" is a file here, and there is none */
	o = err_text();
	CHECK_MSG(o && strstr(o, "qasid: cannot open --format"), "stderr: %s", o);
	free(o);
}

/* One very long line: processed in memory bounded by its size, no hang. */
static void huge_single_line(void)
{
	const char *big = getenv("QASID_BIG_TESTS");
	size_t n = big ? 200u << 20 : 8u << 20, i;
	char *s = malloc(n), args[512], *o;
	FILE *f;

	NEED_BIN();
	CHECK(s);
	for (i = 0; i < n; i++)
		s[i] = "Kabul said no, "[i % 15];
	memcpy(s, "{\"text\": \"", 10);
	memcpy(s + n - 3, "\"}\n", 3);
	f = fopen(write_tmp("big.jsonl", "", 0), "wb");
	CHECK(f);
	CHECK(fwrite(s, 1, n, f) == n);
	fclose(f);
	free(s);
	/* 8 MB through the whole pipeline; 200 MB (QASID_BIG_TESTS) through
	 * reading, cleaning and segmenting only, since tagging, parsing and quotes
	 * over 40 million tokens take many minutes (long articles in the taggers:
	 * tag/long documents). */
	snprintf(args, sizeof args, "extract %s%s/big.jsonl", big ? "--no-tag " : "", tmp_dir());
	CHECK(run(args) == 0);
	o = out_text();
	CHECK(o && count_lines(o) == 1 && strstr(o, "\"sentences\""));
	free(o);
}

static void cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0);
}

const t_case t_cli_cases[] = {
	{"help_and_usage_errors", help_and_usage_errors},
	{"malformed_line_is_skipped", malformed_line_is_skipped},
	{"empty_missing_and_directory", empty_missing_and_directory},
	{"nul_and_bad_utf8", nul_and_bad_utf8},
	{"stdin_and_formats", stdin_and_formats},
	{"options_after_files", options_after_files},
	{"huge_single_line", huge_single_line},
	{"cleanup", cleanup},
	{NULL, NULL}};
