/* SPDX-License-Identifier: MIT */
/*
 * HTML pages: main-text extraction, each metadata source, encodings, and
 * bad pages (binary junk, deep nesting, no text). Golden pages are in
 * tests/golden/html/: NAME.html with NAME.txt, the text expected.
 */
#include <stdlib.h>

#include "../src/ingest/extract.h"
#include "test.h"

static const char *para =
	"The minister said on Saturday that talks with the group would resume next week, "
	"according to two officials who spoke on condition of anonymity. ";

/* A page around body (a format with one %s). */
static char *page(const char *head, const char *body)
{
	size_t n = strlen(head) + strlen(body) + 4096;
	char *p = malloc(n);

	if (p)
		snprintf(p, n,
		         "<!DOCTYPE html><html lang=\"en\"><head>%s</head>"
		         "<body><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/w\">World</a></li>"
		         "</ul></nav>%s<footer><p>Copyright 2019 The Daily Example. All rights reserved."
		         "</p></footer></body></html>",
		         head, body);
	return p;
}

static qasid_doc *from_html(const char *html, const char *charset, const char *url, int *rc)
{
	qasid_doc *doc;
	qasid_err err = {0};

	if (qasid_doc_new(&doc))
		return NULL;
	*rc = qasid_doc_from_html(doc, html, strlen(html), charset, url, &err);
	return doc;
}

static const char *text_of(const qasid_doc *doc)
{
	return qasid_doc_input(doc, NULL);
}

static void article_body_kept_rest_dropped(void)
{
	char body[4096], *html;
	qasid_doc *doc;
	const qasid_diag *d;
	int rc, captions = 0;
	size_t i;

	snprintf(body, sizeof body,
	         "<div class=\"share-tools\"><a href=\"#\">Share on Facebook</a></div>"
	         "<article><h1>Talks to resume, minister says</h1>"
	         "<div class=\"byline\">By Jane Doe</div>"
	         "<div class=\"article-body\"><p>%s%s</p>"
	         "<figure><img src=\"a.jpg\"><figcaption>The minister in Kabul. Photo: AP</figcaption></figure>"
	         "<h2>What comes next</h2><p>%s</p><ul><li>First point, with detail enough.</li>"
	         "<li>Second point, also with detail.</li></ul><blockquote><p>We will talk, he said.</p></blockquote>"
	         "<p>Advertisement</p><p>%s</p></div>"
	         "<div class=\"related-articles\"><h3>Related</h3><ul><li><a href=\"/a\">Other story one</a></li>"
	         "<li><a href=\"/b\">Other story two</a></li></ul></div></article>"
	         "<div id=\"comments\"><p>Great article, thanks for sharing this with us all!</p></div>"
	         "<aside><p>Most read: something else entirely, which is not the article.</p></aside>",
	         para, para, para, para);
	html = page("<title>Talks to resume, minister says | The Daily Example</title>", body);
	CHECK(html);
	doc = from_html(html, NULL, NULL, &rc);
	free(html);
	CHECK(doc && rc == QASID_OK);
	CHECK_MSG(strstr(text_of(doc), "The minister said on Saturday"), "text: %s", text_of(doc));
	CHECK(strstr(text_of(doc), "What comes next"));
	CHECK(strstr(text_of(doc), "First point, with detail enough.\nSecond point"));
	CHECK(strstr(text_of(doc), "We will talk, he said."));
	CHECK(!strstr(text_of(doc), "Talks to resume"));   /* the headline is the title */
	CHECK(!strstr(text_of(doc), "Jane Doe"));          /* byline */
	CHECK(!strstr(text_of(doc), "Share on Facebook")); /* share buttons */
	CHECK(!strstr(text_of(doc), "Other story"));       /* related articles */
	CHECK(!strstr(text_of(doc), "Great article"));     /* comments */
	CHECK(!strstr(text_of(doc), "Most read"));         /* aside */
	CHECK(!strstr(text_of(doc), "Home"));              /* navigation */
	CHECK(!strstr(text_of(doc), "Copyright"));         /* footer */
	CHECK(!strstr(text_of(doc), "Advertisement"));
	CHECK(!strstr(text_of(doc), "Photo: AP"));         /* the caption is debris */
	CHECK(strstr(text_of(doc), "\n\n"));               /* paragraphs apart */
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_TITLE), "Talks to resume, minister says");
	CHECK_STR(qasid_doc_field(doc, QASID_FIELD_LANG), "en");
	d = qasid_doc_diags(doc);
	for (i = 0; i < qasid_doc_n_diags(doc); i++)
		if (d[i].kind == QASID_DIAG_DEBRIS && strstr(d[i].what, "caption: The minister in Kabul"))
			captions++;
	CHECK(captions == 1);
	CHECK(qasid_process(doc, NULL, NULL) == QASID_OK);
	CHECK(qasid_doc_n_sentences(doc) > 5);
	qasid_doc_free(doc);
}

/* Each metadata source on its own. */
static void metadata_sources(void)
{
	static const struct {
		const char *head, *body, *url;
		qasid_field f;
		const char *want;
	} cases[] = {
		{"<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
		 "\"NewsArticle\",\"datePublished\":\"2023-04-09T08:30:00+05:00\",\"author\":[{\"@type\":"
		 "\"Person\",\"name\":\"Ali Khan\"},{\"name\":\"Sara Ahmed\"}],\"publisher\":{\"name\":"
		 "\"Dawn\"}}</script>",
		 "", NULL, QASID_FIELD_DATE, "2023-04-09"},
		{"<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"WebSite\"},{\"@type\":"
		 "[\"NewsArticle\"],\"author\":{\"name\":\"Ali Khan\"}}]}</script>",
		 "", NULL, QASID_FIELD_AUTHOR, "Ali Khan"},
		{"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":[{\"name\":"
		 "\"Ali Khan\"},{\"name\":\"Sara Ahmed\"}]}</script>",
		 "", NULL, QASID_FIELD_AUTHOR, "Ali Khan, Sara Ahmed"},
		{"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"publisher\":{\"name\":"
		 "\"Dawn\"}}</script>",
		 "", NULL, QASID_FIELD_SITE, "Dawn"},
		{"<meta property=\"article:published_time\" content=\"2019-11-19T05:00:00Z\">", "", NULL,
		 QASID_FIELD_DATE, "2019-11-19"},
		{"<meta name=\"pubdate\" content=\"20191118\">", "", NULL, QASID_FIELD_DATE, "2019-11-18"},
		{"<meta itemprop=\"datePublished\" content=\"Tue, 19 Nov 2019 10:00:00 GMT\">", "", NULL,
		 QASID_FIELD_DATE, "2019-11-19"},
		{"", "<time datetime=\"2018-09-10T12:00\" pubdate>Sept. 10</time>", NULL, QASID_FIELD_DATE,
		 "2018-09-10"},
		{"", "<span itemprop=\"datePublished\">November 19, 2019</span>", NULL, QASID_FIELD_DATE,
		 "2019-11-19"},
		{"", "", "https://www.example.com/2019/11/18/some-story.html", QASID_FIELD_DATE,
		 "2019-11-18"},
		{"<link rel=\"canonical\" href=\"https://example.com/news/2020-01-02-story\">", "", NULL,
		 QASID_FIELD_DATE, "2020-01-02"},
		{"<link rel=\"canonical\" href=\"https://example.com/a\">", "", "http://example.com/a?x=1",
		 QASID_FIELD_URL, "https://example.com/a"},
		{"<meta property=\"og:url\" content=\"https://example.com/og\">", "", NULL, QASID_FIELD_URL,
		 "https://example.com/og"},
		{"", "", "http://example.com/from-warc", QASID_FIELD_URL, "http://example.com/from-warc"},
		{"<meta property=\"og:site_name\" content=\"The Example\">", "", NULL, QASID_FIELD_SITE,
		 "The Example"},
		{"<meta name=\"author\" content=\"By Jane Doe\">", "", NULL, QASID_FIELD_AUTHOR, "Jane Doe"},
		{"<meta property=\"og:title\" content=\"Og headline\"><title>Tag headline - Site</title>", "",
		 NULL, QASID_FIELD_TITLE, "Og headline"},
		{"<title>A long enough headline here | The Site</title>", "", NULL, QASID_FIELD_TITLE,
		 "A long enough headline here"},
		{"<meta property=\"og:locale\" content=\"en_GB\">", "", NULL, QASID_FIELD_LANG, "en"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char body[2048], *html;
		qasid_doc *doc;
		int rc;

		snprintf(body, sizeof body, "%s<div class=\"story\"><p>%s%s</p><p>%s</p></div>",
		         cases[i].body, para, para, para);
		html = page(cases[i].head, body);
		CHECK(html);
		doc = from_html(html, NULL, cases[i].url, &rc);
		free(html);
		CHECK(doc && rc == QASID_OK);
		CHECK_MSG(qasid_doc_field(doc, cases[i].f) && !strcmp(qasid_doc_field(doc, cases[i].f),
		                                                       cases[i].want),
		          "case %zu: %s is \"%s\", want \"%s\"", i, qasid_field_name(cases[i].f),
		          qasid_doc_field(doc, cases[i].f) ? qasid_doc_field(doc, cases[i].f) : "(null)",
		          cases[i].want);
		qasid_doc_free(doc);
	}
}

static void date_formats(void)
{
	static const char *const in[][2] = {
		{"2019-11-19T23:30:00-05:00", "2019-11-19"}, {"2019/11/19", "2019-11-19"},
		{"20191119", "2019-11-19"}, {"1574168580", "2019-11-19"}, {"1574168580000", "2019-11-19"},
		{"Tue, 19 Nov 2019 10:00:00 GMT", "2019-11-19"}, {"November 19, 2019", "2019-11-19"},
		{"Nov. 19, 2019 5:00 PM ET", "2019-11-19"}, {"19 November 2019", "2019-11-19"},
		{"Sept. 3rd, 2018", "2018-09-03"}, {"11/19/2019", "2019-11-19"},
	};
	static const char *const bad[] = {"", "yesterday", "2019-13-01", "2019-02-30", "1850-01-01",
	                                  "12345", "Nov 2019"};
	char out[11];
	size_t i;

	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		CHECK_MSG(meta_parse_date(in[i][0], out), "%s not parsed", in[i][0]);
		CHECK_STR(out, in[i][1]);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_MSG(!meta_parse_date(bad[i], out), "%s parsed as %s", bad[i], out);
}

/* Windows-1252 and ISO-8859-1 pages, declared in the page or by the transport. */
static void legacy_encodings(void)
{
	char body[2048], *html;
	qasid_doc *doc;
	int rc;

	snprintf(body, sizeof body, "<div class=\"story\"><p>Caf\xE9 owners \x93welcome\x94 the "
	                            "r\xE9sum\xE9 rule. %s%s</p></div>",
	         para, para);
	/* Declared in a meta http-equiv. */
	html = page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">", body);
	CHECK(html);
	doc = from_html(html, NULL, NULL, &rc);
	CHECK(doc && rc == QASID_OK);
	CHECK_MSG(strstr(text_of(doc), "Caf\xC3\xA9 owners \xE2\x80\x9Cwelcome\xE2\x80\x9D the "
	                               "r\xC3\xA9sum\xC3\xA9"),
	          "text: %s", text_of(doc));
	qasid_doc_free(doc);
	/* By the transport, which wins over the page (here a wrong utf-8 claim). */
	free(html);
	html = page("<meta charset=\"utf-8\">", body);
	CHECK(html);
	doc = from_html(html, "ISO-8859-1", NULL, &rc);
	CHECK(doc && rc == QASID_OK && strstr(text_of(doc), "Caf\xC3\xA9"));
	qasid_doc_free(doc);
	free(html);
	/* Undeclared and not UTF-8: read as Windows-1252. */
	{
		char raw[2048];

		snprintf(raw, sizeof raw, "<html><body><div><p>Caf\xE9 %s%s</p></div></body></html>", para,
		         para);
		doc = from_html(raw, NULL, NULL, &rc);
		CHECK(doc && rc == QASID_OK && strstr(text_of(doc), "Caf\xC3\xA9"));
		qasid_doc_free(doc);
	}
}

static void bad_pages(void)
{
	qasid_doc *doc;
	qasid_err err = {0};
	char junk[512];
	size_t i, n;
	char *deep;
	int rc;

	CHECK(qasid_doc_new(&doc) == QASID_OK);
	for (i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7919 % 251);
	CHECK(qasid_doc_from_html(doc, junk, sizeof junk, NULL, NULL, &err) == QASID_EFORMAT);
	CHECK(strstr(err.msg, "binary"));
	CHECK(qasid_doc_from_html(doc, "", 0, NULL, NULL, &err) == QASID_EFORMAT);
	CHECK(qasid_doc_from_html(doc, "<html><body><nav><a href=x>Home</a></nav></body></html>", 55,
	                          NULL, NULL, &err) == QASID_EFORMAT);
	CHECK(strstr(err.msg, "no article text"));
	/* 100,000 levels deep: parsed whole, no recursion. */
	n = 100000;
	deep = malloc(n * 5 + 2000);
	CHECK(deep);
	strcpy(deep, "<html><body>");
	for (i = 0; i < n; i++)
		memcpy(deep + 12 + i * 5, "<div>", 5);
	snprintf(deep + 12 + n * 5, 1900, "<p>%s%s</p></body></html>", para, para);
	rc = qasid_doc_from_html(doc, deep, strlen(deep), NULL, NULL, &err);
	free(deep);
	CHECK_MSG(rc == QASID_OK, "deep: %s", err.msg);
	CHECK(strstr(qasid_doc_input(doc, NULL), "The minister said"));
	qasid_doc_free(doc);
}

/* tests/golden/html/NAME.html -> NAME.txt (the article text). */
static void golden_pages(void)
{
	static const char *const names[] = {"news", "blog"};
	char path[256];
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *html, *want;
		qasid_doc *doc;
		int rc;

		snprintf(path, sizeof path, "tests/golden/html/%s.html", names[i]);
		html = t_read_file(path, NULL);
		snprintf(path, sizeof path, "tests/golden/html/%s.txt", names[i]);
		want = t_read_file(path, NULL);
		CHECK_MSG(html && want, "missing golden file %s", path);
		doc = from_html(html, NULL, NULL, &rc);
		free(html);
		if (getenv("QASID_REGEN") && doc && rc == QASID_OK) {
			FILE *f = fopen(path, "wb");

			if (f) {
				fprintf(f, "%s\n", text_of(doc));
				fclose(f);
			}
		} else {
			size_t n = strlen(want);

			if (n && want[n - 1] == '\n')
				want[n - 1] = '\0';
			CHECK_MSG(doc && rc == QASID_OK && !strcmp(text_of(doc), want), "%s: got\n%s",
			          names[i], doc ? text_of(doc) : "(null)");
		}
		free(want);
		qasid_doc_free(doc);
	}
}

/* The Nth allocation fails: every run ends in QASID_OK or QASID_ENOMEM. */
static long fail_at, calls;

static void *failing_alloc(void *ud, void *ptr, size_t size)
{
	(void)ud;
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	if (++calls == fail_at)
		return NULL;
	return realloc(ptr, size);
}

static void allocation_failures(void)
{
	char *html = t_read_file("tests/golden/html/news.html", NULL);
	qasid_doc *doc;
	long n;
	int rc, ok = 0;

	CHECK(html);
	/* libxml2 sets itself up once, with the allocator of the first call. */
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	qasid_doc_from_html(doc, html, strlen(html), NULL, NULL, NULL);
	qasid_doc_free(doc);
	for (n = 1; n < 100000 && !ok; n++) {
		fail_at = n;
		calls = 0;
		qasid_set_allocator(failing_alloc, NULL);
		rc = qasid_doc_new(&doc);
		if (rc == QASID_OK)
			rc = qasid_doc_from_html(doc, html, strlen(html), NULL, NULL, NULL);
		qasid_doc_free(doc);
		qasid_set_allocator(NULL, NULL);
		CHECK_MSG(rc == QASID_OK || rc == QASID_ENOMEM, "failing allocation %ld: %d", n, rc);
		ok = rc == QASID_OK && calls < fail_at;
	}
	free(html);
	CHECK(ok);
}

const t_case t_html_cases[] = {
	{"article_body_kept_rest_dropped", article_body_kept_rest_dropped},
	{"metadata_sources", metadata_sources},
	{"date_formats", date_formats},
	{"legacy_encodings", legacy_encodings},
	{"bad_pages", bad_pages},
	{"golden_pages", golden_pages},
	{"allocation_failures", allocation_failures},
	{NULL, NULL}};
