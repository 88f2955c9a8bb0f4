/* SPDX-License-Identifier: MIT */
#include "test.h"

static void fields_and_text(void)
{
	qasid_doc *doc;
	qasid_err err = {0};
	const char *line = "{\"id\": \"a1\", \"title\": \"Clash\", \"date\": \"2023-04-09\", "
	                   "\"source\": \"Dawn\", \"url\": \"https://x.pk/a\", \"text\": \"He said no.\"}";

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_from_jsonl(doc, line, strlen(line), &err) == QASID_OK);
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_ID), "a1");
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_TITLE), "Clash");
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_DATE), "2023-04-09");
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_SOURCE), "Dawn");
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_URL), "https://x.pk/a");
	CHECK_STR(qasid_doc_input(doc, NULL), "He said no.");
	qasid_doc_free(doc);
}

static void only_text_required(void)
{
	qasid_doc *doc;
	const char *line = "{\"text\": \"x\", \"id\": 42}";

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_from_jsonl(doc, line, strlen(line), NULL) == QASID_OK);
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_ID), "42");
	CHECK(qasid_doc_field(doc, QASID_FIELD_TITLE) == NULL);
	qasid_doc_free(doc);
}

static void malformed_lines(void)
{
	static const char *const bad[] = {
		"{\"text\": \"unterminated}", "[1, 2]", "{\"id\": \"x\"}", "{\"text\": 5}", "", "{",
		"{\"text\": \"a\"} trailing"};
	qasid_doc *doc;
	size_t i;

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		qasid_err err = {0};

		CHECK_MSG(qasid_doc_from_jsonl(doc, bad[i], strlen(bad[i]), &err) == QASID_EFORMAT,
		          "accepted %s", bad[i]);
		CHECK(err.code == QASID_EFORMAT && err.msg[0]);
	}
	qasid_doc_free(doc);
}

static void bad_date_is_ignored_with_warning(void)
{
	qasid_doc *doc;
	const char *line = "{\"text\": \"x\", \"date\": \"last Tuesday\"}";

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_from_jsonl(doc, line, strlen(line), NULL) == QASID_OK);
	CHECK(qasid_doc_field(doc, QASID_FIELD_DATE) == NULL);
	CHECK(qasid_doc_n_diags(doc) == 1 && qasid_doc_diags(doc)[0].kind == QASID_DIAG_FIELD);
	qasid_doc_free(doc);
}

/* "\u0000" in the text arrives as a NUL byte and becomes a space. */
static void escaped_nul_in_text(void)
{
	qasid_doc *doc;
	const char *line = "{\"text\": \"a\\u0000b\"}";

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_from_jsonl(doc, line, strlen(line), NULL) == QASID_OK);
	CHECK_STR(qasid_doc_input(doc, NULL), "a b");
	qasid_doc_free(doc);
}

const t_case t_jsonl_cases[] = {
	{"fields_and_text", fields_and_text},
	{"only_text_required", only_text_required},
	{"malformed_lines", malformed_lines},
	{"bad_date_is_ignored_with_warning", bad_date_is_ignored_with_warning},
	{"escaped_nul_in_text", escaped_nul_in_text},
	{NULL, NULL}};
