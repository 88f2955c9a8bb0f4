/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "t_event_util.h"

static const char *const prec[] = {"unresolved", "day", "week", "month", "year"};

/* Golden cases: "DATE: text" (DATE "-" for none); one line per expression. */
static char *dates_of(const char *input)
{
	char *out = calloc(1, 4096);
	int32_t art;
	const char *text = t_dated(input, &art);
	qasid_when m[32];
	t_words w;
	size_t n, k;

	if (!out || !text)
		return out;
	w = t_words_of(text);
	qasid_dates_find((const char *const *)w.w, w.n, art, m, 32, &n);
	if (!n)
		strcat(out, "-");
	for (k = 0; k < n && k < 32; k++) {
		char a[16], b[16];

		if (k)
			strcat(out, "\n");
		t_words_cat(out, &w, m[k].first, m[k].n);
		qasid_date_format(m[k].date, a);
		qasid_date_format(m[k].last, b);
		snprintf(out + strlen(out), 4096 - strlen(out), " | %s | %s | %s%s", a, b,
		         prec[m[k].precision], m[k].relative ? " relative" : "");
	}
	t_words_free(&w);
	return out;
}

static void golden(void)
{
	CHECK(t_golden("tests/golden/event/dates.txt", dates_of) > 0);
}

static int32_t ymd(int y, int m, int d)
{
	return qasid_date_from_ymd(y, m, d);
}

static void arithmetic(void)
{
	int32_t d;
	int y, m, dd;
	char b[16];

	CHECK(ymd(1970, 1, 1) == 0);
	CHECK(ymd(1969, 12, 31) == -1);
	CHECK(ymd(2000, 3, 1) - ymd(2000, 2, 28) == 2);    /* 2000 is a leap year */
	CHECK(ymd(1900, 3, 1) - ymd(1900, 2, 28) == 1);    /* 1900 is not */
	CHECK(ymd(2024, 3, 1) - ymd(2024, 2, 28) == 2);
	CHECK(ymd(2023, 3, 1) - ymd(2023, 2, 28) == 1);
	CHECK(ymd(2023, 2, 29) == QASID_NO_DATE);
	CHECK(ymd(2100, 2, 29) == QASID_NO_DATE);
	CHECK(ymd(2000, 2, 29) != QASID_NO_DATE);
	CHECK(ymd(2023, 4, 31) == QASID_NO_DATE);
	CHECK(ymd(2023, 13, 1) == QASID_NO_DATE);
	CHECK(ymd(2023, 0, 1) == QASID_NO_DATE);
	CHECK(ymd(2024, 1, 1) - ymd(2023, 12, 31) == 1);   /* year boundary */
	CHECK(ymd(2024, 1, 1) - ymd(2023, 1, 1) == 365);
	CHECK(ymd(2025, 1, 1) - ymd(2024, 1, 1) == 366);
	/* Weekdays: 0 Monday .. 6 Sunday. */
	CHECK(qasid_date_weekday(ymd(1970, 1, 1)) == 3);
	CHECK(qasid_date_weekday(ymd(2023, 4, 9)) == 6);
	CHECK(qasid_date_weekday(ymd(2000, 2, 29)) == 1);
	CHECK(qasid_date_weekday(ymd(1969, 12, 28)) == 6);
	CHECK(qasid_date_weekday(ymd(2021, 8, 15)) == 6);
	/* Every day from 1900 to 2100 goes there and back, and the days are consecutive. */
	for (d = ymd(1900, 1, 1); d <= ymd(2100, 12, 31); d++) {
		qasid_date_to_ymd(d, &y, &m, &dd);
		CHECK_MSG(ymd(y, m, dd) == d, "day %ld", (long)d);
		CHECK(qasid_date_weekday(d) == (qasid_date_weekday(d - 1) + 1) % 7);
	}
	CHECK(qasid_date_parse("2023-04-09", &d) == QASID_OK && d == ymd(2023, 4, 9));
	CHECK(qasid_date_parse("2023-04-09T10:00:00Z", &d) == QASID_OK && d == ymd(2023, 4, 9));
	CHECK(qasid_date_parse("2023-02-30", &d) == QASID_EINVAL && d == QASID_NO_DATE);
	CHECK(qasid_date_parse("9 April", &d) == QASID_EINVAL);
	CHECK(qasid_date_parse(NULL, &d) == QASID_EINVAL);
	qasid_date_format(ymd(2024, 2, 29), b);
	CHECK_STR(b, "2024-02-29");
	qasid_date_format(QASID_NO_DATE, b);
	CHECK_STR(b, "-");
}

static void capacity(void)
{
	const char *w[] = {"yesterday", "and", "today", "and", "Monday"};
	qasid_when m[1];
	size_t n;

	CHECK(qasid_dates_find(w, 5, ymd(2023, 4, 9), m, 1, &n) == QASID_OK);
	CHECK(n == 3);
	CHECK(m[0].date == ymd(2023, 4, 8) && m[0].first == 0 && m[0].n == 1);
	CHECK(qasid_dates_find(w, 0, QASID_NO_DATE, m, 0, &n) == QASID_OK && n == 0);
}

const t_case t_dates_cases[] = {
	{"golden", golden},
	{"arithmetic", arithmetic},
	{"capacity", capacity},
	{NULL, NULL},
};
