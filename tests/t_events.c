/* SPDX-License-Identifier: MIT */
/*
 * The event coder (src/event/coder.c) and its lexicon (verbs.c): golden
 * sentences through the whole pipeline (needs the models in models/), the
 * lexicon format and its errors, and bad documents.
 */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"

static qasid_model *pos_m, *ner_m;
static qasid_parser *parser_m;
static qasid_actors *actors_m;
static int parse_all_m = 1; /* qasid_options.parse_all of run() */
static qasid_verbs *verbs_m;
static qasid_gazetteer *gaz_m;
static int loaded;

static void load(void)
{
	qasid_err err = {0};

	if (loaded)
		return;
	loaded = 1;
	if (qasid_model_load(&pos_m, "models/pos-en.qm", QASID_TASK_POS, &err) ||
	    qasid_model_load(&ner_m, "models/ner-en.qm", QASID_TASK_NER, &err) ||
	    qasid_parser_load(&parser_m, "models/parse-en.qm", &err))
		return;
	if (qasid_actors_new(&actors_m, 1, &err) || qasid_verbs_new(&verbs_m, 1, &err) ||
	    qasid_gazetteer_new(&gaz_m, &err))
		return;
}

static int have_models(void)
{
	load();
	if (pos_m && ner_m && parser_m && actors_m && verbs_m && gaz_m)
		return 1;
	t_skip("models/*.qm missing");
	return 0;
}

/* Runs the pipeline on text; a first line "date: YYYY-MM-DD" sets the article date. */
static qasid_doc *run(const char *input)
{
	qasid_doc *doc;
	qasid_options opt;
	qasid_err err = {0};
	const char *text = input;

	if (qasid_doc_new(&doc))
		return NULL;
	if (!strncmp(input, "date: ", 6)) {
		const char *nl = strchr(input, '\n');

		qasid_doc_set_field(doc, QASID_FIELD_DATE, input + 6, nl ? (size_t)(nl - input - 6) : 0);
		text = nl ? nl + 1 : "";
	}
	qasid_doc_set_text(doc, text, strlen(text));
	qasid_options_default(&opt);
	opt.pos_model = pos_m;
	opt.ner_model = ner_m;
	opt.parser = parser_m;
	opt.verbs = verbs_m;
	opt.actors = actors_m;
	opt.gazetteer = gaz_m;
	opt.parse_all = parse_all_m;
	if (qasid_process(doc, &opt, &err)) {
		qasid_doc_free(doc);
		return NULL;
	}
	return doc;
}

static void put(char *out, size_t cap, const char *s)
{
	strncat(out, s, cap - strlen(out) - 1);
}

static void put_span(char *out, size_t cap, const qasid_doc *doc, qasid_span s)
{
	const char *t = qasid_doc_text(doc, NULL);
	size_t n = strlen(out);

	for (uint32_t i = s.start; i < s.end && n + 1 < cap; i++)
		out[n++] = t[i] == '\n' ? ' ' : t[i];
	out[n] = '\0';
}

/*
 * One line per event:
 * cameo plover | source | target | mode[, background][, reported] | date precision | place |
 * casualties | trigger
 */
static char *events_of(const char *input)
{
	qasid_doc *doc = run(input);
	size_t cap = 8192, i;
	char *out = calloc(1, cap), b[128];

	if (!out || !doc) {
		qasid_doc_free(doc);
		free(out);
		return strdup("(failed)");
	}
	for (i = 0; i < qasid_doc_n_events(doc); i++) {
		const qasid_event *e = &qasid_doc_events(doc)[i];
		static const char *prec[] = {"article", "day", "week", "month", "year"};

		if (i)
			put(out, cap, "\n");
		snprintf(b, sizeof b, "%s %s | %s | %s | %s%s%s | ", e->cameo, e->plover ? e->plover : "-",
		         e->source[0] ? e->source : "-", e->target[0] ? e->target : "-",
		         qasid_mode_name(e->mode), e->background ? ", background" : "",
		         e->quote >= 0 ? ", reported" : "");
		put(out, cap, b);
		qasid_date_format(e->date, b);
		put(out, cap, b);
		put(out, cap, " ");
		put(out, cap, prec[e->precision <= QASID_PREC_YEAR ? e->precision : 0]);
		put(out, cap, " | ");
		put(out, cap, e->has_place ? e->place.name : "-");
		put(out, cap, " |");
		for (uint32_t k = 0; k < e->n_casualties; k++) {
			const qasid_casualty *c = &e->casualties[k];

			snprintf(b, sizeof b, " %s %ld %s", c->kind == QASID_KILLED ? "killed" : "injured",
			         c->best, c->side[0] ? c->side : "-");
			put(out, cap, b);
		}
		put(out, cap, " | ");
		put_span(out, cap, doc, e->trigger);
	}
	if (!i)
		put(out, cap, "(none)");
	qasid_doc_free(doc);
	return out;
}

static void golden(void)
{
	if (have_models())
		CHECK(t_golden("tests/golden/event/events.txt", events_of) > 0);
}

/* The pipeline's document of the example article; NULL when it cannot be read or run. */
static qasid_doc *run_example(void)
{
	size_t len;
	char *text = t_read_file("examples/pakistan-ttp-clash.txt", &len);
	qasid_doc *doc = text ? run(text) : NULL;

	free(text);
	return doc;
}

/* Does the span close every bracket it opens? */
static int balanced(const char *text, qasid_span s)
{
	int depth = 0;

	for (uint32_t i = s.start; i < s.end; i++) {
		depth += text[i] == '(' || text[i] == '[';
		depth -= text[i] == ')' || text[i] == ']';
	}
	return depth == 0;
}

/*
 * Every event's spans lie in the text and close the brackets they open
 * ("Tehreek-e-Taliban Pakistan (TTP)"), and its ids point at real things.
 */
static void sane_on_example(void)
{
	size_t len, i;
	qasid_doc *doc;
	const char *text;

	if (!have_models())
		return;
	doc = run_example();
	CHECK(doc);
	text = qasid_doc_text(doc, &len);
	CHECK(qasid_doc_n_events(doc) > 0);
	for (i = 0; i < qasid_doc_n_events(doc); i++) {
		const qasid_event *e = &qasid_doc_events(doc)[i];

		CHECK(e->trigger.start < e->trigger.end && e->trigger.end <= len);
		CHECK(e->source_span.end <= len && e->target_span.end <= len);
		CHECK_MSG(balanced(text, e->source_span) && balanced(text, e->target_span), "event %zu",
		          i);
		CHECK(e->sentence.start <= e->trigger.start && e->trigger.end <= e->sentence.end);
		CHECK(e->source[0] || e->target[0] || e->source_entity >= 0 || e->target_entity >= 0);
		CHECK(e->source_entity < (int32_t)qasid_doc_n_entities(doc));
		CHECK(e->target_entity < (int32_t)qasid_doc_n_entities(doc));
		CHECK(e->quote < (int32_t)qasid_doc_n_quotes(doc));
		CHECK(qasid_mode_name(e->mode));
		CHECK(strlen(e->cameo) >= 3);
	}
	qasid_doc_free(doc);
}

/*
 * The example article codes what a careful reader would (sentence, CAMEO,
 * mode), and nothing for the analyst's predictions and background
 * (sentences 11 to 16).
 */
static void example_events(void)
{
	static const struct {
		size_t sent;
		const char *cameo, *mode;
	} want[] = {{1, "190", "asserted"},    {3, "190", "asserted"},    {6, "130", "asserted"},
	            {7, "124", "asserted"},    {7, "100", "asserted"},    {8, "130", "threatened"},
	            {9, "120", "asserted"},    {10, "080", "negated"},    {10, "020", "asserted"}};
	size_t sent_of[64] = {0}, ns, i, k;
	qasid_doc *doc;

	if (!have_models())
		return;
	doc = run_example();
	CHECK(doc);
	ns = qasid_doc_n_sentences(doc);
	CHECK(ns == 16);
	for (i = 0; i < qasid_doc_n_events(doc) && i < 64; i++)
		for (k = 0; k < ns; k++)
			if (qasid_doc_events(doc)[i].sentence.start == qasid_doc_sentences(doc)[k].span.start)
				sent_of[i] = k + 1;
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		int found = 0;

		for (i = 0; i < qasid_doc_n_events(doc) && i < 64; i++)
			found |= sent_of[i] == want[w].sent &&
			         !strcmp(qasid_doc_events(doc)[i].cameo, want[w].cameo) &&
			         !strcmp(qasid_mode_name(qasid_doc_events(doc)[i].mode), want[w].mode);
		CHECK_MSG(found, "sentence %zu: %s %s", want[w].sent, want[w].cameo, want[w].mode);
	}
	for (i = 0; i < qasid_doc_n_events(doc) && i < 64; i++)
		CHECK_MSG(sent_of[i] >= 1 && sent_of[i] <= 10, "event %zu in sentence %zu", i, sent_of[i]);
	qasid_doc_free(doc);
}

/* Sentences of 500 tokens, one token, only punctuation; an empty text. */
static void odd_sentences(void)
{
	static const char *const cases[] = {"", "Attack.", "!!! ... ??? ---", "Pakistan", NULL};
	char *big;
	qasid_doc *doc;

	if (!have_models())
		return;
	for (int i = 0; cases[i]; i++) {
		doc = run(cases[i]);
		CHECK_MSG(doc, "case %d", i);
		qasid_doc_free(doc);
	}
	big = malloc(500 * 20 + 1);
	CHECK(big);
	big[0] = '\0';
	for (int i = 0; i < 500; i++)
		strcat(big, i % 2 ? "attacked " : "Pakistan ");
	doc = run(big);
	free(big);
	CHECK(doc);
	qasid_doc_free(doc);
}

static void needs_parse(void)
{
	qasid_doc *doc;
	qasid_err err = {0};

	if (!have_models())
		return;
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	qasid_doc_set_text(doc, "Pakistan attacked India.", 24);
	CHECK(qasid_process(doc, NULL, &err) == QASID_OK);
	CHECK(qasid_doc_events_find(doc, verbs_m, actors_m, NULL, 0, &err) == QASID_EINVAL);
	CHECK(qasid_doc_events_find(doc, NULL, actors_m, NULL, 0, &err) == QASID_EINVAL);
	CHECK(qasid_doc_n_events(doc) == 0);
	qasid_doc_free(doc);
}

static void lexicon(void)
{
	qasid_verbs *v;
	qasid_err err = {0};
	static const char good[] = "# a comment\n"
	                           "190 : attack | open fire\n"
	                           "195 n : airstrike\n"
	                           "@ fight : fought\n"
	                           "\n";

	CHECK(qasid_verbs_new(&v, 0, &err) == QASID_OK);
	CHECK(qasid_verbs_size(v) == 0);
	CHECK(qasid_verbs_add_text(v, "t", good, strlen(good), &err) == QASID_OK);
	CHECK(qasid_verbs_size(v) == 3);
	/* the CAMEO table is always there: names and PLOVER types, with fallbacks */
	CHECK_STR(qasid_cameo_plover(v, "190"), "ASSAULT");
	CHECK_STR(qasid_cameo_plover(v, "0874"), "RETREAT");
	/* the PLOVER manual's own definitions (tools/build_cameo.py) */
	CHECK_STR(qasid_cameo_plover(v, "0831"), "RETREAT"); /* resignations */
	CHECK_STR(qasid_cameo_plover(v, "0813"), "CONCEDE"); /* "remove curfews" */
	CHECK_STR(qasid_cameo_plover(v, "192"), "ASSAULT");  /* occupations carried out */
	CHECK_STR(qasid_cameo_plover(v, "020"), "REQUEST");
	CHECK(qasid_cameo_plover(v, "010") == NULL);
	CHECK(qasid_cameo_plover(v, "99") == NULL);
	CHECK(qasid_cameo_plover(v, "12345") == NULL);
	CHECK(qasid_cameo_name(v, "190") != NULL);
	CHECK(qasid_cameo_name(v, "999") == NULL);
	qasid_verbs_free(v);

	{
		static const struct {
			const char *text, *msg;
		} bad[] = {
			{"190 attack\n", "t:1: no ':'"},
			{"# c\n19x : attack\n", "t:2: a CAMEO code"},
			{"190 v : attack\n", "t:1: after the code"},
			{"@ a b : x\n", "t:1: '@' wants one lemma"},
			{"@ fight : fou ght\n", "t:1: an irregular form is one word"},
			{"12345 : attack\n", "t:1: a CAMEO code"},
		};

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			CHECK(qasid_verbs_new(&v, 0, &err) == QASID_OK);
			CHECK_MSG(qasid_verbs_add_text(v, "t", bad[i].text, strlen(bad[i].text), &err) ==
			              QASID_EFORMAT,
			          "case %zu", i);
			CHECK_MSG(!strncmp(err.msg, bad[i].msg, strlen(bad[i].msg)), "case %zu: %s", i,
			          err.msg);
			qasid_verbs_free(v);
		}
	}
	/* a PETRARCH verbs dictionary: blocks, synsets, forms, pair and null codes */
	{
		static const char petr[] = "&TIES\n+DIPLOMATIC TIES\n+RELATIONS\n\n"
		                           "--- RESTORE [050] ---\n"
		                           "RESTORE\n"
		                           "MEND {MENDED}\n"
		                           "- * &TIES [051]\n"
		                           "- NOT * [120]\n"
		                           "- * (TO SUMMIT) [042:043]\n"
		                           "- * NOTHING [---]\n";
		const char *name;

		CHECK(qasid_verbs_new(&v, 0, &err) == QASID_OK);
		CHECK(qasid_verbs_add_text(v, "p", petr, strlen(petr), &err) == QASID_OK);
		/* 2 verbs x (bare + 2 synset members + summit + nothing + "NOT *") */
		CHECK_MSG(qasid_verbs_size(v) == 12, "%zu patterns", qasid_verbs_size(v));
		name = qasid_cameo_name(v, "051");
		CHECK(name != NULL);
		qasid_verbs_free(v);
	}
	/* a verb line's own code overrides its block's: "[---]", a bare pattern that codes nothing */
	{
		static const char petr[] = "--- HOLD [210] ---\n"
		                           "HOLD {HOLDS HELD} [---]\n"
		                           "DETAIN [173]\n"
		                           "- * TALKS [031]\n";

		CHECK(qasid_verbs_new(&v, 0, &err) == QASID_OK);
		CHECK(qasid_verbs_add_text(v, "p", petr, strlen(petr), &err) == QASID_OK);
		/* HOLD: bare (nothing) + talks; DETAIN: bare (173) + talks */
		CHECK_MSG(qasid_verbs_size(v) == 4, "%zu patterns", qasid_verbs_size(v));
		qasid_verbs_free(v);
	}
	CHECK(qasid_verbs_new(&v, 0, &err) == QASID_OK);
	CHECK(qasid_verbs_add_file(v, "/nonexistent/verbs.txt", &err) == QASID_EIO);
	qasid_verbs_free(v);
	/* the built-in lexicon loads and is large */
	CHECK(qasid_verbs_new(&v, 1, &err) == QASID_OK);
	CHECK(qasid_verbs_size(v) > 300);
	qasid_verbs_free(v);
}

/* A user's lexicon overrides the built-in code of the same pattern. */
static void user_lexicon(void)
{
	qasid_verbs *saved;
	qasid_err err = {0};
	static const char mine[] = "173 : attack\n";
	char *out;

	if (!have_models())
		return;
	saved = verbs_m;
	CHECK(qasid_verbs_new(&verbs_m, 1, &err) == QASID_OK);
	CHECK(qasid_verbs_add_text(verbs_m, "mine", mine, strlen(mine), &err) == QASID_OK);
	out = events_of("Pakistan attacked India.");
	qasid_verbs_free(verbs_m);
	verbs_m = saved;
	CHECK_MSG(!strncmp(out, "173 ", 4), "%s", out);
	free(out);
}

/*
 * Parsing only where events may be (parse_all 0) leaves a sentence without
 * a trigger word unparsed and codes the same events.
 */
static void parse_some(void)
{
	static const char *const texts[] = {
		"The weather was fine today. Pakistan attacked India.",
		"Militants carried out attacks on police posts in Kabul on Sunday.",
		"The army said the rebels must lay down their arms.",
		"Officials said a roadside bomb killed eight soldiers. It rained.",
		"Iran refused to release the detained sailors, the ministry said.",
	};
	qasid_doc *doc;
	const qasid_dep *d;

	if (!have_models())
		return;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char *all, *some;

		parse_all_m = 1;
		all = events_of(texts[i]);
		parse_all_m = 0;
		some = events_of(texts[i]);
		CHECK_MSG(!strcmp(all, some), "%s:\n%s\nvs\n%s", texts[i], all, some);
		free(all);
		free(some);
	}
	doc = run(texts[0]);
	parse_all_m = 1;
	CHECK(doc && (d = qasid_doc_deps(doc)) != NULL);
	if (doc && d) {
		CHECK_MSG(d[0].head == -1 && !d[0].rel[0], "'The': %d %s", d[0].head, d[0].rel);
		CHECK(!d[1].rel[0] && !d[4].rel[0]);
		CHECK_MSG(d[7].rel[0] && d[7].head == -1 && d[6].head == 7, "'attacked': %d %s",
		          d[7].head, d[7].rel); /* the second sentence is parsed */
	}
	qasid_doc_free(doc);
}

/* A PETRARCH pattern with a word before the verb ("- NOT * [120]") codes only with it. */
static void petrarch_before(void)
{
	qasid_verbs *saved;
	qasid_err err = {0};
	static const char petr[] = "--- ATTACK [190] ---\nATTACK\n- NOT * [120]\n";
	char *a, *b;

	if (!have_models())
		return;
	saved = verbs_m;
	CHECK(qasid_verbs_new(&verbs_m, 1, &err) == QASID_OK);
	CHECK(qasid_verbs_add_text(verbs_m, "p", petr, strlen(petr), &err) == QASID_OK);
	a = events_of("Pakistan did not attack India.");
	b = events_of("Pakistan attacked India.");
	qasid_verbs_free(verbs_m);
	verbs_m = saved;
	CHECK_MSG(!strncmp(a, "120 ", 4), "%s", a);
	CHECK_MSG(!strncmp(b, "190 ", 4), "%s", b);
	free(a);
	free(b);
}

/* The golden file gold with the PETRARCH verbs dictionary verbs added. */
static void golden_with_verbs(const char *verbs, const char *gold)
{
	qasid_verbs *saved;
	qasid_err err = {0};

	if (!have_models())
		return;
	saved = verbs_m;
	CHECK(qasid_verbs_new(&verbs_m, 1, &err) == QASID_OK);
	CHECK_MSG(qasid_verbs_add_file(verbs_m, verbs, &err) == QASID_OK, "%s", err.msg);
	CHECK(t_golden(gold, events_of) > 0);
	qasid_verbs_free(verbs_m);
	verbs_m = saved;
}

/* Golden sentences with a PETRARCH verbs dictionary added (its pattern semantics). */
static void petrarch_golden(void)
{
	golden_with_verbs("tests/golden/event/petrarch-verbs.txt", "tests/golden/event/petrarch.txt");
}

/*
 * Golden sentences with a PETRARCH-2 verbs dictionary added: patterns that
 * mark their phrases, the built-in lexicon where the dictionary gives no
 * code, and no event from a clause inside a noun phrase.
 */
static void petrarch2_golden(void)
{
	golden_with_verbs("tests/golden/event/petrarch2-verbs.txt", "tests/golden/event/petrarch2.txt");
}

/* QASID_EVENTS_DYADS keeps only events with both actors. */
static void dyads(void)
{
	qasid_doc *doc;
	qasid_err err = {0};
	size_t all, both;

	if (!have_models())
		return;
	doc = run("Pakistani troops attacked a checkpoint. Pakistan attacked India.");
	CHECK(doc);
	all = qasid_doc_n_events(doc);
	CHECK(qasid_doc_events_find(doc, verbs_m, actors_m, gaz_m, QASID_EVENTS_DYADS, &err) == QASID_OK);
	both = qasid_doc_n_events(doc);
	for (size_t i = 0; i < both; i++)
		CHECK(qasid_doc_events(doc)[i].source[0] && qasid_doc_events(doc)[i].target[0]);
	qasid_doc_free(doc);
	CHECK_MSG(all == 2 && both == 1, "%zu events, %zu dyads", all, both);
}

static void free_all(void)
{
	qasid_model_free(pos_m);
	qasid_model_free(ner_m);
	qasid_parser_free(parser_m);
	qasid_actors_free(actors_m);
	qasid_verbs_free(verbs_m);
	qasid_gazetteer_free(gaz_m);
	pos_m = ner_m = NULL;
	parser_m = NULL;
	actors_m = NULL;
	verbs_m = NULL;
	gaz_m = NULL;
	loaded = 0;
}

const t_case t_events_cases[] = {
	{"lexicon", lexicon},
	{"golden", golden},
	{"sane_on_example", sane_on_example},
	{"example_events", example_events},
	{"odd_sentences", odd_sentences},
	{"needs_parse", needs_parse},
	{"user_lexicon", user_lexicon},
	{"dyads", dyads},
	{"petrarch_before", petrarch_before},
	{"petrarch_golden", petrarch_golden},
	{"petrarch2_golden", petrarch2_golden},
	{"parse_some", parse_some},
	{"free", free_all},
	{NULL, NULL},
};
