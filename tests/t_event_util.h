/* SPDX-License-Identifier: MIT */
/* Helpers of the event tests: a text as a token array. */
#ifndef QASID_T_EVENT_UTIL_H
#define QASID_T_EVENT_UTIL_H

#include <stdlib.h>

#include "test.h"

typedef struct t_words {
	char **w;
	size_t n;
	qasid_doc *doc;
} t_words;

/* Tokens of text (tagged with POS when pos is set); NULL words on failure. */
static inline t_words t_words_of(const char *text)
{
	t_words r = {NULL, 0, NULL};
	const qasid_span *t;
	const char *clean;
	size_t i;

	if (!(r.doc = t_doc(text)))
		return r;
	t = qasid_doc_tokens(r.doc);
	clean = qasid_doc_text(r.doc, NULL);
	r.n = qasid_doc_n_tokens(r.doc);
	r.w = calloc(r.n + 1, sizeof *r.w);
	for (i = 0; r.w && i < r.n; i++) {
		size_t len = t[i].end - t[i].start;

		r.w[i] = malloc(len + 1);
		memcpy(r.w[i], clean + t[i].start, len);
		r.w[i][len] = '\0';
	}
	return r;
}

static inline void t_words_free(t_words *r)
{
	size_t i;

	for (i = 0; r->w && i < r->n; i++)
		free(r->w[i]);
	free(r->w);
	qasid_doc_free(r->doc);
	r->w = NULL;
	r->doc = NULL;
}

/*
 * A golden case "DATE: text" (DATE "-" for none): the text after the colon,
 * with *date parsed (QASID_NO_DATE for "-"), or NULL when there is no such
 * prefix.
 */
static inline const char *t_dated(const char *input, int32_t *date)
{
	const char *colon = strstr(input, ": ");
	char d[16] = "";

	*date = QASID_NO_DATE;
	if (!colon || colon - input > 10)
		return NULL;
	memcpy(d, input, (size_t)(colon - input));
	if (strcmp(d, "-"))
		qasid_date_parse(d, date);
	return colon + 2;
}

/* Appends words [first, first + n) joined by spaces to out (at least 4096 bytes). */
static inline void t_words_cat(char *out, const t_words *r, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n && i < r->n; i++) {
		if (i > first)
			strncat(out, " ", 4095 - strlen(out));
		strncat(out, r->w[i], 4095 - strlen(out));
	}
}

#endif
