/* SPDX-License-Identifier: MIT */
/*
 * HTML pages inside the library: a flat tree that does not depend on the
 * parser that built it. html.c builds it with libxml2 (the only file that
 * sees libxml2); extract.c finds the article in it, meta.c the metadata.
 *
 * Nodes are in document order (preorder); the subtree of node i is the range
 * [i, nodes[i].end). Element names become hx_tag values; the attributes the
 * extractor reads are kept (hx_attr_name), the rest dropped. Text nodes hold
 * the text as the parser decoded it: UTF-8, entities resolved, whitespace as
 * in the page. The contents of script (other than JSON-LD), style, noscript,
 * template, svg and math are not kept.
 */
#ifndef QASID_HX_H
#define QASID_HX_H

#include "../core/core.h"

#define HX_NONE UINT32_MAX

/* Tags the extractor tells apart; HX_OTHER is any other element. */
typedef enum hx_tag {
	HX_TEXT = 0,
	HX_OTHER,
	HX_A, HX_ADDRESS, HX_ARTICLE, HX_ASIDE, HX_AUDIO, HX_B, HX_BLOCKQUOTE, HX_BODY, HX_BR,
	HX_BUTTON, HX_CANVAS, HX_CAPTION, HX_CENTER, HX_CODE, HX_DD, HX_DETAILS, HX_DIALOG, HX_DIV,
	HX_DL, HX_DT, HX_EM, HX_EMBED, HX_FIELDSET, HX_FIGCAPTION, HX_FIGURE, HX_FOOTER, HX_FORM,
	HX_H1, HX_H2, HX_H3, HX_H4, HX_H5, HX_H6, HX_HEAD, HX_HEADER, HX_HGROUP, HX_HR, HX_HTML,
	HX_I, HX_IFRAME, HX_IMG, HX_INPUT, HX_LABEL, HX_LEGEND, HX_LI, HX_LINK, HX_MAIN, HX_MATH,
	HX_MENU, HX_META, HX_NAV, HX_NOSCRIPT, HX_OBJECT, HX_OL, HX_OPTION, HX_P, HX_PICTURE,
	HX_PRE, HX_Q, HX_SCRIPT, HX_SECTION, HX_SELECT, HX_SMALL, HX_SOURCE, HX_SPAN, HX_STRONG,
	HX_STYLE, HX_SUMMARY, HX_SVG, HX_TABLE, HX_TBODY, HX_TD, HX_TEMPLATE, HX_TEXTAREA,
	HX_TFOOT, HX_TH, HX_THEAD, HX_TIME, HX_TITLE, HX_TR, HX_UL, HX_VIDEO,
	HX_N_TAGS
} hx_tag;

/* Attributes kept. */
typedef enum hx_attr_name {
	HA_CLASS, HA_ID, HA_STYLE, HA_HIDDEN, HA_ARIA_HIDDEN, HA_ROLE, HA_ITEMPROP, HA_ITEMTYPE,
	HA_REL, HA_HREF, HA_DATETIME, HA_CONTENT, HA_NAME, HA_PROPERTY, HA_HTTP_EQUIV, HA_LANG,
	HA_TYPE, HA_PUBDATE, HA_DATA_COMPONENT, HA_N
} hx_attr_name;

typedef struct hx_node {
	uint32_t parent; /* HX_NONE for the root */
	uint32_t end;    /* one past the last node of the subtree */
	uint32_t str;    /* text: offset of the text in pool; element: first attribute */
	uint32_t len;    /* text: its length in bytes; element: number of attributes */
	uint32_t tag;    /* hx_tag */
} hx_node;

typedef struct hx_attr {
	uint32_t name; /* hx_attr_name */
	uint32_t off;  /* the value in pool, NUL-terminated */
	uint32_t len;
} hx_attr;

typedef struct hx_tree {
	VEC(hx_node) nodes;
	VEC(hx_attr) attrs;
	buf pool;
	int truncated; /* the parser gave up part of the page */
} hx_tree;

/*
 * Parses len bytes of HTML, already in UTF-8, into t (emptied first).
 * Returns QASID_OK, QASID_ENOMEM, or QASID_EFORMAT when nothing could be
 * parsed. Never prints: libxml2's messages are silenced during the call.
 */
QASID_INTERNAL int hx_parse(hx_tree *t, const char *html, size_t len);
QASID_INTERNAL void hx_tree_fini(hx_tree *t);

/* The value of attribute a of node i, or NULL when absent. */
QASID_INTERNAL const char *hx_attr_get(const hx_tree *t, uint32_t i, hx_attr_name a);
/* Text node i's text (not NUL-terminated: use its len). */
#define HX_TEXT_OF(t, i) ((t)->pool.data + (t)->nodes.v[i].str)

/*
 * Converts len bytes of a page to UTF-8 in out (appended): the charset is
 * charset when given (a transport's declaration, e.g. HTTP Content-Type),
 * else a byte order mark, else a <meta charset> or http-equiv or XML
 * declaration in the first bytes, else UTF-8 when the bytes are valid UTF-8
 * and Windows-1252 when not. Bytes invalid in the charset become U+FFFD.
 * used gets the name of the charset used. Returns QASID_OK or QASID_ENOMEM.
 */
QASID_INTERNAL int hx_to_utf8(buf *out, const char *in, size_t len, const char *charset,
                              char used[48]);

/* Case-insensitive search for needle (lowercase ASCII) in s. */
QASID_INTERNAL const char *hx_stristr(const char *s, const char *needle);

#endif
