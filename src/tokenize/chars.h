/* SPDX-License-Identifier: MIT */
/* Character classes of the cleaned text, with an ASCII fast path. */
#ifndef QASID_CHARS_H
#define QASID_CHARS_H

#include <utf8proc.h>

#include "../core/utf8.h"

enum { CH_SPACE, CH_ALPHA, CH_DIGIT, CH_PUNCT };

/* Class of the character at t[i] (n bytes in all); its length in *len. */
static inline int ch_class(const char *t, size_t n, size_t i, int *len)
{
	unsigned char c = (unsigned char)t[i];
	int32_t cp;
	int l;

	*len = 1;
	if (c < 0x80) {
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return CH_ALPHA;
		if (c >= '0' && c <= '9')
			return CH_DIGIT;
		if (c <= ' ' || c == 0x7F)
			return CH_SPACE;
		return CH_PUNCT;
	}
	l = utf8_decode((const unsigned char *)t + i, n - i, &cp);
	if (l <= 0)
		return CH_PUNCT;
	*len = l;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return CH_ALPHA;
	case UTF8PROC_CATEGORY_ND:
		return CH_DIGIT;
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
		return CH_SPACE;
	default:
		return CH_PUNCT;
	}
}

static inline int ch_is_word(int cls)
{
	return cls == CH_ALPHA || cls == CH_DIGIT;
}

static inline int ch_upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int ch_lower_ascii(char c)
{
	return c >= 'a' && c <= 'z';
}

/* Characters that repeat into one token and make rule lines: "-----", "====". */
static inline int ch_is_rule(char c)
{
	switch (c) {
	case '-': case '=': case '_': case '*': case '~': case '<': case '>': case '#':
		return 1;
	default:
		return 0;
	}
}

#endif
