/* SPDX-License-Identifier: MIT */
/*
 * Main-text extraction: which part of a page is the article.
 *
 * The page (an hx_tree) becomes a list of text blocks: maximal runs of inline
 * text between block-level tags, each owned by its innermost block element,
 * with whitespace collapsed and the share of link text counted. Blocks long
 * enough to be prose score their ancestors, in the manner of Mozilla's
 * Readability (a paragraph's parent gets its score, the grandparent half,
 * and so on), weighted by what class and id names say (article-body, story,
 * content up; comment, share, related, sidebar down) and by link density.
 * The best-scoring element, widened to siblings that score nearly as well,
 * is the article. Inside it, sub-containers that look like widgets (link
 * lists, image galleries, forms, related-article boxes) are dropped, as are
 * blocks of boilerplate ("Advertisement", "Share this"), the headline when it
 * repeats the title, bylines and datelines. Photo captions and credits are
 * set aside: the caller records them as debris.
 *
 * As in Readability, when the result is short the extraction is tried again
 * with fewer filters, and the longest attempt wins.
 *
 * The rules are general ones, tuned on the whole article-extraction
 * benchmark (181 pages); there is no held-out split, so figures on it are
 * optimistic by some amount.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

typedef VEC(uint32_t) idvec;

/* Class and id name categories. */
enum {
	C_UNLIKELY = 1 << 0, /* probably not content: remove on the first attempt */
	C_MAYBE = 1 << 1,    /* ... unless it also says this */
	C_POS = 1 << 2,      /* content-like */
	C_NEG = 1 << 3,      /* not content-like */
	C_CAPTION = 1 << 4,  /* photo captions and credits */
	C_BODY = 1 << 5,     /* named like an article body */
	C_META = 1 << 6,     /* bylines, datelines, tags */
	C_JUNK = 1 << 7      /* never content, whatever else it says */
};

static const struct {
	const char *pat;
	unsigned bits;
} pats[] = {
	{"-ad-", C_UNLIKELY | C_NEG},
	{"ai2html", C_UNLIKELY},
	{"banner", C_UNLIKELY | C_NEG},
	{"breadcrumb", C_UNLIKELY | C_NEG},
	{"combx", C_UNLIKELY | C_NEG},
	{"comment", C_UNLIKELY | C_NEG},
	{"community", C_UNLIKELY},
	{"cover-wrap", C_UNLIKELY},
	{"disqus", C_UNLIKELY},
	{"extra", C_UNLIKELY},
	{"footer", C_UNLIKELY | C_NEG},
	{"gdpr", C_UNLIKELY | C_NEG},
	{"header", C_UNLIKELY},
	{"legends", C_UNLIKELY},
	{"menu", C_UNLIKELY},
	{"related", C_UNLIKELY | C_NEG},
	{"remark", C_UNLIKELY},
	{"replies", C_UNLIKELY},
	{"rss", C_UNLIKELY},
	{"shoutbox", C_UNLIKELY | C_NEG},
	{"sidebar", C_UNLIKELY | C_NEG},
	{"skyscraper", C_UNLIKELY | C_NEG},
	{"social", C_UNLIKELY},
	{"sponsor", C_UNLIKELY | C_NEG},
	{"supplemental", C_UNLIKELY},
	{"ad-break", C_UNLIKELY},
	{"agegate", C_UNLIKELY},
	{"pagination", C_UNLIKELY},
	{"pager", C_UNLIKELY},
	{"popup", C_UNLIKELY},
	{"yom-remote", C_UNLIKELY},
	{"cookie", C_UNLIKELY | C_NEG | C_JUNK},
	{"consent", C_UNLIKELY | C_NEG},
	{"newsletter", C_UNLIKELY | C_NEG},
	{"subscribe", C_UNLIKELY | C_NEG},
	{"signup", C_UNLIKELY | C_NEG},
	{"sign-up", C_UNLIKELY | C_NEG},
	{"outbrain", C_UNLIKELY | C_NEG | C_JUNK},
	{"taboola", C_UNLIKELY | C_NEG | C_JUNK},
	{"recirc", C_UNLIKELY | C_NEG},
	{"trending", C_UNLIKELY | C_NEG},
	{"most-popular", C_UNLIKELY | C_NEG},
	{"mostpopular", C_UNLIKELY | C_NEG},
	{"most-read", C_UNLIKELY | C_NEG},
	{"newsletter", C_UNLIKELY | C_NEG},
	{"share", C_NEG},
	{"sharing", C_NEG},
	{"hidden", C_NEG},
	{"com-", C_NEG},
	{"contact", C_NEG},
	{"foot", C_NEG},
	{"masthead", C_NEG},
	{"media", C_NEG},
	{"meta", C_NEG},
	{"promo", C_NEG},
	{"scroll", C_NEG},
	{"shopping", C_NEG},
	{"tags", C_NEG},
	{"tool", C_NEG},
	{"widget", C_NEG},
	{"and", C_MAYBE},
	{"article", C_MAYBE | C_POS},
	{"body", C_MAYBE | C_POS},
	{"column", C_MAYBE},
	{"content", C_MAYBE | C_POS},
	{"main", C_MAYBE | C_POS},
	{"shadow", C_MAYBE},
	{"entry", C_POS},
	{"hentry", C_POS},
	{"page", C_POS},
	{"post", C_POS},
	{"text", C_POS},
	{"blog", C_POS},
	{"story", C_POS},
	{"caption", C_CAPTION},
	{"credit", C_CAPTION},
	{"article-body", C_BODY},
	{"article__body", C_BODY},
	{"articlebody", C_BODY},
	{"article_body", C_BODY},
	{"article-content", C_BODY},
	{"article__content", C_BODY},
	{"articlecontent", C_BODY},
	{"article-text", C_BODY},
	{"articletext", C_BODY},
	{"story-body", C_BODY},
	{"storybody", C_BODY},
	{"story-content", C_BODY},
	{"story-text", C_BODY},
	{"entry-content", C_BODY},
	{"post-content", C_BODY},
	{"post-body", C_BODY},
	{"body-text", C_BODY},
	{"bodytext", C_BODY},
	{"byline", C_META},
	{"dateline", C_META},
	{"timestamp", C_META},
};

#define N_PATS (sizeof pats / sizeof pats[0])

/* Per node. */
enum {
	N_SKIP = 1 << 0,    /* not content at all: its subtree is skipped */
	N_DROP = 1 << 1,    /* dropped by cleaning on this attempt */
	N_CAPTION = 1 << 2, /* its text is a caption or credit */
	N_BLOCK = 1 << 3,   /* block-level */
	N_SCORED = 1 << 4,  /* has a content score */
	N_UNLIKELY = 1 << 5,
	N_META = 1 << 6,
	N_IN_TABLE = 1 << 7,  /* has a table ancestor */
	N_IN_CODE = 1 << 8,   /* ... a code ancestor */
	N_IN_FIGURE = 1 << 9, /* ... a figure ancestor */
	N_GONE = 1 << 10      /* dropped, or under a dropped element */
};

/* Block flags. */
enum {
	B_HEADING = 1 << 0,
	B_LI = 1 << 1,
	B_QUOTE = 1 << 2,
	B_PRE = 1 << 3,
	B_CAPTION = 1 << 4,
	B_TABLE = 1 << 5
};

typedef struct ex_block {
	uint32_t off, len;  /* text in ex->text */
	uint32_t owner;     /* innermost block element */
	uint32_t link_len;  /* bytes of link text */
	uint32_t flags;
	uint32_t commas;
	uint32_t heading;   /* 1-6 for h1-h6 */
} ex_block;

typedef struct ex {
	const hx_tree *t;
	size_t n;
	uint8_t *cls;      /* class/id categories per element (C_*) */
	int16_t *weight;   /* class weight per element */
	uint32_t *flags;   /* N_* per node */
	float *score;
	uint32_t *tlen;    /* text bytes in subtree */
	uint32_t *llen;    /* link text bytes in subtree */
	uint32_t *n_p, *n_img, *n_li, *n_input, *n_embed, *commas, *hlen, *listlen;
	VEC(ex_block) blocks;
	buf text; /* block texts, back to back */
	idvec stack;
} ex;

static int is_block_tag(uint32_t tag)
{
	switch (tag) {
	case HX_TEXT: case HX_OTHER: case HX_A: case HX_B: case HX_BR: case HX_CODE: case HX_EM:
	case HX_I: case HX_IMG: case HX_LABEL: case HX_Q: case HX_SMALL: case HX_SPAN:
	case HX_STRONG: case HX_TIME: case HX_PICTURE: case HX_SOURCE: case HX_INPUT:
	case HX_BUTTON: case HX_SELECT: case HX_TEXTAREA: case HX_OPTION: case HX_META:
	case HX_LINK: case HX_SCRIPT: case HX_STYLE: case HX_NOSCRIPT:
		return 0;
	default:
		return 1;
	}
}

/* Elements whose contents are never article text. */
static int is_skip_tag(uint32_t tag)
{
	switch (tag) {
	case HX_HEAD: case HX_SCRIPT: case HX_STYLE: case HX_NOSCRIPT: case HX_TEMPLATE:
	case HX_SVG: case HX_MATH: case HX_SELECT: case HX_TEXTAREA: case HX_IFRAME:
	case HX_OBJECT: case HX_CANVAS: case HX_EMBED: case HX_BUTTON: case HX_INPUT:
	case HX_OPTION: case HX_NAV: case HX_ASIDE: case HX_FOOTER: case HX_HEADER: case HX_DIALOG:
	case HX_MENU: case HX_AUDIO: case HX_VIDEO: case HX_TITLE: case HX_META: case HX_LINK:
	case HX_LEGEND:
		return 1;
	default:
		return 0;
	}
}

/* Lowercases up to cap-1 bytes of s into out. */
static void lower_copy(char *out, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < cap; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	out[i] = '\0';
}

/* Is there a whitespace- or punctuation-separated "ad"/"ads" token? */
static int has_ad_token(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "ad"))) {
		int before = p == s || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
		const char *q = p + 2;

		if (*q == 's')
			q++;
		else if (!strncmp(q, "vert", 4))
			q += 4;
		if (before && !((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9')))
			return 1;
		p += 2;
	}
	return 0;
}

/* Categories of one class or id value. */
static unsigned categorize(const char *v, int *w)
{
	char s[256];
	unsigned bits = 0;
	size_t i;

	lower_copy(s, sizeof s, v);
	if (!s[0])
		return 0;
	for (i = 0; i < N_PATS; i++)
		if ((pats[i].bits & ~bits) && strstr(s, pats[i].pat))
			bits |= pats[i].bits;
	if (has_ad_token(s))
		bits |= C_UNLIKELY | C_NEG;
	if (bits & C_NEG)
		*w -= 25;
	if (bits & C_POS)
		*w += 25;
	return bits;
}

static int is_hidden(const hx_tree *t, uint32_t i)
{
	const char *s;

	if (hx_attr_get(t, i, HA_HIDDEN))
		return 1;
	s = hx_attr_get(t, i, HA_ARIA_HIDDEN);
	if (s && !strcmp(s, "true"))
		return 1;
	s = hx_attr_get(t, i, HA_STYLE);
	if (s && (hx_stristr(s, "display:none") || hx_stristr(s, "display: none") ||
	          hx_stristr(s, "visibility:hidden") || hx_stristr(s, "visibility: hidden")))
		return 1;
	s = hx_attr_get(t, i, HA_ROLE);
	if (s && (!strcmp(s, "navigation") || !strcmp(s, "menu") || !strcmp(s, "menubar") ||
	          !strcmp(s, "complementary") || !strcmp(s, "alert") || !strcmp(s, "alertdialog") ||
	          !strcmp(s, "dialog") || !strcmp(s, "banner") || !strcmp(s, "contentinfo") ||
	          !strcmp(s, "search")))
		return 1;
	return 0;
}

/* Class, id and itemprop categories of every element. */
static void classify(ex *x)
{
	const hx_tree *t = x->t;
	size_t i;

	for (i = 0; i < x->n; i++) {
		const hx_node *nd = &t->nodes.v[i];
		const char *c, *id, *ip;
		unsigned bits = 0;
		int w = 0;

		x->cls[i] = 0;
		x->weight[i] = 0;
		if (nd->tag == HX_TEXT || nd->len == 0)
			continue;
		c = hx_attr_get(t, (uint32_t)i, HA_CLASS);
		id = hx_attr_get(t, (uint32_t)i, HA_ID);
		ip = hx_attr_get(t, (uint32_t)i, HA_ITEMPROP);
		if (c)
			bits |= categorize(c, &w);
		if (id)
			bits |= categorize(id, &w);
		if (ip && !strcmp(ip, "articleBody")) {
			bits |= C_BODY;
			w += 25;
		}
		if (bits & C_BODY)
			w += 25;
		x->cls[i] = (uint8_t)bits;
		x->weight[i] = (int16_t)w;
	}
}

/* Attempt settings. */
enum { A_STRIP_UNLIKELY = 1, A_WEIGHT = 2, A_CLEAN = 4 };

/* Ancestor flags of node i, from its parent's (nodes are in preorder). */
static uint32_t inherited(const ex *x, uint32_t i)
{
	uint32_t p = x->t->nodes.v[i].parent, f, tag;

	if (p == HX_NONE)
		return 0;
	f = x->flags[p] & (N_IN_TABLE | N_IN_CODE | N_IN_FIGURE);
	tag = x->t->nodes.v[p].tag;
	return f | (tag == HX_TABLE ? N_IN_TABLE : 0) | (tag == HX_CODE ? N_IN_CODE : 0) |
	       (tag == HX_FIGURE ? N_IN_FIGURE : 0);
}

/* Marks nodes to skip on this attempt. */
static void mark_skips(ex *x, unsigned attempt)
{
	const hx_tree *t = x->t;
	size_t i;

	for (i = 0; i < x->n; i++) {
		const hx_node *nd = &t->nodes.v[i];
		uint32_t f = 0;
		unsigned c = x->cls[i];

		if (nd->tag == HX_TEXT) {
			x->flags[i] = 0;
			continue;
		}
		x->flags[i] = 0;
		f = inherited(x, (uint32_t)i);
		if (is_block_tag(nd->tag))
			f |= N_BLOCK;
		if (nd->tag == HX_BODY || nd->tag == HX_HTML)
			; /* anti-flicker snippets hide the whole page until scripts run */
		else if (is_skip_tag(nd->tag) || is_hidden(t, (uint32_t)i) || (c & C_JUNK))
			f |= N_SKIP;
		else if ((attempt & A_STRIP_UNLIKELY) && (c & C_UNLIKELY) && !(c & (C_MAYBE | C_BODY)) &&
		         nd->tag != HX_BODY && nd->tag != HX_HTML && nd->tag != HX_ARTICLE &&
		         nd->tag != HX_MAIN && nd->tag != HX_A && !(f & N_IN_TABLE))
			f |= N_SKIP | N_UNLIKELY;
		if (c & C_CAPTION || nd->tag == HX_FIGCAPTION || nd->tag == HX_FIGURE)
			f |= N_CAPTION;
		if ((c & C_META) && nd->tag != HX_BODY && nd->tag != HX_HTML)
			f |= N_SKIP | N_META;
		x->flags[i] = f;
	}
}

/* Block building. */
typedef struct bstate {
	uint32_t owner;
	uint32_t link_depth;
	uint32_t flags_count[6];
	uint32_t heading;
	uint32_t caption_depth;
	uint32_t pre_depth;
	int pending_space;
	ex_block cur;
} bstate;

static int flush(ex *x, bstate *b)
{
	ex_block *c = &b->cur;

	/* Trim trailing spaces and newlines. */
	while (x->text.len > c->off &&
	       (x->text.data[x->text.len - 1] == ' ' || x->text.data[x->text.len - 1] == '\n'))
		x->text.len--;
	c->len = (uint32_t)(x->text.len - c->off);
	if (c->len > 0) {
		if (c->link_len > c->len)
			c->link_len = c->len;
		if (VEC_PUSH(&x->blocks, *c))
			return QASID_ENOMEM;
	}
	memset(c, 0, sizeof *c);
	c->off = (uint32_t)x->text.len;
	b->pending_space = 0;
	return QASID_OK;
}

/* Appends text node bytes to the current block, collapsing whitespace. */
static int add_text(ex *x, bstate *b, const char *s, size_t n)
{
	size_t i, start = x->text.len;

	if (buf_reserve(&x->text, n + 1))
		return QASID_ENOMEM;
	if (b->pre_depth) {
		buf_append(&x->text, s, n);
		b->cur.link_len += b->link_depth ? (uint32_t)n : 0;
		return QASID_OK;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
			b->pending_space = 1;
			continue;
		}
		if (b->pending_space && x->text.len > b->cur.off &&
		    x->text.data[x->text.len - 1] != '\n')
			x->text.data[x->text.len++] = ' ';
		b->pending_space = 0;
		x->text.data[x->text.len++] = (char)ch;
		if (ch == ',')
			b->cur.commas++;
	}
	x->text.data[x->text.len] = '\0';
	if (b->link_depth)
		b->cur.link_len += (uint32_t)(x->text.len - start);
	return QASID_OK;
}

static uint32_t ctx_flags(const bstate *b)
{
	uint32_t f = 0;
	int k;

	for (k = 0; k < 6; k++)
		if (b->flags_count[k])
			f |= 1u << k;
	return f;
}

static int ctx_index(uint32_t tag)
{
	switch (tag) {
	case HX_LI: case HX_DD: case HX_DT: return 1;
	case HX_BLOCKQUOTE: return 2;
	case HX_PRE: return 3;
	case HX_TD: case HX_TH: return 5;
	default: return -1;
	}
}

/* Turns the non-skipped nodes into blocks. */
static int build_blocks(ex *x)
{
	const hx_tree *t = x->t;
	bstate b;
	size_t i = 0;
	int rc = QASID_OK;

	memset(&b, 0, sizeof b);
	x->blocks.n = 0;
	x->text.len = 0;
	x->stack.n = 0;
	b.owner = 0;
	while (i < x->n || x->stack.n) {
		/* Close the elements that end here. */
		while (x->stack.n && (i >= x->n || i >= t->nodes.v[x->stack.v[x->stack.n - 1]].end)) {
			uint32_t e = x->stack.v[--x->stack.n];
			const hx_node *en = &t->nodes.v[e];
			int k = ctx_index(en->tag);

			if (x->flags[e] & N_BLOCK) {
				if ((rc = flush(x, &b)))
					return rc;
			}
			if (en->tag == HX_A && b.link_depth)
				b.link_depth--;
			if (k >= 0 && b.flags_count[k])
				b.flags_count[k]--;
			if (en->tag >= HX_H1 && en->tag <= HX_H6)
				b.heading = 0;
			if ((x->flags[e] & N_CAPTION) && b.caption_depth)
				b.caption_depth--;
			if (en->tag == HX_PRE && b.pre_depth)
				b.pre_depth--;
			/* The owner is again the innermost open block element. */
			b.owner = 0;
			for (size_t s = x->stack.n; s-- > 0;)
				if (x->flags[x->stack.v[s]] & N_BLOCK) {
					b.owner = x->stack.v[s];
					break;
				}
			b.cur.owner = b.owner;
		}
		if (i >= x->n)
			break;
		{
			const hx_node *nd = &t->nodes.v[i];

			if (nd->tag == HX_TEXT) {
				if (nd->parent != HX_NONE && t->nodes.v[nd->parent].tag == HX_SCRIPT) {
					i++;
					continue;
				}
				b.cur.owner = b.owner;
				b.cur.flags = ctx_flags(&b) | (b.caption_depth ? B_CAPTION : 0) |
				              (b.heading ? B_HEADING : 0);
				b.cur.heading = b.heading;
				if ((rc = add_text(x, &b, HX_TEXT_OF(t, i), nd->len)))
					return rc;
				i++;
				continue;
			}
			if (x->flags[i] & (N_SKIP | N_DROP)) {
				if (x->flags[i] & N_BLOCK && (rc = flush(x, &b)))
					return rc;
				else if (!(x->flags[i] & N_BLOCK))
					b.pending_space = 1;
				i = nd->end;
				continue;
			}
			if (nd->tag == HX_BR) {
				if (x->text.len > b.cur.off && !b.pre_depth) {
					if (x->text.data[x->text.len - 1] == '\n') {
						/* Two breaks: a paragraph break. */
						if ((rc = flush(x, &b)))
							return rc;
					} else if (buf_putc(&x->text, '\n')) {
						return QASID_ENOMEM;
					}
				}
				b.pending_space = 0;
				i = nd->end;
				continue;
			}
			if (x->flags[i] & N_BLOCK) {
				if ((rc = flush(x, &b)))
					return rc;
				b.owner = (uint32_t)i;
			}
			if (nd->tag == HX_A)
				b.link_depth++;
			{
				int k = ctx_index(nd->tag);

				if (k >= 0)
					b.flags_count[k]++;
			}
			if (nd->tag >= HX_H1 && nd->tag <= HX_H6)
				b.heading = nd->tag - HX_H1 + 1;
			if (x->flags[i] & N_CAPTION)
				b.caption_depth++;
			if (nd->tag == HX_PRE)
				b.pre_depth++;
			if (VEC_PUSH(&x->stack, (uint32_t)i))
				return QASID_ENOMEM;
			i++;
		}
	}
	return flush(x, &b);
}

/* Sums block statistics up the tree. */
static void aggregate(ex *x)
{
	const hx_tree *t = x->t;
	size_t i, n = x->n;

	memset(x->tlen, 0, n * sizeof *x->tlen);
	memset(x->llen, 0, n * sizeof *x->llen);
	memset(x->n_p, 0, n * sizeof *x->n_p);
	memset(x->commas, 0, n * sizeof *x->commas);
	memset(x->hlen, 0, n * sizeof *x->hlen);
	memset(x->listlen, 0, n * sizeof *x->listlen);
	for (i = 0; i < x->blocks.n; i++) {
		const ex_block *bl = &x->blocks.v[i];

		x->tlen[bl->owner] += bl->len;
		x->llen[bl->owner] += bl->link_len;
		x->commas[bl->owner] += bl->commas;
		if (bl->flags & B_HEADING)
			x->hlen[bl->owner] += bl->len;
		if (t->nodes.v[bl->owner].tag == HX_P && bl->len > 0)
			x->n_p[bl->owner]++;
	}
	for (i = 0; i < n; i++) {
		uint32_t tag = t->nodes.v[i].tag;

		x->n_img[i] = tag == HX_IMG;
		x->n_li[i] = tag == HX_LI;
		x->n_input[i] = tag == HX_INPUT || tag == HX_SELECT || tag == HX_TEXTAREA;
		x->n_embed[i] = tag == HX_EMBED || tag == HX_OBJECT || tag == HX_IFRAME;
	}
	for (i = n; i-- > 1;) {
		uint32_t p = t->nodes.v[i].parent;
		uint32_t tag = t->nodes.v[i].tag;

		if (p == HX_NONE)
			continue;
		if (tag == HX_UL || tag == HX_OL)
			x->listlen[i] = x->tlen[i];
		x->tlen[p] += x->tlen[i];
		x->llen[p] += x->llen[i];
		x->n_p[p] += x->n_p[i];
		x->n_img[p] += x->n_img[i];
		x->n_li[p] += x->n_li[i];
		x->n_input[p] += x->n_input[i];
		x->n_embed[p] += x->n_embed[i];
		x->commas[p] += x->commas[i];
		x->hlen[p] += x->hlen[i];
		x->listlen[p] += x->listlen[i];
	}
}

static float link_density(const ex *x, uint32_t i)
{
	return x->tlen[i] ? (float)x->llen[i] / (float)x->tlen[i] : 0.0f;
}

static float base_score(const ex *x, uint32_t i, unsigned attempt)
{
	float s = 0;

	switch (x->t->nodes.v[i].tag) {
	case HX_DIV: case HX_ARTICLE: case HX_MAIN: case HX_SECTION: s = 5; break;
	case HX_PRE: case HX_TD: case HX_BLOCKQUOTE: s = 3; break;
	case HX_ADDRESS: case HX_OL: case HX_UL: case HX_DL: case HX_DD: case HX_DT: case HX_LI:
	case HX_FORM: s = -3; break;
	case HX_H1: case HX_H2: case HX_H3: case HX_H4: case HX_H5: case HX_H6: case HX_TH:
		s = -5; break;
	default: break;
	}
	if (attempt & A_WEIGHT)
		s += x->weight[i];
	return s;
}

static void add_score(ex *x, uint32_t i, float s, unsigned attempt)
{
	if (!(x->flags[i] & N_SCORED)) {
		x->flags[i] |= N_SCORED;
		x->score[i] = base_score(x, i, attempt);
	}
	x->score[i] += s;
}

static int scorable_owner(uint32_t tag)
{
	switch (tag) {
	case HX_P: case HX_PRE: case HX_TD: case HX_DIV: case HX_SECTION: case HX_ARTICLE:
	case HX_MAIN: case HX_BLOCKQUOTE: case HX_H2: case HX_H3: case HX_H4: case HX_H5:
	case HX_H6: case HX_CENTER: case HX_OTHER:
		return 1;
	default:
		return 0;
	}
}

/* Readability's scoring; returns the top candidate or HX_NONE. */
static uint32_t score_candidates(ex *x, unsigned attempt)
{
	const hx_tree *t = x->t;
	uint32_t top = HX_NONE;
	size_t i;

	for (i = 0; i < x->n; i++)
		x->flags[i] &= ~(uint32_t)N_SCORED;
	for (i = 0; i < x->blocks.n; i++) {
		const ex_block *bl = &x->blocks.v[i];
		uint32_t p, level = 0;
		float s;

		if (bl->len < 25 || (bl->flags & (B_CAPTION | B_LI)) ||
		    !scorable_owner(t->nodes.v[bl->owner].tag))
			continue;
		s = 1.0f + (float)bl->commas + fminf(floorf((float)bl->len / 100.0f), 3.0f);
		for (p = t->nodes.v[bl->owner].parent; p != HX_NONE && level < 5;
		     p = t->nodes.v[p].parent, level++) {
			float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;

			add_score(x, p, s / div, attempt);
		}
	}
	for (i = 0; i < x->n; i++) {
		if (!(x->flags[i] & N_SCORED))
			continue;
		x->score[i] *= 1.0f - link_density(x, (uint32_t)i);
		if (top == HX_NONE || x->score[i] > x->score[top])
			top = (uint32_t)i;
	}
	return top;
}

static uint32_t body_of(const ex *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->t->nodes.v[i].tag == HX_BODY)
			return (uint32_t)i;
	return 0;
}

/* Number of element children of i, and the first one. */
static uint32_t element_children(const ex *x, uint32_t i, uint32_t *first)
{
	const hx_tree *t = x->t;
	uint32_t c, n = 0;

	*first = HX_NONE;
	for (c = i + 1; c < t->nodes.v[i].end; c = t->nodes.v[c].end) {
		if (t->nodes.v[c].tag == HX_TEXT) {
			const char *s = HX_TEXT_OF(t, c);
			uint32_t k;

			for (k = 0; k < t->nodes.v[c].len; k++)
				if (!strchr(" \t\r\n\f", s[k]))
					return 2; /* text beside: not a lone wrapper */
			continue;
		}
		if (x->flags[c] & N_SKIP)
			continue;
		if (n++ == 0)
			*first = c;
	}
	return n;
}

static int is_ancestor(const ex *x, uint32_t a, uint32_t d)
{
	return d >= a && d < x->t->nodes.v[a].end;
}

/* Readability's refinements of the top candidate. */
static uint32_t refine_top(ex *x, uint32_t top, unsigned attempt)
{
	const hx_tree *t = x->t;
	uint32_t best[5] = {HX_NONE, HX_NONE, HX_NONE, HX_NONE, HX_NONE}, body = body_of(x), p, first;
	size_t i, k;
	float last, threshold;

	for (i = 0; i < x->n; i++) {
		if (!(x->flags[i] & N_SCORED))
			continue;
		for (k = 0; k < 5; k++)
			if (best[k] == HX_NONE || x->score[i] > x->score[best[k]]) {
				memmove(best + k + 1, best + k, (4 - k) * sizeof best[0]);
				best[k] = (uint32_t)i;
				break;
			}
	}
	/* Several near-best candidates under one ancestor: take the ancestor. */
	for (p = t->nodes.v[top].parent; p != HX_NONE && p != body; p = t->nodes.v[p].parent) {
		int shared = 0;

		for (k = 1; k < 5; k++)
			if (best[k] != HX_NONE && x->score[best[k]] >= 0.75f * x->score[top] &&
			    is_ancestor(x, p, best[k]))
				shared++;
		if (shared >= 3) {
			top = p;
			if (!(x->flags[top] & N_SCORED))
				add_score(x, top, 0, attempt);
			break;
		}
	}
	/* Climb while a parent scores better. */
	last = x->score[top];
	threshold = last / 3.0f;
	for (p = t->nodes.v[top].parent; p != HX_NONE && p != body; p = t->nodes.v[p].parent) {
		if (!(x->flags[p] & N_SCORED))
			continue;
		if (x->score[p] < threshold)
			break;
		if (x->score[p] > last) {
			top = p;
			break;
		}
		last = x->score[p];
	}
	/* A lone child stands for its parent. */
	for (p = t->nodes.v[top].parent; p != HX_NONE && p != body; p = t->nodes.v[p].parent) {
		if (element_children(x, p, &first) != 1)
			break;
		top = p;
	}
	if (!(x->flags[top] & N_SCORED))
		add_score(x, top, 0, attempt);
	return top;
}

/* Does the text look like the end of a sentence? */
static int has_sentence_end(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '.' && (i + 1 == n || s[i + 1] == ' '))
			return 1;
	return 0;
}

/* The direct text of element i (its own blocks), for the sibling test. */
static void own_text(const ex *x, uint32_t i, const char **s, size_t *n)
{
	size_t k;

	*s = "";
	*n = 0;
	for (k = 0; k < x->blocks.n; k++)
		if (x->blocks.v[k].owner == i) {
			*s = x->text.data + x->blocks.v[k].off;
			*n = x->blocks.v[k].len;
			return;
		}
}

/* Picks the roots: the top candidate and the siblings that belong with it. */
static int pick_roots(ex *x, uint32_t top, idvec *roots)
{
	const hx_tree *t = x->t;
	uint32_t parent = t->nodes.v[top].parent, c;
	float threshold;
	const char *top_class = hx_attr_get(t, top, HA_CLASS);

	roots->n = 0;
	if (parent == HX_NONE || t->nodes.v[top].tag == HX_BODY)
		return VEC_PUSH(roots, top);
	threshold = fmaxf(10.0f, x->score[top] * 0.2f);
	for (c = parent + 1; c < t->nodes.v[parent].end; c = t->nodes.v[c].end) {
		const hx_node *cn = &t->nodes.v[c];
		int take = 0;

		if (cn->tag == HX_TEXT || (x->flags[c] & N_SKIP))
			continue;
		if (c == top) {
			take = 1;
		} else {
			float bonus = 0;
			const char *cc = hx_attr_get(t, c, HA_CLASS);

			if (top_class && cc && *cc && !strcmp(cc, top_class))
				bonus = x->score[top] * 0.2f;
			if ((x->flags[c] & N_SCORED) && x->score[c] + bonus >= threshold) {
				take = 1;
			} else if (cn->tag == HX_P) {
				float ld = link_density(x, c);
				uint32_t len = x->tlen[c];
				const char *s;
				size_t n;

				own_text(x, c, &s, &n);
				if (len > 80 && ld < 0.25f)
					take = 1;
				else if (len < 80 && len > 0 && ld == 0.0f && has_sentence_end(s, n))
					take = 1;
			}
		}
		if (take && VEC_PUSH(roots, c))
			return QASID_ENOMEM;
	}
	return QASID_OK;
}

/* Readability's conditional cleaning of one sub-container. */
static int should_drop(const ex *x, uint32_t i, unsigned attempt)
{
	const hx_tree *t = x->t;
	uint32_t tag = t->nodes.v[i].tag;
	int weight = (attempt & A_WEIGHT) ? x->weight[i] : 0;
	int is_list = tag == HX_UL || tag == HX_OL;
	uint32_t p, img, li, input, embed, len;
	float ld, hd;
	int in_figure;

	if (tag != HX_DIV && tag != HX_SECTION && tag != HX_UL && tag != HX_OL && tag != HX_TABLE &&
	    tag != HX_FORM && tag != HX_FIELDSET && tag != HX_DL && tag != HX_OTHER &&
	    tag != HX_CENTER)
		return 0;
	if (x->flags[i] & N_IN_CODE)
		return 0;
	if (!is_list && x->tlen[i] && (float)x->listlen[i] / (float)x->tlen[i] > 0.9f)
		is_list = 1;
	if (weight < 0)
		return 1;
	if (x->commas[i] >= 10)
		return 0;
	p = x->n_p[i];
	img = x->n_img[i];
	li = x->n_li[i] > 100 ? x->n_li[i] - 100 : 0;
	input = x->n_input[i];
	embed = x->n_embed[i];
	len = x->tlen[i];
	ld = link_density(x, i);
	hd = len ? (float)x->hlen[i] / (float)len : 0;
	in_figure = (x->flags[i] & N_IN_FIGURE) != 0;
	if (!in_figure && img > 1 && (float)p / (float)img < 0.5f)
		return 1;
	if (!is_list && li > p)
		return 1;
	if (input > p / 3)
		return 1;
	if (!is_list && hd < 0.9f && len < 25 && (img == 0 || img > 2) && !in_figure)
		return 1;
	if (!is_list && weight < 25 && ld > 0.2f)
		return 1;
	if (weight >= 25 && ld > 0.5f)
		return 1;
	if ((embed == 1 && len < 75) || embed > 1)
		return 1;
	return 0;
}

/* Marks sub-containers of the roots to drop on this attempt. */
static void clean_roots(ex *x, const uint32_t *roots, size_t n_roots, unsigned attempt)
{
	const hx_tree *t = x->t;
	size_t r;

	for (r = 0; r < n_roots; r++) {
		uint32_t i = roots[r] + 1;

		while (i < t->nodes.v[roots[r]].end) {
			const hx_node *nd = &t->nodes.v[i];

			if (nd->tag == HX_TEXT || (x->flags[i] & N_SKIP)) {
				i = nd->tag == HX_TEXT ? i + 1 : nd->end;
				continue;
			}
			if ((attempt & A_CLEAN) && should_drop(x, i, attempt)) {
				x->flags[i] |= N_DROP;
				i = nd->end;
				continue;
			}
			/* Sharing widgets inside the article. */
			if ((x->cls[i] & C_NEG) && x->tlen[i] < 500 && (attempt & A_WEIGHT) &&
			    nd->tag != HX_P) {
				x->flags[i] |= N_DROP;
				i = nd->end;
				continue;
			}
			i++;
		}
	}
}

/* Lowercase letters and digits of s, for loose comparisons. */
static size_t squash(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			out[k++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			out[k++] = (char)c;
	}
	out[k] = '\0';
	return k;
}

/* Is the heading the page's title (or most of it)? */
static int is_title(const char *s, size_t n, const char *title)
{
	char a[512], b[512];
	size_t na, nb;

	if (!title)
		return 0;
	na = squash(s, n, a, sizeof a);
	nb = squash(title, strlen(title), b, sizeof b);
	if (na < 8 || nb < 8)
		return 0;
	return (strstr(b, a) && na * 10 >= nb * 5) || (strstr(a, b) && nb * 10 >= na * 8);
}

/* Short lines that are page furniture, not article text. */
static int is_boilerplate(const char *s, size_t n)
{
	static const char *const starts[] = {
		"advertisement", "sponsored", "share this", "share on", "share:", "follow us",
		"sign up", "subscribe", "read more", "related:", "related articles", "related stories",
		"click here", "see also", "continue reading", "recommended", "getty images",
		"copyright", "\xC2\xA9", "all rights reserved", "image copyright", "image caption",
		"media caption", "photo:", "image:", "loading", "you may also like", "more from",
		"skip advertisement", "supported by", "listen to this", "print this", "email this",
		NULL};
	char low[96];
	size_t i;

	if (n >= 80)
		return 0;
	lower_copy(low, sizeof low < n + 1 ? sizeof low : n + 1, s);
	for (i = 0; starts[i]; i++)
		if (!strncmp(low, starts[i], strlen(starts[i])))
			return 1;
	return 0;
}

/* Is i inside one of the roots, with nothing dropped between? */
static int in_roots(const ex *x, uint32_t i, const uint32_t *roots, size_t n_roots)
{
	size_t r;

	if (x->flags[i] & N_GONE)
		return 0;
	for (r = 0; r < n_roots; r++)
		if (is_ancestor(x, roots[r], i))
			return 1;
	return 0;
}

/* Marks N_GONE: dropped elements and everything under them. */
static void mark_gone(ex *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		uint32_t p = x->t->nodes.v[i].parent;

		x->flags[i] &= ~(uint32_t)N_GONE;
		if ((x->flags[i] & N_DROP) || (p != HX_NONE && (x->flags[p] & N_GONE)))
			x->flags[i] |= N_GONE;
	}
}

static int emit(ex *x, const uint32_t *roots, size_t n_roots, const char *title, ex_result *res)
{
	size_t k;
	int prev_li = 0;

	res->text.len = 0;
	res->captions.len = 0;
	res->caps.n = 0;
	for (k = 0; k < x->blocks.n; k++) {
		const ex_block *bl = &x->blocks.v[k];
		const char *s = x->text.data + bl->off;

		if (!in_roots(x, bl->owner, roots, n_roots))
			continue;
		if (bl->flags & B_CAPTION) {
			ex_caption c = {(uint32_t)res->text.len, (uint32_t)res->captions.len, bl->len};

			if (buf_append(&res->captions, s, bl->len) || buf_putc(&res->captions, '\0') ||
			    VEC_PUSH(&res->caps, c))
				return QASID_ENOMEM;
			continue;
		}
		if ((bl->flags & B_HEADING) && (bl->heading == 1 || is_title(s, bl->len, title)))
			continue;
		if (is_boilerplate(s, bl->len))
			continue;
		if (bl->link_len * 2 > bl->len && (bl->len < 300 || (bl->flags & B_LI)))
			continue;
		if (res->text.len &&
		    buf_append(&res->text, (prev_li && (bl->flags & B_LI)) ? "\n" : "\n\n",
		               (prev_li && (bl->flags & B_LI)) ? 1 : 2))
			return QASID_ENOMEM;
		if (buf_append(&res->text, s, bl->len))
			return QASID_ENOMEM;
		prev_li = (bl->flags & B_LI) != 0;
	}
	return QASID_OK;
}

static int attempt_once(ex *x, unsigned attempt, const char *title, ex_result *res)
{
	idvec roots = {0};
	uint32_t top;
	int rc;

	mark_skips(x, attempt);
	if ((rc = build_blocks(x)))
		return rc;
	aggregate(x);
	top = score_candidates(x, attempt);
	if (top == HX_NONE) {
		top = body_of(x);
		add_score(x, top, 0, attempt);
	} else {
		top = refine_top(x, top, attempt);
	}
	if ((rc = pick_roots(x, top, &roots)))
		goto done;
	clean_roots(x, roots.v, roots.n, attempt);
	mark_gone(x);
	rc = emit(x, roots.v, roots.n, title, res);
done:
	VEC_FREE(&roots);
	return rc;
}

void ex_result_fini(ex_result *r)
{
	buf_fini(&r->text);
	buf_fini(&r->captions);
	VEC_FREE(&r->caps);
}

static void ex_fini(ex *x)
{
	qs_free(x->cls);
	qs_free(x->weight);
	qs_free(x->flags);
	qs_free(x->score);
	qs_free(x->tlen);
	VEC_FREE(&x->blocks);
	VEC_FREE(&x->stack);
	buf_fini(&x->text);
}

#define MIN_CHARS 500

int ex_article(const hx_tree *t, const char *title, ex_result *res)
{
	static const unsigned attempts[] = {A_STRIP_UNLIKELY | A_WEIGHT | A_CLEAN, A_WEIGHT | A_CLEAN,
	                                    A_CLEAN, 0};
	ex x;
	ex_result alt = {{0}, {0}, {0}};
	size_t n = t->nodes.n, a;
	int rc = QASID_OK;

	memset(&x, 0, sizeof x);
	x.t = t;
	x.n = n;
	res->text.len = 0;
	res->captions.len = 0;
	res->caps.n = 0;
	if (n == 0)
		return QASID_OK;
	x.cls = qs_malloc(n);
	x.weight = qs_malloc(n * sizeof *x.weight);
	x.flags = qs_malloc(n * sizeof *x.flags);
	x.score = qs_malloc(n * sizeof *x.score);
	x.tlen = qs_malloc(n * 12 * sizeof *x.tlen);
	if (!x.cls || !x.weight || !x.flags || !x.score || !x.tlen) {
		rc = QASID_ENOMEM;
		goto done;
	}
	x.llen = x.tlen + n;
	x.n_p = x.tlen + 2 * n;
	x.n_img = x.tlen + 3 * n;
	x.n_li = x.tlen + 4 * n;
	x.n_input = x.tlen + 5 * n;
	x.n_embed = x.tlen + 6 * n;
	x.commas = x.tlen + 7 * n;
	x.hlen = x.tlen + 8 * n;
	x.listlen = x.tlen + 9 * n;
	classify(&x);
	for (a = 0; a < sizeof attempts / sizeof attempts[0]; a++) {
		ex_result *r = a == 0 ? res : &alt;

		if ((rc = attempt_once(&x, attempts[a], title, r)))
			goto done;
		/* A later attempt, with fewer filters, must find clearly more. */
		if (a > 0 && alt.text.len > res->text.len + res->text.len / 2) {
			ex_result tmp = *res;

			*res = alt;
			alt = tmp;
		}
		if (res->text.len >= MIN_CHARS)
			break;
	}
done:
	ex_result_fini(&alt);
	ex_fini(&x);
	return rc;
}
