/* SPDX-License-Identifier: MIT */
/*
 * NFC with utf8proc, one combining sequence at a time so that provenance
 * stays per character; then quote marks, dashes, spaces and line ends are
 * brought to ASCII so later stages see one form of each.
 */
#include <string.h>
#include <utf8proc.h>

#include "../core/utf8.h"
#include "clean.h"
#include "edit.h"

#define SEQ_MAX 32 /* code points in one combining sequence we normalise */

/* ASCII replacement of a punctuation or space code point, or NULL to keep. */
static const char *punct_ascii(int32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
	case 0x2039: case 0x203A:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
	case 0x00AB: case 0x00BB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: case 0xFE63:
	case 0xFF0D:
		return "-";
	case 0x2014: case 0x2015: case 0x2E3A:
		return "--";
	case 0x2026:
		return "...";
	case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
		return " ";
	case 0x200B: case 0x2060: case 0xFEFF: case 0x00AD:
		return "";
	case 0x2028: case 0x2029: case 0x0085:
		return "\n";
	default:
		if (cp >= 0x2000 && cp <= 0x200A)
			return " ";
		return NULL;
	}
}

/* Starts a new combining sequence (canonical combining class 0, no jamo V/T). */
static int is_starter(int32_t cp)
{
	if (cp < 0x300)
		return 1;
	if (cp >= 0x1160 && cp <= 0x11FF)
		return 0;
	return utf8proc_get_property(cp)->combining_class == 0;
}

/* NFC of one sequence [from, to) of the cleaned text. */
static void nfc_seq(ed *e, const char *t, size_t from, size_t to)
{
	utf8proc_int32_t cps[SEQ_MAX * 4];
	utf8proc_ssize_t n;
	char out[SEQ_MAX * 16];
	size_t len = 0;
	utf8proc_ssize_t i;

	n = utf8proc_decompose((const utf8proc_uint8_t *)t + from, (utf8proc_ssize_t)(to - from),
	                       cps, SEQ_MAX * 4, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0 || n > SEQ_MAX * 4) {
		ed_copy(e, from, to);
		return;
	}
	n = utf8proc_normalize_utf32(cps, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0) {
		ed_copy(e, from, to);
		return;
	}
	for (i = 0; i < n; i++)
		len += (size_t)utf8_encode(cps[i], out + len);
	if (len == to - from && memcmp(out, t + from, len) == 0)
		ed_copy(e, from, to);
	else
		ed_replace(e, from, to, out, len);
}

int clean_normalize(qasid_doc *doc, int nfc, int punct)
{
	const char *t = doc->text.data;
	const unsigned char *u = (const unsigned char *)t;
	size_t n = doc->text.len, i = 0, run = 0;
	ed e;

	if (!nfc && !punct)
		return QASID_OK;
	ed_begin(&e, doc);
	while (i < n && !e.rc) {
		size_t start;
		int32_t cp;
		int len;

		/* Plain ASCII copies through in runs. */
		while (i < n && u[i] < 0x80 && u[i] != '\r' && (u[i] >= 0x20 || u[i] == '\n' ||
		                                                u[i] == '\t') && u[i] != 0x7F)
			i++;
		if (i == n)
			break;
		start = i;
		/* A combining mark after an ASCII letter composes with it. */
		if (nfc && u[i] >= 0x80 && i > run && u[i - 1] > 0x20 &&
		    utf8_decode(u + i, n - i, &cp) > 0 && !is_starter(cp))
			start = i - 1;
		ed_copy(&e, run, start);
		if (u[i] < 0x80) {
			if (!punct) {
				i++;
			} else if (u[i] == '\r') {
				i += (i + 1 < n && u[i + 1] == '\n') ? 2 : 1;
				ed_replace(&e, start, i, "\n", 1);
			} else {
				i++;
				ed_replace(&e, start, i, " ", 1);
			}
			if (!punct)
				ed_copy(&e, start, i);
			run = i;
			continue;
		}
		len = utf8_decode(u + i, n - i, &cp);
		if (start < i) { /* ASCII base + marks */
			i += (size_t)len;
			while (i < n && u[i] >= 0x80 && i - start < SEQ_MAX) {
				int32_t c2;
				int l2 = utf8_decode(u + i, n - i, &c2);

				if (l2 <= 0 || is_starter(c2))
					break;
				i += (size_t)l2;
			}
			nfc_seq(&e, t, start, i);
			run = i;
			continue;
		}
		if (len <= 0) { /* cannot happen after repair; keep the byte */
			i++;
			ed_copy(&e, start, i);
			run = i;
			continue;
		}
		i += (size_t)len;
		if (punct) {
			const char *rep = punct_ascii(cp);

			if (rep) {
				ed_replace(&e, start, i, rep, strlen(rep));
				run = i;
				continue;
			}
		}
		/* The starter's combining marks belong to its sequence. */
		if (nfc) {
			int k = 1;

			while (i < n && u[i] >= 0x80 && k < SEQ_MAX) {
				int32_t c2;
				int l2 = utf8_decode(u + i, n - i, &c2);

				if (l2 <= 0 || is_starter(c2))
					break;
				i += (size_t)l2;
				k++;
			}
			if (i - start > (size_t)len || cp >= 0xC0)
				nfc_seq(&e, t, start, i);
			else
				ed_copy(&e, start, i);
		} else {
			ed_copy(&e, start, i);
		}
		run = i;
	}
	ed_copy(&e, run, n);
	return ed_end(&e);
}
