/* SPDX-License-Identifier: MIT */
/* qasid actors, dates, counts, places end to end ($QASID_BIN). */
#include <stdlib.h>

#include "test.h"

static t_tmp tmpdir = {.name = "qasid-evtest"};

/* Runs `qasid ARGS`; returns the exit status, with stdout and stderr in files. */
static int run(const char *args)
{
	return t_run_qasid(&tmpdir, "", args);
}

static int output_is(const char *path, const char *want)
{
	char *got = t_read_file(path, NULL);
	int ok = got && !strcmp(got, want);

	if (!ok)
		printf("  %s: got \"%s\"\n", path, got ? got : "(none)");
	free(got);
	return ok;
}

static int output_has(const char *path, const char *want)
{
	char *got = t_read_file(path, NULL);
	int ok = got && strstr(got, want);

	if (!ok)
		printf("  %s: got \"%s\"\n", path, got ? got : "(none)");
	free(got);
	return ok;
}

static void actors(void)
{
	char path[256], args[512];
	FILE *f;

	if (!getenv("QASID_BIN")) {
		t_skip("QASID_BIN not set");
		return;
	}
	CHECK(run("actors --date 2023-04-09 'Pakistani troops' police xyzzy") == 0);
	CHECK(output_has(tmpdir.out, "PAKMIL\tPakistani troops\tcomposed\tbuiltin:actors-countries-en.txt:"));
	CHECK(output_has(tmpdir.out, "\n---COP\tpolice\tagent\tbuiltin:actors-en.txt:"));
	CHECK(output_has(tmpdir.out, "\n-\txyzzy\tnone\n"));
	snprintf(path, sizeof path, "%s", t_tmp_path(&tmpdir, "mine.txt"));
	f = fopen(path, "w");
	CHECK(f);
	fputs("# mine\nXYZREB : Xyzzy Front | xyzzy\nXYZ : Xyzland\nbroken line\n", f);
	fclose(f);
	snprintf(args, sizeof args, "actors --actors %s xyzzy", path);
	CHECK(run(args) == 4);
	snprintf(args, sizeof args, "qasid: %s:4: want 'CODE [FROM..TO] : phrase | phrase'", path);
	CHECK(output_has(tmpdir.err, args));
	f = fopen(path, "w");
	CHECK(f);
	fputs("XYZREB : Xyzzy Front | xyzzy\n", f);
	fclose(f);
	snprintf(args, sizeof args, "actors --no-builtin --stats --actors %s 'the Xyzzy Front'", path);
	CHECK(run(args) == 0);
	snprintf(args, sizeof args,
	         "1 sources, 2 actor phrases, 0 agent phrases, 1 codes, 0 warnings\n"
	         "XYZREB\tXyzzy Front\tactor\t%s:1\n",
	         path);
	CHECK(output_is(tmpdir.out, args));
	CHECK(run("actors --actors /nonexistent/x.txt police") == 3);
	CHECK(output_has(tmpdir.err, "qasid: /nonexistent/x.txt: cannot open"));
	CHECK(run("actors") == 2);
	CHECK(run("actors --help") == 0);
	CHECK(output_has(tmpdir.out, "usage: qasid actors"));
}

static void dates_counts_places(void)
{
	if (!getenv("QASID_BIN")) {
		t_skip("QASID_BIN not set");
		return;
	}
	CHECK(run("dates --date 2023-04-09 'On Saturday, and in March.'") == 0);
	CHECK(output_is(tmpdir.out, "Saturday\t2023-04-08\tday\nMarch\t2023-03-01..2023-03-31\tmonth\n"));
	CHECK(run("dates 'On Saturday'") == 0);
	CHECK(output_is(tmpdir.out, "Saturday\t-\tunresolved\n"));
	CHECK(run("dates --date 2023-02-30 x") == 2);
	CHECK(output_has(tmpdir.err, "qasid: bad --date '2023-02-30'"));
	CHECK(run("counts 'At least 12 people were killed and dozens injured.'") == 0);
	CHECK(output_is(tmpdir.out, "killed\t12\t12\t-\tAt least 12\tkilled\n"
	                          "injured\t24\t36\t99\tdozens\tinjured\n"));
	CHECK(run("places 'Quetta, Balochistan'") == 0);
	CHECK(output_is(tmpdir.out, "Balochistan\t1 place\n  region\tBalochistan\tPAK\tPK-BA Balochistan\n"));
	CHECK(run("places --gazetteer /nonexistent/c.txt x") == 3);
}

static void cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0);
}

const t_case t_event_cli_cases[] = {
	{"actors", actors},
	{"dates_counts_places", dates_counts_places},
	{"cleanup", cleanup},
	{NULL, NULL},
};
