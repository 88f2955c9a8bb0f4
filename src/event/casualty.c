/* SPDX-License-Identifier: MIT */
/*
 * Fatalities and injuries: number phrases ("eight", "at least 12", "more
 * than 70,000", "dozens") tied to a cue in the same clause ("were killed",
 * "dead", "lost their lives", "wounding 20"). Surface patterns over tokens;
 * the dependency parser will refine who suffered them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

static const char *const units[] = {"zero",    "one",     "two",      "three",   "four",
                                    "five",    "six",     "seven",    "eight",   "nine",
                                    "ten",     "eleven",  "twelve",   "thirteen", "fourteen",
                                    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                    NULL};
static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty",
                                   "sixty", "seventy", "eighty", "ninety", NULL};

/* A number written in digits: "12", "70,000", "1.5" (value times 10 in *tenths). */
static int digits(const char *w, long *v)
{
	long x = 0;
	int k = 0, seen = 0;

	for (; w[k]; k++) {
		if (isdigit((unsigned char)w[k])) {
			if (x > 100000000L)
				return 0;
			x = x * 10 + (w[k] - '0');
			seen = 1;
		} else if (w[k] == ',' && seen && isdigit((unsigned char)w[k + 1])) {
			continue;
		} else {
			return 0;
		}
	}
	if (!seen)
		return 0;
	*v = x;
	return 1;
}

/* A number in words at w[i]: "eight", "twenty-five", "twenty - five", "a hundred". */
static size_t word_number(const char *const *w, size_t n, size_t i, long *v)
{
	int u, t;
	size_t k = i;
	long x = -1;

	if ((u = evt_in(w[k], units)) >= 0) {
		x = u;
		k++;
	} else if ((t = evt_in(w[k], tens)) >= 2) {
		x = t * 10;
		k++;
		if (k + 1 < n && evt_is(w[k], "-") && (u = evt_in(w[k + 1], units)) >= 1 && u <= 9) {
			x += u;
			k += 2;
		}
	} else {
		/* "twenty-five" as one token */
		const char *dash = strchr(w[k], '-');
		char b[16];

		if (!dash || (size_t)(dash - w[k]) >= sizeof b)
			return 0;
		memcpy(b, w[k], (size_t)(dash - w[k]));
		b[dash - w[k]] = '\0';
		if ((t = evt_in(b, tens)) < 2 || (u = evt_in(dash + 1, units)) < 1 || u > 9)
			return 0;
		x = t * 10 + u;
		k++;
	}
	*v = x;
	return k - i;
}

/* A multiplier after a number: "hundred", "thousand", "million". */
static long multiplier(const char *w)
{
	if (evt_is(w, "hundred"))
		return 100;
	if (evt_is(w, "thousand"))
		return 1000;
	if (evt_is(w, "million"))
		return 1000000;
	return 0;
}

/* Vague amounts: low, best, high. */
static const struct {
	const char *w1, *w2, *w3;
	long low, best, high;
} vague[] = {
	{"tens", "of", "thousands", 20000, 30000, 99999},
	{"hundreds", "of", "thousands", 200000, 300000, 999999},
	{"a", "dozen", NULL, 12, 12, 12},
	{"a", "few", NULL, 2, 3, 5},
	{"a", "handful", NULL, 2, 4, 6},
	{"dozens", NULL, NULL, 24, 36, 99},
	{"scores", NULL, NULL, 40, 60, 99},
	{"hundreds", NULL, NULL, 200, 300, 999},
	{"thousands", NULL, NULL, 2000, 3000, 9999},
	{"several", NULL, NULL, 3, 5, 9},
	{"numerous", NULL, NULL, 3, 10, -1},
	{"many", NULL, NULL, 3, 10, -1},
	{"a", "number", NULL, 3, 5, -1},
};

enum { Q_EXACT, Q_ATLEAST, Q_MORETHAN, Q_NEARLY, Q_ABOUT, Q_UPTO, Q_FEWER };

static const struct {
	const char *w1, *w2, *w3;
	int q;
} quals[] = {
	{"at", "least", NULL, Q_ATLEAST},      {"no", "fewer", "than", Q_ATLEAST},
	{"no", "less", "than", Q_ATLEAST},     {"more", "than", NULL, Q_MORETHAN},
	{"over", NULL, NULL, Q_MORETHAN},       {"upwards", "of", NULL, Q_MORETHAN},
	{"in", "excess", "of", Q_MORETHAN},     {"nearly", NULL, NULL, Q_NEARLY},
	{"almost", NULL, NULL, Q_NEARLY},       {"close", "to", NULL, Q_NEARLY},
	{"about", NULL, NULL, Q_ABOUT},         {"around", NULL, NULL, Q_ABOUT},
	{"some", NULL, NULL, Q_ABOUT},          {"roughly", NULL, NULL, Q_ABOUT},
	{"approximately", NULL, NULL, Q_ABOUT}, {"an", "estimated", NULL, Q_ABOUT},
	{"estimated", NULL, NULL, Q_ABOUT},     {"up", "to", NULL, Q_UPTO},
	{"as", "many", "as", Q_UPTO},           {"at", "most", NULL, Q_UPTO},
	{"fewer", "than", NULL, Q_FEWER},       {"less", "than", NULL, Q_FEWER},
};

/* Matches w1 [w2 [w3]] at words[i]; the number of tokens, or 0. */
static size_t seq(const char *const *w, size_t n, size_t i, const char *w1, const char *w2,
                  const char *w3)
{
	size_t k = w3 ? 3 : w2 ? 2 : 1;

	if (i + k > n || !evt_is(w[i], w1) || (w2 && !evt_is(w[i + 1], w2)) ||
	    (w3 && !evt_is(w[i + 2], w3)))
		return 0;
	return k;
}

size_t qasid_number_read(const char *const *w, size_t n, size_t i, long *low, long *best,
                         long *high)
{
	size_t k = i, q, m;
	int qual = Q_EXACT;
	long v = -1, mul;

	if (i >= n)
		return 0;
	for (q = 0; q < sizeof quals / sizeof quals[0]; q++)
		if ((m = seq(w, n, k, quals[q].w1, quals[q].w2, quals[q].w3))) {
			qual = quals[q].q;
			k += m;
			break;
		}
	if (k >= n)
		return 0;
	for (q = 0; q < sizeof vague / sizeof vague[0]; q++)
		if ((m = seq(w, n, k, vague[q].w1, vague[q].w2, vague[q].w3))) {
			k += m;
			if (k < n && evt_is(w[k], "of"))
				k++;
			*low = vague[q].low;
			*best = vague[q].best;
			*high = vague[q].high;
			if (qual == Q_ATLEAST || qual == Q_MORETHAN)
				*high = -1;
			return k - i;
		}
	if (digits(w[k], &v)) {
		k++;
	} else if (strchr(w[k], '.') && k + 1 < n && (mul = multiplier(w[k + 1])) >= 1000) {
		/* "1.5 million": whole and tenths (or hundredths) */
		char *end;
		double d = strtod(w[k], &end);

		if (*end || d <= 0 || d > 1000)
			return 0;
		v = (long)(d * (double)mul + 0.5);
		k += 2;
	} else if ((m = word_number(w, n, k, &v))) {
		k += m;
	} else if (evt_is(w[k], "a") && k + 1 < n && multiplier(w[k + 1])) {
		v = 1;
		k++;
	} else {
		return 0;
	}
	while (k < n && (mul = multiplier(w[k])) && v * mul <= 1000000000L) {
		v *= mul;
		k++;
	}
	switch (qual) {
	case Q_EXACT: *low = *best = *high = v; break;
	case Q_ATLEAST: *low = *best = v, *high = -1; break;
	case Q_MORETHAN: *low = v + 1, *best = v, *high = -1; break;
	case Q_NEARLY: *low = v - v / 10, *best = *high = v; break;
	case Q_ABOUT: *low = v - v / 10, *best = v, *high = v + v / 10; break;
	case Q_UPTO: *low = v ? 1 : 0, *best = *high = v; break;
	case Q_FEWER: *low = 0, *best = *high = v ? v - 1 : 0; break;
	}
	return k - i;
}

/* ---- cues ---- */

static const char *const killed_after[] = {"killed", "dead", "died", "die", "dies", "slain",
                                           "perished", "martyred", "massacred", "executed",
                                           "deaths", "fatalities", "bodies", "drowned",
                                           "murdered", NULL};
static const char *const injured_after[] = {"wounded", "injured", "hurt", "injuries",
                                            "maimed", NULL};
static const char *const killed_before[] = {"killing", "kills", "killed", "kill",
                                            "massacring", "slaughtering", NULL};
static const char *const injured_before[] = {"wounding", "injuring", "wounded", "injured",
                                             "wounds", "injures", NULL};
static const char *const be[] = {"was", "were", "been", "be", "being", "are", "is", "got",
                                 "get", NULL};
/* Words that end a clause: a count does not reach across them. */
static const char *const stops[] = {".", ";", ":", "but", "while", "whereas", "although",
                                    "after", "before", "when", "since", "because", "who",
                                    "which", "that", "said", "says", "?", "!", NULL};
/* Units that make a number something else than a count of people. */
static const char *const not_people[] = {
	"years", "year", "days", "day", "hours", "hour", "minutes", "weeks", "week", "months",
	"month", "km", "kilometres", "kilometers", "miles", "metres", "meters", "percent", "%",
	"times", "am", "pm", "a.m.", "p.m.", "o'clock", "rupees", "dollars", "billion", "attacks",
	"vehicles", "houses", "homes", "buildings", "rounds", "rockets", "missiles", "bombs",
	"drones", "incidents", "cases", NULL};

/* Is words[k] "lost" in "lost their lives" (then the cue spans 3 tokens)? */
static int lost_lives(const char *const *w, size_t n, size_t k)
{
	return k + 2 < n && evt_is(w[k], "lost") &&
	       (evt_is(w[k + 1], "their") || evt_is(w[k + 1], "his") || evt_is(w[k + 1], "her")) &&
	       (evt_is(w[k + 2], "lives") || evt_is(w[k + 2], "life"));
}

static int is_year_like(const char *w)
{
	long v;

	return strlen(w) == 4 && digits(w, &v) && v >= 1900 && v <= 2100;
}

typedef struct cfind {
	qasid_count *out;
	size_t cap, k;
} cfind;

static void emit(cfind *f, size_t first, size_t len, size_t cue, qasid_count_kind kind, long low,
                 long best, long high)
{
	size_t j;

	(void)kind;
	for (j = 0; j < f->k && j < f->cap; j++)
		if (f->out[j].first == first)
			return; /* already counted, for this cue or an earlier one */
	if (f->k < f->cap) {
		qasid_count *c = &f->out[f->k];

		c->first = (uint32_t)first;
		c->n = (uint32_t)len;
		c->cue = (uint32_t)cue;
		c->kind = kind;
		c->low = low;
		c->best = best;
		c->high = high;
	}
	f->k++;
}

/* A number phrase usable as a count at i: its length, or 0. */
static size_t count_at(const char *const *w, const qasid_pos *pos, size_t n, size_t i, long *lo,
                       long *be_, long *hi)
{
	size_t len = qasid_number_read(w, n, i, lo, be_, hi);

	if (!len || is_year_like(w[i + len - 1]))
		return 0;
	/* Dates: "April 9", "9 April" */
	if ((i > 0 && evt_month(w[i - 1])) || (i + len < n && evt_month(w[i + len])))
		return 0;
	if (i + len < n && evt_in(w[i + len], not_people) >= 0)
		return 0;
	/* "one of the ...", "one" as a pronoun */
	if (evt_is(w[i + len - 1], "one") && pos && strcmp(pos[i + len - 1].upos, "NUM"))
		return 0;
	return len;
}

/* Numbers before cue c, back to the start of its clause. */
static void look_back(cfind *f, const char *const *w, const qasid_pos *pos, size_t n, size_t c,
                      qasid_count_kind kind)
{
	size_t start = c, i;

	while (start > 0 && c - start < 14 && evt_in(w[start - 1], stops) < 0)
		start--;
	for (i = start; i < c; i++) {
		long lo, b, hi;
		size_t len = count_at(w, pos, n, i, &lo, &b, &hi);

		if (len && i + len <= c) {
			emit(f, i, len, c, kind, lo, b, hi);
			i += len - 1;
		}
	}
}

/* A number right after an active cue ("killing at least 12 people"). */
static int look_ahead(cfind *f, const char *const *w, const qasid_pos *pos, size_t n, size_t c,
                      size_t from, qasid_count_kind kind)
{
	size_t i;

	for (i = from; i < n && i < from + 3; i++) {
		long lo, b, hi;
		size_t len = count_at(w, pos, n, i, &lo, &b, &hi);

		if (len) {
			emit(f, i, len, c, kind, lo, b, hi);
			return 1;
		}
		if (!evt_is(w[i], "the") && !evt_is(w[i], "a") && !evt_is(w[i], "an"))
			break;
	}
	return 0;
}

int qasid_counts_find(const char *const *w, const qasid_pos *pos, size_t n, qasid_count *out,
                      size_t cap, size_t *n_out)
{
	cfind f = {out, cap, 0};
	size_t c;

	for (c = 0; c < n; c++) {
		int passive = c > 0 && evt_in(w[c - 1], be) >= 0;
		int killed_a = evt_in(w[c], killed_after) >= 0, injured_a = evt_in(w[c], injured_after) >= 0;
		int killed_b = evt_in(w[c], killed_before) >= 0, injured_b = evt_in(w[c], injured_before) >= 0;

		if (c + 1 < n && evt_is(w[c], "embraced") && evt_is(w[c + 1], "martyrdom")) {
			look_back(&f, w, pos, n, c, QASID_KILLED);
			c++;
			continue;
		}
		if (lost_lives(w, n, c)) {
			look_back(&f, w, pos, n, c, QASID_KILLED);
			c += 2;
			continue;
		}
		/* "death toll rose to 70", "a death toll of 12" */
		if (evt_is(w[c], "toll") && c > 0 && evt_is(w[c - 1], "death")) {
			size_t i;

			for (i = c + 1; i < n && i < c + 6 && evt_in(w[i], stops) < 0; i++)
				if (look_ahead(&f, w, pos, n, c, i, QASID_KILLED))
					break;
			continue;
		}
		/* "claimed the lives of 12" */
		if (evt_is(w[c], "lives") && c + 1 < n && evt_is(w[c + 1], "of") && c > 1 &&
		    (evt_is(w[c - 2], "claimed") || evt_is(w[c - 2], "claiming"))) {
			look_ahead(&f, w, pos, n, c, c + 2, QASID_KILLED);
			continue;
		}
		/* "forces killed eight militants": the count follows an active verb. */
		if ((killed_b || injured_b) && !passive &&
		    look_ahead(&f, w, pos, n, c, c + 1, killed_b ? QASID_KILLED : QASID_INJURED))
			continue;
		if (killed_a || injured_a)
			look_back(&f, w, pos, n, c, killed_a ? QASID_KILLED : QASID_INJURED);
	}
	*n_out = f.k;
	return QASID_OK;
}
