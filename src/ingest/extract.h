/* SPDX-License-Identifier: MIT */
/* Main-text extraction and metadata of HTML pages (over hx.h). */
#ifndef QASID_EXTRACT_H
#define QASID_EXTRACT_H

#include "hx.h"

/* A caption or credit set aside: where it stood in the text, and its text. */
typedef struct ex_caption {
	uint32_t pos; /* byte offset in the article text */
	uint32_t off; /* its text in ex_result.captions, NUL-terminated */
	uint32_t len;
} ex_caption;

typedef struct ex_result {
	buf text;     /* the article: blocks separated by blank lines */
	buf captions; /* caption texts, back to back */
	VEC(ex_caption) caps;
} ex_result;

/*
 * Extracts the article text of page t into res (emptied first). title, when
 * not NULL, is the page's title, so that a heading repeating it is left out.
 */
QASID_INTERNAL int ex_article(const hx_tree *t, const char *title, ex_result *res);
QASID_INTERNAL void ex_result_fini(ex_result *r);

/*
 * Reads the page's metadata into doc's fields: title, date (YYYY-MM-DD),
 * author, site, url, lang. url, when not NULL, is where the page came from:
 * the url field when the page names no canonical address, and a last
 * source of a date.
 */
QASID_INTERNAL int meta_read(const hx_tree *t, qasid_doc *doc, const char *url);

/* Parses a date in the common formats into YYYY-MM-DD (out has 11 bytes). */
QASID_INTERNAL int meta_parse_date(const char *s, char out[11]);

#endif
