/* SPDX-License-Identifier: MIT */
/*
 * Quotes and entities: golden files of hand-written sentences, one block
 * per form (tests/golden/quote/), and robustness on broken quote marks,
 * huge quotes, articles that are one long quote and real news. The tagger models in
 * models/ are used when present (the forms need part-of-speech tags).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../src/quote/quote.h"
#include "t_quote.h"
#include "test.h"

#define GOLDEN "tests/golden/quote/"

static qasid_model *pos_m, *ner_m;
static qasid_parser *parser_m;
static qasid_quote_model *quote_m;
static int loaded, learned; /* learned: tq_run adds the parser and the quote model */

static void load_models(void)
{
	qasid_err err;

	if (loaded)
		return;
	loaded = 1;
	if (qasid_model_load(&pos_m, "models/pos-en.qm", QASID_TASK_POS, &err))
		pos_m = NULL;
	if (qasid_model_load(&ner_m, "models/ner-en.qm", QASID_TASK_NER, &err))
		ner_m = NULL;
	if (qasid_parser_load(&parser_m, "models/parse-en.qm", &err))
		parser_m = NULL;
	if (qasid_quote_model_load(&quote_m, "models/quote-en.qm", &err))
		quote_m = NULL;
}

qasid_doc *tq_run(const char *text)
{
	qasid_options opt;
	qasid_doc *doc;

	load_models();
	qasid_options_default(&opt);
	opt.pos_model = pos_m;
	opt.ner_model = ner_m;
	if (learned) { /* parsed only where a learned cue may be, as qasid extract does */
		opt.parser = parser_m;
		opt.quote_model = quote_m;
		opt.parse_all = 0;
	}
	if (qasid_doc_new(&doc))
		return NULL;
	if (qasid_doc_set_text(doc, text, strlen(text)) || qasid_process(doc, &opt, NULL)) {
		qasid_doc_free(doc);
		return NULL;
	}
	return doc;
}

void tq_put_span(char **p, size_t *n, size_t *cap, const qasid_doc *doc, qasid_span s)
{
	const char *t = qasid_doc_text(doc, NULL);
	size_t k, len = s.end - s.start;

	if (*n + len + 64 > *cap) {
		*cap = (*n + len + 64) * 2;
		*p = realloc(*p, *cap);
	}
	for (k = 0; k < len; k++)
		(*p)[(*n)++] = t[s.start + k] == '\n' ? ' ' : t[s.start + k];
	(*p)[*n] = '\0';
}

void tq_put(char **p, size_t *n, size_t *cap, const char *s)
{
	size_t len = strlen(s);

	if (*n + len + 1 > *cap) {
		*cap = (*n + len + 1) * 2;
		*p = realloc(*p, *cap);
	}
	memcpy(*p + *n, s, len + 1);
	*n += len;
}

static const char *ent_name(const qasid_doc *doc, int32_t e)
{
	return e >= 0 ? qasid_doc_entities(doc)[e].name : "-";
}

/* One line per quote: kind | source | cue | content parts | speaker (role) -> addressee */
static char *quotes_of(const char *input)
{
	qasid_doc *doc = tq_run(input);
	char *p = NULL;
	size_t n = 0, cap = 0, i, k;

	if (!doc)
		return NULL;
	tq_put(&p, &n, &cap, "");
	for (i = 0; i < qasid_doc_n_quotes(doc); i++) {
		const qasid_quote *q = &qasid_doc_quotes(doc)[i];
		static const char *kinds[] = {"?", "direct", "indirect", "mixed"};
		const qasid_entity *sp = q->speaker >= 0 ? &qasid_doc_entities(doc)[q->speaker] : NULL;

		tq_put(&p, &n, &cap, kinds[q->kind]);
		tq_put(&p, &n, &cap, " | ");
		tq_put_span(&p, &n, &cap, doc, q->source);
		tq_put(&p, &n, &cap, " | ");
		tq_put_span(&p, &n, &cap, doc, q->cue);
		tq_put(&p, &n, &cap, " | ");
		for (k = 0; k < q->n_parts; k++) {
			if (k)
				tq_put(&p, &n, &cap, " ... ");
			tq_put_span(&p, &n, &cap, doc, q->content[k]);
		}
		tq_put(&p, &n, &cap, " | ");
		tq_put(&p, &n, &cap, ent_name(doc, q->speaker));
		if (sp && sp->role) {
			tq_put(&p, &n, &cap, " (");
			tq_put(&p, &n, &cap, sp->role);
			tq_put(&p, &n, &cap, ")");
		}
		if (q->addressee_span.end > q->addressee_span.start) {
			tq_put(&p, &n, &cap, " -> ");
			tq_put_span(&p, &n, &cap, doc, q->addressee_span);
		}
		tq_put(&p, &n, &cap, "\n");
	}
	if (n && p[n - 1] == '\n')
		p[--n] = '\0';
	if (!n)
		tq_put(&p, &n, &cap, "(none)");
	qasid_doc_free(doc);
	return p;
}

int tq_have_models(void)
{
	load_models();
	if (pos_m && ner_m)
		return 1;
	t_skip("models/pos-en.qm or models/ner-en.qm missing");
	return 0;
}

static void golden_quotes(void)
{
	if (tq_have_models())
		CHECK(t_golden(GOLDEN "quotes.txt", quotes_of) > 0);
}

static int sane(const qasid_doc *doc);

/* The learned cue and role model over the parser's trees (models/quote-en.qm). */
static void golden_learned(void)
{
	int ok;

	if (!tq_have_models())
		return;
	if (!parser_m || !quote_m) {
		t_skip("models/parse-en.qm or models/quote-en.qm missing");
		return;
	}
	learned = 1;
	ok = t_golden(GOLDEN "learned.txt", quotes_of) > 0;
	learned = 0; /* before CHECK, which returns: the later suites run without it */
	CHECK(ok);
}

/* Without a tree (no parser ran) the learned model adds nothing and breaks nothing. */
static void learned_without_tree(void)
{
	static const char text[] = "Many millennials support her plan. Jones said that it was over.";
	qasid_options opt;
	qasid_doc *doc;

	if (!tq_have_models() || !quote_m) {
		if (!quote_m)
			t_skip("models/quote-en.qm missing");
		return;
	}
	qasid_options_default(&opt);
	opt.pos_model = pos_m;
	opt.quote_model = quote_m; /* no parser */
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, text, strlen(text)) == QASID_OK);
	CHECK(qasid_process(doc, &opt, NULL) == QASID_OK);
	CHECK(sane(doc));
	CHECK(qasid_doc_n_quotes(doc) == 1);
	CHECK_STR(t_input_slice(doc, qasid_doc_quotes(doc)[0].source), "Jones");
	qasid_doc_free(doc);
}

static char dumped[4096];

static int to_dumped(void *ud, const char *bytes, size_t len)
{
	size_t have = strlen(dumped);

	(void)ud;
	if (have + len >= sizeof dumped)
		return -1;
	memcpy(dumped + have, bytes, len);
	dumped[have + len] = '\0';
	return 0;
}

/* A model file that is not a quote model, or is damaged, is refused with a message. */
static void quote_model_file(void)
{
	qasid_quote_model *m = (qasid_quote_model *)1;
	qasid_err err = {0};

	CHECK(qasid_quote_model_load(&m, "models/pos-en.qm", &err) == QASID_EMODEL);
	CHECK(m == NULL);
	CHECK(strstr(err.msg, "pos-en.qm") != NULL);
	CHECK(qasid_quote_model_load(&m, "tests/no-such-file.qm", &err) != QASID_OK);
	if (quote_m) {
		CHECK(strstr(qasid_quote_model_info(quote_m), "PolNeAR train") != NULL);
		dumped[0] = '\0';
		CHECK(qasid_quote_model_dump(quote_m, to_dumped, NULL) == QASID_OK);
		CHECK(!strncmp(dumped, "task\tQUO1\n", 10) && strstr(dumped, "\nrole weights\t"));
	}
}

/* Every quote's parts lie inside the text and inside one paragraph run. */
/* Is ent -1, or an entity with a mention? */
static int entity_ok(const qasid_doc *doc, int32_t ent)
{
	return ent == -1 || (ent >= 0 && (size_t)ent < qasid_doc_n_entities(doc) &&
	                     qasid_doc_entities(doc)[ent].n_mentions > 0);
}

static int sane(const qasid_doc *doc)
{
	size_t i, k, len;

	qasid_doc_text(doc, &len);
	for (i = 0; i < qasid_doc_n_quotes(doc); i++) {
		const qasid_quote *q = &qasid_doc_quotes(doc)[i];

		if (!q->n_parts || q->n_parts > QASID_QUOTE_MAX_PARTS)
			return 0;
		for (k = 0; k < q->n_parts; k++)
			if (q->content[k].start >= q->content[k].end || q->content[k].end > len)
				return 0;
		if (!entity_ok(doc, q->speaker) || !entity_ok(doc, q->addressee))
			return 0;
	}
	return 1;
}

/*
 * Real news, with the parser and the quote model as `qasid extract` runs
 * them: every quote is sane and its speaker and addressee are entities
 * with mentions (the first 600 BBC articles of ../shared once had two
 * speakers without any: the same phrase was the source of two quotes).
 */
static void bbc_speakers(void)
{
	const char *path = t_shared("news-text/bbc-fulltext.jsonl.gz");
	char *line = malloc(1 << 20);
	size_t n = 0;
	gzFile f;
	int ok = 1;

	if (!path) {
		t_skip("needs ../shared/data/news-text");
		free(line);
		return;
	}
	if (!tq_have_models() || !parser_m || !quote_m) {
		free(line);
		if (tq_have_models())
			t_skip("models/parse-en.qm or models/quote-en.qm missing");
		return;
	}
	CHECK(line);
	if (!(f = gzopen(path, "rb"))) {
		free(line);
		CHECK_MSG(0, "cannot open %s", path);
	}
	learned = 1;
	while (ok && n < 600 && gzgets(f, line, 1 << 20)) {
		json_t *rec = json_loads(line, 0, NULL);
		const char *text = json_string_value(json_object_get(rec, "text"));
		qasid_doc *doc = text ? tq_run(text) : NULL;

		ok = doc && sane(doc);
		if (!ok)
			printf("  article %zu: %s\n", n + 1, doc ? "a quote without its entity" : "failed");
		qasid_doc_free(doc);
		json_decref(rec);
		n++;
	}
	learned = 0; /* before CHECK, which returns */
	gzclose(f);
	free(line);
	CHECK(ok);
	CHECK(n == 600);
}

static void broken_marks(void)
{
	static const char *texts[] = {
		"He said \"this never ends.\n\nThe next paragraph stands alone, officials said.\n\n"
		"\"We will win,\" Smith said.",
		"\" \" \" \"\"\"\" ''' `` '' \" said said \"",
		"The voters' choice isn't Trump's, 'he said.' Rock 'n' roll, said O'Neil.",
		"“He said ‘we “will” win’ today,” Smith said. ” stray “",
		"\"",
		"said",
		"according to",
		"X: \"",
	};
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		qasid_doc *doc = tq_run(texts[i]);

		CHECK_MSG(doc != NULL, "text %zu failed", i);
		CHECK_MSG(sane(doc), "text %zu: a quote out of bounds", i);
		if (i == 0) {
			/* the unclosed quote stops at its paragraph; the last one is found */
			const qasid_quote *q = qasid_doc_quotes(doc);
			size_t n = qasid_doc_n_quotes(doc);

			CHECK(n >= 2);
			CHECK_STR(t_input_slice(doc, q[n - 1].content[0]), "\"We will win,\"");
			CHECK(q[0].content[0].end < q[n - 1].content[0].start);
		}
		qasid_doc_free(doc);
	}
}

static void huge_quote(void)
{
	size_t n = 5000, i;
	char *s = malloc(n * 6 + 100), *p = s;
	qasid_doc *doc;

	CHECK(s);
	p += sprintf(p, "Smith said: \"");
	for (i = 0; i < n; i++)
		p += sprintf(p, i % 20 == 19 ? "word. " : "word ");
	p += sprintf(p, "end.\" Then Jones said it was long.");
	doc = tq_run(s);
	free(s);
	CHECK(doc);
	CHECK(sane(doc));
	CHECK(qasid_doc_n_quotes(doc) >= 2);
	CHECK(qasid_doc_quotes(doc)[0].kind == QASID_QUOTE_DIRECT);
	CHECK(qasid_doc_quotes(doc)[0].content[0].end - qasid_doc_quotes(doc)[0].content[0].start > 25000);
	qasid_doc_free(doc);
}

/* An article that is one long quote, and one with a mark opened and never closed. */
static void whole_article_quote(void)
{
	size_t i;
	char *s = malloc(200000), *p = s;
	qasid_doc *doc;

	CHECK(s);
	p += sprintf(p, "\"");
	for (i = 0; i < 300; i++)
		p += sprintf(p, "We will fight on, and the people know it. Nobody said otherwise.\n\n\"");
	p += sprintf(p, "That is all.\"");
	doc = tq_run(s);
	CHECK(doc && sane(doc));
	CHECK(qasid_doc_n_sentences(doc) > 300);
	qasid_doc_free(doc);
	s[strlen(s) - 1] = ' '; /* never closed */
	doc = tq_run(s);
	free(s);
	CHECK(doc && sane(doc));
	qasid_doc_free(doc);
}

/* Without models the stage still runs on quote marks and capitalised words. */
static void without_models(void)
{
	qasid_doc *doc = t_doc("\"We will retaliate,\" said Smith. Jones said that it was over.");

	CHECK(doc);
	CHECK(sane(doc));
	CHECK(qasid_doc_n_quotes(doc) >= 1);
	CHECK_STR(t_input_slice(doc, qasid_doc_quotes(doc)[0].source), "Smith");
	qasid_doc_free(doc);
}

void tq_free_models(void)
{
	qasid_model_free(pos_m);
	qasid_model_free(ner_m);
	qasid_parser_free(parser_m);
	qasid_quote_model_free(quote_m);
	pos_m = ner_m = NULL;
	parser_m = NULL;
	quote_m = NULL;
	loaded = 0;
}

/* WordNet's classes, built in from data/supersenses-en.txt: base forms and inflections. */
static void wordnet_classes(void)
{
	uint32_t v = qs_senses("said");

	CHECK(v & QS_SENSE_SEEN);
	CHECK(QS_VERB1(v) == 32); /* verb.communication, through the exception list */
	CHECK(QS_NOUN1(v) == 0);
	v = qs_senses("bemoaned");
	CHECK(QS_VERB1(v) == 32); /* -ed detached */
	v = qs_senses("spokesmen");
	CHECK(QS_NOUN1(v) == 18); /* noun.person, men -> man */
	v = qs_senses("disdain");
	CHECK(QS_NOUN1(v) == 12 && QS_NOUN2(v) == 10 && QS_VERB1(v) == 37 && QS_VERB2(v) == 32);
	CHECK(qs_senses("qwzxv") == 0);
	CHECK(qs_senses("") == 0);
}

const t_case t_quote_cases[] = {
	{"wordnet_classes", wordnet_classes},
	{"golden_quotes", golden_quotes},
	{"golden_learned", golden_learned},
	{"learned_without_tree", learned_without_tree},
	{"quote_model_file", quote_model_file},
	{"broken_marks", broken_marks},
	{"huge_quote", huge_quote},
	{"whole_article_quote", whole_article_quote},
	{"bbc_speakers", bbc_speakers},
	{"without_models", without_models},
	{"free_models", tq_free_models},
	{NULL, NULL},
};
