/* SPDX-License-Identifier: MIT */
/*
 * Character encodings of web pages: find the declared charset and convert
 * to UTF-8 with iconv (glibc). Labels follow the WHATWG Encoding Standard
 * where it differs from the names' letter: "iso-8859-1" and "us-ascii" mean
 * Windows-1252, as in every browser, and a "utf-16" label in a page that has
 * no UTF-16 byte order mark means UTF-8.
 */
#include <errno.h>
#include <stdio.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "../core/utf8.h"
#include "hx.h"

#define SNIFF_BYTES 4096

const char *hx_stristr(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncasecmp(s, needle, n))
			return s;
	return NULL;
}

/* The length of the label at s (a charset name), up to max bytes. */
static size_t label_len(const char *s, size_t max)
{
	size_t i = 0;

	while (i < max && i < 40 &&
	       ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	        (s[i] >= '0' && s[i] <= '9') || strchr("-_.:", s[i])))
		i++;
	return i;
}

/* Finds charset=label in [p, end); copies the label to out. */
static int charset_after(const char *p, const char *end, char *out, size_t cap)
{
	for (; p + 7 <= end; p++) {
		const char *r;
		size_t n;

		if ((*p != 'c' && *p != 'C') || strncasecmp(p, "charset", 7))
			continue;
		r = p + 7;
		while (r < end && (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r'))
			r++;
		if (r >= end || *r != '=')
			continue;
		r++;
		while (r < end && (*r == ' ' || *r == '"' || *r == '\'' || *r == '\t'))
			r++;
		n = label_len(r, (size_t)(end - r));
		if (n == 0 || n >= cap)
			return 0;
		memcpy(out, r, n);
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* The charset declared in the first bytes of the page, if any. */
static int declared(const char *s, size_t len, char *out, size_t cap)
{
	const char *end = s + (len < SNIFF_BYTES ? len : SNIFF_BYTES), *p = s;

	if (len > 5 && !strncmp(s, "<?xml", 5)) {
		const char *q = memchr(s, '>', (size_t)(end - s)), *e;

		if (q) {
			for (e = s; e + 8 < q; e++)
				if (!strncmp(e, "encoding", 8)) {
					const char *r = e + 8;
					size_t n;

					while (r < q && (*r == '=' || *r == ' ' || *r == '"' || *r == '\''))
						r++;
					n = label_len(r, (size_t)(q - r));
					if (n && n < cap) {
						memcpy(out, r, n);
						out[n] = '\0';
						return 1;
					}
				}
		}
	}
	while (p < end) {
		const char *m = memchr(p, '<', (size_t)(end - p)), *gt;

		if (!m || m + 5 > end)
			return 0;
		p = m + 1;
		if (strncasecmp(p, "meta", 4))
			continue;
		gt = memchr(p, '>', (size_t)(end - p));
		if (!gt)
			return 0;
		if (charset_after(p, gt, out, cap))
			return 1;
		p = gt;
	}
	return 0;
}

/* The iconv name for a label, per the WHATWG aliases that matter. */
static const char *canonical(const char *label)
{
	static const char *const latin1[] = {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
	                                     "l1", "us-ascii", "ascii", "cp1252", "windows-1252",
	                                     "x-cp1252", "cp819", "ibm819", "iso-ir-100",
	                                     "ansi_x3.4-1968", NULL};
	static const char *const utf8[] = {"utf-8", "utf8", "unicode-1-1-utf-8", "utf-16",
	                                   "utf-16le", "utf-16be", "unicode", "x-user-defined",
	                                   NULL};
	size_t i;

	for (i = 0; latin1[i]; i++)
		if (!strcasecmp(label, latin1[i]))
			return "WINDOWS-1252";
	for (i = 0; utf8[i]; i++)
		if (!strcasecmp(label, utf8[i]))
			return "UTF-8";
	if (!strcasecmp(label, "gb2312") || !strcasecmp(label, "x-gbk"))
		return "GBK";
	if (!strcasecmp(label, "iso-8859-9") || !strcasecmp(label, "latin5"))
		return "WINDOWS-1254";
	if (!strcasecmp(label, "tis-620") || !strcasecmp(label, "iso-8859-11"))
		return "WINDOWS-874";
	return label;
}

/* Converts with iconv; undecodable bytes become U+FFFD, NUL becomes space. */
static int convert(buf *out, const char *in, size_t len, iconv_t cd)
{
	char *src = (char *)in;
	size_t left = len;

	while (left > 0) {
		size_t room, r;
		char *dst;

		if (buf_reserve(out, left * 2 + 16))
			return QASID_ENOMEM;
		room = out->cap - out->len - 1;
		dst = out->data + out->len;
		r = iconv(cd, &src, &left, &dst, &room);
		out->len = (size_t)(dst - out->data);
		out->data[out->len] = '\0';
		if (r == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL (cut short at the end): one byte is bad. */
			if (buf_append(out, "\xEF\xBF\xBD", 3))
				return QASID_ENOMEM;
			src++;
			left--;
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
	/* NUL bytes in the page would end the parser's input early. */
	for (size_t i = 0; i < out->len; i++)
		if (out->data[i] == '\0')
			out->data[i] = ' ';
	return QASID_OK;
}

/* Is this mostly UTF-8? Counts valid multibyte and invalid sequences. */
static int looks_utf8(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, good = 0, bad = 0;

	while (i < len) {
		int32_t cp;
		int n;

		if (u[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(u + i, len - i, &cp);
		if (n) {
			good++;
			i += (size_t)n;
		} else {
			bad++;
			i++;
		}
	}
	return bad == 0 || good > bad * 2;
}

int hx_to_utf8(buf *out, const char *in, size_t len, const char *charset, char used[48])
{
	char label[48];
	const char *name = NULL;
	iconv_t cd;
	int rc;

	if (len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
		name = "UTF-8";
		in += 3;
		len -= 3;
	} else if (len >= 2 && !memcmp(in, "\xFF\xFE", 2)) {
		name = "UTF-16LE";
		in += 2;
		len -= 2;
	} else if (len >= 2 && !memcmp(in, "\xFE\xFF", 2)) {
		name = "UTF-16BE";
		in += 2;
		len -= 2;
	} else if (charset && *charset) {
		name = canonical(charset);
	} else if (declared(in, len, label, sizeof label)) {
		name = canonical(label);
	}
	if (!name)
		name = looks_utf8(in, len) ? "UTF-8" : "WINDOWS-1252";
	cd = strcmp(name, "UTF-8") ? iconv_open("UTF-8", name) : (iconv_t)-1;
	if (cd == (iconv_t)-1 && strcmp(name, "UTF-8")) {
		/* An unknown label: do as if there were none. */
		name = looks_utf8(in, len) ? "UTF-8" : "WINDOWS-1252";
		cd = strcmp(name, "UTF-8") ? iconv_open("UTF-8", name) : (iconv_t)-1;
	}
	if (cd == (iconv_t)-1) {
		snprintf(used, 48, "UTF-8");
		return utf8_repair(out, in, len, NULL, NULL);
	}
	snprintf(used, 48, "%s", name);
	rc = convert(out, in, len, cd);
	iconv_close(cd);
	return rc;
}
