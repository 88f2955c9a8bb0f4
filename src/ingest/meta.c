/* SPDX-License-Identifier: MIT */
/*
 * Metadata of an HTML page: title, publication date, author, site name,
 * canonical URL and language, from (best first) JSON-LD (schema.org Article
 * types), <meta> tags (Open Graph, article:*, Dublin Core, Parse.ly,
 * Sailthru, itemprop), <time> elements, <link rel=canonical>, <html lang>,
 * and the URL itself for a date written in it (/2019/11/19/).
 *
 * Dates are written as YYYY-MM-DD, the date as the publisher wrote it (the
 * local date of "2019-11-19T23:30:00-05:00" is the 19th).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "extract.h"

/* Candidate priorities (lower wins). */
enum { P_JSONLD = 1, P_META = 2, P_ITEMPROP = 3, P_TIME_PUB = 4, P_URL = 5, P_META_WEAK = 6,
       P_TIME = 7, P_TEXT = 8, P_NONE = 100 };

typedef struct cand {
	char date[11];
	int date_p;
	const char *title_og, *title_tag, *title_ld;
	char *author_ld; /* malloc'd (qs) */
	const char *author_meta;
	char *site_ld;
	const char *site_meta;
	const char *canonical, *og_url;
	char *url_ld;
	const char *lang_html, *lang_meta;
	char *lang_ld;
	int ld_article; /* the JSON-LD fields came from an Article type */
} cand;

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static int valid_ymd(int y, int m, int d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return y >= 1990 && y <= 2039 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

static int put_ymd(int y, int m, int d, char out[11])
{
	if (!valid_ymd(y, m, d))
		return 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = out[7] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 1;
}

static int digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

static int month_of(const char *s)
{
	int i;

	for (i = 0; i < 12; i++)
		if (!strncasecmp(s, months[i], 3))
			return i + 1;
	return 0;
}

/* Skips a month name at s (full, abbreviated, with a dot); returns its end. */
static const char *skip_word(const char *s)
{
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
		s++;
	if (*s == '.')
		s++;
	return s;
}

int meta_parse_date(const char *s, char out[11])
{
	int y, m, d, n;
	const char *p;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	/* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD */
	if (digits(s, 4, &y) && (s[4] == '-' || s[4] == '/' || s[4] == '.') && digits(s + 5, 2, &m) &&
	    s[7] == s[4] && digits(s + 8, 2, &d) && !(s[10] >= '0' && s[10] <= '9'))
		return put_ymd(y, m, d, out);
	/* YYYYMMDD, or a Unix time in seconds or milliseconds */
	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++)
		;
	if (n == 8 && digits(s, 4, &y) && digits(s + 4, 2, &m) && digits(s + 6, 2, &d))
		return put_ymd(y, m, d, out);
	if (n == 10 || n == 13) {
		time_t t = (time_t)strtoll(s, NULL, 10) / (n == 13 ? 1000 : 1);
		struct tm tm;

		if (gmtime_r(&t, &tm))
			return put_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
		return 0;
	}
	/* MM/DD/YYYY */
	if (n >= 1 && n <= 2 && s[n] == '/') {
		m = atoi(s);
		p = s + n + 1;
		d = atoi(p);
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '/' && digits(p + 1, 4, &y))
			return put_ymd(y, m, d, out);
		return 0;
	}
	/* Weekday, then "19 Nov 2019" or "Nov 19, 2019" */
	p = s;
	if (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) && !month_of(p)) {
		p = skip_word(p);
		while (*p == ',' || *p == ' ')
			p++;
	}
	if (*p >= '0' && *p <= '9') { /* 19 November 2019 */
		d = atoi(p);
		while (*p >= '0' && *p <= '9')
			p++;
		while (*p == ' ' || *p == '-')
			p++;
		if (!(m = month_of(p)))
			return 0;
		p = skip_word(p);
		while (*p == ' ' || *p == ',' || *p == '-')
			p++;
		return digits(p, 4, &y) && put_ymd(y, m, d, out);
	}
	if ((m = month_of(p))) { /* November 19, 2019 */
		p = skip_word(p);
		while (*p == ' ')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		d = atoi(p);
		while (*p >= '0' && *p <= '9')
			p++;
		if (p[0] == 's' || p[0] == 'n' || p[0] == 'r' || p[0] == 't')
			p += 2; /* 1st, 2nd, 3rd, 19th */
		while (*p == ' ' || *p == ',')
			p++;
		return digits(p, 4, &y) && put_ymd(y, m, d, out);
	}
	return 0;
}

/* A date written in a URL: /2019/11/19/, /2019-11-19, _20191119_ ... */
static int url_date(const char *u, char out[11])
{
	const char *p;

	if (!u)
		return 0;
	for (p = u; *p; p++) {
		int y, m, d;

		if (p > u && p[-1] >= '0' && p[-1] <= '9')
			continue;
		if (!digits(p, 4, &y) || y < 1990 || y > 2039)
			continue;
		if ((p[4] == '/' || p[4] == '-' || p[4] == '_') && digits(p + 5, 2, &m) &&
		    p[7] == p[4] && digits(p + 8, 2, &d) && !(p[10] >= '0' && p[10] <= '9') &&
		    put_ymd(y, m, d, out))
			return 1;
		if (digits(p + 4, 2, &m) && digits(p + 6, 2, &d) && !(p[8] >= '0' && p[8] <= '9') &&
		    put_ymd(y, m, d, out))
			return 1;
		/* /2019/nov/18/ */
		if (p[4] == '/' && (m = month_of(p + 5)) && p[8] == '/' && digits(p + 9, 2, &d) &&
		    !(p[11] >= '0' && p[11] <= '9') && put_ymd(y, m, d, out))
			return 1;
	}
	return 0;
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (Howard Hinnant's algorithm). */
static long day_number(const char *d)
{
	long y = atol(d), m = atol(d + 5), dd = atol(d + 8), era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * A date written in running text ("Posted on September 10, 2018", "Nov. 19,
 * 2019 5:00 PM", "19.11.2019"): tried at each word of the first 200 bytes.
 * Numeric dates with slashes are left alone (11/05 is May or November).
 */
static int text_date(const char *s, size_t n, char out[11])
{
	size_t i;

	if (n > 200)
		n = 200;
	for (i = 0; i < n; i++) {
		int d, m, y;

		if (i && !(s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\t' || s[i - 1] == ':' ||
		           s[i - 1] == ',' || s[i - 1] == '('))
			continue;
		if (digits(s + i, 2, &d) && s[i + 2] == '.' && digits(s + i + 3, 2, &m) &&
		    s[i + 5] == '.' && digits(s + i + 6, 4, &y))
			return put_ymd(y, m, d, out);
		if (!month_of(s + i) && !(s[i] >= '0' && s[i] <= '9' && s[i + 1] != '/'))
			continue;
		if ((month_of(s + i) || (s[i] >= '0' && s[i] <= '9')) && meta_parse_date(s + i, out) &&
		    !(s[i] >= '0' && s[i] <= '9' && strchr(s + i, '/') && strchr(s + i, '/') < s + i + 3))
			return 1;
	}
	return 0;
}

static void offer_date(cand *c, const char *s, int prio)
{
	char d[11];

	if (s && prio < c->date_p && meta_parse_date(s, d)) {
		memcpy(c->date, d, 11);
		c->date_p = prio;
	}
}

/* <meta> names and properties, lowercased. */
static void meta_tag(cand *c, const char *key, const char *content)
{
	static const char *const pub[] = {
		"article:published_time", "og:article:published_time", "og:published_time",
		"article.published", "article:published", "published_time", "publish-date",
		"publish_date", "publishdate", "pubdate", "datepublished", "sailthru.date",
		"parsely-pub-date", "dc.date.issued", "dcterms.issued", "dcterms.created",
		"dc.date.created", "originalpublicationdate", "article_date_original",
		"cxenseparse:recs:publishtime", "date.available", "displaydate", "publication_date",
		"citation_publication_date", "dc.date", "dcterms.date", NULL};
	static const char *const weak[] = {"date", "last-modified", "article:modified_time",
	                                   "og:updated_time", "dcterms.modified", NULL};
	size_t i;

	for (i = 0; pub[i]; i++)
		if (!strcmp(key, pub[i])) {
			offer_date(c, content, P_META);
			return;
		}
	for (i = 0; weak[i]; i++)
		if (!strcmp(key, weak[i])) {
			offer_date(c, content, P_META_WEAK);
			return;
		}
	if (!strcmp(key, "og:title") || (!strcmp(key, "twitter:title") && !c->title_og))
		c->title_og = content;
	else if (!strcmp(key, "og:site_name") || (!strcmp(key, "application-name") && !c->site_meta))
		c->site_meta = content;
	else if (!strcmp(key, "og:url"))
		c->og_url = content;
	else if ((!strcmp(key, "author") || !strcmp(key, "byl") || !strcmp(key, "parsely-author") ||
	          !strcmp(key, "sailthru.author") || !strcmp(key, "dc.creator")) &&
	         !c->author_meta && strncmp(content, "http", 4))
		c->author_meta = content;
	else if ((!strcmp(key, "content-language") || !strcmp(key, "dc.language") ||
	          !strcmp(key, "language") || !strcmp(key, "og:locale")) &&
	         !c->lang_meta)
		c->lang_meta = content;
}

/* JSON-LD. */
static void *j_malloc(size_t n)
{
	return qs_malloc(n);
}

static void j_free(void *p)
{
	qs_free(p);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = qs_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static int is_article_type(json_t *type)
{
	size_t i;
	json_t *v;

	if (json_is_string(type)) {
		const char *s = json_string_value(type);

		return strstr(s, "Article") || strstr(s, "BlogPosting") || !strcmp(s, "Report");
	}
	if (json_is_array(type))
		json_array_foreach(type, i, v) if (is_article_type(v)) return 1;
	return 0;
}

/* Names of an author value: a string, {name}, or a list of either. */
static void author_names(json_t *a, buf *out, int depth)
{
	size_t i;
	json_t *v;
	const char *s = NULL;

	if (depth > 3)
		return;
	if (json_is_string(a))
		s = json_string_value(a);
	else if (json_is_object(a) && json_is_string(json_object_get(a, "name")))
		s = json_string_value(json_object_get(a, "name"));
	else if (json_is_array(a))
		json_array_foreach(a, i, v) author_names(v, out, depth + 1);
	if (s && *s && strncmp(s, "http", 4) && out->len < 400) {
		if (out->len)
			buf_append(out, ", ", 2);
		buf_append(out, s, strlen(s));
	}
}

static void set_owned(char **dst, const char *s)
{
	if (!s || !*s)
		return;
	qs_free(*dst);
	*dst = dup_str(s);
}

static void ld_object(cand *c, json_t *o, int depth)
{
	const char *k;
	json_t *v;
	size_t i;

	if (depth > 12)
		return;
	if (json_is_array(o)) {
		json_array_foreach(o, i, v) ld_object(c, v, depth + 1);
		return;
	}
	if (!json_is_object(o))
		return;
	if (is_article_type(json_object_get(o, "@type")) && !c->ld_article) {
		json_t *pub = json_object_get(o, "publisher");
		buf names = {0};

		c->ld_article = 1;
		v = json_object_get(o, "datePublished");
		if (!json_is_string(v))
			v = json_object_get(o, "dateCreated");
		if (json_is_string(v))
			offer_date(c, json_string_value(v), P_JSONLD);
		author_names(json_object_get(o, "author"), &names, 0);
		if (names.len)
			set_owned(&c->author_ld, names.data);
		buf_fini(&names);
		if (json_is_object(pub) && json_is_string(json_object_get(pub, "name")))
			set_owned(&c->site_ld, json_string_value(json_object_get(pub, "name")));
		if (json_is_string(json_object_get(o, "inLanguage")))
			set_owned(&c->lang_ld, json_string_value(json_object_get(o, "inLanguage")));
		v = json_object_get(o, "url");
		if (json_is_string(v))
			set_owned(&c->url_ld, json_string_value(v));
	} else if (json_is_string(json_object_get(o, "datePublished"))) {
		offer_date(c, json_string_value(json_object_get(o, "datePublished")), P_META);
	}
	json_object_foreach(o, k, v) if (json_is_object(v) || json_is_array(v)) ld_object(c, v, depth + 1);
}

static void json_ld(cand *c, const char *s, size_t n)
{
	json_error_t je;
	json_t *root;

	while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
		s++;
		n--;
	}
	json_set_alloc_funcs(j_malloc, j_free);
	root = json_loadb(s, n, JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &je);
	if (!root)
		return;
	ld_object(c, root, 0);
	json_decref(root);
}

/* The text of element i's first text child. */
static const char *first_text(const hx_tree *t, uint32_t i)
{
	uint32_t c;

	for (c = i + 1; c < t->nodes.v[i].end; c++)
		if (t->nodes.v[c].tag == HX_TEXT)
			return HX_TEXT_OF(t, c);
	return NULL;
}

/* Trims spaces; copies at most 1000 bytes into b (emptied). */
static const char *trimmed(buf *b, const char *s)
{
	size_t n;

	b->len = 0;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n > 1000)
		n = 1000;
	if (buf_append(b, s, n))
		return NULL;
	/* Collapse inner runs of whitespace. */
	{
		size_t i, k = 0;
		int sp = 0;

		for (i = 0; i < b->len; i++) {
			char ch = b->data[i];

			if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
				sp = 1;
				continue;
			}
			if (sp)
				b->data[k++] = ' ';
			sp = 0;
			b->data[k++] = ch;
		}
		b->len = k;
		b->data[k] = '\0';
	}
	return b->data;
}

static int set_field(qasid_doc *doc, qasid_field f, const char *s)
{
	buf b = {0};
	int rc = QASID_OK;

	if (s && trimmed(&b, s) && b.len)
		rc = qasid_doc_set_field(doc, f, b.data, b.len);
	else if (s && !b.data)
		rc = QASID_ENOMEM;
	buf_fini(&b);
	return rc;
}

/* "Headline | Site" or "Headline - Site": the headline. */
static int set_title(qasid_doc *doc, const char *t)
{
	buf b = {0};
	int rc = QASID_OK;

	if (!trimmed(&b, t)) {
		rc = QASID_ENOMEM;
	} else if (b.len) {
		size_t i, cut = b.len;

		for (i = b.len; i-- > 0;)
			if ((b.data[i] == '|' || (b.data[i] == '-' && i && b.data[i - 1] == ' ')) &&
			    i + 1 < b.len && b.data[i + 1] == ' ' && i > 15) {
				cut = i;
				break;
			}
		while (cut && b.data[cut - 1] == ' ')
			cut--;
		rc = qasid_doc_set_field(doc, QASID_FIELD_TITLE, b.data, cut);
	}
	buf_fini(&b);
	return rc;
}

/* "en_US" -> "en-US" */
static int set_lang(qasid_doc *doc, const char *l)
{
	char b[32];
	size_t i;

	while (*l == ' ')
		l++;
	for (i = 0; l[i] && l[i] != ' ' && l[i] != ',' && l[i] != ';' && i + 1 < sizeof b; i++)
		b[i] = l[i] == '_' ? '-' : l[i];
	return i ? qasid_doc_set_field(doc, QASID_FIELD_LANG, b, i) : QASID_OK;
}

/* Class or id names of elements that hold a publication date. */
static int date_class(const char *v)
{
	static const char *const pats[] = {"date", "time", "publish", "posted", "byline", "dateline",
	                                   "meta", NULL};
	char low[128];
	size_t i;

	for (i = 0; v[i] && i + 1 < sizeof low; i++)
		low[i] = (v[i] >= 'A' && v[i] <= 'Z') ? (char)(v[i] + 32) : v[i];
	low[i] = '\0';
	if (strstr(low, "update") || strstr(low, "modif"))
		return 0;
	for (i = 0; pats[i]; i++)
		if (strstr(low, pats[i]))
			return 1;
	return 0;
}

int meta_read(const hx_tree *t, qasid_doc *doc, const char *url)
{
	cand c;
	size_t i;
	const char *u, *author = NULL;
	char low[64];
	int rc = QASID_OK, in_body = 0;
	buf tmp = {0};

	memset(&c, 0, sizeof c);
	c.date_p = P_NONE;
	for (i = 0; i < t->nodes.n; i++) {
		const hx_node *n = &t->nodes.v[i];
		const char *k, *v;

		switch (n->tag) {
		case HX_HTML:
			if ((v = hx_attr_get(t, (uint32_t)i, HA_LANG)) && *v && !c.lang_html)
				c.lang_html = v;
			break;
		case HX_BODY: in_body = 1; break;
		case HX_TITLE:
			if (!c.title_tag && !in_body)
				c.title_tag = first_text(t, (uint32_t)i);
			break;
		case HX_META:
			v = hx_attr_get(t, (uint32_t)i, HA_CONTENT);
			if (!v || !*v)
				break;
			if (!(k = hx_attr_get(t, (uint32_t)i, HA_PROPERTY)) &&
			    !(k = hx_attr_get(t, (uint32_t)i, HA_NAME)) &&
			    !(k = hx_attr_get(t, (uint32_t)i, HA_ITEMPROP)) &&
			    !(k = hx_attr_get(t, (uint32_t)i, HA_HTTP_EQUIV)))
				break;
			{
				size_t j;

				for (j = 0; k[j] && j + 1 < sizeof low; j++)
					low[j] = (k[j] >= 'A' && k[j] <= 'Z') ? (char)(k[j] + 32) : k[j];
				low[j] = '\0';
			}
			meta_tag(&c, low, v);
			break;
		case HX_LINK:
			if ((v = hx_attr_get(t, (uint32_t)i, HA_REL)) && !strcasecmp(v, "canonical") &&
			    (v = hx_attr_get(t, (uint32_t)i, HA_HREF)) && !c.canonical)
				c.canonical = v;
			break;
		case HX_SCRIPT:
			if (i + 1 < n->end && t->nodes.v[i + 1].tag == HX_TEXT)
				json_ld(&c, HX_TEXT_OF(t, i + 1), t->nodes.v[i + 1].len);
			break;
		case HX_TIME:
			v = hx_attr_get(t, (uint32_t)i, HA_DATETIME);
			if (!v)
				break;
			k = hx_attr_get(t, (uint32_t)i, HA_ITEMPROP);
			if (hx_attr_get(t, (uint32_t)i, HA_PUBDATE) || (k && !strcmp(k, "datePublished")))
				offer_date(&c, v, P_TIME_PUB);
			else
				offer_date(&c, v, P_TIME);
			break;
		default:
			break;
		}
		/* Bylines and datelines: a date in their text. */
		if (c.date_p > P_TEXT - 1 && n->tag != HX_TEXT && n->tag != HX_SCRIPT &&
		    n->tag != HX_HTML && n->tag != HX_BODY && i + 1 < n->end &&
		    (((k = hx_attr_get(t, (uint32_t)i, HA_CLASS)) && date_class(k)) ||
		     ((k = hx_attr_get(t, (uint32_t)i, HA_ID)) && date_class(k)))) {
			uint32_t j;
			char d[11];

			for (j = (uint32_t)i + 1; j < n->end && j < i + 12; j++)
				if (t->nodes.v[j].tag == HX_TEXT &&
				    text_date(HX_TEXT_OF(t, j), t->nodes.v[j].len, d)) {
					memcpy(c.date, d, 11);
					c.date_p = P_TEXT;
					break;
				}
		}
		/* itemprop=datePublished on other elements */
		if (n->tag != HX_TEXT && n->tag != HX_META && n->tag != HX_TIME &&
		    (k = hx_attr_get(t, (uint32_t)i, HA_ITEMPROP)) && !strcmp(k, "datePublished")) {
			if ((v = hx_attr_get(t, (uint32_t)i, HA_CONTENT)) ||
			    (v = hx_attr_get(t, (uint32_t)i, HA_DATETIME)))
				offer_date(&c, v, P_ITEMPROP);
			else if ((v = first_text(t, (uint32_t)i)))
				offer_date(&c, v, P_ITEMPROP);
		}
	}
	/* URL: canonical, og:url, JSON-LD, else where the page came from. */
	u = c.canonical && !strncmp(c.canonical, "http", 4) ? c.canonical
	    : c.og_url && !strncmp(c.og_url, "http", 4)   ? c.og_url
	    : c.url_ld && !strncmp(c.url_ld, "http", 4)   ? c.url_ld
	                                                  : url;
	{
		char d[11];

		/*
		 * A date in the URL is the publisher's own, local date. Metadata
		 * often give UTC ("2019-11-19T02:30:00Z" for an evening story of
		 * the 18th in New York): one day off the URL's, the URL wins.
		 */
		if ((url_date(u, d) || url_date(url, d)) &&
		    (c.date_p > P_URL || labs(day_number(d) - day_number(c.date)) == 1)) {
			memcpy(c.date, d, 11);
			c.date_p = P_URL;
		}
	}
	if (c.title_og)
		rc = set_title(doc, c.title_og);
	else if (c.title_tag)
		rc = set_title(doc, c.title_tag);
	if (!rc && c.date_p != P_NONE)
		rc = qasid_doc_set_field(doc, QASID_FIELD_DATE, c.date, 10);
	author = c.author_ld ? c.author_ld : c.author_meta;
	if (!rc && author) {
		if (!strncasecmp(author, "by ", 3))
			author += 3;
		rc = set_field(doc, QASID_FIELD_AUTHOR, author);
	}
	if (!rc && (c.site_meta || c.site_ld))
		rc = set_field(doc, QASID_FIELD_SITE, c.site_meta ? c.site_meta : c.site_ld);
	if (!rc && u)
		rc = set_field(doc, QASID_FIELD_URL, u);
	if (!rc && (c.lang_html || c.lang_meta || c.lang_ld))
		rc = set_lang(doc, c.lang_html ? c.lang_html : c.lang_meta ? c.lang_meta : c.lang_ld);
	qs_free(c.author_ld);
	qs_free(c.site_ld);
	qs_free(c.url_ld);
	qs_free(c.lang_ld);
	buf_fini(&tmp);
	return rc;
}

/*
 * A plain-text article's date, from its head: the first lines up to the first
 * blank line after the text has begun (a title, then a byline or dateline:
 * "By Ayesha Rahman | April 9, 2023", "Posted on 2023-04-09"). Only short
 * lines (at most HEAD_LINE bytes) that do not end a sentence are read, so
 * that a date in the story's first sentence is not taken for its own.
 */
#define HEAD_LINES 4
#define HEAD_LINE 160

int qasid_doc_text_meta(qasid_doc *doc)
{
	size_t len, i = 0;
	const char *s = qasid_doc_input(doc, &len);
	int lines = 0, blank_seen = 0;
	char d[11];

	if (!s || qasid_doc_field(doc, QASID_FIELD_DATE))
		return QASID_OK;
	while (i < len && lines < HEAD_LINES) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len, n = end - i, k = n;
		char line[HEAD_LINE + 1];

		while (k && (s[i + k - 1] == '\r' || s[i + k - 1] == ' ' || s[i + k - 1] == '\t'))
			k--;
		if (k == 0) {
			/* a blank line ends the head once a line after the title is read */
			if (lines >= 2 || (lines == 1 && blank_seen))
				break;
			blank_seen = lines > 0;
		} else {
			lines++;
			if (k <= HEAD_LINE && s[i + k - 1] != '.') {
				memcpy(line, s + i, k);
				line[k] = '\0';
				if (text_date(line, k, d))
					return qasid_doc_set_field(doc, QASID_FIELD_DATE, d, strlen(d));
			}
		}
		i = end + 1;
	}
	return QASID_OK;
}
