/* SPDX-License-Identifier: MIT */
/* Event coding without the parser: helpers shared by src/event/ (prefix evt_). */
#ifndef QASID_EVENT_H
#define QASID_EVENT_H

#include <stddef.h>
#include <string.h>

#include "../core/core.h"

/* ASCII case-insensitive comparison of a token with a lower-case word. */
QASID_INTERNAL int evt_is(const char *tok, const char *lower);
/* Index of tok in a NULL-terminated list of lower-case words, or -1. */
QASID_INTERNAL int evt_in(const char *tok, const char *const *list);

/* Is c one of the characters of set? (Unlike strchr, never for '\0'.) */
static inline int evt_oneof(char c, const char *set)
{
	return c && strchr(set, c) != NULL;
}

/* 1..12 for a month name ("March", "Mar.", "Sept"; abbreviations capitalised), else 0. */
QASID_INTERNAL int evt_month(const char *w);

#endif
