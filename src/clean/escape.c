/* SPDX-License-Identifier: MIT */
/*
 * What escaping leaves in plain text. Feeds, scraper dumps and datasets
 * often carry the text of a page with its HTML character references
 * undecoded ("AT&amp;T", "caf&#233;", "&lt;TXN.N&gt;"); this pass decodes
 * them as a browser would show them (named ones through libxml2's HTML 4
 * table, numeric ones with the Windows-1252 reading of 128-159 that HTML
 * gives them). It also mends three damages seen in such text, AG News among
 * it:
 *
 *  - a reference whose ampersand was lost and left a space ("it #39;s",
 *    "In  quot;helping themselves, quot; Rick"): numeric ones and quot,
 *    amp, apos, lt and gt decode when a space stands before them, and that
 *    space goes with them;
 *  - markup escaped into the text ("&lt;A HREF=\"...\"&gt;Full Quote&lt;/A&gt;"):
 *    an escaped tag of HTML's inline or block vocabulary is dropped and
 *    reported as debris; "&lt;TXN.N&gt;" (a Reuters ticker) is no tag and
 *    stays as "<TXN.N>";
 *  - line breaks written as backslashes ("A second\team of rocketeers"):
 *    a backslash between a word and a letter becomes a space.
 *
 * Text read from an HTML page was decoded by the parser already and is not
 * decoded twice (doc->from_markup).
 */
#include <libxml/HTMLparser.h>
#include <string.h>

#include "../core/utf8.h"
#include "clean.h"
#include "edit.h"

#define NAME_MAX_LEN 31 /* longest reference name read */
#define TAG_SPAN_MAX 600 /* longest escaped tag dropped, in bytes */

/* Code points of references 128-159, read as Windows-1252 (0: none). */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_val(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A code point a reference may stand for, after the Windows-1252 reading; -1 if none. */
static int32_t usable(int32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9F)
		cp = cp1252[cp - 0x80] ? cp1252[cp - 0x80] : -1;
	if (cp < 0x20 ? cp != '\t' && cp != '\n' : cp == 0x7F)
		return -1;
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (cp & 0xFFFE) == 0xFFFE)
		return -1;
	return cp;
}

/*
 * Reads a reference at t[i] without its ampersand ("#39;", "x2019;" after
 * '#', "amp;"): returns its length through the ';' and stores the code
 * point, or returns 0. Names are looked up only when named is set.
 */
static size_t reference(const char *t, size_t n, size_t i, int named, int32_t *cp)
{
	size_t j = i;
	int32_t v = 0;

	if (j < n && t[j] == '#') {
		int hex = ++j < n && (t[j] == 'x' || t[j] == 'X');
		size_t d0 = j += hex;

		while (j < n && j - d0 < 7 && (hex ? hex_val(t[j]) >= 0 : is_digit(t[j])))
			v = v * (hex ? 16 : 10) + (hex ? hex_val(t[j]) : t[j] - '0'), j++;
		if (j == d0 || j >= n || t[j] != ';' || (*cp = usable(v)) < 0)
			return 0;
		return j + 1 - i;
	}
	if (!named)
		return 0;
	while (j < n && j - i <= NAME_MAX_LEN && (is_alpha(t[j]) || (j > i && is_digit(t[j]))))
		j++;
	if (j == i || j >= n || t[j] != ';' || j - i > NAME_MAX_LEN) {
		return 0;
	} else {
		char name[NAME_MAX_LEN + 1];
		const htmlEntityDesc *e;

		memcpy(name, t + i, j - i);
		name[j - i] = '\0';
		e = htmlEntityLookup((const xmlChar *)name);
		if (!e || (*cp = usable((int32_t)e->value)) < 0)
			return 0;
	}
	return j + 1 - i;
}

/* The names an ampersand-less reference may have: the ones escaping uses. */
static int lost_amp_name(const char *t, size_t n, size_t i)
{
	static const char *const names[] = {"quot;", "amp;", "apos;", "lt;", "gt;", NULL};

	for (int k = 0; names[k]; k++) {
		size_t len = strlen(names[k]);

		if (n - i >= len && !memcmp(t + i, names[k], len))
			return 1;
	}
	return 0;
}

/*
 * An escaped tag at t[i] ("&lt;" already matched there): "&lt;", an
 * optional '/', a tag name of HTML's vocabulary, then "&gt;" or '/' or a
 * space and attributes up to "&gt;", on one line. Returns its length, or 0.
 */
static size_t escaped_tag(const char *t, size_t n, size_t i)
{
	static const char *const tags[] = {
		"a", "abbr", "b", "big", "blockquote", "br", "center", "cite", "code", "div",
		"em", "font", "h1", "h2", "h3", "h4", "hr", "i", "iframe", "img", "li", "ol",
		"p", "pre", "q", "s", "script", "small", "span", "strike", "strong", "sub",
		"sup", "table", "td", "th", "tr", "tt", "u", "ul", NULL};
	size_t j = i + 4, k0;
	char name[12];
	int k;

	if (j < n && t[j] == '/')
		j++;
	for (k0 = j; j < n && j - k0 < sizeof name - 1 && (is_alpha(t[j]) || is_digit(t[j])); j++)
		name[j - k0] = (char)(t[j] | 0x20);
	name[j - k0] = '\0';
	for (k = 0; tags[k] && strcmp(tags[k], name); k++)
		;
	if (j == k0 || !tags[k] || j >= n || !(t[j] == ' ' || t[j] == '/' || t[j] == '&'))
		return 0;
	for (; j < n && j - i < TAG_SPAN_MAX && t[j] != '\n'; j++)
		if (t[j] == '&' && n - j >= 4 && !memcmp(t + j, "&gt;", 4))
			return j + 4 - i;
	return 0;
}

static void put_cp(ed *e, size_t from, size_t to, int32_t cp)
{
	char out[4];
	int len = utf8_encode(cp, out);

	ed_replace(e, from, to, out, (size_t)len);
}

int clean_escapes(qasid_doc *doc)
{
	const char *t = doc->text.data;
	size_t n = doc->text.len, i = 0, run = 0;
	ed e;

	ed_begin(&e, doc);
	while (i < n && !e.rc) {
		size_t len = 0, from = i;
		int32_t cp = 0;
		char c = t[i];

		if (c == '&') {
			if (n - i >= 4 && !memcmp(t + i, "&lt;", 4) && (len = escaped_tag(t, n, i))) {
				uint32_t a = doc->src_start.v[i], b = doc->src_end.v[i + len - 1];

				ed_copy(&e, run, i);
				ed_drop(&e, i, i + len);
				if (!e.rc)
					e.rc = doc_diag(doc, QASID_DIAG_DEBRIS, a, b, "escaped markup");
				i = run = i + len;
				continue;
			}
			len = reference(t, n, i + 1, 1, &cp);
			len += len > 0;
		} else if (c == ' ' && i + 1 < n && (t[i + 1] == '#' || lost_amp_name(t, n, i + 1))) {
			len = reference(t, n, i + 1, t[i + 1] != '#', &cp);
			len += len > 0;
		} else if (c == '\\' && i > 0 && i + 1 < n && t[i - 1] != ' ' && t[i - 1] != '\n' &&
		           t[i - 1] != '\\' && t[i - 1] != ':' && (is_alpha(t[i + 1]) || t[i + 1] == '"')) {
			ed_copy(&e, run, i);
			ed_replace(&e, i, i + 1, " ", 1);
			i = run = i + 1;
			continue;
		}
		if (!len) {
			i++;
			continue;
		}
		ed_copy(&e, run, from);
		put_cp(&e, from, from + len, cp);
		i = run = from + len;
	}
	ed_copy(&e, run, n);
	return ed_end(&e);
}
