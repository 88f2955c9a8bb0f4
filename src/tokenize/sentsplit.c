/* SPDX-License-Identifier: MIT */
/*
 * Sentence splitting over tokens. A sentence ends:
 *  - after . ! ? or an ellipsis, with any closing quotes and brackets that
 *    touch it, when the next token can start a sentence (a capital, a digit,
 *    an opening quote or bracket) or a line ends there;
 *  - after an abbreviation when a common sentence starter follows or the
 *    paragraph ends (its period then becomes a token of its own, as in EWT);
 *  - at a paragraph break, always;
 *  - at a line break after a line with no final punctuation when the next
 *    line starts with a capital (headlines, captions, bylines);
 *  - after a dateline such as "WASHINGTON (Reuters) -".
 * A title ("Lt.", "Brig.-Gen.") and an initial never end a sentence.
 */
#include <string.h>

#include "chars.h"
#include "tokenize.h"

typedef struct sp {
	qasid_doc *doc;
	const char *t;
} sp;

static const char *tok_s(const sp *s, size_t i)
{
	return s->t + s->doc->tokens.v[i].start;
}

static size_t tok_n(const sp *s, size_t i)
{
	return s->doc->tokens.v[i].end - s->doc->tokens.v[i].start;
}

static int tok_is_n(const sp *s, size_t i, const char *w, size_t n)
{
	return tok_n(s, i) == n && memcmp(tok_s(s, i), w, n) == 0;
}

/* Token i is the string literal w. */
#define tok_is(s, i, w) tok_is_n((s), (i), "" w, sizeof(w) - 1)

/* Newlines in the gap between token i and token i + 1 (2 = blank line). */
static int gap_newlines(const sp *s, size_t i)
{
	const qasid_span *tk = s->doc->tokens.v;
	uint32_t a = tk[i].end, b = i + 1 < s->doc->tokens.n ? tk[i + 1].start
	                                                      : (uint32_t)s->doc->text.len;
	int nl = 0;

	for (; a < b; a++)
		if (s->t[a] == '\n')
			nl++;
	return nl > 2 ? 2 : nl;
}

static int touches_next(const sp *s, size_t i)
{
	return i + 1 < s->doc->tokens.n && s->doc->tokens.v[i].end == s->doc->tokens.v[i + 1].start;
}

static int is_final_punct(const sp *s, size_t i)
{
	const char *w = tok_s(s, i);
	size_t n = tok_n(s, i), k;

	for (k = 0; k < n; k++)
		if (w[k] != '.' && w[k] != '!' && w[k] != '?')
			return 0;
	return n > 0;
}

static int is_closer(const sp *s, size_t i)
{
	return tok_is(s, i, "\"") || tok_is(s, i, "'") || tok_is(s, i, ")") || tok_is(s, i, "]");
}

/* The first character of token i is an upper-case letter (any script). */
static int starts_upper(const sp *s, size_t i)
{
	const unsigned char *w = (const unsigned char *)tok_s(s, i);
	int32_t cp;

	if (w[0] < 0x80)
		return ch_upper_ascii((char)w[0]);
	if (utf8_decode(w, tok_n(s, i), &cp) <= 0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
	       utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

/* Token i can open a sentence. */
static int can_start(const sp *s, size_t i)
{
	char c = tok_s(s, i)[0];

	if (starts_upper(s, i) || (c >= '0' && c <= '9'))
		return 1;
	if (strchr("\"'([{*#-", c) && !is_final_punct(s, i))
		return 1;
	if ((unsigned char)c >= 0x80 && !ch_lower_ascii(c))
		return !ch_lower_ascii(c); /* other scripts have no case */
	return tok_is(s, i, "i");
}

/* Token i ends with a period that belongs to an abbreviation ("etc.", "U.S."). */
static int is_abbrev_tok(const sp *s, size_t i)
{
	size_t n = tok_n(s, i);

	return n > 1 && tok_s(s, i)[n - 1] == '.' && !is_final_punct(s, i);
}

/* Abbreviations that rarely precede a capitalised word inside a sentence. */
static int ends_often(const sp *s, size_t i)
{
	static const char *const w[] = {"etc.", "Inc.", "Ltd.", "Corp.", "Bros.", "Esq.", "Co."};
	size_t k;

	for (k = 0; k < sizeof w / sizeof w[0]; k++)
		if (tok_is_n(s, i, w[k], strlen(w[k])))
			return 1;
	return 0;
}

/*
 * A title or an initial, which a name follows. An initial before a common
 * sentence starter ends a sentence all the same: "World War I. But ...".
 */
static int is_title_or_initial(const sp *s, size_t i)
{
	const char *w = tok_s(s, i);
	size_t n = tok_n(s, i);

	if (n == 2 && ch_upper_ascii(w[0]))
		return i + 1 >= s->doc->tokens.n ||
		       !tok_is_starter(tok_s(s, i + 1), tok_n(s, i + 1));
	if (n > 2 && w[n - 2] != '.' && memchr(w, '-', n)) /* Brig.-Gen. */
		return 1;
	return tok_is_title_abbrev(w, n - 1);
}

/* The line that ends after token i has no final punctuation and is short. */
static int headline_end(const sp *s, size_t i)
{
	uint32_t end = s->doc->tokens.v[i].end, b = end;

	while (b > 0 && s->t[b - 1] != '\n')
		b--;
	if (is_final_punct(s, i) || tok_is(s, i, ",") || tok_is(s, i, ";"))
		return 0;
	return end - b < 100;
}

/* A dateline: the sentence so far is "CAPS (Source) -" or "CAPS, Place (Source) -". */
static int dateline_end(const sp *s, size_t first, size_t i)
{
	size_t k;
	int open = 0, close = 0;

	if (!(tok_is(s, i, "-") || tok_is(s, i, "--")) || i < first + 3 || i - first > 12 ||
	    !tok_is(s, i - 1, ")"))
		return 0;
	for (k = 0; k < tok_n(s, first); k++)
		if (ch_lower_ascii(tok_s(s, first)[k]))
			return 0;
	for (k = first; k < i; k++) {
		open += tok_is(s, k, "(");
		close += tok_is(s, k, ")");
	}
	return open == 1 && close == 1 && tok_n(s, first) >= 2;
}

static int is_ellipsis(const sp *s, size_t i)
{
	return tok_n(s, i) >= 2 && tok_s(s, i)[0] == '.' && tok_s(s, i)[1] == '.';
}

static int is_lower_word(const sp *s, size_t i)
{
	return ch_lower_ascii(tok_s(s, i)[0]);
}

static int is_emoticon(const sp *s, size_t i)
{
	const char *w = tok_s(s, i);

	return tok_n(s, i) >= 2 && tok_n(s, i) <= 3 && (w[0] == ':' || w[0] == ';') &&
	       strchr(")(DP", w[tok_n(s, i) - 1]);
}

/* A rule line such as "***", "=====" or "_____": a sentence of its own. */
static int is_rule(const sp *s, size_t i)
{
	const char *w = tok_s(s, i);
	size_t n = tok_n(s, i), k;

	if (n < 3)
		return 0;
	for (k = 0; k < n; k++)
		if (!ch_is_rule(w[k]) || w[k] == '<' || w[k] == '>')
			return 0;
	return 1;
}

/* The sentence so far is a closing such as "Thanks," or "Regards,". */
static int salutation_end(const sp *s, size_t first, size_t i)
{
	static const char *const w[] = {"Thanks", "Regards", "Sincerely", "Cheers", "Best",
	                                "Thank you", "Hi", "Hello", "Dear"};
	size_t k;

	if (i != first + 1 || !(tok_is(s, i, ",") || tok_is(s, i, ":")) || i + 1 >= s->doc->tokens.n ||
	    !starts_upper(s, i + 1))
		return 0;
	if (tok_is(s, i, ":") && starts_upper(s, first)) /* "All:", "Jill:" opening a message */
		return 1;
	for (k = 0; k < sizeof w / sizeof w[0]; k++)
		if (tok_is_n(s, first, w[k], strlen(w[k])))
			return 1;
	return 0;
}

static int is_digits_with(const sp *s, size_t i, char sepc, int min_parts)
{
	const char *w = tok_s(s, i);
	size_t n = tok_n(s, i), k;
	int parts = 1;

	if (!n || w[0] < '0' || w[0] > '9')
		return 0;
	for (k = 0; k < n; k++) {
		if (w[k] == sepc)
			parts++;
		else if (w[k] < '0' || w[k] > '9')
			return 0;
	}
	return parts >= min_parts;
}

/* "04/26/2001 07:17 AM" ends here (e-mail headers). */
static int clock_end(const sp *s, size_t i)
{
	return i >= 2 && i + 1 < s->doc->tokens.n && (tok_is(s, i, "AM") || tok_is(s, i, "PM")) &&
	       is_digits_with(s, i - 1, ':', 2) && is_digits_with(s, i - 2, '/', 3);
}

/* A date and time start here after a name: "Kay Mann 04/26/2001 07:17 AM". */
static int date_starts(const sp *s, size_t i)
{
	return i >= 1 && i + 1 < s->doc->tokens.n && is_digits_with(s, i, '/', 3) &&
	       is_digits_with(s, i + 1, ':', 2) && (starts_upper(s, i - 1) || tok_is(s, i - 1, ">"));
}

/* Splits the final period off token i, making it token i + 1. */
static int split_period(qasid_doc *doc, size_t i)
{
	qasid_span dot;

	if (VEC_RESERVE(&doc->tokens, doc->tokens.n + 1))
		return QASID_ENOMEM;
	dot.end = doc->tokens.v[i].end;
	dot.start = dot.end - 1;
	doc->tokens.v[i].end--;
	memmove(doc->tokens.v + i + 2, doc->tokens.v + i + 1,
	        (doc->tokens.n - i - 1) * sizeof *doc->tokens.v);
	doc->tokens.v[i + 1] = dot;
	doc->tokens.n++;
	return QASID_OK;
}

static int push_sentence(qasid_doc *doc, size_t first, size_t last)
{
	qasid_sentence st;

	st.span.start = doc->tokens.v[first].start;
	st.span.end = doc->tokens.v[last].end;
	st.first_token = (uint32_t)first;
	st.n_tokens = (uint32_t)(last - first + 1);
	return VEC_PUSH(&doc->sentences, st);
}

int tok_split_sentences(qasid_doc *doc)
{
	sp s = {doc, doc->text.data};
	size_t i, first = 0;

	doc->sentences.n = 0;
	for (i = 0; i < doc->tokens.n; i++) {
		size_t last = i, nx;
		int end = 0, nl;

		if (is_final_punct(&s, i)) {
			/* Closing quotes and brackets that touch the punctuation join it. */
			while (last + 1 < doc->tokens.n && touches_next(&s, last) && is_closer(&s, last + 1))
				last++;
			nx = last + 1;
			if (nx >= doc->tokens.n || gap_newlines(&s, last) > 0)
				end = 1;
			else if (!touches_next(&s, last) && (can_start(&s, nx) || (last == i && !is_ellipsis(&s, i) &&
			                                                           is_lower_word(&s, nx))))
				end = 1;
			else if (tok_is(&s, i, "?") && i > first && tok_is(&s, i - 1, ":") && touches_next(&s, i - 1))
				end = 0; /* "Fax:?" is debris of a lost character */
		} else if (is_abbrev_tok(&s, i) && !is_title_or_initial(&s, i)) {
			nx = i + 1;
			if (nx >= doc->tokens.n || gap_newlines(&s, i) == 2 ||
			    (gap_newlines(&s, i) == 1 && can_start(&s, nx)) ||
			    (!touches_next(&s, i) && (tok_is_starter(tok_s(&s, nx), tok_n(&s, nx)) ||
			                              (ends_often(&s, i) && starts_upper(&s, nx))))) {
				if (split_period(doc, i))
					return QASID_ENOMEM;
				last = i + 1;
				end = 1;
			}
		} else if (dateline_end(&s, first, i) || salutation_end(&s, first, i) ||
		           clock_end(&s, i) || (is_emoticon(&s, i) && i + 1 < doc->tokens.n &&
		                                 starts_upper(&s, i + 1))) {
			end = 1;
		} else if (i + 1 < doc->tokens.n && (is_rule(&s, i + 1) || is_rule(&s, i) ||
		                                     date_starts(&s, i + 1))) {
			end = 1;
		}
		if (!end && last + 1 < doc->tokens.n) {
			nl = gap_newlines(&s, last);
			if (nl == 2 || (nl == 1 && can_start(&s, last + 1) && headline_end(&s, last)))
				end = 1;
		}
		if (!end && last + 1 >= doc->tokens.n)
			end = 1;
		if (end) {
			if (push_sentence(doc, first, last))
				return QASID_ENOMEM;
			first = last + 1;
			i = last;
		}
	}
	return QASID_OK;
}
