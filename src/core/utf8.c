/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "utf8.h"

int utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned c = s[0];
	int32_t v;
	int len, i;

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		len = 2;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		v = c & 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

int utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int utf8_repair(buf *out, const char *s, size_t len, utf8_report_fn report, void *ud)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	if (buf_reserve(out, len))
		return QASID_ENOMEM;
	while (i < len) {
		int32_t cp;
		int n;

		/* Copy the longest valid run without a NUL in one go. */
		while (i < len && u[i] >= 0x01 && u[i] < 0x80)
			i++;
		if (i == len)
			break;
		if (u[i] && (n = utf8_decode(u + i, len - i, &cp)) > 0) {
			i += (size_t)n;
			continue;
		}
		if (buf_append(out, s + run, i - run))
			return QASID_ENOMEM;
		if (u[i] == 0) {
			size_t at = out->len;

			if (buf_putc(out, ' '))
				return QASID_ENOMEM;
			if (report && report(ud, QASID_DIAG_NUL, at, at + 1))
				return QASID_ENOMEM;
			i++;
		} else {
			size_t at = out->len;

			/* One U+FFFD per maximal run of bytes that start no valid char. */
			do
				i++;
			while (i < len && u[i] && (u[i] & 0xC0) == 0x80);
			while (i < len && u[i] >= 0x80 && utf8_decode(u + i, len - i, &cp) == 0) {
				i++;
			}
			if (buf_append(out, "\xEF\xBF\xBD", 3))
				return QASID_ENOMEM;
			if (report && report(ud, QASID_DIAG_UTF8, at, at + 3))
				return QASID_ENOMEM;
		}
		run = i;
	}
	return buf_append(out, s + run, len - run);
}
