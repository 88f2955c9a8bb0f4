/* SPDX-License-Identifier: MIT */
/* qasid actors, dates, counts, places end to end ($QASID_BIN). */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

static char dir[64], out_path[128], err_path[128];

/* Runs `qasid ARGS`; returns the exit status, with stdout and stderr in files. */
static int run(const char *args)
{
	char cmd[2048];
	const char *bin = getenv("QASID_BIN");
	int st;

	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/qasid-evtest-XXXXXX");
		if (!mkdtemp(dir))
			return -1;
		snprintf(out_path, sizeof out_path, "%s/stdout", dir);
		snprintf(err_path, sizeof err_path, "%s/stderr", dir);
	}
	if (!bin)
		return -1;
	snprintf(cmd, sizeof cmd, "%s %s >%s 2>%s", bin, args, out_path, err_path);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
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
	CHECK(output_has(out_path, "PAKMIL\tPakistani troops\tcomposed\tbuiltin:actors-countries-en.txt:"));
	CHECK(output_has(out_path, "\n---COP\tpolice\tagent\tbuiltin:actors-en.txt:"));
	CHECK(output_has(out_path, "\n-\txyzzy\tnone\n"));
	snprintf(path, sizeof path, "%s/mine.txt", dir);
	f = fopen(path, "w");
	CHECK(f);
	fputs("# mine\nXYZREB : Xyzzy Front | xyzzy\nXYZ : Xyzland\nbroken line\n", f);
	fclose(f);
	snprintf(args, sizeof args, "actors --actors %s xyzzy", path);
	CHECK(run(args) == 4);
	snprintf(args, sizeof args, "qasid: %s:4: want 'CODE [FROM..TO] : phrase | phrase'", path);
	CHECK(output_has(err_path, args));
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
	CHECK(output_is(out_path, args));
	CHECK(run("actors --actors /nonexistent/x.txt police") == 3);
	CHECK(output_has(err_path, "qasid: /nonexistent/x.txt: cannot open"));
	CHECK(run("actors") == 2);
	CHECK(run("actors --help") == 0);
	CHECK(output_has(out_path, "usage: qasid actors"));
	unlink(path);
}

static void dates_counts_places(void)
{
	if (!getenv("QASID_BIN")) {
		t_skip("QASID_BIN not set");
		return;
	}
	CHECK(run("dates --date 2023-04-09 'On Saturday, and in March.'") == 0);
	CHECK(output_is(out_path, "Saturday\t2023-04-08\tday\nMarch\t2023-03-01..2023-03-31\tmonth\n"));
	CHECK(run("dates 'On Saturday'") == 0);
	CHECK(output_is(out_path, "Saturday\t-\tunresolved\n"));
	CHECK(run("dates --date 2023-02-30 x") == 2);
	CHECK(output_has(err_path, "qasid: bad --date '2023-02-30'"));
	CHECK(run("counts 'At least 12 people were killed and dozens injured.'") == 0);
	CHECK(output_is(out_path, "killed\t12\t12\t-\tAt least 12\tkilled\n"
	                          "injured\t24\t36\t99\tdozens\tinjured\n"));
	CHECK(run("places 'Quetta, Balochistan'") == 0);
	CHECK(output_is(out_path, "Balochistan\t1 place\n  region\tBalochistan\tPAK\tPK-BA Balochistan\n"));
	CHECK(run("places --gazetteer /nonexistent/c.txt x") == 3);
	rmdir(dir);
}

static void cleanup(void)
{
	if (dir[0]) {
		unlink(out_path);
		unlink(err_path);
		rmdir(dir);
	}
}

const t_case t_event_cli_cases[] = {
	{"actors", actors},
	{"dates_counts_places", dates_counts_places},
	{"cleanup", cleanup},
	{NULL, NULL},
};
