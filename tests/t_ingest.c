/* SPDX-License-Identifier: MIT */
/*
 * `qasid extract` on real-world inputs, end to end ($QASID_BIN): formats
 * detected from content (HTML, gzip, zstd, WARC written here with a broken
 * record), directories in a stable order, binary junk named .html, a page
 * in a legacy encoding, nesting 100,000 deep, an article over --max-size.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include "test.h"

static t_tmp tmpdir = {.name = "qasid-ingest"};

static const char *tmp(const char *name)
{
	return t_tmp_path(&tmpdir, name);
}

static int put(const char *name, const void *data, size_t len)
{
	FILE *f = fopen(tmp(name), "wb");

	if (!f)
		return -1;
	fwrite(data, 1, len, f);
	return fclose(f);
}

/* Runs `qasid extract --no-tag ARGS` in the test's directory; returns the exit status. */
static int run(const char *args, char **out, char **err)
{
	char cd[100], cmd[8192];
	int st;

	*out = *err = NULL;
	if (!tmp("."))
		return -1;
	snprintf(cd, sizeof cd, "cd %s &&", tmpdir.dir);
	snprintf(cmd, sizeof cmd, "extract --no-tag %s", args);
	st = t_run_qasid(&tmpdir, cd, cmd);
	*out = t_read_file(tmpdir.out, NULL);
	*err = t_read_file(tmpdir.err, NULL);
	return st;
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

#define NEED_BIN()                                   \
	do {                                         \
		if (!getenv("QASID_BIN")) {          \
			t_skip("QASID_BIN not set"); \
			return;                      \
		}                                    \
	} while (0)

static const char *article =
	"<html><head><title>Clash in the north</title>"
	"<meta property=\"article:published_time\" content=\"2023-04-09\"></head><body>"
	"<nav><a href=\"/\">Home</a></nav><div class=\"article-body\">"
	"<p>Eight militants were killed in an exchange of fire with security forces on Saturday "
	"evening, the military said in a statement issued on Sunday morning.</p>"
	"<p>Two soldiers also lost their lives, the statement said, adding that an operation was "
	"under way in the area to clear it of any remaining militants.</p></div></body></html>";

static void gz_file(const char *name, const char *s, size_t n, int members)
{
	gzFile g = gzopen(tmp(name), "wb");
	size_t half = members > 1 ? n / 2 : n;

	gzwrite(g, s, (unsigned)half);
	gzclose(g);
	if (members > 1) {
		g = gzopen(tmp(name), "ab");
		gzwrite(g, s + half, (unsigned)(n - half));
		gzclose(g);
	}
}

static void html_gzip_and_stdin(void)
{
	char *o, *e;

	NEED_BIN();
	CHECK(put("page.html", article, strlen(article)) == 0);
	gz_file("page2.htm.gz", article, strlen(article), 2);
	CHECK(run("page.html page2.htm.gz - <page.html", &o, &e) == 0);
	CHECK_MSG(lines(o) == 3, "out: %s\nerr: %s", o, e);
	CHECK(strstr(o, "\"id\":\"page.html\"") && strstr(o, "\"id\":\"page2.htm\""));
	CHECK(strstr(o, "\"date\":\"2023-04-09\"") && strstr(o, "\"title\":\"Clash in the north\""));
	CHECK(strstr(o, "\"text\":\"Eight militants were killed") && !strstr(o, "Home"));
	CHECK(strstr(e, "3 articles read, 3 written, 0 skipped"));
	free(o);
	free(e);
}

static void bad_inputs_reported(void)
{
	char junk[4096], *o, *e, *deep;
	size_t i, n = 100000;

	NEED_BIN();
	for (i = 0; i < sizeof junk; i++)
		junk[i] = (char)((i * 2654435761u) >> 13);
	CHECK(put("junk.html", junk, sizeof junk) == 0);
	gz_file("cut.html.gz", article, strlen(article), 1);
	CHECK(truncate(tmp("cut.html.gz"), 60) == 0);
	deep = malloc(n * 5 + 1000);
	CHECK(deep);
	strcpy(deep, "<html><body>");
	for (i = 0; i < n; i++)
		memcpy(deep + 12 + i * 5, "<div>", 5);
	strcpy(deep + 12 + n * 5, strstr(article, "<p>"));
	CHECK(put("deep.html", deep, strlen(deep)) == 0);
	free(deep);
	CHECK(put("links.html", "<html><body><ul><li><a href=a>A</a></li></ul></body></html>", 59) == 0);
	CHECK(run("junk.html cut.html.gz deep.html links.html", &o, &e) == 1);
	CHECK_MSG(lines(o) == 1 && strstr(o, "\"id\":\"deep.html\""), "out: %s", o);
	CHECK(strstr(e, "junk.html: binary data"));
	CHECK(strstr(e, "cut.html.gz: truncated gzip data"));
	CHECK(strstr(e, "links.html: no article text"));
	CHECK_MSG(strstr(e, "4 articles read, 1 written, 3 skipped (1 binary data, 1 corrupt compressed "
	                    "data, 1 no article text)"),
	          "err: %s", e);
	free(o);
	free(e);
}

static void legacy_encoding_page(void)
{
	const char *p = "<html><head><meta charset=\"iso-8859-1\"></head><body><div><p>La r\xE9union "
	                "s'est tenue \xE0 Kaboul, a d\xE9" "clar\xE9 le ministre, qui a pr\xE9" "cis\xE9 que "
	                "les discussions reprendraient la semaine prochaine.</p></div></body></html>";
	char *o, *e;

	NEED_BIN();
	CHECK(put("latin1.html", p, strlen(p)) == 0);
	CHECK(run("latin1.html", &o, &e) == 0);
	CHECK_MSG(o && strstr(o, "La r\xC3\xA9union s'est tenue \xC3\xA0 Kaboul"), "out: %s", o);
	free(o);
	free(e);
}

static void too_big(void)
{
	size_t n = (size_t)3 << 20, i;
	char *big = malloc(n), *o, *e;

	NEED_BIN();
	CHECK(big);
	memcpy(big, "<html><body><p>", 15);
	for (i = 15; i < n; i++)
		big[i] = "Kabul said no. "[i % 15];
	CHECK(put("big.html", big, n) == 0);
	free(big);
	CHECK(run("--max-size 1 big.html page.html", &o, &e) == 1);
	CHECK(lines(o) == 1 && strstr(e, "big.html: larger than --max-size (1 MB)"));
	free(o);
	free(e);
}

/* A WARC file of several records, one broken, gzip'd per record. */
static void warc_round_trip(void)
{
	static char w[16384];
	const char *recs[][3] = {
		{"warcinfo", "", "software: qasid tests\r\n"},
		{"request", "http://x.pk/1", "GET /1 HTTP/1.1\r\nHost: x.pk\r\n\r\n"},
		{"response", "http://x.pk/1", NULL},
		{"metadata", "http://x.pk/1", "fetchTimeMs: 12\r\n"},
		{"response", "http://x.pk/logo.png", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG"},
		{"response", "http://x.pk/broken", NULL},
		{"response", "http://x.pk/2", NULL},
	};
	char http[4096], *o, *e;
	size_t i;
	gzFile g;

	NEED_BIN();
	snprintf(http, sizeof http, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n%s",
	         article);
	g = gzopen(tmp("crawl.warc.gz"), "wb");
	CHECK(g);
	for (i = 0; i < sizeof recs / sizeof recs[0]; i++) {
		const char *block = recs[i][2] ? recs[i][2] : http;
		int lie = !strcmp(recs[i][1], "http://x.pk/broken") ? 100 : 0;
		int n = snprintf(w, sizeof w,
		                 "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Record-ID: "
		                 "<urn:uuid:%zu>\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n%s\r\n\r\n",
		                 recs[i][0], recs[i][1], i,
		                 !strcmp(recs[i][0], "response") ? "application/http; msgtype=response"
		                                                 : "application/warc-fields",
		                 strlen(block) + (size_t)lie, block);

		/* One gzip member per record, as in Common Crawl. */
		gzwrite(g, w, (unsigned)n);
		gzflush(g, Z_FINISH);
	}
	gzclose(g);
	CHECK(run("crawl.warc.gz", &o, &e) == 1);
	CHECK_MSG(lines(o) == 2, "out: %s\nerr: %s", o, e);
	CHECK(strstr(o, "\"url\":\"http://x.pk/1\"") && strstr(o, "\"url\":\"http://x.pk/2\""));
	CHECK(strstr(o, "\"id\":\"<urn:uuid:2>\""));
	CHECK_MSG(strstr(e, "broken WARC record 6") &&
	              strstr(e, "3 articles read, 2 written, 1 skipped (1 broken WARC record); WARC "
	                        "records not articles: 1 warcinfo, 1 request, 1 metadata, 1 not HTML"),
	          "err: %s", e);
	free(o);
	free(e);
}

/* Directories: recursive, in byte order of names, dot files left out. */
static void directories(void)
{
	char *o, *e, *a, *b, *c;

	NEED_BIN();
	CHECK(mkdir(tmp("d"), 0755) == 0 && mkdir(tmp("d/sub"), 0755) == 0);
	CHECK(put("d/b.html", article, strlen(article)) == 0);
	CHECK(put("d/a.txt", "Kabul said no. Islamabad said yes.", 34) == 0);
	CHECK(put("d/sub/c.jsonl", "{\"id\": \"c1\", \"text\": \"One.\"}\n{\"id\": \"c2\", \"text\": \"Two.\"}\n",
	          58) == 0);
	CHECK(put("d/.hidden.html", "x", 1) == 0);
	{
		char args[300];

		snprintf(args, sizeof args, "d");
		CHECK(run(args, &o, &e) == 0);
	}
	CHECK_MSG(lines(o) == 4, "out: %s\nerr: %s", o, e);
	a = strstr(o, "\"id\":\"a.txt\"");
	b = strstr(o, "\"id\":\"b.html\"");
	c = strstr(o, "\"id\":\"c1\"");
	CHECK(a && b && c && a < b && b < c);
	free(o);
	free(e);
}

static void zstd_file(void)
{
	char cmd[600], *o, *e;

	NEED_BIN();
	snprintf(cmd, sizeof cmd, "zstd -q -f -o %s %s 2>/dev/null", tmp("page.html.zst"), tmp("page.html"));
	if (system(cmd) != 0) {
		t_skip("no zstd tool");
		return;
	}
	CHECK(run("page.html.zst", &o, &e) == 0);
	CHECK(lines(o) == 1 && strstr(o, "\"id\":\"page.html\""));
	free(o);
	free(e);
}

static void cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0);
}

const t_case t_ingest_cases[] = {
	{"html_gzip_and_stdin", html_gzip_and_stdin},
	{"bad_inputs_reported", bad_inputs_reported},
	{"legacy_encoding_page", legacy_encoding_page},
	{"too_big", too_big},
	{"warc_round_trip", warc_round_trip},
	{"directories", directories},
	{"zstd_file", zstd_file},
	{"cleanup", cleanup},
	{NULL, NULL}};
