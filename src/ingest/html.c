/* SPDX-License-Identifier: MIT */
/*
 * HTML parsing with libxml2's HTML parser, the parser under lxml: the only
 * file that sees libxml2, so the parser can be swapped. It turns libxml2's
 * tree into the flat hx_tree (hx.h) and frees libxml2's tree at once.
 *
 * libxml2's messages are silenced for the length of a call (the handlers are
 * per-thread in libxml2; the caller's are restored afterwards). The parser
 * runs with XML_PARSE_HUGE so that a page nested 100,000 levels deep is
 * parsed whole; nothing here recurses, so depth costs no stack.
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hx.h"

static const struct {
	const char *name;
	hx_tag tag;
} tag_names[] = {
	/* Sorted by name for bsearch. */
	{"a", HX_A}, {"address", HX_ADDRESS}, {"article", HX_ARTICLE}, {"aside", HX_ASIDE},
	{"audio", HX_AUDIO}, {"b", HX_B}, {"blockquote", HX_BLOCKQUOTE}, {"body", HX_BODY},
	{"br", HX_BR}, {"button", HX_BUTTON}, {"canvas", HX_CANVAS}, {"caption", HX_CAPTION},
	{"center", HX_CENTER}, {"code", HX_CODE}, {"dd", HX_DD}, {"details", HX_DETAILS},
	{"dialog", HX_DIALOG}, {"div", HX_DIV}, {"dl", HX_DL}, {"dt", HX_DT}, {"em", HX_EM},
	{"embed", HX_EMBED}, {"fieldset", HX_FIELDSET}, {"figcaption", HX_FIGCAPTION},
	{"figure", HX_FIGURE}, {"footer", HX_FOOTER}, {"form", HX_FORM}, {"h1", HX_H1},
	{"h2", HX_H2}, {"h3", HX_H3}, {"h4", HX_H4}, {"h5", HX_H5}, {"h6", HX_H6},
	{"head", HX_HEAD}, {"header", HX_HEADER}, {"hgroup", HX_HGROUP}, {"hr", HX_HR},
	{"html", HX_HTML}, {"i", HX_I}, {"iframe", HX_IFRAME}, {"img", HX_IMG}, {"input", HX_INPUT},
	{"label", HX_LABEL}, {"legend", HX_LEGEND}, {"li", HX_LI}, {"link", HX_LINK},
	{"main", HX_MAIN}, {"math", HX_MATH}, {"menu", HX_MENU}, {"meta", HX_META}, {"nav", HX_NAV},
	{"noscript", HX_NOSCRIPT}, {"object", HX_OBJECT}, {"ol", HX_OL}, {"option", HX_OPTION},
	{"p", HX_P}, {"picture", HX_PICTURE}, {"pre", HX_PRE}, {"q", HX_Q}, {"script", HX_SCRIPT},
	{"section", HX_SECTION}, {"select", HX_SELECT}, {"small", HX_SMALL}, {"source", HX_SOURCE},
	{"span", HX_SPAN}, {"strong", HX_STRONG}, {"style", HX_STYLE}, {"summary", HX_SUMMARY},
	{"svg", HX_SVG}, {"table", HX_TABLE}, {"tbody", HX_TBODY}, {"td", HX_TD},
	{"template", HX_TEMPLATE}, {"textarea", HX_TEXTAREA}, {"tfoot", HX_TFOOT}, {"th", HX_TH},
	{"thead", HX_THEAD}, {"time", HX_TIME}, {"title", HX_TITLE}, {"tr", HX_TR}, {"ul", HX_UL},
	{"video", HX_VIDEO},
};

static const char *const attr_names[HA_N] = {
	[HA_CLASS] = "class", [HA_ID] = "id", [HA_STYLE] = "style", [HA_HIDDEN] = "hidden",
	[HA_ARIA_HIDDEN] = "aria-hidden", [HA_ROLE] = "role", [HA_ITEMPROP] = "itemprop",
	[HA_ITEMTYPE] = "itemtype", [HA_REL] = "rel", [HA_HREF] = "href",
	[HA_DATETIME] = "datetime", [HA_CONTENT] = "content", [HA_NAME] = "name",
	[HA_PROPERTY] = "property", [HA_HTTP_EQUIV] = "http-equiv", [HA_LANG] = "lang",
	[HA_TYPE] = "type", [HA_PUBDATE] = "pubdate", [HA_DATA_COMPONENT] = "data-component",
};

static int cmp_tag(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static hx_tag tag_of(const char *name)
{
	const void *p = bsearch(name, tag_names, sizeof tag_names / sizeof tag_names[0],
	                        sizeof tag_names[0], cmp_tag);

	return p ? ((const __typeof__(tag_names[0]) *)p)->tag : HX_OTHER;
}

static int attr_of(const char *name)
{
	int i;

	for (i = 0; i < HA_N; i++)
		if (!strcmp(name, attr_names[i]))
			return i;
	return -1;
}

/*
 * libxml2 keeps the C library's allocator, not the qasid hook: libxml2
 * 2.9.14 (Debian 12) does not survive allocation failure in its HTML parser
 * (htmlParseDocument was seen to loop for ever after a failed malloc), so a
 * failing hook would turn QASID_ENOMEM into a hang. Our own allocations
 * around it go through the hook as everywhere else.
 */
static pthread_once_t x_once = PTHREAD_ONCE_INIT;

static void x_init(void)
{
	xmlInitParser();
}

static void x_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void x_quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

void hx_tree_fini(hx_tree *t)
{
	VEC_FREE(&t->nodes);
	VEC_FREE(&t->attrs);
	buf_fini(&t->pool);
}

const char *hx_attr_get(const hx_tree *t, uint32_t i, hx_attr_name a)
{
	const hx_node *n = &t->nodes.v[i];
	uint32_t k;

	if (n->tag == HX_TEXT)
		return NULL;
	for (k = 0; k < n->len; k++) {
		const hx_attr *at = &t->attrs.v[n->str + k];

		if (at->name == (uint32_t)a)
			return t->pool.data + at->off;
	}
	return NULL;
}

/* Appends s and a NUL to the pool; *off gets its offset. */
static int pool_add(hx_tree *t, const char *s, size_t n, uint32_t *off)
{
	if (t->pool.len + n + 1 > UINT32_MAX)
		return QASID_ETOOBIG;
	*off = (uint32_t)t->pool.len;
	if (buf_append(&t->pool, s, n) || buf_putc(&t->pool, '\0'))
		return QASID_ENOMEM;
	return QASID_OK;
}

static int is_json_ld(xmlNode *n)
{
	xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
	int yes = type && !strcasecmp((const char *)type, "application/ld+json");

	xmlFree(type);
	return yes;
}

/* Adds element n (already mapped to tag) with its kept attributes. */
static int add_element(hx_tree *t, xmlNode *n, hx_tag tag, uint32_t parent)
{
	hx_node h = {parent, 0, (uint32_t)t->attrs.n, 0, tag};
	xmlAttr *a;
	int rc;

	for (a = n->properties; a; a = a->next) {
		int k = attr_of((const char *)a->name);
		hx_attr at;
		const char *v = "";

		if (k < 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next &&
		    a->children->content)
			v = (const char *)a->children->content;
		else if (a->children) {
			/* Rare: a value in several nodes. */
			xmlChar *s = xmlNodeListGetString(n->doc, a->children, 1);

			at.name = (uint32_t)k;
			at.len = s ? (uint32_t)strlen((const char *)s) : 0;
			rc = pool_add(t, s ? (const char *)s : "", at.len, &at.off);
			xmlFree(s);
			if (rc || VEC_PUSH(&t->attrs, at))
				return rc ? rc : QASID_ENOMEM;
			h.len++;
			continue;
		}
		at.name = (uint32_t)k;
		at.len = (uint32_t)strlen(v);
		if ((rc = pool_add(t, v, at.len, &at.off)) || VEC_PUSH(&t->attrs, at))
			return rc ? rc : QASID_ENOMEM;
		h.len++;
	}
	return VEC_PUSH(&t->nodes, h);
}

static int add_text(hx_tree *t, const char *s, uint32_t parent)
{
	hx_node h = {parent, 0, 0, 0, HX_TEXT};
	size_t n = strlen(s);
	int rc;

	if (n == 0)
		return QASID_OK;
	/* Merge with a text node just before, as the parser may split text. */
	if (t->nodes.n && t->nodes.v[t->nodes.n - 1].tag == HX_TEXT &&
	    t->nodes.v[t->nodes.n - 1].parent == parent) {
		hx_node *p = &t->nodes.v[t->nodes.n - 1];

		if (t->pool.len + n + 1 > UINT32_MAX)
			return QASID_ETOOBIG;
		t->pool.len--; /* over its NUL */
		if (buf_append(&t->pool, s, n) || buf_putc(&t->pool, '\0'))
			return QASID_ENOMEM;
		p->len += (uint32_t)n;
		return QASID_OK;
	}
	h.len = (uint32_t)n;
	if ((rc = pool_add(t, s, n, &h.str)))
		return rc;
	h.end = (uint32_t)t->nodes.n + 1;
	return VEC_PUSH(&t->nodes, h);
}

/* Contents the extractor never reads. */
static int skip_contents(hx_tag tag)
{
	switch (tag) {
	case HX_STYLE: case HX_NOSCRIPT: case HX_TEMPLATE: case HX_SVG: case HX_MATH:
	case HX_SELECT: case HX_TEXTAREA: case HX_IFRAME: case HX_OBJECT: case HX_CANVAS:
		return 1;
	default:
		return 0;
	}
}

/* Walks libxml2's tree without recursion, building t. */
static int flatten(hx_tree *t, xmlNode *root)
{
	xmlNode *n = root;
	uint32_t cur = HX_NONE; /* the innermost open element */
	int rc = QASID_OK;

	while (n) {
		int descend = 0;

		if (n->type == XML_ELEMENT_NODE) {
			hx_tag tag = tag_of((const char *)n->name);
			uint32_t self = (uint32_t)t->nodes.n;

			if (t->nodes.n >= UINT32_MAX - 1)
				return QASID_ETOOBIG;
			if ((rc = add_element(t, n, tag, cur)))
				return rc;
			if (tag == HX_SCRIPT) {
				if (is_json_ld(n)) {
					xmlChar *s = xmlNodeGetContent(n);

					rc = s ? add_text(t, (const char *)s, self) : QASID_OK;
					xmlFree(s);
					if (rc)
						return rc;
				}
			} else if (!skip_contents(tag) && n->children) {
				cur = self;
				descend = 1;
			}
			if (!descend)
				t->nodes.v[self].end = (uint32_t)t->nodes.n;
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			if ((rc = add_text(t, (const char *)n->content, cur)))
				return rc;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* Up until there is a next sibling, closing elements. */
		while (n && n != root && !n->next) {
			n = n->parent;
			if (n && n->type == XML_ELEMENT_NODE && cur != HX_NONE) {
				t->nodes.v[cur].end = (uint32_t)t->nodes.n;
				cur = t->nodes.v[cur].parent;
			}
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
	while (cur != HX_NONE) {
		t->nodes.v[cur].end = (uint32_t)t->nodes.n;
		cur = t->nodes.v[cur].parent;
	}
	return QASID_OK;
}

int hx_parse(hx_tree *t, const char *html, size_t len)
{
	xmlGenericErrorFunc old_generic;
	xmlStructuredErrorFunc old_structured;
	void *old_generic_ctx, *old_structured_ctx;
	htmlDocPtr d;
	xmlNode *top;
	int rc = QASID_OK;

	t->nodes.n = t->attrs.n = 0;
	t->pool.len = 0;
	t->truncated = 0;
	if (len > INT_MAX)
		return QASID_ETOOBIG;
	pthread_once(&x_once, x_init);
	old_generic = xmlGenericError;
	old_generic_ctx = xmlGenericErrorContext;
	old_structured = xmlStructuredError;
	old_structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, x_quiet);
	xmlSetStructuredErrorFunc(NULL, x_quiet_structured);
	d = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	                   HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                       HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	if (!d)
		return len ? QASID_ENOMEM : QASID_EFORMAT;
	/* The document's children: doctype, comments, then the root element. */
	for (top = d->children; top; top = top->next)
		if (top->type == XML_ELEMENT_NODE)
			break;
	if (!top)
		rc = QASID_EFORMAT;
	else
		rc = flatten(t, top);
	xmlFreeDoc(d);
	return rc;
}
