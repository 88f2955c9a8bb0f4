/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "t_event_util.h"

static qasid_actors *builtin;

/*
 * Golden cases: "DATE: phrase" (DATE "-" for none); output one line per
 * actor found: CODE, the words, the kind.
 */
static char *actors_of(const char *input)
{
	static const char *const kinds[] = {"", "actor", "agent", "composed"};
	char *out = calloc(1, 4096);
	int32_t date;
	const char *text = t_dated(input, &date);
	qasid_actor_match m[32];
	t_words w;
	size_t n, k;

	if (!out || !text)
		return out;
	w = t_words_of(text);
	qasid_actors_match(builtin, (const char *const *)w.w, w.n, date, m, 32, &n);
	if (!n)
		strcat(out, "-");
	for (k = 0; k < n && k < 32; k++) {
		if (k)
			strcat(out, "\n");
		strncat(out, m[k].code, 4095 - strlen(out));
		strcat(out, " | ");
		t_words_cat(out, &w, m[k].first, m[k].n);
		strcat(out, " | ");
		strcat(out, kinds[m[k].kind]);
	}
	t_words_free(&w);
	return out;
}

static void golden(void)
{
	qasid_err err = {0};
	int rc;

	CHECK(qasid_actors_new(&builtin, 1, &err) == QASID_OK);
	rc = t_golden("tests/golden/event/actors.txt", actors_of);
	qasid_actors_free(builtin);
	builtin = NULL;
	CHECK(rc > 0);
}

static void builtin_counts(void)
{
	qasid_actors *a = NULL;
	qasid_actors_stats s;
	qasid_err err = {0};

	CHECK(qasid_actors_new(&a, 1, &err) == QASID_OK);
	qasid_actors_stats_get(a, &s);
	qasid_actors_free(a);
	CHECK_MSG(s.n_warnings == 0, "built-in dictionary warns: %s", s.warning);
	CHECK(s.n_files == 2);
	CHECK_MSG(s.n_actors > 1500, "only %zu actor phrases", s.n_actors);
	CHECK(s.n_agents > 300);
}

/* Codes of one phrase in dictionary a, joined by spaces, in a static buffer. */
static const char *codes(const qasid_actors *a, const char *text, const char *date)
{
	static char b[256];
	qasid_actor_match m[16];
	int32_t d = QASID_NO_DATE;
	t_words w = t_words_of(text);
	size_t n, k;

	if (date)
		qasid_date_parse(date, &d);
	b[0] = '\0';
	qasid_actors_match(a, (const char *const *)w.w, w.n, d, m, 16, &n);
	for (k = 0; k < n && k < 16; k++) {
		if (k)
			strcat(b, " ");
		strncat(b, m[k].code, sizeof b - 1 - strlen(b));
	}
	t_words_free(&w);
	return b;
}

static const char qasid_fmt[] =
	"# a user's dictionary\n"
	"\n"
	"HOB : Hobbiton | Hobbit | hobbits\n"
	"HOBGOV [2001-01-01..2004-12-31] : Shire Council\n"
	"HOBREB [2005-01-01..] : Shire Council\n"
	"~ELF : elf | elves\n"
	"~GOV : ministry\n"
	"WIZ : Wizard* | UNG\n";

static void own_format(void)
{
	qasid_actors *a = NULL;
	qasid_err err = {0};

	CHECK(qasid_actors_new(&a, 0, &err) == QASID_OK);
	CHECK(qasid_actors_add_text(a, "user.txt", qasid_fmt, sizeof qasid_fmt - 1, &err) == 0);
	CHECK_STR(codes(a, "the Shire Council met", "2003-05-01"), "HOBGOV");
	CHECK_STR(codes(a, "the Shire Council met", "2006-05-01"), "HOBREB");
	CHECK_STR(codes(a, "the Shire Council met", NULL), "HOBREB");
	CHECK_STR(codes(a, "the Shire Council met", "1999-05-01"), "");
	CHECK_STR(codes(a, "Hobbit elves", NULL), "HOBELF");
	CHECK_STR(codes(a, "Hobbit ministries", NULL), "HOBGOV");
	CHECK_STR(codes(a, "elves of Hobbiton", NULL), "HOBELF");
	CHECK_STR(codes(a, "Hobbiton's elves", NULL), "HOBELF");
	CHECK_STR(codes(a, "elves", NULL), "---ELF");
	CHECK_STR(codes(a, "the wizardry of UNG", NULL), "WIZ WIZ");
	CHECK_STR(codes(a, "ung", NULL), "");
	qasid_actors_free(a);
}

static void own_format_errors(void)
{
	static const struct {
		const char *text;
		long line;
		const char *msg;
	} bad[] = {
		{"PAK : Pakistan\nno colon here\n", 2, "u.txt:2: want 'CODE [FROM..TO] : phrase | phrase'"},
		{"PAK : Pakistan\nAFGGOV [2021-13-01..] : Taliban\n", 2, "u.txt:2: bad date range"},
		{"# x\nPAK : Pakistan\nP*K : Pakistan\n", 3, "u.txt:3: bad code"},
		{"PAK :  | \n", 1, "u.txt:1: no phrase after ':'"},
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		qasid_actors *a = NULL;
		qasid_err err = {0};
		int rc;

		CHECK(qasid_actors_new(&a, 0, &err) == QASID_OK);
		rc = qasid_actors_add_text(a, "u.txt", bad[i].text, strlen(bad[i].text), &err);
		qasid_actors_free(a);
		CHECK_MSG(rc == QASID_EFORMAT, "case %zu: rc %d", i, rc);
		CHECK_MSG(err.line == bad[i].line, "case %zu: line %ld", i, err.line);
		CHECK_MSG(!strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)), "case %zu: %s", i, err.msg);
	}
}

static const char tabari_actors[] =
	"<!-- A TABARI/PETRARCH actors file -->\n"
	"<!--\n"
	"# a comment block\n"
	"-->\n"
	"GONDOR_ [GON]\n"
	"+MINAS_TIRITH\n"
	"ITHILEN  [ITH]\n"
	"ITHILEN MILITARY  [ITHMIL]\n"
	"GOLLUM  # pas 27 Apr 03\n"
	"+SMEAGOL\n"
	"\t[HOB < 950601]\n"
	"\t[HOBGOV 19950601 - 19990815]\n"
	"#\t[950601-990815]  commented out\n"
	"\t[HOBREB > 990816]\n"
	"EUROPEAN_UNION [IGOEEU]\n"
	"PALESTINIAN [pse]\n"
	"KOFI_ANNAN_\t[IGOUNO 970101-061231] [ELI]\n"
	"ODD_ONE [XXX 2004017-20061201]\n";

static const char tabari_agents[] =
	"!PERSON! = MAN, MEN, WOMAN, WOMEN\n"
	"POLICE {} [ ~COP] # JON 2/8/95\n"
	"CONGRESS!PERSON! [~LEG]\n"
	"SOLDIER  [~MIL] # ss 29 Jun 2007\n"
	"CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\n"
	"HUMAN_RIGHTS_ORGANIZATION  [  NGO~] # sls\n";

static void tabari_format(void)
{
	qasid_actors *a = NULL;
	qasid_actors_stats s;
	qasid_err err = {0};

	CHECK(qasid_actors_new(&a, 0, &err) == QASID_OK);
	CHECK(qasid_actors_add_text(a, "a.txt", tabari_actors, sizeof tabari_actors - 1, &err) == 0);
	CHECK(qasid_actors_add_text(a, "g.txt", tabari_agents, sizeof tabari_agents - 1, &err) == 0);
	qasid_actors_stats_get(a, &s);
	/* ODD_ONE's date is malformed, which leaves it without a code: two warnings. */
	CHECK_MSG(s.n_warnings == 2, "%zu warnings: %s", s.n_warnings, s.warning);
	CHECK(strstr(s.warning, "a.txt:18: bad date restriction"));
	CHECK_STR(codes(a, "Gondor", NULL), "GON");
	CHECK_STR(codes(a, "Gondorian", NULL), ""); /* GONDOR_ is exact */
	CHECK_STR(codes(a, "in Minas Tirith", NULL), "GON");
	CHECK_STR(codes(a, "Ithileni soldiers", NULL), "ITHMIL"); /* a stem, and an agent */
	CHECK_STR(codes(a, "the Ithilen military", NULL), "ITHMIL");
	CHECK_STR(codes(a, "Smeagol", "1994-01-01"), "HOB");
	CHECK_STR(codes(a, "Smeagol", "1997-01-01"), "HOBGOV");
	CHECK_STR(codes(a, "Gollum", "2001-01-01"), "HOBREB");
	CHECK_STR(codes(a, "Kofi Annan", "2001-01-01"), "IGOUNO");
	CHECK_STR(codes(a, "Kofi Annan", "2010-01-01"), "ELI");
	CHECK_STR(codes(a, "Palestinian police", NULL), "PSECOP");
	CHECK_STR(codes(a, "policemen", NULL), "---COP"); /* a stem */
	CHECK_STR(codes(a, "congresswomen", NULL), "---LEG");
	CHECK_STR(codes(a, "chambers of commerce", NULL), "---BUS");
	CHECK_STR(codes(a, "Gondor human rights organizations", NULL), "NGOGON");
	qasid_actors_free(a);
}

/* The field's dictionaries load: Phoenix and the PETRARCH validation suites. */
static void shared_dictionaries(void)
{
	static const char *const files[] = {
		"event-validation/dictionaries-phoenix/Phoenix.Countries.actors.txt",
		"event-validation/dictionaries-phoenix/Phoenix.International.actors.txt",
		"event-validation/dictionaries-phoenix/Phoenix.MilNonState.actors.txt",
		"event-validation/dictionaries-phoenix/Phoenix.agents.txt",
		"event-validation/petrarch2-unittest/PETR.Validate.actors.txt",
		"event-validation/petrarch2-unittest/PETR.Validate.agents.txt",
		"event-validation/udpetrarch-validate/PETR_Validate_actors_2_02.txt",
		"event-validation/udpetrarch-validate/PETR_Validate_agents_2_02.txt",
	};
	qasid_actors *a = NULL;
	qasid_actors_stats s;
	qasid_err err = {0};
	size_t i;

	if (!t_shared(files[0])) {
		t_skip("../shared/data absent");
		return;
	}
	CHECK(qasid_actors_new(&a, 0, &err) == QASID_OK);
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		const char *p = t_shared(files[i]);
		size_t before = 0;

		CHECK_MSG(p, "missing %s", files[i]);
		qasid_actors_stats_get(a, &s);
		before = s.n_actors + s.n_agents;
		if (qasid_actors_add_file(a, p, &err)) {
			qasid_actors_free(a);
			CHECK_MSG(0, "%s", err.msg);
		}
		qasid_actors_stats_get(a, &s);
		printf("  %s: %zu phrases\n", files[i], s.n_actors + s.n_agents - before);
	}
	qasid_actors_stats_get(a, &s);
	printf("  all: %zu actor phrases, %zu agent phrases, %zu codes, %zu warnings\n", s.n_actors,
	       s.n_agents, s.n_codes, s.n_warnings);
	CHECK(s.n_actors > 30000 && s.n_agents > 3000);
	CHECK_STR(codes(a, "Hamid Karzai", "2005-01-01"), "AFGGOV");
	CHECK_STR(codes(a, "Afghan police", "2005-01-01"), "AFGCOP");
	qasid_actors_free(a);
}

static void file_errors(void)
{
	qasid_actors *a = NULL;
	qasid_err err = {0};

	CHECK(qasid_actors_new(&a, 0, &err) == QASID_OK);
	CHECK(qasid_actors_add_file(a, "/nonexistent/actors.txt", &err) == QASID_EIO);
	CHECK(strstr(err.msg, "/nonexistent/actors.txt: cannot open"));
	qasid_actors_free(a);
}

/*
 * Damaged dictionaries: random bytes changed in the three sample files,
 * loaded and matched (under SAN=1 this finds reads out of bounds).
 */
static void damaged(void)
{
	const char *const texts[] = {tabari_actors, tabari_agents, qasid_fmt};
	const size_t lens[] = {sizeof tabari_actors - 1, sizeof tabari_agents - 1,
	                       sizeof qasid_fmt - 1};
	static const char alphabet[] = "[]{}<>!~#+-_: |.\n\t*AZaz09\0";
	uint32_t seed = 12345;
	int round;

	for (round = 0; round < 3000; round++) {
		size_t t = (size_t)round % 3, len = lens[t], k, cut;
		char *b = malloc(len);
		qasid_actors *a = NULL;
		qasid_err err = {0};
		qasid_actor_match m[8];
		const char *w[] = {"Gondor", "police", "Hobbit", "elves", "Kofi", "Annan"};
		size_t n;

		CHECK(b);
		memcpy(b, texts[t], len);
		for (k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % len] = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		cut = round % 7 ? len : (seed >> 8) % len; /* sometimes cut short */
		if (qasid_actors_new(&a, 0, &err) == QASID_OK) {
			int rc = qasid_actors_add_text(a, "d.txt", b, cut, &err);

			if (rc != QASID_OK && rc != QASID_EFORMAT) {
				qasid_actors_free(a);
				free(b);
				CHECK_MSG(0, "round %d: rc %d", round, rc);
			}
			qasid_actors_match(a, w, 6, QASID_NO_DATE, m, 8, &n);
			qasid_actors_match(a, w, 6, qasid_date_from_ymd(1997, 1, 1), m, 8, &n);
		}
		qasid_actors_free(a);
		free(b);
	}
}

/* Allocation failure: fail the Nth request while loading and matching. */
static long af_fail_at, af_calls, af_live;

static void *af_alloc(void *ud, void *ptr, size_t size)
{
	void *p;

	(void)ud;
	if (size == 0) {
		if (ptr)
			af_live--;
		free(ptr);
		return NULL;
	}
	if (++af_calls == af_fail_at)
		return NULL;
	p = realloc(ptr, size);
	if (p && !ptr)
		af_live++;
	return p;
}

static int af_run(void)
{
	qasid_actors *a = NULL;
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};
	qasid_actor_match m[4];
	const char *w[] = {"Hobbit", "elves", "police"};
	size_t n;
	int rc = qasid_actors_new(&a, 0, &err);

	if (!rc)
		rc = qasid_actors_add_text(a, "a.txt", tabari_actors, sizeof tabari_actors - 1, &err);
	if (!rc)
		rc = qasid_actors_add_text(a, "g.txt", tabari_agents, sizeof tabari_agents - 1, &err);
	if (!rc)
		rc = qasid_actors_add_text(a, "u.txt", qasid_fmt, sizeof qasid_fmt - 1, &err);
	if (!rc)
		rc = qasid_actors_match(a, w, 3, QASID_NO_DATE, m, 4, &n);
	qasid_actors_free(a);
	if (!rc)
		rc = qasid_gazetteer_new(&g, &err);
	qasid_gazetteer_free(g);
	return rc;
}

static void alloc_failure(void)
{
	long total;

	af_fail_at = 0;
	af_calls = af_live = 0;
	qasid_set_allocator(af_alloc, NULL);
	CHECK(af_run() == QASID_OK);
	total = af_calls;
	for (af_fail_at = 1; af_fail_at <= total; af_fail_at++) {
		int rc;

		af_calls = af_live = 0;
		rc = af_run();
		if (rc != QASID_OK && rc != QASID_ENOMEM) {
			qasid_set_allocator(NULL, NULL);
			CHECK_MSG(0, "failing allocation %ld: rc %d", af_fail_at, rc);
		}
		if (af_live) {
			qasid_set_allocator(NULL, NULL);
			CHECK_MSG(0, "failing allocation %ld: %ld blocks leaked", af_fail_at, af_live);
		}
	}
	qasid_set_allocator(NULL, NULL);
}

const t_case t_actors_cases[] = {
	{"alloc_failure", alloc_failure},
	{"damaged", damaged},
	{"golden", golden},
	{"builtin_counts", builtin_counts},
	{"own_format", own_format},
	{"own_format_errors", own_format_errors},
	{"tabari_format", tabari_format},
	{"shared_dictionaries", shared_dictionaries},
	{"file_errors", file_errors},
	{NULL, NULL},
};
