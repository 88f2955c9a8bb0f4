/* SPDX-License-Identifier: MIT */
/* The JSON writer: valid JSON, exact escaping, spans in code points. */
#include <jansson.h>
#include <stdlib.h>

#include "test.h"

typedef struct sink {
	char *p;
	size_t n;
} sink;

static int to_sink(void *ud, const char *b, size_t n)
{
	sink *s = ud;

	s->p = realloc(s->p, s->n + n + 1);
	memcpy(s->p + s->n, b, n);
	s->n += n;
	s->p[s->n] = '\0';
	return 0;
}

static int failing_writer(void *ud, const char *b, size_t n)
{
	(void)ud;
	(void)b;
	(void)n;
	return -1;
}

/* Byte offset of code point cp in the UTF-8 string s. */
static size_t cp_to_byte(const char *s, size_t cp)
{
	size_t i = 0;

	while (s[i] && cp) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		cp--;
	}
	return i;
}

static json_t *write_and_parse(qasid_doc *doc, unsigned flags)
{
	sink s = {NULL, 0};
	json_error_t e;
	json_t *j;

	if (qasid_doc_write_json(doc, flags, to_sink, &s))
		return NULL;
	j = json_loadb(s.p, s.n, 0, &e);
	if (!j)
		printf("  bad JSON: %s\n  %s\n", e.text, s.p);
	free(s.p);
	return j;
}

static const char *article =
	"\"Quotes\" and \\backslashes\\, a tab\there, a bell \x07, caf\xC3\xA9 \xF0\x9F\x98\x80,\n"
	"Kabul\xE2\x80\x99s \xE2\x80\x9Cwar\xE2\x80\x9D \xE2\x80\x94 done.";

static void escaping_round_trips(void)
{
	qasid_doc *doc = t_doc(article);
	json_t *j;

	CHECK(doc);
	CHECK(qasid_doc_set_field(doc, QASID_FIELD_TITLE, "T\"itle\n", 7) == QASID_OK);
	j = write_and_parse(doc, QASID_JSON_TOKENS);
	CHECK(j);
	CHECK_STR(json_string_value(json_object_get(j, "text")), article);
	CHECK_STR(json_string_value(json_object_get(j, "title")), "T\"itle\n");
	CHECK(json_is_null(json_object_get(j, "date")));
	json_decref(j);
	j = write_and_parse(doc, QASID_JSON_TOKENS | QASID_JSON_PRETTY);
	CHECK(j);
	CHECK_STR(json_string_value(json_object_get(j, "text")), article);
	json_decref(j);
	qasid_doc_free(doc);
}

/* Every token and sentence span, read as code points, slices the input text to
 * the same bytes the library maps it to. */
static void spans_are_code_points(void)
{
	qasid_doc *doc = t_doc(article);
	json_t *j, *toks, *sents, *v;
	const qasid_span *t;
	size_t i;

	CHECK(doc);
	j = write_and_parse(doc, QASID_JSON_TOKENS);
	CHECK(j);
	toks = json_object_get(j, "tokens");
	sents = json_object_get(j, "sentences");
	CHECK(json_array_size(toks) == qasid_doc_n_tokens(doc));
	CHECK(json_array_size(sents) == qasid_doc_n_sentences(doc));
	t = qasid_doc_tokens(doc);
	json_array_foreach(toks, i, v) {
		size_t s = cp_to_byte(article, (size_t)json_integer_value(json_object_get(v, "start")));
		size_t e = cp_to_byte(article, (size_t)json_integer_value(json_object_get(v, "end")));
		const char *want = t_input_slice(doc, t[i]);

		CHECK_MSG(e - s == strlen(want) && !strncmp(article + s, want, e - s), "token %zu", i);
	}
	/* "’s" is normalised to "'s", so that token carries a "norm". */
	v = json_array_get(toks, 19);
	CHECK_STR(json_string_value(json_object_get(v, "norm")), "'s");
	CHECK(json_object_get(json_array_get(toks, 0), "norm") == NULL);
	json_decref(j);
	qasid_doc_free(doc);
}

static void writer_failure_is_reported(void)
{
	qasid_doc *doc = t_doc("One sentence.");

	CHECK(doc);
	CHECK(qasid_doc_write_json(doc, 0, failing_writer, NULL) == QASID_EIO);
	qasid_doc_free(doc);
}

const t_case t_json_cases[] = {
	{"escaping_round_trips", escaping_round_trips},
	{"spans_are_code_points", spans_are_code_points},
	{"writer_failure_is_reported", writer_failure_is_reported},
	{NULL, NULL}};
