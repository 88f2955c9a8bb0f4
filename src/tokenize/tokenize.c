/* SPDX-License-Identifier: MIT */
/*
 * The tokenizer works on one whitespace-delimited chunk at a time. A chunk
 * that looks like a URL or an e-mail address is one token, less the
 * punctuation around it; otherwise words and punctuation alternate, with
 * the joining rules of EWT described in tokenize.h.
 */
#include <string.h>
#include <strings.h>

#include "chars.h"
#include "tokenize.h"

typedef struct tk {
	qasid_doc *doc;
	const char *t;
	size_t n;
	int rc;
} tk;

static void emit(tk *k, size_t s, size_t e)
{
	qasid_span sp = {(uint32_t)s, (uint32_t)e};

	if (e > s && !k->rc)
		k->rc = VEC_PUSH(&k->doc->tokens, sp);
}

static int cls_at(const tk *k, size_t i)
{
	int len;

	return i < k->n ? ch_class(k->t, k->n, i, &len) : CH_SPACE;
}

/* Length of the character at i. */
static size_t len_at(const tk *k, size_t i)
{
	int len;

	ch_class(k->t, k->n, i, &len);
	return (size_t)len;
}

/* Class of the character that ends just before i (ASCII-exact, else a guess). */
static int cls_before(const tk *k, size_t i)
{
	size_t j = i;

	if (i == 0)
		return CH_SPACE;
	do
		j--;
	while (j > 0 && ((unsigned char)k->t[j] & 0xC0) == 0x80);
	return cls_at(k, j);
}

static int has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && strncasecmp(s, p, m) == 0;
}

/* A URL or e-mail address: the whole chunk, trimmed, is one token. */
static int is_url_chunk(const char *s, size_t n)
{
	const char *at, *dot;
	size_t i;

	if (n < 5 || (!memchr(s, ':', n) && !memchr(s, '@', n) && !memchr(s, '.', n)))
		return 0;
	for (i = 0; i + 3 <= n; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/' && i > 0)
			return 1;
	while (n && strchr("(\"'<[", *s)) {
		s++;
		n--;
	}
	if (has_prefix_ci(s, n, "www."))
		return 1;
	at = memchr(s, '@', n);
	if (at && at > s && (size_t)(at - s) + 1 < n) {
		dot = memchr(at, '.', n - (size_t)(at - s));
		if (dot && dot > at + 1 && dot + 1 < s + n && ((dot[1] | 0x20) >= 'a' &&
		                                               (dot[1] | 0x20) <= 'z'))
			return 1;
	}
	return 0;
}

static void url_chunk(tk *k, size_t a, size_t b)
{
	int paren = 0;
	size_t i;

	while (a < b && strchr("(\"'<[", k->t[a])) {
		emit(k, a, a + 1);
		a++;
	}
	for (i = a; i < b; i++)
		paren += k->t[i] == '(';
	i = b;
	while (i > a && strchr(".,;:!?)\"'>]", k->t[i - 1]) && !(k->t[i - 1] == ')' && paren))
		i--;
	emit(k, a, i);
	for (; i < b; i++) {
		size_t j = i;

		/* Runs of periods stay together. */
		while (j + 1 < b && k->t[j + 1] == '.' && k->t[i] == '.')
			j++;
		emit(k, i, j + 1);
		i = j;
	}
}

/* Clitic starting with the apostrophe at q, ending at a non-word char. */
static size_t clitic_len(const tk *k, size_t q, size_t b)
{
	static const char *const cl[] = {"s", "re", "ve", "ll", "d", "m"};
	size_t i;

	for (i = 0; i < sizeof cl / sizeof cl[0]; i++) {
		size_t m = strlen(cl[i]);

		if (q + 1 + m <= b && strncasecmp(k->t + q + 1, cl[i], m) == 0 &&
		    !ch_is_word(cls_at(k, q + 1 + m)))
			return m + 1;
	}
	return 0;
}

/* Digits in a run starting at i (no other characters counted). */
static size_t digit_run(const char *t, size_t i, size_t b)
{
	size_t j = i;

	while (j < b && t[j] >= '0' && t[j] <= '9')
		j++;
	return j - i;
}

/*
 * Emits a word [s, e), splitting the few multiword forms EWT splits without
 * an apostrophe ("cannot" -> "can" "not", "gonna" -> "gon" "na").
 */
static void emit_word(tk *k, size_t s, size_t e)
{
	static const struct {
		const char *w;
		size_t len, cut;
	} mw[] = {
		{"cannot", 6, 3}, {"gonna", 5, 3}, {"wanna", 5, 3}, {"gotta", 5, 3}, {"dont", 4, 2},
		{"didnt", 5, 3}, {"doesnt", 6, 4}, {"cant", 4, 2}, {"wont", 4, 2}, {"isnt", 4, 2},
		{"wasnt", 5, 3}, {"arent", 5, 3}, {"couldnt", 7, 5}, {"wouldnt", 7, 5},
		{"shouldnt", 8, 6}, {"im", 2, 1}, {"ive", 3, 1}, {"thats", 5, 4}, {"hasnt", 5, 3},
		{"havent", 6, 4}, {"alot", 4, 1}, {"outta", 5, 3}};
	size_t i, n = e - s, d = digit_run(k->t, s, e);
	char c0 = (char)(k->t[s] | 0x20);

	/* "5pm", "7:30PM": the time and its am/pm are two tokens. */
	if (d && n >= 3 && (k->t[e - 1] | 0x20) == 'm' && ((k->t[e - 2] | 0x20) == 'a' ||
	                                                   (k->t[e - 2] | 0x20) == 'p') &&
	    (e - 2 == s + d || k->t[s + d] == ':')) {
		emit(k, s, e - 2);
		emit(k, e - 2, e);
		return;
	}
	if (n >= 2 && n <= 8 && (c0 == 'c' || c0 == 'g' || c0 == 'w' || c0 == 'd' || c0 == 'i' ||
	                         c0 == 'a' || c0 == 't' || c0 == 's' || c0 == 'h' || c0 == 'o')) {
		for (i = 0; i < sizeof mw / sizeof mw[0]; i++) {
			if (mw[i].len == n && mw[i].w[0] == c0 && strncasecmp(k->t + s, mw[i].w, n) == 0) {
				emit(k, s, s + mw[i].cut);
				emit(k, s + mw[i].cut, e);
				return;
			}
		}
	}
	emit(k, s, e);
}

/* The word [s, e) followed by '.' keeps the period: an abbreviation or initial. */
static int takes_period(const tk *k, size_t s, size_t e)
{
	const char *w = k->t + s;
	size_t n = e - s, i, letters = 0;
	int inner_dot = 0;

	for (i = 0; i < n; i++) {
		if (w[i] == '.')
			inner_dot = 1;
		else if (ch_upper_ascii(w[i]) || ch_lower_ascii(w[i]))
			letters++;
		else
			return 0;
	}
	if (inner_dot)
		return 1;                      /* U.S, e.g, a.m */
	if ((n == 2 || (n == 3 && (w[2] | 0x20) == 's')) && (w[0] | 0x20) == 'n' &&
	    (w[1] | 0x20) == 'o')        /* No. 5 */
		return e + 2 < k->n && k->t[e + 1] == ' ' && k->t[e + 2] >= '0' && k->t[e + 2] <= '9';
	if (n == 1 && ch_upper_ascii(w[0]))
		return 1;                      /* initial */
	return tok_is_abbrev(w, n);
}

/* "Com" in "Newsfeed.Com": a domain, not a missing space. */
static int is_tld(const char *s, size_t n)
{
	static const char *const tld[] = {"com", "org", "net", "gov", "edu", "info"};
	size_t i, m;

	for (i = 0; i < sizeof tld / sizeof tld[0]; i++) {
		m = strlen(tld[i]);
		if (n >= m && strncasecmp(s, tld[i], m) == 0 && (n == m || !ch_lower_ascii(s[m])))
			return 1;
	}
	return 0;
}

/*
 * Numbers joined by the hyphen at q: a score ("2-1"), a telephone number or
 * a ZIP+4 ("345-9945", "713-853-3989", "77415-0027") stay whole; ranges of
 * years, times and amounts ("1969-1970", "5:00-8:30", "400-500") split, as
 * EWT splits them.
 */
static int joined_numbers(const tk *k, size_t seg, size_t q, size_t b)
{
	const char *t = k->t;
	size_t l = q - seg, r = digit_run(t, q + 1, b), i;

	for (i = seg; i < q; i++)
		if (t[i] < '0' || t[i] > '9')
			return memchr(t + seg, ':', l) == NULL && memchr(t + seg, '.', l) == NULL &&
			       l <= 3 && r >= 1; /* "A-1", "F-16" */
	if (q + 1 + r < b && t[q + 1 + r] == '-')
		return 1; /* three groups */
	if (q + 1 + r < b && (t[q + 1 + r] == ':' || t[q + 1 + r] == '.'))
		return 0;
	if (l <= 2 && r <= 2)
		return 1;
	return (l == 3 && r == 4) || (l == 5 && r == 4) || (seg > 0 && t[seg - 1] == '-');
}

/* Words with a slash that are one token: "b/c", "w/o", "w/". */
static size_t slash_word_len(const char *s, size_t n)
{
	static const char *const sw[] = {"b/c", "w/o", "w/", "a/c", "c/o"};
	size_t i, m;

	for (i = 0; i < sizeof sw / sizeof sw[0]; i++) {
		m = strlen(sw[i]);
		if (n >= m && strncasecmp(s, sw[i], m) == 0 &&
		    (n == m || !(ch_lower_ascii(s[m]) || ch_upper_ascii(s[m]) || (s[m] >= '0' && s[m] <= '9'))))
			return m;
	}
	return 0;
}

/*
 * Scans a word starting at p (a word char) within the chunk [p, b); emits
 * its tokens and returns where scanning resumes.
 */
static size_t scan_word(tk *k, size_t p, size_t b)
{
	const char *t = k->t;
	size_t s = p, seg = p, q = p, m;

	if (b - p >= 2 && (t[p + 1] == '/' || (b - p >= 3 && t[p + 2] == '/')) &&
	    (m = slash_word_len(t + p, b - p))) {
		emit(k, p, p + m);
		return p + m;
	}
	for (;;) {
		int prev, next;
		char c;

		while (q < b && ch_is_word(cls_at(k, q)))
			q += len_at(k, q);
		if (q >= b)
			break;
		c = t[q];
		prev = cls_before(k, q);
		next = cls_at(k, q + 1);
		if (c == '\'') {
			size_t cl = clitic_len(k, q, b);

			if (q + 2 <= b && q > s && (t[q - 1] == 'n' || t[q - 1] == 'N') &&
			    (t[q + 1] == 't' || t[q + 1] == 'T') && !ch_is_word(cls_at(k, q + 2))) {
				emit_word(k, s, q - 1);   /* do n't, ca n't */
				emit(k, q - 1, q + 2);
				return q + 2;
			}
			if (cl) {
				emit_word(k, s, q);
				emit(k, q, q + cl);
				return q + cl;
			}
			if (ch_is_word(next) && next == CH_ALPHA) { /* O'Brien */
				q++;
				continue;
			}
			break;
		}
		if (!ch_is_word(next))
			break;
		if (c == '.') {
			/* "said.The": a missing space, not a domain or an abbreviation. */
			if (q - seg >= 3 && ch_lower_ascii(t[q - 1]) && ch_upper_ascii(t[q + 1]) &&
			    q + 2 < b && ch_lower_ascii(t[q + 2]) && !is_tld(t + q + 1, b - q - 1))
				break;
			q++;
			continue;
		}
		if ((c == ',' || c == ':' || c == '/') && prev == CH_DIGIT && next == CH_DIGIT) {
			q++;
			continue;
		}
		if (c == '-') {
			if ((prev == CH_DIGIT && next == CH_DIGIT && joined_numbers(k, seg, q, b)) ||
			    (seg == p && tok_is_hyphen_prefix(t + seg, q - seg))) {
				q++;
				seg = q;
				continue;
			}
			emit_word(k, s, q);
			emit(k, q, q + 1);
			s = seg = q = q + 1;
			continue;
		}
		if (c == '&' && ch_upper_ascii(t[q - 1]) && ch_upper_ascii(t[q + 1])) {
			q++;
			continue;
		}
		if (c == '_' || c == '@') { /* snake_case, Name@ORG */
			q++;
			continue;
		}
		break;
	}
	/* An abbreviation keeps its period; "Brig.-Gen." stays one token. */
	if (q < b && t[q] == '.' && takes_period(k, s, q)) {
		size_t r = q + 1;

		if (r + 1 < b && t[r] == '-' && ch_upper_ascii(t[r + 1])) {
			size_t w = r + 1;

			while (w < b && (ch_lower_ascii(t[w]) || ch_upper_ascii(t[w])))
				w++;
			if (w < b && t[w] == '.' && tok_is_title_abbrev(t + r + 1, w - r - 1)) {
				emit(k, s, w + 1);
				return w + 1;
			}
		}
		emit(k, s, r);
		return r;
	}
	emit_word(k, s, q);
	return q;
}

/* An emoticon at p such as ":)", ":-(" or ";D"; returns its length or 0. */
static size_t emoticon_len(const tk *k, size_t p, size_t b)
{
	const char *t = k->t;
	size_t q = p + 1;

	if (t[p] != ':' && t[p] != ';' && t[p] != '=')
		return 0;
	if (q < b && (t[q] == '-' || t[q] == '\''))
		q++;
	if (q >= b || !strchr(")(DPp]/|[", t[q]))
		return 0;
	q++;
	if (q < b && ch_is_word(cls_at(k, q)))
		return 0;
	return q - p;
}

static size_t scan_hashtag(const tk *k, size_t q, size_t b)
{
	while (q < b && (ch_is_word(cls_at(k, q)) || k->t[q] == '_'))
		q += len_at(k, q);
	return q;
}

static size_t scan_punct(tk *k, size_t p, size_t b)
{
	const char *t = k->t;
	size_t q = p + 1, m;
	char c = t[p];

	if ((m = emoticon_len(k, p, b))) {
		emit(k, p, p + m);
		return p + m;
	}
	if (ch_is_rule(c) && c != '#') {
		while (q < b && ch_is_rule(t[q]) && t[q] != '#')
			q++;
	} else if (c == '.' || c == '!' || c == '?') {
		while (q < b && (t[q] == '.' || t[q] == '!' || t[q] == '?'))
			q++;
	} else if (c == '$') {
		while (q < b && t[q] == '$')
			q++;
	} else if ((c == '#' || c == '@') && q < b && cls_at(k, q) == CH_ALPHA &&
	           (p == 0 || cls_before(k, p) == CH_SPACE)) {
		q = scan_hashtag(k, q, b); /* #hashtag, @user */
	} else if (c == '\'' && (m = clitic_len(k, p, b)) && p > 0 && !ch_is_word(cls_at(k, p + m)) &&
	           ch_is_word(cls_before(k, p)) == 0 && t[p - 1] != ' ' && t[p - 1] != '\n') {
		q = p + m; /* the 's after a closing quote or bracket */
	} else {
		q = p + len_at(k, p);
	}
	emit(k, p, q);
	return q;
}

static void tokenize_chunk(tk *k, size_t a, size_t b);

/* Start of the e-mail address around the '@' in [a, b), or a if none. */
static size_t email_start(const tk *k, size_t a, size_t b)
{
	const char *at = memchr(k->t + a, '@', b - a);
	size_t i;

	if (!at || memmem(k->t + a, b - a, "://", 3))
		return a;
	i = (size_t)(at - k->t);
	while (i > a && (ch_lower_ascii(k->t[i - 1]) || ch_upper_ascii(k->t[i - 1]) ||
	                 (k->t[i - 1] >= '0' && k->t[i - 1] <= '9') || strchr("._%+-", k->t[i - 1])))
		i--;
	return i;
}

static void tokenize_chunk(tk *k, size_t a, size_t b)
{
	size_t p = a, e;

	if (is_url_chunk(k->t + a, b - a)) {
		e = email_start(k, a, b);
		if (e > a && !strchr("(\"'<[", k->t[a])) {
			tokenize_chunk(k, a, e); /* Name"<name@host>: the name part first */
			a = e;
		}
		url_chunk(k, a, b);
		return;
	}
	while (p < b && !k->rc) {
		if (ch_is_word(cls_at(k, p)))
			p = scan_word(k, p, b);
		else
			p = scan_punct(k, p, b);
	}
}

/*
 * Is the text written one paragraph a line (news feeds, JSON records, text
 * copied from a page) rather than wrapped at a fixed width? Then a line break
 * ends a paragraph, as a blank line does. Wrapped text never has long lines;
 * so a text is taken as unwrapped when more than a third of its lines of 40
 * bytes or more are longer than 100 bytes.
 */
#define WRAP_MIN 40
#define WRAP_MAX 100
static int one_per_line(const char *t, size_t n)
{
	size_t i = 0, lines = 0, longer = 0;

	while (i < n) {
		const char *nl = memchr(t + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - t) : n;

		if (e - i >= WRAP_MIN) {
			lines++;
			longer += e - i > WRAP_MAX;
		}
		i = e + 1;
	}
	return longer * 3 > lines;
}

/* Paragraphs: text between blank lines (or line breaks, one_per_line), trimmed. */
static int find_paragraphs(qasid_doc *doc)
{
	const char *t = doc->text.data;
	size_t n = doc->text.len, i = 0;
	int lines = one_per_line(t, n);

	doc->paragraphs.n = 0;
	while (i < n) {
		size_t s, e, blank_at;
		qasid_span sp;

		while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
			i++;
		if (i == n)
			break;
		s = i;
		e = i;
		for (;;) {
			const char *nl = memchr(t + i, '\n', n - i);

			if (!nl) {
				e = n;
				i = n;
				break;
			}
			e = (size_t)(nl - t);
			blank_at = e + 1;
			while (blank_at < n && (t[blank_at] == ' ' || t[blank_at] == '\t'))
				blank_at++;
			i = e + 1;
			if (lines || blank_at >= n || t[blank_at] == '\n')
				break;
		}
		while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t'))
			e--;
		sp.start = (uint32_t)s;
		sp.end = (uint32_t)e;
		if (VEC_PUSH(&doc->paragraphs, sp))
			return QASID_ENOMEM;
	}
	return QASID_OK;
}

int tok_run(qasid_doc *doc)
{
	tk k = {doc, doc->text.data, doc->text.len, QASID_OK};
	size_t i = 0, n = doc->text.len;

	doc->tokens.n = 0;
	if (!k.t)
		return QASID_OK;
	if (VEC_RESERVE(&doc->tokens, n / 5 + 16))
		return QASID_ENOMEM;
	while (i < n && !k.rc) {
		size_t a;
		int len;

		while (i < n && ch_class(k.t, n, i, &len) == CH_SPACE)
			i += (size_t)len;
		a = i;
		while (i < n && ch_class(k.t, n, i, &len) != CH_SPACE)
			i += (size_t)len;
		if (i > a)
			tokenize_chunk(&k, a, i);
	}
	return k.rc ? k.rc : find_paragraphs(doc);
}
