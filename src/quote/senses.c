/* SPDX-License-Identifier: MIT */
/*
 * WordNet's coarse classes of English words (lexicographer files:
 * verb.communication, noun.person, ...), from data/supersenses-en.txt,
 * which tools/build_supersenses.py builds from Debian's wordnet-base and
 * the Makefile turns into a C string. Read once into a table, on first use.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../tag/features.h"
#include "quote.h"
#include "supersenses_data.h"

static pthread_once_t ss_once = PTHREAD_ONCE_INIT;
static tg_lex ss_tab;

/* Up to two numbers "a,b" (or "-") into 6-bit fields from shift. */
static uint32_t ss_field(const char *p, const char *end, unsigned shift)
{
	uint32_t v = 0;
	unsigned k = 0;

	while (p < end && k < 2) {
		char *q;
		long n = strtol(p, &q, 10);

		if (q == p)
			break;
		if (n > 0 && n < 64)
			v |= (uint32_t)n << (shift + 6 * k++);
		p = q < end && *q == ',' ? q + 1 : end;
	}
	return v;
}

static void ss_init(void)
{
	const char *p = (const char *)qs_supersenses_en, *end = p + strlen(p);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *t1, *t2;

		if (!nl)
			nl = end;
		t1 = memchr(p, '\t', (size_t)(nl - p));
		t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) : NULL;
		if (*p != '#' && t2) {
			uint32_t v = ss_field(t1 + 1, t2, 0) | ss_field(t2 + 1, nl, 12) | QS_SENSE_SEEN;

			if (tg_lex_put(&ss_tab, tg_hash(p, (size_t)(t1 - p)), v, 0))
				break; /* out of memory: fewer words have classes */
		}
		p = nl + 1;
	}
}

uint32_t qs_senses(const char *low)
{
	pthread_once(&ss_once, ss_init);
	return tg_lex_get(&ss_tab, tg_hash(low, strlen(low)));
}
