/* SPDX-License-Identifier: MIT */
/*
 * When: calendar arithmetic and date expressions resolved against the
 * article date. Day numbers count from 1970-01-01 (days_from_civil, the
 * classic era-based algorithm: 400-year eras of 146097 days).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

int evt_is(const char *tok, const char *lower)
{
	for (; *tok && *lower; tok++, lower++) {
		char c = *tok >= 'A' && *tok <= 'Z' ? (char)(*tok - 'A' + 'a') : *tok; /* ASCII only */

		if (c != *lower)
			return 0;
	}
	return !*tok && !*lower;
}

int evt_in(const char *tok, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (evt_is(tok, list[i]))
			return i;
	return -1;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

int32_t qasid_date_from_ymd(int y, int m, int d)
{
	long era, yoe, doy, doe, yy;

	if (y < -100000 || y > 100000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return QASID_NO_DATE;
	yy = m <= 2 ? y - 1 : y;
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void qasid_date_to_ymd(int32_t date, int *y, int *m, int *d)
{
	long z = (long)date + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int qasid_date_weekday(int32_t date)
{
	/* 1970-01-01 was a Thursday (3). */
	long w = ((long)date + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int qasid_date_parse(const char *s, int32_t *out)
{
	int y, m, d, n = 0;

	*out = QASID_NO_DATE;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    (s[10] && s[10] != 'T' && s[10] != ' '))
		return QASID_EINVAL;
	*out = qasid_date_from_ymd(y, m, d);
	return *out == QASID_NO_DATE ? QASID_EINVAL : QASID_OK;
}

void qasid_date_format(int32_t date, char *out)
{
	int y, m, d;
	char t[48];

	if (date == QASID_NO_DATE) {
		strcpy(out, "-");
		return;
	}
	qasid_date_to_ymd(date, &y, &m, &d);
	snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/* ---- expressions ---- */

static const char *const month_names[] = {"january", "february", "march",     "april",
                                          "may",     "june",     "july",      "august",
                                          "september", "october", "november", "december",
                                          NULL};
static const char *const month_abbr[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                         "sep", "oct", "nov", "dec", NULL};
static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday", NULL};

/* 0..6 for a day of the week in lower case ("monday"), else -1. */
int evt_weekday(const char *w)
{
	return evt_in(w, weekdays);
}

/* 1..12 for a month name ("March", "Mar", "Mar.", "Sept"), else 0. */
int evt_month(const char *w)
{
	char b[16];
	size_t n = strlen(w);
	int i;

	if ((i = evt_in(w, month_names)) >= 0)
		return i + 1;
	if (n >= sizeof b)
		return 0;
	memcpy(b, w, n + 1);
	if (n > 3 && b[n - 1] == '.')
		b[--n] = '\0';
	if (evt_is(b, "sept"))
		return 9;
	/* "May" and "March" are words too; abbreviations only with a dot or when capitalised. */
	if ((i = evt_in(b, month_abbr)) >= 0 && isupper((unsigned char)w[0]))
		return i + 1;
	return 0;
}

/* A whole number of at most maxd digits, or -1. A trailing "st", "nd", "rd", "th" is allowed. */
static int small_number(const char *w, int maxd)
{
	int v = 0, k = 0;

	while (isdigit((unsigned char)w[k]) && k < maxd)
		v = v * 10 + (w[k++] - '0');
	if (!k)
		return -1;
	if (!w[k])
		return v;
	if ((evt_is(w + k, "st") || evt_is(w + k, "nd") || evt_is(w + k, "rd") ||
	     evt_is(w + k, "th")))
		return v;
	return -1;
}

static int is_year(const char *w)
{
	int y = (int)strlen(w) == 4 ? small_number(w, 4) : -1;

	return y >= 1900 && y <= 2100 ? y : -1;
}

typedef struct found {
	size_t n;
	int32_t date, last;
	qasid_precision prec;
	int relative;
} found;

static void day_span(found *f, int32_t d)
{
	f->date = f->last = d;
	f->prec = d == QASID_NO_DATE ? QASID_PREC_NONE : QASID_PREC_DAY;
}

static void month_span(found *f, int y, int m)
{
	f->date = qasid_date_from_ymd(y, m, 1);
	f->last = qasid_date_from_ymd(y, m, month_days(y, m));
	f->prec = QASID_PREC_MONTH;
}

/* The most recent y such that (y, m, d) is on or before art (d 0: month start). */
static int year_back(int32_t art, int m, int d)
{
	int y, am, ad;

	qasid_date_to_ymd(art, &y, &am, &ad);
	if (m > am || (m == am && d > ad))
		y--;
	/* February 29 in a year without one: back to a leap year. */
	while (d && d > month_days(y, m))
		y--;
	return y;
}

/* "March 30", "March 30, 2023", "30 March", "30 March 2023", "March 2023", "March". */
static int explicit_date(const char *const *w, size_t n, size_t i, int32_t art, found *f)
{
	int m, d = -1, y = -1;
	size_t k = i;

	if ((m = evt_month(w[k])) != 0) {
		k++;
		if (k < n && (d = small_number(w[k], 2)) >= 1 && d <= 31) {
			k++;
			if (k + 1 < n && evt_is(w[k], ",") && (y = is_year(w[k + 1])) > 0)
				k += 2;
			else if (k < n && (y = is_year(w[k])) > 0)
				k++;
		} else {
			d = -1;
			if (k < n && (y = is_year(w[k])) > 0)
				k++;
			else if (k + 1 < n && evt_is(w[k], ",") && (y = is_year(w[k + 1])) > 0)
				k += 2;
		}
	} else if ((d = small_number(w[k], 2)) >= 1 && d <= 31 && k + 1 < n &&
	           (m = evt_month(w[k + 1])) != 0) {
		k += 2;
		if (k < n && (y = is_year(w[k])) > 0)
			k++;
	} else {
		return 0;
	}
	/* A bare "May" or "march" is too often a word: only capitalised, or with a day or year. */
	if (d < 0 && y < 0 && !isupper((unsigned char)w[i][0]))
		return 0;
	f->n = k - i;
	f->relative = y < 0;
	if (y < 0) {
		if (art == QASID_NO_DATE) {
			f->date = f->last = QASID_NO_DATE;
			f->prec = QASID_PREC_NONE;
			return 1;
		}
		y = year_back(art, m, d > 0 ? d : 0);
	}
	if (d > 0)
		day_span(f, qasid_date_from_ymd(y, m, d));
	else
		month_span(f, y, m);
	return 1;
}

/* "2023-03-30", "2023/03/30", "30/03/2023" (day first, as in most of the world's press). */
static int numeric_date(const char *w, found *f)
{
	int a, b, c, len = 0;

	if (sscanf(w, "%4d-%2d-%2d%n", &a, &b, &c, &len) == 3 && len == (int)strlen(w) && len == 10)
		day_span(f, qasid_date_from_ymd(a, b, c));
	else if (sscanf(w, "%4d/%2d/%2d%n", &a, &b, &c, &len) == 3 && len == (int)strlen(w) &&
	         len == 10)
		day_span(f, qasid_date_from_ymd(a, b, c));
	else if (sscanf(w, "%2d/%2d/%4d%n", &a, &b, &c, &len) == 3 && len == (int)strlen(w) &&
	         c >= 1900)
		day_span(f, qasid_date_from_ymd(c, b, a));
	else
		return 0;
	if (f->date == QASID_NO_DATE)
		return 0;
	f->n = 1;
	f->relative = 0;
	return 1;
}

static void relative_unresolved(found *f, size_t n)
{
	f->n = n;
	f->relative = 1;
	f->date = f->last = QASID_NO_DATE;
	f->prec = QASID_PREC_NONE;
}

/* An expression starting at w[i], or 0. */
static int expression_at(const char *const *w, size_t n, size_t i, int32_t art, found *f)
{
	int k, y, m, d;

	memset(f, 0, sizeof *f);
	if ((k = evt_in(w[i], weekdays)) >= 0) {
		/* "Monday, March 30": the explicit date wins. */
		size_t j = i + 1 < n && evt_is(w[i + 1], ",") ? i + 2 : i + 1;

		if (j < n && explicit_date(w, n, j, art, f) && f->prec == QASID_PREC_DAY) {
			f->n += j - i;
			return 1;
		}
		relative_unresolved(f, 1);
		if (art != QASID_NO_DATE) {
			int back = (qasid_date_weekday(art) - k + 7) % 7;

			day_span(f, art - back);
		}
		return 1;
	}
	/* "last night", "this morning", "tonight" */
	if (i + 1 < n && evt_is(w[i], "last") && evt_is(w[i + 1], "night")) {
		relative_unresolved(f, 2);
		if (art != QASID_NO_DATE)
			day_span(f, art - 1);
		return 1;
	}
	if ((i + 1 < n && evt_is(w[i], "this") &&
	     (evt_is(w[i + 1], "morning") || evt_is(w[i + 1], "afternoon") ||
	      evt_is(w[i + 1], "evening"))) ||
	    evt_is(w[i], "tonight")) {
		relative_unresolved(f, evt_is(w[i], "tonight") ? 1 : 2);
		if (art != QASID_NO_DATE)
			day_span(f, art);
		return 1;
	}
	/* "three days ago", "two weeks ago", "a month ago" */
	if (i + 2 < n && evt_is(w[i + 2], "ago")) {
		long lo = 0, best = 1, hi = 0;
		int is_a = evt_is(w[i], "a") || evt_is(w[i], "an");
		size_t len = is_a ? 1 : qasid_number_read(w, n, i, &lo, &best, &hi);
		long v = best;
		const char *u = w[i + 1];

		if (len == 1 && (is_a || (lo == hi && v >= 0 && v < 1000))) {
			int unit = evt_is(u, "day") || evt_is(u, "days")      ? 1
			           : evt_is(u, "week") || evt_is(u, "weeks")   ? 7
			           : evt_is(u, "month") || evt_is(u, "months") ? 30
			           : evt_is(u, "year") || evt_is(u, "years")   ? 365
			                                                        : 0;

			if (unit) {
				relative_unresolved(f, 3);
				if (art != QASID_NO_DATE) {
					if (unit == 1) {
						day_span(f, art - (int32_t)v);
					} else if (unit == 7) {
						int32_t mon = art - qasid_date_weekday(art) - 7 * (int32_t)v;

						f->date = mon;
						f->last = mon + 6;
						f->prec = QASID_PREC_WEEK;
					} else if (unit == 30) {
						qasid_date_to_ymd(art, &y, &m, &d);
						m -= (int)(v % 12);
						y -= (int)(v / 12);
						if (m < 1)
							m += 12, y--;
						month_span(f, y, m);
					} else {
						qasid_date_to_ymd(art, &y, &m, &d);
						f->date = qasid_date_from_ymd(y - (int)v, 1, 1);
						f->last = qasid_date_from_ymd(y - (int)v, 12, 31);
						f->prec = QASID_PREC_YEAR;
					}
				}
				return 1;
			}
		}
	}
	if (evt_is(w[i], "yesterday") || evt_is(w[i], "today") || evt_is(w[i], "tomorrow")) {
		int off = evt_is(w[i], "yesterday") ? -1 : evt_is(w[i], "today") ? 0 : 1;

		relative_unresolved(f, 1);
		if (art != QASID_NO_DATE)
			day_span(f, art + off);
		return 1;
	}
	if ((evt_is(w[i], "last") || evt_is(w[i], "this") || evt_is(w[i], "next")) && i + 1 < n) {
		int dir = evt_is(w[i], "last") ? -1 : evt_is(w[i], "this") ? 0 : 1;

		relative_unresolved(f, 2);
		if (evt_is(w[i + 1], "week")) {
			if (art != QASID_NO_DATE) {
				int32_t mon = art - qasid_date_weekday(art) + 7 * dir;

				f->date = mon;
				f->last = mon + 6;
				f->prec = QASID_PREC_WEEK;
			}
			return 1;
		}
		if (evt_is(w[i + 1], "month")) {
			if (art != QASID_NO_DATE) {
				qasid_date_to_ymd(art, &y, &m, &d);
				m += dir;
				if (m < 1)
					m = 12, y--;
				if (m > 12)
					m = 1, y++;
				month_span(f, y, m);
			}
			return 1;
		}
		if (evt_is(w[i + 1], "year")) {
			if (art != QASID_NO_DATE) {
				qasid_date_to_ymd(art, &y, &m, &d);
				f->date = qasid_date_from_ymd(y + dir, 1, 1);
				f->last = qasid_date_from_ymd(y + dir, 12, 31);
				f->prec = QASID_PREC_YEAR;
			}
			return 1;
		}
		if ((k = evt_in(w[i + 1], weekdays)) >= 0 && dir == -1) {
			/* "last Monday": the one before the most recent one, unless that is today. */
			if (art != QASID_NO_DATE) {
				int back = (qasid_date_weekday(art) - k + 7) % 7;

				day_span(f, art - (back ? back : 7));
			}
			return 1;
		}
		if ((k = evt_month(w[i + 1])) != 0 && dir == -1) {
			if (art != QASID_NO_DATE) {
				qasid_date_to_ymd(art, &y, &m, &d);
				month_span(f, k < m ? y : y - 1, k);
			}
			return 1;
		}
		return 0;
	}
	if (numeric_date(w[i], f))
		return 1;
	if (explicit_date(w, n, i, art, f))
		return 1;
	if ((y = is_year(w[i])) > 0 && i > 0 &&
	    (evt_is(w[i - 1], "in") || evt_is(w[i - 1], "since") || evt_is(w[i - 1], "during"))) {
		f->n = 1;
		f->date = qasid_date_from_ymd(y, 1, 1);
		f->last = qasid_date_from_ymd(y, 12, 31);
		f->prec = QASID_PREC_YEAR;
		return 1;
	}
	return 0;
}

int qasid_dates_find(const char *const *words, size_t n, int32_t art, qasid_when *out, size_t cap,
                     size_t *n_out)
{
	size_t i = 0, k = 0;
	found f;

	while (i < n) {
		if (!expression_at(words, n, i, art, &f)) {
			i++;
			continue;
		}
		if (k < cap) {
			out[k].first = (uint32_t)i;
			out[k].n = (uint32_t)f.n;
			out[k].date = f.date;
			out[k].last = f.last;
			out[k].precision = f.prec;
			out[k].relative = f.relative;
		}
		k++;
		i += f.n;
	}
	*n_out = k;
	return QASID_OK;
}
