/* SPDX-License-Identifier: MIT */
/*
 * Actor dictionaries: loading (qasid's format and TABARI/PETRARCH actors and
 * agents files) and matching phrases in a token sequence.
 *
 * Every phrase becomes an entry: its words, a range of codes (each with a
 * date range) and where it was read. A hash table maps the lower-cased first
 * word to a chain of entries; a first word that is a stem (TABARI "ISRAEL"
 * without a trailing underscore, qasid "Afghan*") is also found from any
 * longer token it begins.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"

#include "actors_data.h" /* generated from data/actors-*.txt (see Makefile) */

enum { W_STEM = 1, W_PLURAL = 2, W_CASE = 4 };

typedef struct a_word {
	const char *w; /* lower case, or as written when W_CASE */
	unsigned flags;
} a_word;

typedef struct a_code {
	char code[24];
	int32_t from, to; /* inclusive; INT32_MIN / INT32_MAX when open */
} a_code;

enum { E_ACTOR = 0, E_SUFFIX = 1, E_PREFIX = 2 }; /* agents: ~MIL or IGO~ */

typedef struct a_entry {
	uint32_t word0, n_words;
	uint32_t code0, n_codes;
	uint32_t src;
	uint32_t line;
	uint8_t kind;
	int32_t next; /* chain in the hash table */
} a_entry;

struct qasid_actors {
	arena mem;
	VEC(a_word) words;
	VEC(a_code) codes;
	VEC(a_entry) entries;
	VEC(const char *) srcs;
	int32_t *heads;
	size_t n_heads;
	size_t n_actors, n_agents, n_warnings;
	char warning[256];
};

static uint32_t hash_lower(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 16777619u;
	return h;
}

static int reindex(qasid_actors *a)
{
	size_t i, cap = 64;
	int32_t *h;

	while (cap < a->entries.n * 2)
		cap *= 2;
	h = qs_malloc(cap * sizeof *h);
	if (!h)
		return QASID_ENOMEM;
	for (i = 0; i < cap; i++)
		h[i] = -1;
	for (i = 0; i < a->entries.n; i++) {
		const char *w = a->words.v[a->entries.v[i].word0].w;
		uint32_t k = hash_lower(w, strlen(w)) & (uint32_t)(cap - 1);

		a->entries.v[i].next = h[k];
		h[k] = (int32_t)i;
	}
	qs_free(a->heads);
	a->heads = h;
	a->n_heads = cap;
	return QASID_OK;
}

/* ---- reading ---- */

typedef struct reader {
	qasid_actors *a;
	const char *name;
	long line;
	qasid_err *err;
	const char *end; /* end of the text: messages quote no further */
	uint32_t src;
	/* TABARI: the group of phrases waiting for their codes, and !SUBST! sets. */
	VEC(uint32_t) pending;     /* entry indexes */
	size_t code_mark;          /* codes of the current group start here */
	VEC(char *) subst_names;   /* "!PERSON!" */
	VEC(char *) subst_values;  /* "MAN,MEN,WOMAN" */
} reader;

static int warn(reader *r, const char *fmt, const char *what)
{
	if (!r->a->n_warnings++)
		snprintf(r->a->warning, sizeof r->a->warning, "%s:%ld: %s %s", r->name, r->line, fmt,
		         what);
	return QASID_OK;
}

/* A malformed line: "NAME:LINE: what near '...'" (near: up to the end of the line). */
static int fail(reader *r, const char *what, const char *near)
{
	int nl = 0;

	while (near && near + nl < r->end && near[nl] && near[nl] != '\n' && near[nl] != '\r' &&
	       nl < 40)
		nl++;
	return err_set(r->err, QASID_EFORMAT, r->line, "%s:%ld: %s%s%.*s%s", r->name, r->line, what,
	               near ? " near '" : "", nl, near ? near : "", near ? "'" : "");
}

static int push_word(reader *r, const char *s, size_t n, unsigned flags)
{
	a_word w;
	char *p = ar_strndup(&r->a->mem, s, n);
	size_t i;

	if (!p)
		return QASID_ENOMEM;
	if (!(flags & W_CASE))
		for (i = 0; i < n; i++)
			p[i] = (char)tolower((unsigned char)p[i]);
	w.w = p;
	w.flags = flags;
	return VEC_PUSH(&r->a->words, w);
}

/*
 * Splits a phrase into words as the tokenizer cuts text: on '_' and spaces,
 * and around '-', '(', ')', ',' and '/'. tabari: a word not followed by '_'
 * is a stem (TABARI's rule); else a trailing '*' marks a stem and a word in
 * capitals (two letters or more) must match in capitals. plural: the last
 * word also matches its regular plural.
 */
static int add_phrase(reader *r, const char *s, size_t len, int tabari, int plural, int kind,
                      uint32_t *entry)
{
	qasid_actors *a = r->a;
	a_entry e;
	size_t i = 0, first = a->words.n;
	int rc;

	while (i < len) {
		size_t j = i, k;
		unsigned flags = 0;
		int upper = 1, letters = 0;

		if (s[i] == '_' || s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (evt_oneof(s[i], "-(),/")) {
			if ((rc = push_word(r, s + i, 1, 0)))
				return rc;
			i++;
			continue;
		}
		while (j < len && !evt_oneof(s[j], "_ \t-(),/"))
			j++;
		k = j;
		if (!tabari && k > i && s[k - 1] == '*') {
			flags |= W_STEM;
			k--;
		}
		/* TABARI stems, except words of three letters or fewer ("AU", "KU",
		   "UN"): abbreviations, which would match any word they begin */
		if (tabari && (j >= len || s[j] == ' ' || s[j] == '\t') && k - i > 3)
			flags |= W_STEM;
		if (!tabari) {
			size_t q;

			for (q = i; q < k; q++)
				if (isalpha((unsigned char)s[q])) {
					letters++;
					upper &= isupper((unsigned char)s[q]) != 0;
				}
			if (letters >= 2 && upper)
				flags |= W_CASE;
		}
		if (k > i && (rc = push_word(r, s + i, k - i, flags)))
			return rc;
		i = j;
	}
	if (a->words.n == first)
		return fail(r, "empty phrase", NULL);
	if (plural && !(a->words.v[a->words.n - 1].flags & (W_CASE | W_STEM)))
		a->words.v[a->words.n - 1].flags |= W_PLURAL;
	memset(&e, 0, sizeof e);
	e.word0 = (uint32_t)first;
	e.n_words = (uint32_t)(a->words.n - first);
	e.code0 = (uint32_t)a->codes.n;
	e.src = r->src;
	e.line = (uint32_t)r->line;
	e.kind = (uint8_t)kind;
	e.next = -1;
	if ((rc = VEC_PUSH(&a->entries, e)))
		return rc;
	if (kind == E_ACTOR)
		a->n_actors++;
	else
		a->n_agents++;
	*entry = (uint32_t)(a->entries.n - 1);
	return QASID_OK;
}

/* TABARI dates: YYMMDD (years before 30 are 20YY) or YYYYMMDD. */
static int tabari_date(const char *s, size_t n, int32_t *out)
{
	int v[8], y, i;

	if (n != 6 && n != 8)
		return -1;
	for (i = 0; i < (int)n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v[i] = s[i] - '0';
	}
	if (n == 6) {
		y = v[0] * 10 + v[1];
		y += y < 30 ? 2000 : 1900;
		*out = qasid_date_from_ymd(y, v[2] * 10 + v[3], v[4] * 10 + v[5]);
	} else {
		y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
		*out = qasid_date_from_ymd(y, v[4] * 10 + v[5], v[6] * 10 + v[7]);
	}
	return *out == QASID_NO_DATE ? -1 : 0;
}

/* ISO dates in qasid's format: "2021-08-15". */
static int iso_date(const char *s, size_t n, int32_t *out)
{
	char b[16];

	if (n != 10)
		return -1;
	memcpy(b, s, n);
	b[n] = '\0';
	return qasid_date_parse(b, out) ? -1 : 0;
}

static int valid_code(const char *s, size_t n)
{
	size_t i;

	if (!n || n >= sizeof ((a_code *)0)->code)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !evt_oneof(s[i], "~-+#"))
			return 0;
	return 1;
}

/*
 * One code with its restriction, the text inside [ ]: "AFG", "~MIL",
 * "HOB < 950601", "AFGGOV 19950601 - 19990815", "HOBREB > 990816";
 * qasid: "AFGGOV 2021-08-15..", "AFGINS ..2021-08-14", "X 2001-01-01..2004-12-31".
 * Returns 1 when the code is unusable (a warning for TABARI), <0 on errors.
 */
static int parse_code(reader *r, const char *s, size_t n, int tabari, int *kind)
{
	a_code c;
	size_t i = 0, j, k;
	int (*date)(const char *, size_t, int32_t *) = tabari ? tabari_date : iso_date;
	char rest[64];
	size_t rn = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	j = i;
	while (j < n && !isspace((unsigned char)s[j]) && s[j] != '<' && s[j] != '>')
		j++;
	if (!valid_code(s + i, j - i)) {
		if (tabari) {
			char b[32];

			snprintf(b, sizeof b, "%.*s", (int)(j - i < 24 ? j - i : 24), s + i);
			return warn(r, "bad code", b), 1;
		}
		return fail(r, "bad code", s + i);
	}
	memset(&c, 0, sizeof c);
	for (k = 0; k < j - i; k++)
		c.code[k] = (char)toupper((unsigned char)s[i + k]);
	c.from = INT32_MIN;
	c.to = INT32_MAX;
	*kind = c.code[0] == '~' ? E_SUFFIX : c.code[j - i - 1] == '~' ? E_PREFIX : E_ACTOR;
	for (k = j; k < n && rn + 1 < sizeof rest; k++)
		if (!isspace((unsigned char)s[k]))
			rest[rn++] = s[k];
	rest[rn] = '\0';
	if (rn) {
		int32_t d1, d2;
		char *dash;

		if (tabari && rest[0] == '<') {
			if (date(rest + 1, rn - 1, &d1))
				return warn(r, "bad date restriction", rest), 1;
			c.to = d1 - 1;
		} else if (tabari && rest[0] == '>') {
			if (date(rest + 1, rn - 1, &d1))
				return warn(r, "bad date restriction", rest), 1;
			c.from = d1;
		} else if (!tabari && (dash = strstr(rest, ".."))) {
			size_t a1 = (size_t)(dash - rest), b0 = a1 + 2;

			if ((a1 && date(rest, a1, &c.from)) || (b0 < rn && date(rest + b0, rn - b0, &c.to)) ||
			    (!a1 && b0 == rn))
				return fail(r, "bad date range (want FROM.., ..TO or FROM..TO, dates YYYY-MM-DD)",
				            rest);
		} else if (tabari && (dash = strchr(rest, '-'))) {
			size_t a1 = (size_t)(dash - rest);

			if (date(rest, a1, &d1) || date(dash + 1, rn - a1 - 1, &d2))
				return warn(r, "bad date restriction", rest), 1;
			c.from = d1;
			c.to = d2;
		} else {
			if (tabari)
				return warn(r, "bad date restriction", rest), 1;
			return fail(r, "bad date range (want FROM.., ..TO or FROM..TO, dates YYYY-MM-DD)",
			            rest);
		}
	}
	return VEC_PUSH(&r->a->codes, c);
}

/* Gives the pending TABARI phrases their codes (those read since code_mark). */
static int flush_group(reader *r)
{
	qasid_actors *a = r->a;
	size_t i;
	int kind = E_ACTOR;

	if (r->pending.n && a->codes.n == r->code_mark)
		warn(r, "phrase without a code:", a->words.v[a->entries.v[r->pending.v[0]].word0].w);
	if (a->codes.n > r->code_mark) {
		const char *c = a->codes.v[r->code_mark].code;
		size_t n = strlen(c);

		kind = c[0] == '~' ? E_SUFFIX : n && c[n - 1] == '~' ? E_PREFIX : E_ACTOR;
	}
	for (i = 0; i < r->pending.n; i++) {
		a_entry *e = &a->entries.v[r->pending.v[i]];

		e->code0 = (uint32_t)r->code_mark;
		e->n_codes = (uint32_t)(a->codes.n - r->code_mark);
		if (e->kind != kind) {
			if (e->kind == E_ACTOR)
				a->n_actors--, a->n_agents++;
			else if (kind == E_ACTOR)
				a->n_agents--, a->n_actors++;
			e->kind = (uint8_t)kind;
		}
	}
	r->pending.n = 0;
	r->code_mark = a->codes.n;
	return QASID_OK;
}

/* Expands !NAME! substitution sets, then adds each resulting phrase. */
static int tabari_phrase(reader *r, const char *s, size_t n, int plural, int depth)
{
	size_t i;
	uint32_t e;
	int rc;

	for (i = 0; i < r->subst_names.n && depth < 4; i++) {
		const char *name = r->subst_names.v[i];
		size_t ln = strlen(name);
		const char *hit = NULL, *p;

		for (p = s; p + ln <= s + n; p++)
			if (!memcmp(p, name, ln)) {
				hit = p;
				break;
			}
		if (hit) {
			const char *v = r->subst_values.v[i];

			while (*v) {
				size_t vl = strcspn(v, ","), pre = (size_t)(hit - s), post = n - pre - ln;
				char *b = qs_malloc(pre + vl + post + 1);

				if (!b)
					return QASID_ENOMEM;
				memcpy(b, s, pre);
				memcpy(b + pre, v, vl);
				memcpy(b + pre + vl, hit + ln, post);
				rc = tabari_phrase(r, b, pre + vl + post, plural, depth + 1);
				qs_free(b);
				if (rc)
					return rc;
				v += vl;
				if (*v == ',')
					v++;
			}
			return QASID_OK;
		}
	}
	if ((rc = add_phrase(r, s, n, 1, plural, E_ACTOR, &e)))
		return rc;
	return VEC_PUSH(&r->pending, e);
}

/* Trims a line: leading/trailing space and a '#' comment outside brackets. */
static size_t strip_comment(const char *s, size_t n)
{
	size_t i;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth)
			depth--;
		else if (s[i] == '#' && !depth)
			break;
	}
	while (i && isspace((unsigned char)s[i - 1]))
		i--;
	return i;
}

static int tabari_line(reader *r, const char *s, size_t n)
{
	size_t i = 0, pe;
	int rc, plural = 0, kind;
	const char *br;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	s += i;
	n -= i;
	if (!n)
		return QASID_OK;
	if (s[0] == '!' && memchr(s, '=', n)) { /* !PERSON! = MAN, MEN, WOMAN */
		const char *eq = memchr(s, '=', n);
		size_t nl = (size_t)(eq - s), k, vn = 0;
		char *name, *vals;

		while (nl && isspace((unsigned char)s[nl - 1]))
			nl--;
		name = ar_strndup(&r->a->mem, s, nl);
		vals = ar_alloc(&r->a->mem, n + 1);
		if (!name || !vals)
			return QASID_ENOMEM;
		for (k = (size_t)(eq - s) + 1; k < n; k++)
			if (!isspace((unsigned char)s[k]))
				vals[vn++] = s[k];
		vals[vn] = '\0';
		if ((rc = VEC_PUSH(&r->subst_names, name)) || (rc = VEC_PUSH(&r->subst_values, vals)))
			return rc;
		return QASID_OK;
	}
	if (s[0] != '[' && s[0] != '+' && (rc = flush_group(r)))
		return rc;
	if (s[0] == '+') {
		s++;
		n--;
	}
	/* The phrase runs to the first '[' or '{'. */
	for (pe = 0; pe < n && s[pe] != '[' && s[pe] != '{'; pe++)
		;
	if (pe < n && s[pe] == '{') {
		/* {PLURAL} or {} : no automatic plural, the given one instead. */
		const char *close = memchr(s + pe, '}', n - pe);

		if (!close)
			return fail(r, "'{' without '}'", s + pe);
		plural = 0;
		if (close > s + pe + 1) {
			size_t k = (size_t)(close - s) - pe - 1;
			size_t m = 0;

			while (m < k && isspace((unsigned char)s[pe + 1 + m]))
				m++;
			if (m < k && (rc = tabari_phrase(r, s + pe + 1 + m, k - m, 0, 0)))
				return rc;
		}
		br = memchr(close, '[', n - (size_t)(close - s));
	} else {
		plural = -1; /* decided below: agents get plurals */
		br = pe < n ? s + pe : NULL;
	}
	{
		size_t k = pe;

		while (k && isspace((unsigned char)s[k - 1]))
			k--;
		if (k && (rc = tabari_phrase(r, s, k, plural != 0, 0)))
			return rc;
	}
	while (br) {
		const char *close = memchr(br, ']', n - (size_t)(br - s));

		if (!close)
			return warn(r, "'[' without ']':", ""); /* TABARI files have such typos */
		if ((rc = parse_code(r, br + 1, (size_t)(close - br - 1), 1, &kind)) < 0)
			return rc;
		br = memchr(close, '[', n - (size_t)(close - s));
	}
	return QASID_OK;
}

/* qasid's format: "CODE [RANGE] : phrase | phrase". */
static int qasid_line(reader *r, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n), *p, *end = s + n;
	size_t code_mark = r->a->codes.n, cn, n_phrases = 0;
	int rc, kind;
	uint32_t e;

	if (!colon)
		return fail(r, "want 'CODE [FROM..TO] : phrase | phrase'", s);
	for (cn = (size_t)(colon - s); cn && isspace((unsigned char)s[cn - 1]); cn--)
		;
	{
		/* "AFGGOV [2021-08-15..]" -> code text "AFGGOV 2021-08-15.." */
		char b[96];
		size_t k, bn = 0;

		if (cn >= sizeof b)
			return fail(r, "code too long", s);
		for (k = 0; k < cn; k++)
			if (s[k] != '[' && s[k] != ']')
				b[bn++] = s[k];
		if ((rc = parse_code(r, b, bn, 0, &kind)))
			return rc;
	}
	for (p = colon + 1; p < end;) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *q = bar ? bar : end;

		while (p < q && isspace((unsigned char)*p))
			p++;
		if (q > p) {
			if ((rc = add_phrase(r, p, (size_t)(q - p), 0, 1, kind, &e)))
				return rc;
			r->a->entries.v[e].code0 = (uint32_t)code_mark;
			r->a->entries.v[e].n_codes = 1;
			n_phrases++;
		}
		p = bar ? bar + 1 : end;
	}
	return n_phrases ? QASID_OK : fail(r, "no phrase after ':'", NULL);
}

/* qasid's format is recognised by its first line: "CODE [...] :". */
static int looks_qasid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '~' || s[i] == '-' || s[i] == '+'))
		i++;
	if (!i)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '[') {
		while (i < n && s[i] != ']')
			i++;
		i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	return i < n && s[i] == ':';
}

int qasid_actors_add_text(qasid_actors *a, const char *name, const char *text, size_t len,
                          qasid_err *err)
{
	reader r;
	const char *p = text, *end = text + len;
	int rc = QASID_OK, format = 0, in_comment = 0; /* format 1 qasid, 2 TABARI */
	char *nm;

	memset(&r, 0, sizeof r);
	r.a = a;
	r.name = name;
	r.err = err;
	r.end = text + len;
	r.src = (uint32_t)a->srcs.n;
	r.code_mark = a->codes.n;
	if (!(nm = ar_strndup(&a->mem, name, strlen(name))) || VEC_PUSH(&a->srcs, nm)) {
		rc = QASID_ENOMEM;
		goto out;
	}
	r.name = nm;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), k = 0;
		const char *s = p;

		p = nl ? nl + 1 : end;
		r.line++;
		if (n && s[n - 1] == '\r')
			n--;
		while (k < n && isspace((unsigned char)s[k]))
			k++;
		/* XML-style comments of the PETRARCH files: <!-- ... -->, maybe over lines. */
		if (in_comment || (k + 1 < n && s[k] == '<' && s[k + 1] == '!')) {
			const char *close = NULL, *q;

			for (q = s; q + 3 <= s + n; q++)
				if (!memcmp(q, "-->", 3))
					close = q;
			in_comment = !close;
			continue;
		}
		n = strip_comment(s, n);
		if (k >= n)
			continue;
		if (!format)
			format = looks_qasid(s + k, n - k) ? 1 : 2;
		rc = format == 1 ? qasid_line(&r, s + k, n - k) : tabari_line(&r, s, n);
		if (rc)
			goto out;
	}
	if (format == 2)
		rc = flush_group(&r);
out:
	if (!rc)
		rc = reindex(a);
	else if (rc == QASID_ENOMEM)
		err_set(err, rc, r.line, "%s:%ld: out of memory", name, r.line);
	if (rc && a->entries.n) {
		/* Keep what was read; drop a group left without codes. */
		reindex(a);
	}
	VEC_FREE(&r.pending);
	VEC_FREE(&r.subst_names);
	VEC_FREE(&r.subst_values);
	return rc;
}

int qasid_actors_add_file(qasid_actors *a, const char *path, qasid_err *err)
{
	char *text;
	size_t n;
	int rc = file_read_all(path, &text, &n, err);

	if (rc == QASID_OK)
		rc = qasid_actors_add_text(a, path, text, n, err);
	qs_free(text);
	return rc;
}

int qasid_actors_new(qasid_actors **out, int builtin, qasid_err *err)
{
	qasid_actors *a = qs_malloc(sizeof *a);
	int rc = QASID_OK;

	*out = NULL;
	if (!a)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(a, 0, sizeof *a);
	ar_init(&a->mem);
	if (builtin) {
		if ((rc = qasid_actors_add_text(a, "builtin:actors-countries-en.txt",
		                                (const char *)evt_actors_countries, sizeof evt_actors_countries - 1,
		                                err)) ||
		    (rc = qasid_actors_add_text(a, "builtin:actors-en.txt", (const char *)evt_actors_en,
		                                sizeof evt_actors_en - 1, err))) {
			qasid_actors_free(a);
			return rc;
		}
	} else if ((rc = reindex(a))) {
		qasid_actors_free(a);
		return err_set(err, rc, 0, "out of memory");
	}
	*out = a;
	return QASID_OK;
}

void qasid_actors_free(qasid_actors *a)
{
	if (!a)
		return;
	VEC_FREE(&a->words);
	VEC_FREE(&a->codes);
	VEC_FREE(&a->entries);
	VEC_FREE(&a->srcs);
	qs_free(a->heads);
	ar_fini(&a->mem);
	qs_free(a);
}

void qasid_actors_stats_get(const qasid_actors *a, qasid_actors_stats *s)
{
	memset(s, 0, sizeof *s);
	s->n_actors = a->n_actors;
	s->n_agents = a->n_agents;
	s->n_codes = a->codes.n;
	s->n_files = a->srcs.n;
	s->n_warnings = a->n_warnings;
	memcpy(s->warning, a->warning, sizeof s->warning);
}

const char *qasid_actors_origin(const qasid_actors *a, int32_t id, long *line)
{
	if (id < 0 || (size_t)id >= a->entries.n) {
		*line = 0;
		return NULL;
	}
	*line = (long)a->entries.v[id].line;
	return a->srcs.v[a->entries.v[id].src];
}

/* ---- matching ---- */

/* Does token t match dictionary word w? */
static int word_match(const a_word *w, const char *t)
{
	size_t wl = strlen(w->w), tl = strlen(t), i;

	if (w->flags & W_CASE)
		return !strcmp(w->w, t) || (tl == wl + 1 && !strncmp(w->w, t, wl) && t[wl] == 's');
	if (tl < wl)
		return 0;
	for (i = 0; i < wl; i++)
		if (tolower((unsigned char)t[i]) != (unsigned char)w->w[i])
			return 0;
	if (tl == wl || (w->flags & W_STEM))
		return 1;
	if (!(w->flags & W_PLURAL))
		return 0;
	/* Regular plurals: -s, -es, -y -> -ies, -man -> -men is written out. */
	if (tl == wl + 1 && tolower((unsigned char)t[wl]) == 's')
		return 1;
	if (tl == wl + 2 && evt_is(t + wl, "es"))
		return 1;
	return 0;
}

static int plural_y(const a_word *w, const char *t)
{
	size_t wl = strlen(w->w), tl = strlen(t);

	return (w->flags & W_PLURAL) && wl > 1 && w->w[wl - 1] == 'y' && tl == wl + 2 &&
	       !strncasecmp(t, w->w, wl - 1) && evt_is(t + wl - 1, "ies");
}

/* The code of entry e valid on date, or NULL. */
static const a_code *code_on(const qasid_actors *a, const a_entry *e, int32_t date)
{
	const a_code *best = NULL;
	uint32_t i;

	for (i = 0; i < e->n_codes; i++) {
		const a_code *c = &a->codes.v[e->code0 + i];

		if (date != QASID_NO_DATE) {
			if (date >= c->from && date <= c->to &&
			    (!best || (best->from == INT32_MIN && best->to == INT32_MAX)))
				best = c; /* a dated code that applies beats the default */
		} else if (c->from == INT32_MIN && c->to == INT32_MAX) {
			return c;
		} else if (!best || c->to > best->to) {
			best = c;
		}
	}
	return best;
}

/* Entries under key (a token's prefix, or its singular in -y) that match at words[i]. */
static void scan_chain(const qasid_actors *a, const char *key, size_t kl, const char *const *words,
                       size_t n, size_t i, int32_t date, int32_t *best, size_t *best_len,
                       int32_t *best_to, size_t *best_kl, const a_code **code)
{
	int32_t k;

	for (k = a->heads[hash_lower(key, kl) & (a->n_heads - 1)]; k >= 0; k = a->entries.v[k].next) {
		const a_entry *e = &a->entries.v[k];
		const a_code *c;
		uint32_t j;

		if (e->n_words > n - i || e->n_words < *best_len || strlen(a->words.v[e->word0].w) != kl)
			continue;
		for (j = 0; j < e->n_words; j++) {
			const a_word *w = &a->words.v[e->word0 + j];

			if (!word_match(w, words[i + j]) &&
			    !(j == e->n_words - 1 && plural_y(w, words[i + j])))
				break;
		}
		if (j < e->n_words || !(c = code_on(a, e, date)))
			continue;
		/*
		 * Longer wins; at equal length the longer first word (a stem "AUSTRALIA"
		 * over "AU" for "Australian"; keys come longest first), then the more
		 * recent code (without a date), then the later entry.
		 */
		if (e->n_words > *best_len ||
		    (kl == *best_kl &&
		     (date == QASID_NO_DATE ? c->to > *best_to || (c->to == *best_to && k > *best)
		                            : k > *best))) {
			*best = k;
			*best_len = e->n_words;
			*best_to = c->to;
			*best_kl = kl;
			*code = c;
		}
	}
}

/* The longest entry matching at words[i]: its index and length, or -1. */
static int32_t longest_at(const qasid_actors *a, const char *const *words, size_t n, size_t i,
                          int32_t date, size_t *len, const a_code **code)
{
	const char *t = words[i];
	size_t tl = strlen(t), pl;
	int32_t best = -1, best_to = INT32_MIN;
	size_t best_len = 0, best_kl = 0;

	if (a->n_heads && tl <= 64) {
		for (pl = tl; pl >= 1; pl--)
			scan_chain(a, t, pl, words, n, i, date, &best, &best_len, &best_to, &best_kl, code);
		if (tl > 3 && evt_is(t + tl - 3, "ies")) {
			char y[66];

			memcpy(y, t, tl - 3);
			y[tl - 3] = 'y';
			scan_chain(a, y, tl - 2, words, n, i, date, &best, &best_len, &best_to, &best_kl, code);
		}
	}
	*len = best_len;
	return best;
}

static int is_country(const char *code)
{
	size_t i;

	if (strlen(code) != 3)
		return 0;
	for (i = 0; i < 3; i++)
		if (!isupper((unsigned char)code[i]))
			return 0;
	return 1;
}

/* m->code = actor composed with agent (either may be m->code itself). */
static void compose(qasid_actor_match *m, const char *actor_in, const char *agent_in)
{
	char actor[32], agent[32];
	size_t al, cl;

	snprintf(actor, sizeof actor, "%s", actor_in);
	snprintf(agent, sizeof agent, "%s", agent_in);
	al = strlen(agent);
	cl = strlen(actor);
	if (agent[0] == '~') {
		memcpy(m->code, actor, cl);
		al = al - 1 < sizeof m->code - 1 - cl ? al - 1 : sizeof m->code - 1 - cl;
		memcpy(m->code + cl, agent + 1, al);
		m->code[cl + al] = '\0';
	} else {
		al = al ? al - 1 : 0;
		memcpy(m->code, agent, al);
		cl = cl < sizeof m->code - 1 - al ? cl : sizeof m->code - 1 - al;
		memcpy(m->code + al, actor, cl);
		m->code[al + cl] = '\0';
	}
}

int qasid_actors_match(const qasid_actors *a, const char *const *words, size_t n, int32_t date,
                       qasid_actor_match *out, size_t cap, size_t *n_out)
{
	size_t i = 0, k = 0;
	/* The previous match, kept until we know whether the next one composes with it. */
	qasid_actor_match prev;
	int have_prev = 0;

#define EMIT(m)                           \
	do {                              \
		if (k < cap)              \
			out[k] = (m);     \
		k++;                      \
	} while (0)

	while (i < n) {
		size_t len;
		const a_code *c = NULL;
		int32_t e = longest_at(a, words, n, i, date, &len, &c);
		qasid_actor_match m;

		if (e < 0) {
			/* "Pakistan 's army": the possessive may sit between. */
			if (!(have_prev && evt_is(words[i], "'s") && i == prev.first + prev.n)) {
				if (have_prev && !(evt_in(words[i], (const char *const[]){"of", "from", "in", NULL}) >= 0 &&
				                   prev.kind == QASID_AGENT && i == prev.first + prev.n)) {
					EMIT(prev);
					have_prev = 0;
				}
			}
			i++;
			continue;
		}
		memset(&m, 0, sizeof m);
		m.first = (uint32_t)i;
		m.n = (uint32_t)len;
		m.actor = m.agent = -1;
		if (a->entries.v[e].kind == E_ACTOR) {
			m.kind = QASID_ACTOR;
			m.actor = e;
			snprintf(m.code, sizeof m.code, "%s", c->code);
			m.is_country = is_country(c->code);
		} else {
			m.kind = QASID_AGENT;
			m.agent = e;
			snprintf(m.code, sizeof m.code, "%s", c->code);
		}
		if (have_prev) {
			uint32_t gap = m.first - (prev.first + prev.n);
			int adjacent = gap == 0 || (gap == 1 && evt_is(words[m.first - 1], "'s"));
			int of = gap == 1 && evt_in(words[m.first - 1],
			                            (const char *const[]){"of", "from", "in", NULL}) >= 0;

			if (prev.kind == QASID_ACTOR && prev.is_country && m.kind == QASID_AGENT && adjacent) {
				m.actor = prev.actor;
				m.first = prev.first;
				m.n += prev.n + gap;
				m.kind = QASID_COMPOSED;
				compose(&m, prev.code, m.code);
				have_prev = 0;
			} else if (prev.kind == QASID_AGENT && m.kind == QASID_ACTOR && m.is_country &&
			           (adjacent || of)) {
				/* "army of Pakistan"; also "troops Pakistan" is rare enough. */
				m.agent = prev.agent;
				m.n += prev.n + gap;
				m.first = prev.first;
				m.kind = QASID_COMPOSED;
				compose(&m, m.code, prev.code);
				m.is_country = 0;
				have_prev = 0;
			} else {
				EMIT(prev);
				have_prev = 0;
			}
		}
		if (m.kind == QASID_COMPOSED) {
			m.is_country = 0;
			EMIT(m);
		} else {
			prev = m;
			have_prev = 1;
		}
		i += len;
	}
	if (have_prev)
		EMIT(prev);
	/* Agents left alone: no country known ("police" -> ---COP). */
	{
		size_t j;

		for (j = 0; j < k && j < cap; j++)
			if (out[j].kind == QASID_AGENT)
				compose(&out[j], "---", out[j].code);
	}
#undef EMIT
	*n_out = k;
	return QASID_OK;
}
