/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "t_event_util.h"

/* Golden cases: a sentence; one line per count: kind low best high | words | cue. */
static char *counts_of(const char *input)
{
	char *out = calloc(1, 4096);
	qasid_count c[32];
	t_words w = t_words_of(input);
	size_t n, k;

	if (!out)
		return NULL;
	qasid_counts_find((const char *const *)w.w, NULL, w.n, c, 32, &n);
	if (!n)
		strcat(out, "-");
	for (k = 0; k < n && k < 32; k++) {
		char hi[24];

		if (c[k].high < 0)
			strcpy(hi, "open");
		else
			snprintf(hi, sizeof hi, "%ld", c[k].high);
		snprintf(out + strlen(out), 4096 - strlen(out), "%s%s %ld %ld %s | ", k ? "\n" : "",
		         c[k].kind == QASID_KILLED ? "killed" : "injured", c[k].low, c[k].best, hi);
		t_words_cat(out, &w, c[k].first, c[k].n);
		strncat(out, " | ", 4095 - strlen(out));
		strncat(out, w.w[c[k].cue], 4095 - strlen(out));
	}
	t_words_free(&w);
	return out;
}

static void golden(void)
{
	CHECK(t_golden("tests/golden/event/counts.txt", counts_of) > 0);
}

static void numbers(void)
{
	static const struct {
		const char *text;
		size_t len;
		long low, best, high;
	} cases[] = {
		{"12", 1, 12, 12, 12},
		{"70,000 people", 1, 70000, 70000, 70000},
		{"more than 70,000", 3, 70001, 70000, -1},
		{"at least 12", 3, 12, 12, -1},
		{"nearly 30", 2, 27, 30, 30},
		{"about 200", 2, 180, 200, 220},
		{"eight", 1, 8, 8, 8},
		{"Ninety-nine", 3, 99, 99, 99},
		{"two hundred", 2, 200, 200, 200},
		{"a hundred", 2, 100, 100, 100},
		{"1.5 million", 2, 1500000, 1500000, 1500000},
		{"dozens of", 2, 24, 36, 99},
		{"hundreds", 1, 200, 300, 999},
		{"tens of thousands of", 4, 20000, 30000, 99999},
		{"at least dozens", 3, 24, 36, -1},
		{"up to 40", 3, 1, 40, 40},
		{"fewer than 10", 3, 0, 9, 9},
		{"the", 0, 0, 0, 0},
		{"1,2,3,4,5,6,7,8,9,0,1", 0, 0, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t_words w = t_words_of(cases[i].text);
		long lo = 0, b = 0, hi = 0;
		size_t len = qasid_number_read((const char *const *)w.w, w.n, 0, &lo, &b, &hi);

		t_words_free(&w);
		CHECK_MSG(len == cases[i].len, "%s: len %zu", cases[i].text, len);
		if (len)
			CHECK_MSG(lo == cases[i].low && b == cases[i].best && hi == cases[i].high,
			          "%s: %ld %ld %ld", cases[i].text, lo, b, hi);
	}
	CHECK(qasid_number_read(NULL, 0, 0, NULL, NULL, NULL) == 0);
}

const t_case t_counts_cases[] = {
	{"golden", golden},
	{"numbers", numbers},
	{NULL, NULL},
};
