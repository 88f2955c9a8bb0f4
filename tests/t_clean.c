/* SPDX-License-Identifier: MIT */
/*
 * The normalisation step (NFC, quotes, dashes, spaces, line ends) and the
 * escapes step before it (character references left in plain text).
 */
#include "test.h"

/* Cleaned text of input with default options (static buffer). */
static const char *cleaned(const char *input)
{
	static char out[1024];
	qasid_doc *doc = t_doc(input);

	if (!doc)
		return "(failed)";
	snprintf(out, sizeof out, "%s", qasid_doc_text(doc, NULL));
	qasid_doc_free(doc);
	return out;
}

static void quotes_dashes_spaces(void)
{
	CHECK_STR(cleaned("\xE2\x80\x9CYes,\xE2\x80\x9D he said \xE2\x80\x98no\xE2\x80\x99"),
	          "\"Yes,\" he said 'no'");
	CHECK_STR(cleaned("\xC2\xAB" "Non" "\xC2\xBB"), "\"Non\"");
	CHECK_STR(cleaned("2010\xE2\x80\x93" "2015 \xE2\x80\x94 war"), "2010-2015 -- war");
	CHECK_STR(cleaned("a\xC2\xA0" "b\xE2\x80\x89" "c"), "a b c");
	CHECK_STR(cleaned("wait\xE2\x80\xA6"), "wait...");
	CHECK_STR(cleaned("zero\xE2\x80\x8Bwidth soft\xC2\xADhyphen"), "zerowidth softhyphen");
	CHECK_STR(cleaned("line\r\nnext\rlast"), "line\nnext\nlast");
	CHECK_STR(cleaned("tab\there\x01"), "tab\there ");
}

static void nfc(void)
{
	/* e + combining acute -> é; A + ring above -> Å; already NFC stays. */
	CHECK_STR(cleaned("cafe\xCC\x81"), "caf\xC3\xA9");
	CHECK_STR(cleaned("A\xCC\x8A"), "\xC3\x85");
	CHECK_STR(cleaned("\xE2\x84\xAB"), "\xC3\x85"); /* Angstrom sign */
	CHECK_STR(cleaned("caf\xC3\xA9"), "caf\xC3\xA9");
	CHECK_STR(cleaned("\xD9\x82\xD8\xA7\xD8\xB5\xD8\xAF"), "\xD9\x82\xD8\xA7\xD8\xB5\xD8\xAF");
}

/* After normalisation, cleaned spans still slice the input to the original. */
static void offsets_survive(void)
{
	const char *in = "cafe\xCC\x81 \xE2\x80\x9Cwar\xE2\x80\x9D \xE2\x80\x94 Kabul\xE2\x80\x99s";
	qasid_doc *doc = t_doc(in);
	const qasid_span *t;

	CHECK(doc);
	t = qasid_doc_tokens(doc);
	CHECK(qasid_doc_n_tokens(doc) == 7);
	CHECK_STR(t_tok(doc, 0), "caf\xC3\xA9");
	CHECK_STR(t_input_slice(doc, t[0]), "cafe\xCC\x81");
	CHECK_STR(t_input_slice(doc, t[1]), "\xE2\x80\x9C");
	CHECK_STR(t_input_slice(doc, t[2]), "war");
	CHECK_STR(t_tok(doc, 4), "--");
	CHECK_STR(t_input_slice(doc, t[4]), "\xE2\x80\x94");
	CHECK_STR(t_input_slice(doc, t[6]), "\xE2\x80\x99s");
	/* Code points: "café" is 5 code points in the input (e + U+0301). */
	CHECK(qasid_doc_input_cp(doc, qasid_doc_input_span(doc, t[0]).end) == 5);
	qasid_doc_free(doc);
}

/* A long run of combining marks is not normalised as one sequence. */
static void zalgo(void)
{
	char s[4000];
	size_t i, n = 0;
	qasid_doc *doc;

	s[n++] = 'a';
	for (i = 0; i < 1000; i++) {
		s[n++] = '\xCC';
		s[n++] = '\x81';
	}
	s[n] = '\0';
	doc = t_doc(s);
	CHECK(doc);
	CHECK(qasid_doc_n_tokens(doc) >= 1);
	qasid_doc_free(doc);
}

/* Character references in plain text decode; what only looks like one stays. */
static void references(void)
{
	CHECK_STR(cleaned("AT&amp;T and caf&eacute;, Kabul&#8217;s &#x201C;war&#x201D;"),
	          "AT&T and caf\xC3\xA9, Kabul's \"war\"");
	CHECK_STR(cleaned("5 &lt; 6 &#151; &#36;10"), "5 < 6 -- $10"); /* 151: Windows-1252 */
	CHECK_STR(cleaned("&bogus; &#0; &#xD800; &amp &#12345678; R&D; &"),
	          "&bogus; &#0; &#xD800; &amp &#12345678; R&D; &");
	/* the ampersand lost to a space, as in AG News: the space goes too */
	CHECK_STR(cleaned("it #39;s In  quot;helping, quot; Johnson  amp; Johnson"),
	          "it's In \"helping,\" Johnson & Johnson");
	CHECK_STR(cleaned("ranked #1; the quota; #39"), "ranked #1; the quota; #39");
	/* line breaks written as backslashes */
	CHECK_STR(cleaned("A second\\team, C:\\dir"), "A second team, C:\\dir");
}

/* Escaped tags are dropped as debris; a ticker in angle brackets stays. */
static void escaped_markup(void)
{
	const char *in = "Staples &lt;A HREF=\"http://x.com/q?t=SPLS.O\"&gt;SPLS.O&lt;/A&gt; rose. "
	                 "Texas Instruments &lt;TXN.N&gt; fell.";
	qasid_doc *doc = t_doc(in);
	const qasid_diag *d;

	CHECK(doc);
	CHECK_STR(qasid_doc_text(doc, NULL), "Staples SPLS.O rose. Texas Instruments <TXN.N> fell.");
	CHECK(qasid_doc_n_diags(doc) == 2);
	d = qasid_doc_diags(doc);
	CHECK(d[0].kind == QASID_DIAG_DEBRIS && !strcmp(d[0].what, "escaped markup"));
	CHECK(d[0].input.start == 8 && in[d[0].input.end - 1] == ';' && in[d[0].input.end] == 'S');
	qasid_doc_free(doc);
}

/* Text read from HTML was decoded by the HTML parser: "&amp;lt;" stays "&lt;". */
static void html_not_twice(void)
{
	static const char page[] = "<html><body><article><p>The tag &amp;lt;b&amp;gt; and AT&amp;amp;T "
	                           "are written this way in the article, which is long enough to be "
	                           "kept as the main text of the page.</p></article></body></html>";
	qasid_doc *doc;
	qasid_err err = {0};

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_from_html(doc, page, sizeof page - 1, NULL, NULL, &err) == QASID_OK);
	CHECK(qasid_process(doc, NULL, &err) == QASID_OK);
	CHECK(strstr(qasid_doc_text(doc, NULL), "The tag &lt;b&gt; and AT&amp;T are"));
	qasid_doc_free(doc);
}

const t_case t_clean_cases[] = {
	{"quotes_dashes_spaces", quotes_dashes_spaces},
	{"nfc", nfc},
	{"offsets_survive", offsets_survive},
	{"zalgo", zalgo},
	{"references", references},
	{"escaped_markup", escaped_markup},
	{"html_not_twice", html_not_twice},
	{NULL, NULL}};
