/* SPDX-License-Identifier: MIT */
#include "test.h"

static void invalid_utf8_is_repaired_and_reported(void)
{
	qasid_doc *doc;
	const qasid_diag *d;
	size_t len;
	const char *in;

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, "Kabul\xFF said.", 12) == QASID_OK);
	CHECK(qasid_process(doc, NULL, NULL) == QASID_OK);
	in = qasid_doc_input(doc, &len);
	CHECK_STR(in, "Kabul\xEF\xBF\xBD said.");
	CHECK(qasid_doc_n_diags(doc) == 1);
	d = qasid_doc_diags(doc);
	CHECK(d[0].kind == QASID_DIAG_UTF8);
	CHECK(d[0].input.start == 5 && d[0].input.end == 8);
	qasid_doc_free(doc);
}

static void nul_bytes_become_spaces(void)
{
	qasid_doc *doc;

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, "one\0two", 7) == QASID_OK);
	CHECK(qasid_process(doc, NULL, NULL) == QASID_OK);
	CHECK(qasid_doc_n_tokens(doc) == 2);
	CHECK(qasid_doc_diags(doc)[0].kind == QASID_DIAG_NUL);
	qasid_doc_free(doc);
}

static void reset_reuses(void)
{
	qasid_doc *doc;
	int i;

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	for (i = 0; i < 3; i++) {
		const char *t = i == 1 ? "A much longer second article. It has two sentences." : "Short.";

		qasid_doc_reset(doc);
		CHECK(qasid_doc_field(doc, QASID_FIELD_ID) == NULL);
		CHECK(qasid_doc_set_field(doc, QASID_FIELD_ID, "x", 1) == QASID_OK);
		CHECK(qasid_doc_set_text(doc, t, strlen(t)) == QASID_OK);
		CHECK(qasid_process(doc, NULL, NULL) == QASID_OK);
		CHECK(qasid_doc_n_sentences(doc) == (i == 1 ? 2u : 1u));
		CHECK_STR(qasid_doc_field(doc, QASID_FIELD_ID), "x");
	}
	qasid_doc_free(doc);
}

/* Code point offsets count characters, not bytes. */
static void code_points(void)
{
	qasid_doc *doc = t_doc("\xD9\x82\xD8\xA7\xD8\xB5\xD8\xAF said \xF0\x9F\x98\x80 ok");
	const qasid_span *t;

	CHECK(doc);
	t = qasid_doc_tokens(doc);
	CHECK(qasid_doc_n_tokens(doc) == 4);
	CHECK(qasid_doc_input_cp(doc, qasid_doc_input_span(doc, t[1]).start) == 5);
	CHECK(qasid_doc_input_cp(doc, qasid_doc_input_span(doc, t[3]).start) == 12);
	CHECK(qasid_doc_input_cp(doc, qasid_doc_input_span(doc, t[3]).end) == 14);
	qasid_doc_free(doc);
}

static void options_turn_steps_off(void)
{
	qasid_doc *doc;
	qasid_options opt;
	const char *t = "\xE2\x80\x9CHi\xE2\x80\x9D";

	qasid_options_default(&opt);
	opt.normalize = 0;
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, t, strlen(t)) == QASID_OK);
	CHECK(qasid_process(doc, &opt, NULL) == QASID_OK);
	CHECK_STR(qasid_doc_text(doc, NULL), t);
	qasid_doc_free(doc);
}

/* The date of a plain-text article's byline or dateline; NULL when none. */
static const char *head_date(qasid_doc *doc, const char *t)
{
	qasid_doc_reset(doc);
	if (qasid_doc_set_text(doc, t, strlen(t)) || qasid_doc_text_meta(doc))
		return "(error)";
	return qasid_doc_field(doc, QASID_FIELD_DATE);
}

static void plain_text_head_date(void)
{
	qasid_doc *doc;
	const char *d;

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	d = head_date(doc, "Troops kill eight militants\nBy Ayesha Rahman | April 9, 2023\n\n"
	                   "ISLAMABAD - Security forces said on Sunday ...\n");
	CHECK_STR(d ? d : "", "2023-04-09");
	d = head_date(doc, "Troops kill eight militants\r\n\r\nPosted on 2023-04-10\r\n\r\nBody.\r\n");
	CHECK_STR(d ? d : "", "2023-04-10");
	/* a date in the story itself is not the story's */
	CHECK(!head_date(doc, "On March 3, 2021, troops entered the town.\n\nMore text.\n"));
	CHECK(!head_date(doc, "A title\n\nIt began on March 3, 2021, in the town.\n\nMarch 4, 2021\n"));
	CHECK(!head_date(doc, "No date here at all\n"));
	CHECK(!head_date(doc, ""));
	/* a date already set is kept */
	qasid_doc_reset(doc);
	CHECK(qasid_doc_set_text(doc, "T\nApril 9, 2023\n\nBody.", 22) == QASID_OK);
	CHECK(qasid_doc_set_field(doc, QASID_FIELD_DATE, "2020-01-01", 10) == QASID_OK);
	CHECK(qasid_doc_text_meta(doc) == QASID_OK);
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_DATE), "2020-01-01");
	qasid_doc_free(doc);
}

const t_case t_doc_cases[] = {
	{"plain_text_head_date", plain_text_head_date},
	{"invalid_utf8_is_repaired_and_reported", invalid_utf8_is_repaired_and_reported},
	{"nul_bytes_become_spaces", nul_bytes_become_spaces},
	{"reset_reuses", reset_reuses},
	{"code_points", code_points},
	{"options_turn_steps_off", options_turn_steps_off},
	{NULL, NULL}};
