/* SPDX-License-Identifier: MIT */
/*
 * Scraping debris: whole lines that are not article body, dropped from the
 * cleaned text and each reported as a QASID_DIAG_DEBRIS on its input span.
 *
 *  - A photo caption that occurs twice or more, at least once with a credit
 *    at its end ("... Waziristan. (photo credit: REUTERS/Fayaz Aziz)"): every
 *    copy goes, the credit reported apart from the caption text.
 *  - A line that ends with a credit parenthesis (or "Credit: X",
 *    "REUTERS/Name") and is short enough to be a caption; a line that is only
 *    a credit ("Photo: X, AP", "(Getty Images)", "X/Getty Images"), or starts
 *    with a caption label ("Image caption ...").
 *  - A long line that occurs exactly twice, word for word (a paragraph
 *    scraped twice, a pull-quote that repeats a paragraph): the second copy
 *    goes. Lines seen three times or more are a template (the same question
 *    to each interviewee, a recipe's list items) and stay.
 *  - Boilerplate lines matched as a whole: "For more stories from X go to
 *    ...", "Read more: ...", "Related: ...", "Click here to ...", "Follow us
 *    on ...", "Advertisement", newsletter sign-ups.
 *  - A pull-quote: a line that is only a quotation ("...") whose words occur
 *    elsewhere in a kept line, with the name line that follows it ("Khawaja
 *    Muhammad Asif"), when that line looks like a name and either sits in the
 *    same paragraph or names someone near the body sentence. A sentence
 *    quoted once is body and stays.
 *
 * Cost: one pass over the lines hashes each one and checks its first and last
 * bytes; the editor runs only when something is dropped. Searches for
 * pull-quotes are bounded by a budget proportional to the text size, so no
 * input goes quadratic.
 */
#include <string.h>

#include "clean.h"
#include "edit.h"

#define DB_NONE UINT32_MAX
#define DB_KEY_MIN 12       /* shortest caption key worth hashing */
#define DB_REPEAT_MIN 40    /* shortest repeated line dropped... */
#define DB_REPEAT_WORDS 6   /* ...and its fewest words */
#define DB_CAPTION_MAX 400  /* longest caption line */
#define DB_LABEL_MAX 300    /* longest "Photo: ..." line */
#define DB_BOILER_MAX 200   /* longest boilerplate line */
#define DB_PAREN_MAX 120    /* longest credit parenthesis */
#define DB_QUOTE_MIN 24     /* shortest pull-quote content... */
#define DB_QUOTE_SPACES 4   /* ...and its fewest spaces */
#define DB_QUOTE_MAX 500    /* longest pull-quote line */
#define DB_NAME_MAX 80      /* longest speaker line */
#define DB_NAME_WINDOW 2000 /* bytes before a body sentence searched for the speaker */

/* What a line is; DB_KEEP lines stay. */
enum {
	DB_KEEP = 0,
	DB_CAPTION_DUP, /* copy of a duplicated caption */
	DB_CAPTION,     /* caption seen once, clearly one */
	DB_CREDIT,      /* a credit and nothing else */
	DB_REPEAT,      /* a later copy of a long line */
	DB_MORE,        /* "For more stories ...", "Read more: ..." */
	DB_BOILER,      /* "Click here ...", "Follow us ...", "Advertisement" */
	DB_PULL,        /* pull-quote */
	DB_SPEAKER      /* the pull-quote's name line */
};

/* Line flags. */
enum {
	DB_BLANK_BEFORE = 1 << 0, /* a blank line or the start of text precedes */
	DB_BLANK_AFTER = 1 << 1,  /* a blank line or the end of text follows */
	DB_HASHED = 1 << 2,       /* key hashed, group valid */
	DB_GROUP_CREDIT = 1 << 3, /* (group head) some copy carries a credit */
	DB_QUOTED = 1 << 4        /* the line is one quotation: pull-quote shape */
};

typedef struct db_line {
	uint32_t from, to; /* the physical line, to past its '\n' */
	uint32_t s, e;     /* its text without surrounding blanks */
	uint32_t key_e;    /* end of the caption key: text before the credit */
	uint32_t credit;   /* start of a trailing credit, e when none */
	uint64_t hash;     /* of [s, key_e) */
	uint32_t group;    /* first line with the same key */
	uint32_t count;    /* (group head) lines with this key */
	uint8_t kind;
	uint8_t flags;
} db_line;

typedef struct db_scan {
	qasid_doc *doc;
	const char *t;
	size_t n;
	db_line *lines;
	size_t n_lines, lines_cap;
	size_t n_hashed, n_drop, n_quoted;
	uint32_t *table;
	size_t budget; /* bytes pull-quote searches may still scan */
} db_scan;

static int db_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int db_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (unsigned char)c >= 0x80;
}

/* Whether byte c is one of set (NUL never is). */
static int db_in(int c, const char *set)
{
	return c != 0 && strchr(set, c) != NULL;
}

/* Blank within a line ('\r' too, for text that skipped normalisation). */
static int db_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int db_upper_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0xC0;
}

/* Whether p[0..len) starts with lowercase pattern pat, ignoring case. */
static int db_prefix(const char *p, size_t len, const char *pat)
{
	size_t i;

	for (i = 0; pat[i]; i++)
		if (i >= len || db_lower((unsigned char)p[i]) != pat[i])
			return 0;
	return 1;
}

/* Whether lowercase word occurs in p[0..len), ignoring case. */
static int db_has(const char *p, size_t len, const char *word)
{
	size_t wl = strlen(word), i;

	for (i = 0; i + wl <= len; i++)
		if (db_lower((unsigned char)p[i]) == word[0] && db_prefix(p + i, len - i, word))
			return 1;
	return 0;
}

static uint64_t db_hash(const char *p, size_t n)
{
	uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)n, w;

	while (n >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w) * UINT64_C(0xC4CEB9FE1A85EC53);
	h ^= h >> 29;
	return h;
}

/* Boilerplate lines, matched at the start of a line, ignoring case. */
enum {
	DB_WORD = 1,  /* the pattern ends a word: a non-letter or the end follows */
	DB_WHOLE = 2, /* the line is the pattern, give or take punctuation */
	DB_NEWS = 4,  /* the line also names a newsletter, channel or inbox */
	DB_SOCIAL = 8, /* the line also names a social network */
	DB_TAG = 16    /* a label: the end or punctuation follows ("Read more: X") */
};

#define DB_PAT(s) s, sizeof s - 1

static const struct {
	const char *pat;
	size_t len;
	uint8_t kind;
	uint8_t how;
} db_boiler_pats[] = {
	{DB_PAT("for more stories"), DB_MORE, DB_WORD},
	{DB_PAT("for more news"), DB_MORE, DB_WORD},
	{DB_PAT("for more from"), DB_MORE, DB_WORD},
	{DB_PAT("for more articles"), DB_MORE, DB_WORD},
	{DB_PAT("for the latest news"), DB_MORE, DB_WORD},
	{DB_PAT("for the latest updates"), DB_MORE, DB_WORD},
	{DB_PAT("read more"), DB_MORE, DB_TAG},
	{DB_PAT("read more about"), DB_MORE, DB_WORD},
	{DB_PAT("read more here"), DB_MORE, DB_WORD},
	{DB_PAT("read more at"), DB_MORE, DB_WORD},
	{DB_PAT("read also"), DB_MORE, DB_TAG},
	{DB_PAT("also read"), DB_MORE, DB_TAG},
	{DB_PAT("read next"), DB_MORE, DB_TAG},
	{DB_PAT("related:"), DB_MORE, 0},
	{DB_PAT("related stories"), DB_MORE, DB_WORD},
	{DB_PAT("related articles"), DB_MORE, DB_WORD},
	{DB_PAT("related coverage"), DB_MORE, DB_WORD},
	{DB_PAT("related content"), DB_MORE, DB_WORD},
	{DB_PAT("related news"), DB_MORE, DB_WORD},
	{DB_PAT("see also:"), DB_MORE, 0},
	{DB_PAT("more on this story"), DB_MORE, DB_WORD},
	{DB_PAT("click here"), DB_BOILER, DB_WORD},
	{DB_PAT("tap here"), DB_BOILER, DB_WORD},
	{DB_PAT("follow us"), DB_BOILER, DB_WORD},
	{DB_PAT("like us on facebook"), DB_BOILER, DB_WORD},
	{DB_PAT("follow "), DB_BOILER, DB_SOCIAL},
	{DB_PAT("continue reading the main story"), DB_BOILER, DB_WHOLE},
	{DB_PAT("story continues below"), DB_BOILER, DB_WORD},
	{DB_PAT("advertisement"), DB_BOILER, DB_WHOLE},
	{DB_PAT("subscribe"), DB_BOILER, DB_WHOLE},
	{DB_PAT("share this article"), DB_BOILER, DB_WHOLE},
	{DB_PAT("sign up"), DB_BOILER, DB_NEWS},
	{DB_PAT("subscribe to"), DB_BOILER, DB_NEWS},
};

/* The kind of boilerplate line p[0..len), or DB_KEEP. */
static int db_boiler(const char *p, size_t len)
{
	static const char *const news[] = {"newsletter", "inbox", "email", "e-mail", "channel",
	                                   "podcast", "alerts"};
	static const char *const social[] = {"twitter", "facebook", "instagram", "telegram",
	                                     "whatsapp", "youtube", "tiktok", "linkedin", " on x"};
	int c0 = db_lower((unsigned char)p[0]);
	size_t i, k;

	if (len > DB_BOILER_MAX || !db_in(c0, "acflmrst"))
		return DB_KEEP;
	for (i = 0; i < sizeof db_boiler_pats / sizeof db_boiler_pats[0]; i++) {
		const char *pat = db_boiler_pats[i].pat;
		unsigned how = db_boiler_pats[i].how;
		size_t pl = db_boiler_pats[i].len;
		int ok = 0;

		if (pat[0] != c0 || !db_prefix(p, len, pat))
			continue;
		if (how & DB_WORD && pl < len && db_alnum((unsigned char)p[pl]))
			continue;
		if (how & DB_TAG) {
			for (k = pl; k < len && p[k] == ' '; k++)
				;
			if (k < len && (db_alnum((unsigned char)p[k]) || db_in(p[k], "\"'")))
				continue;
		}
		if (how & DB_WHOLE) {
			for (k = pl; k < len && !db_alnum((unsigned char)p[k]); k++)
				;
			if (k < len)
				continue;
		}
		if (how & DB_NEWS) {
			for (k = 0; k < sizeof news / sizeof news[0] && !ok; k++)
				ok = db_has(p, len, news[k]);
			if (!ok)
				continue;
		}
		if (how & DB_SOCIAL) {
			for (k = 0; k < sizeof social / sizeof social[0] && !ok; k++)
				ok = db_has(p, len, social[k]);
			if (!ok || len > 160)
				continue;
		}
		return db_boiler_pats[i].kind;
	}
	return DB_KEEP;
}

static size_t db_words(const char *p, size_t len)
{
	size_t w = 0, i;

	for (i = 0; i < len; i++)
		w += p[i] != ' ' && (i == 0 || p[i - 1] == ' ');
	return w;
}

/* Labels that start a line holding a credit or a caption, not body text. */
static const struct {
	const char *pat;
	uint8_t kind;
} db_labels[] = {
	{"photo:", DB_CREDIT},          {"photos:", DB_CREDIT},
	{"photo credit", DB_CREDIT},    {"photo by ", DB_CREDIT},
	{"photograph:", DB_CREDIT},     {"photograph by ", DB_CREDIT},
	{"picture:", DB_CREDIT},        {"pictures:", DB_CREDIT},
	{"image:", DB_CREDIT},          {"images:", DB_CREDIT},
	{"image credit", DB_CREDIT},    {"image copyright", DB_CREDIT},
	{"image source", DB_CREDIT},    {"main image credit", DB_CREDIT},
	{"credit:", DB_CREDIT},         {"credits:", DB_CREDIT},
	{"image caption", DB_CAPTION},  {"photo caption", DB_CAPTION},
	{"caption:", DB_CAPTION},       {"file photo:", DB_CAPTION},
};

/*
 * The kind of a line p[0..len) made of a credit or a labelled caption. A
 * credit label before a sentence ("Image: Mourinho, left, has replaced ...")
 * labels a caption.
 */
static int db_label(const char *p, size_t len)
{
	int c0 = db_lower((unsigned char)p[0]);
	size_t i;

	if (len > DB_LABEL_MAX)
		return DB_KEEP;
	if (c0 == 'p' || c0 == 'i' || c0 == 'c' || c0 == 'm' || c0 == 'f') {
		for (i = 0; i < sizeof db_labels / sizeof db_labels[0]; i++)
			if (db_labels[i].pat[0] == c0 && db_prefix(p, len, db_labels[i].pat))
				return db_labels[i].kind == DB_CREDIT && db_words(p, len) > 8
				               ? DB_CAPTION
				               : db_labels[i].kind;
	}
	/* "Sakib Ali/Hindustan Times/Getty Images", "REUTERS/Fayaz Aziz". */
	if (len <= 100 && len >= 12 && db_prefix(p + len - 12, 12, "getty images"))
		return DB_CREDIT;
	if (len <= 60 && ((len > 8 && !memcmp(p, "REUTERS/", 8)) || db_prefix(p, len, "ap photo/")))
		return DB_CREDIT;
	return DB_KEEP;
}

/* Whether p[0..len), the inside of a parenthesis, is a photo credit. */
static int db_credit_text(const char *p, size_t len)
{
	static const char *const starts[] = {
		"photo:", "photo credit", "photo by", "photo/", "photo courtesy", "photos:",
		"photos by", "photograph:", "photograph by", "image:", "image credit", "image by",
		"image courtesy", "image copyright", "image source", "images:", "picture:",
		"picture credit", "picture by", "pictures:", "pic:", "credit:", "credits:",
		"file photo", "ap photo", "courtesy", "illustration:", "illustration by",
		"reuters/", "afp/", "epa/", "getty"};
	static const char *const inside[] = {"getty images", "/getty", "ap photo", "/reuters",
	                                     "reuters/", "/afp", "afp via", "/epa", "epa-efe",
	                                     "shutterstock", "photo credit", "photo by"};
	size_t i;

	while (len && *p == ' ') {
		p++;
		len--;
	}
	if (len == 0 || len > DB_PAREN_MAX)
		return 0;
	for (i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (db_prefix(p, len, starts[i]))
			return 1;
	for (i = 0; i < sizeof inside / sizeof inside[0]; i++)
		if (db_has(p, len, inside[i]))
			return 1;
	return 0;
}

/*
 * Start of a credit at the end of t[s..e): "(photo credit: X)", "(AP
 * Photo/X)" with maybe a period after, "Credit: X" or "REUTERS/Name". Returns
 * e when there is none.
 */
static uint32_t db_credit(const char *t, uint32_t s, uint32_t e)
{
	uint32_t q = e, i, lim;

	if (q > s && t[q - 1] == '.')
		q--;
	if (q - s < 3)
		return e;
	if (t[q - 1] == ')') {
		lim = q - s > DB_PAREN_MAX + 2 ? q - DB_PAREN_MAX - 2 : s;
		for (i = q - 1; i > lim; i--) {
			if (t[i - 1] == ')')
				return e;
			if (t[i - 1] == '(')
				return db_credit_text(t + i, q - 1 - i) ? i - 1 : e;
		}
		return e;
	}
	if (!db_alnum((unsigned char)t[q - 1]))
		return e;
	/* "... treatment Credit: Getty - Contributor", "... 2019. REUTERS/Name" */
	lim = e - s > 80 ? e - 80 : s;
	for (i = e; i-- > lim;) {
		if (t[i] == 'C' && i > s && ((e - i >= 8 && !memcmp(t + i, "Credit:", 7)) ||
		                             (e - i >= 10 && !memcmp(t + i, "Credit...", 9))))
			return i;
		if (t[i] == 'R' && e - i >= 9 && !memcmp(t + i, "REUTERS/", 8) && i > s &&
		    t[i - 1] == ' ')
			return i;
		/* A sentence ends after it ("word. More"): not a trailing credit. */
		if (t[i] == '.' && i + 1 < e && t[i + 1] == ' ' && i >= s + 2 &&
		    t[i - 1] >= 'a' && t[i - 1] <= 'z' && db_alnum((unsigned char)t[i - 2]) &&
		    !(i >= s + 8 && !memcmp(t + i - 8, "Credit...", 9)))
			return e;
	}
	return e;
}

/* Pull-quote shape: the line is one quotation. Sets its content [*cs, *ce). */
static int db_quoted(const char *t, uint32_t s, uint32_t e, uint32_t *cs, uint32_t *ce)
{
	uint32_t q = e, a, b, spaces = 0, i;

	if (e - s > DB_QUOTE_MAX || t[s] != '"')
		return 0;
	while (q > s + 1 && (t[q - 1] == '.' || t[q - 1] == ','))
		q--;
	if (t[q - 1] != '"' || q - 1 <= s)
		return 0;
	if (memchr(t + s + 1, '"', q - 2 - s))
		return 0;
	a = s + 1;
	b = q - 1;
	while (a < b && (t[a] == ' ' || t[a] == '.'))
		a++;
	while (b > a && db_in(t[b - 1], " .,;:!?"))
		b--;
	for (i = a; i < b; i++)
		spaces += t[i] == ' ';
	if (b - a < DB_QUOTE_MIN || spaces < DB_QUOTE_SPACES)
		return 0;
	*cs = a;
	*ce = b;
	return 1;
}

/* Splits the text into lines and classifies each on its own. */
static int db_lines(db_scan *sc)
{
	const char *t = sc->t;
	size_t n = sc->n, pos = 0;
	int blank = 1; /* the previous physical line was blank (or none) */

	while (pos < n) {
		const char *nl = memchr(t + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - t) : n, s = pos, e = end;
		db_line *l;
		uint32_t cs, ce;

		while (s < e && db_blank(t[s]))
			s++;
		while (e > s && db_blank(t[e - 1]))
			e--;
		if (s == e) {
			blank = 1;
			pos = nl ? end + 1 : n;
			continue;
		}
		if (sc->n_lines == sc->lines_cap &&
		    vec_grow((void **)&sc->lines, &sc->lines_cap, sc->n_lines + 1, sizeof *l))
			return QASID_ENOMEM;
		l = &sc->lines[sc->n_lines++];
		memset(l, 0, sizeof *l);
		l->from = (uint32_t)pos;
		l->to = (uint32_t)(nl ? end + 1 : n);
		l->s = (uint32_t)s;
		l->e = (uint32_t)e;
		l->credit = l->key_e = (uint32_t)e;
		l->group = DB_NONE;
		if (blank)
			l->flags |= DB_BLANK_BEFORE;
		blank = 0;
		pos = l->to;

		l->kind = (uint8_t)db_boiler(t + s, e - s);
		if (l->kind == DB_KEEP)
			l->kind = (uint8_t)db_label(t + s, e - s);
		if (l->kind != DB_KEEP) {
			sc->n_drop++;
			continue;
		}
		if (db_quoted(t, l->s, l->e, &cs, &ce)) {
			l->flags |= DB_QUOTED;
			sc->n_quoted++;
		}
		l->credit = db_credit(t, l->s, l->e);
		if (l->credit < l->e && l->e - l->s <= DB_CAPTION_MAX) {
			uint32_t k = l->credit;

			while (k > l->s && db_blank(t[k - 1]))
				k--;
			if (k == l->s) {
				l->kind = DB_CREDIT;
				sc->n_drop++;
				continue;
			}
			l->kind = DB_CAPTION; /* unless a duplicate says more */
			sc->n_drop++;
		} else {
			l->credit = l->e;
		}
		/* The key: caption text without its credit and final period. */
		l->key_e = l->credit;
		while (l->key_e > l->s && db_in(t[l->key_e - 1], " \t."))
			l->key_e--;
		if (l->key_e - l->s >= DB_KEY_MIN) {
			l->hash = db_hash(t + l->s, l->key_e - l->s);
			l->flags |= DB_HASHED;
			sc->n_hashed++;
		}
	}
	for (pos = 0; pos < sc->n_lines; pos++)
		if (pos + 1 == sc->n_lines || sc->lines[pos + 1].flags & DB_BLANK_BEFORE)
			sc->lines[pos].flags |= DB_BLANK_AFTER;
	return QASID_OK;
}

/* Groups lines by key; drops duplicated captions and repeated lines. */
static int db_groups(db_scan *sc)
{
	const char *t = sc->t;
	size_t cap = 16, mask, i;

	if (sc->n_hashed < 2)
		return QASID_OK;
	while (cap < sc->n_hashed * 2)
		cap <<= 1;
	mask = cap - 1;
	sc->table = qs_malloc(cap * sizeof *sc->table);
	if (!sc->table)
		return QASID_ENOMEM;
	memset(sc->table, 0xFF, cap * sizeof *sc->table);
	for (i = 0; i < sc->n_lines; i++) {
		db_line *l = &sc->lines[i], *h;
		size_t slot = (size_t)(l->hash ^ (l->hash >> 31)) & mask, klen = l->key_e - l->s;

		if (!(l->flags & DB_HASHED))
			continue;
		for (;; slot = (slot + 1) & mask) {
			if (sc->table[slot] == DB_NONE) {
				sc->table[slot] = (uint32_t)i;
				l->group = (uint32_t)i;
				break;
			}
			h = &sc->lines[sc->table[slot]];
			if (h->hash == l->hash && h->key_e - h->s == klen &&
			    !memcmp(t + h->s, t + l->s, klen)) {
				l->group = sc->table[slot];
				break;
			}
		}
		h = &sc->lines[l->group];
		h->count++;
		if (l->credit < l->e)
			h->flags |= DB_GROUP_CREDIT;
	}
	for (i = 0; i < sc->n_lines; i++) {
		db_line *l = &sc->lines[i], *h;

		if (!(l->flags & DB_HASHED))
			continue;
		h = &sc->lines[l->group];
		if (h->count < 2)
			continue;
		if (h->flags & DB_GROUP_CREDIT && l->e - l->s <= DB_CAPTION_MAX) {
			if (l->kind == DB_KEEP)
				sc->n_drop++;
			l->kind = DB_CAPTION_DUP;
		} else if (l->kind == DB_KEEP && l->group != i && h->count == 2 &&
		           l->key_e - l->s >= DB_REPEAT_MIN &&
		           db_words(t + l->s, l->key_e - l->s) >= DB_REPEAT_WORDS) {
			l->kind = DB_REPEAT;
			sc->n_drop++;
		}
	}
	return QASID_OK;
}

/* Index of the line holding text byte off (which lies in some line). */
static size_t db_line_at(const db_scan *sc, size_t off)
{
	size_t lo = 0, hi = sc->n_lines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (sc->lines[mid].s <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Charges len bytes of searching to the budget; 0 once it is spent. */
static int db_spend(db_scan *sc, size_t len)
{
	if (len > sc->budget) {
		sc->budget = 0;
		return 0;
	}
	sc->budget -= len;
	return 1;
}

/*
 * Finds t[cs..ce) as whole words in a kept line other than line li. Returns
 * that line's index, or DB_NONE.
 */
static uint32_t db_find_body(db_scan *sc, size_t li, uint32_t cs, uint32_t ce)
{
	const char *t = sc->t;
	size_t len = ce - cs, pass;

	for (pass = 0; pass < 2; pass++) {
		size_t pos = pass ? sc->lines[li].to : 0;
		size_t end = pass ? sc->n : sc->lines[li].from;

		while (pos + len <= end) {
			const char *p = memmem(t + pos, end - pos, t + cs, len);
			size_t off, j;

			if (!db_spend(sc, p ? (size_t)(p - t) + len - pos : end - pos))
				return DB_NONE;
			if (!p)
				break;
			off = (size_t)(p - t);
			j = db_line_at(sc, off);
			if (sc->lines[j].kind != DB_KEEP) {
				pos = sc->lines[j].to;
				continue;
			}
			if ((off > 0 && db_alnum((unsigned char)t[off - 1])) ||
			    (off + len < sc->n && db_alnum((unsigned char)t[off + len]))) {
				pos = off + 1;
				continue;
			}
			return (uint32_t)j;
		}
	}
	return DB_NONE;
}

/* Where the name of a speaker line starts, or DB_NONE when it is no name. */
static uint32_t db_name(const char *t, const db_line *l)
{
	static const char *const particles[] = {"bin", "ibn", "al", "el", "de", "da", "di",
	                                        "van", "von", "der", "la", "le", "du"};
	uint32_t s = l->s, e = l->e, i, w, words = 0;

	while (s < e && (t[s] == '-' || t[s] == ' '))
		s++;
	if (e - s < 3 || e - s > DB_NAME_MAX || !db_upper_start((unsigned char)t[s]))
		return DB_NONE;
	if (memchr(t + s, '"', e - s) || db_in(t[e - 1], ".!?:;"))
		return DB_NONE;
	/* The name is the part before a comma: capitalised words and particles. */
	for (i = w = s; i <= e; i++) {
		size_t k, ok, wl = i - w;

		if (i < e && t[i] != ' ' && t[i] != ',')
			continue;
		if (wl > 0) {
			words++;
			ok = db_upper_start((unsigned char)t[w]) || db_prefix(t + w, wl, "al-") ||
			     db_prefix(t + w, wl, "el-");
			for (k = 0; !ok && k < sizeof particles / sizeof particles[0]; k++)
				ok = wl == strlen(particles[k]) && !memcmp(t + w, particles[k], wl);
			if (!ok || words > 6)
				return DB_NONE;
		}
		if (i < e && t[i] == ',')
			break;
		w = i + 1;
	}
	return words ? s : DB_NONE;
}

/*
 * Whether a capitalised word of the name t[s..e) of line nl (before any
 * comma) occurs in the body line b or the DB_NAME_WINDOW bytes before it,
 * outside line nl.
 */
static int db_name_near(db_scan *sc, uint32_t s, uint32_t e, const db_line *nl, const db_line *b)
{
	const char *t = sc->t;
	size_t from = b->s > DB_NAME_WINDOW ? b->s - DB_NAME_WINDOW : 0, i, w = s;

	for (i = s; i <= e; i++) {
		size_t wl;

		if (i < e && t[i] != ' ' && t[i] != ',')
			continue;
		wl = i - w;
		if (wl >= 2 && t[w + wl - 2] == '\'' && t[w + wl - 1] == 's')
			wl -= 2;
		if (wl >= 3 && db_upper_start((unsigned char)t[w])) {
			size_t pos = from;
			const char *p;

			while (pos < b->e && db_spend(sc, b->e - pos) &&
			       (p = memmem(t + pos, b->e - pos, t + w, wl))) {
				size_t off = (size_t)(p - t);

				if ((off == 0 || !db_alnum((unsigned char)t[off - 1])) &&
				    (off + wl >= sc->n || !db_alnum((unsigned char)t[off + wl])) &&
				    (off < nl->from || off >= nl->to))
					return 1;
				pos = off + 1;
			}
		}
		if (i < e && t[i] == ',')
			break;
		w = i + 1;
	}
	return 0;
}

/* Drops lines that are quotations repeating a kept line, and their name lines. */
static void db_pullquotes(db_scan *sc)
{
	const char *t = sc->t;
	size_t i;

	if (!sc->n_quoted)
		return;
	sc->budget = 16 * sc->n + (1u << 20);
	for (i = 0; i < sc->n_lines && sc->budget; i++) {
		db_line *l = &sc->lines[i], *nx;
		uint32_t cs, ce, body, name;

		if (!(l->flags & DB_QUOTED) || l->kind != DB_KEEP)
			continue;
		db_quoted(t, l->s, l->e, &cs, &ce);
		body = db_find_body(sc, i, cs, ce);
		if (body == DB_NONE)
			continue;
		l->kind = DB_PULL;
		sc->n_drop++;
		if (i + 1 == sc->n_lines)
			continue;
		nx = &sc->lines[i + 1];
		if (nx->kind != DB_KEEP || !(nx->flags & DB_BLANK_AFTER))
			continue;
		name = db_name(t, nx);
		if (name == DB_NONE)
			continue;
		/* Its own paragraph: it must name someone near the body sentence. */
		if (nx->flags & DB_BLANK_BEFORE &&
		    !db_name_near(sc, name, nx->e, nx, &sc->lines[body]))
			continue;
		nx->kind = DB_SPEAKER;
		sc->n_drop++;
	}
}

static int db_diag(db_scan *sc, uint32_t s, uint32_t e, const char *what)
{
	qasid_doc *d = sc->doc;
	uint32_t a = d->src_start.v[s], b = d->src_end.v[e - 1];

	return doc_diag(d, QASID_DIAG_DEBRIS, a, b < a ? a : b, what);
}

/* Reports one dropped line. */
static int db_report(db_scan *sc, const db_line *l)
{
	static const char *const what[] = {
		[DB_CAPTION_DUP] = "duplicated photo caption",
		[DB_CAPTION] = "photo caption",
		[DB_CREDIT] = "photo credit",
		[DB_REPEAT] = "repeated line",
		[DB_MORE] = "more-stories line",
		[DB_BOILER] = "boilerplate line",
		[DB_PULL] = "pull-quote",
		[DB_SPEAKER] = "pull-quote speaker line",
	};
	uint32_t k = l->credit;
	int rc;

	if (k < l->e && (l->kind == DB_CAPTION_DUP || l->kind == DB_CAPTION)) {
		while (k > l->s && db_blank(sc->t[k - 1]))
			k--;
		rc = db_diag(sc, l->s, k, what[l->kind]);
		return rc ? rc : db_diag(sc, l->credit, l->e, "photo credit");
	}
	return db_diag(sc, l->s, l->e, what[l->kind]);
}

/*
 * Writes the text without the dropped lines. A dropped line goes with its
 * line break; when dropped lines make up a whole paragraph, the blank lines
 * after it go too, so no run of blank lines is left behind.
 */
static int db_apply(db_scan *sc)
{
	size_t pos = 0, i;
	int para_start = 0; /* the line follows a blank or only dropped lines of its paragraph */
	ed e;
	int rc = QASID_OK, end_rc;

	ed_begin(&e, sc->doc);
	for (i = 0; i < sc->n_lines && !e.rc; i++) {
		const db_line *l = &sc->lines[i];
		size_t to = l->to;

		if (l->flags & DB_BLANK_BEFORE)
			para_start = 1;
		if (l->kind == DB_KEEP) {
			para_start = 0;
			continue;
		}
		if (para_start && l->flags & DB_BLANK_AFTER)
			to = i + 1 < sc->n_lines ? sc->lines[i + 1].from : sc->n;
		rc = db_report(sc, l);
		if (rc)
			break;
		ed_copy(&e, pos, l->from);
		ed_drop(&e, l->from, to);
		pos = to;
	}
	ed_copy(&e, pos, sc->n); /* even after a failed report, so the text stays whole */
	end_rc = ed_end(&e);
	return rc ? rc : end_rc;
}

int clean_debris(qasid_doc *doc)
{
	db_scan sc;
	int rc;

	memset(&sc, 0, sizeof sc);
	sc.doc = doc;
	sc.t = doc->text.data;
	sc.n = doc->text.len;
	if (sc.n == 0 || !sc.t)
		return QASID_OK;
	rc = db_lines(&sc);
	if (rc == QASID_OK)
		rc = db_groups(&sc);
	if (rc == QASID_OK)
		db_pullquotes(&sc);
	if (rc == QASID_OK && sc.n_drop)
		rc = db_apply(&sc);
	qs_free(sc.table);
	qs_free(sc.lines);
	return rc;
}
