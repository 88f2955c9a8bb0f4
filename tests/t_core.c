/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "../src/core/utf8.h"
#include "test.h"

static void arena_alloc_reset(void)
{
	arena a;
	char *p, *big;
	int i;

	ar_init(&a);
	for (i = 0; i < 5000; i++) {
		p = ar_alloc(&a, 13);
		CHECK(p);
		CHECK(((uintptr_t)p & 15) == 0);
		memset(p, 'x', 13);
	}
	big = ar_alloc(&a, 1 << 20);
	CHECK(big);
	memset(big, 'y', 1 << 20);
	p = ar_strndup(&a, "abc", 2);
	CHECK_STR(p, "ab");
	ar_reset(&a);
	p = ar_alloc(&a, 100);
	CHECK(p);
	ar_fini(&a);
}

static void buf_grows(void)
{
	buf b = {0};
	int i;

	for (i = 0; i < 1000; i++)
		CHECK(buf_printf(&b, "%d,", i) == QASID_OK);
	CHECK(b.len == 3890);
	CHECK(!strncmp(b.data, "0,1,2,", 6));
	CHECK(b.data[b.len] == '\0');
	buf_fini(&b);
}

static void utf8_decoding(void)
{
	int32_t cp;

	CHECK(utf8_decode((const unsigned char *)"A", 1, &cp) == 1 && cp == 'A');
	CHECK(utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp) == 2 && cp == 0xE9);
	CHECK(utf8_decode((const unsigned char *)"\xE2\x80\x99", 3, &cp) == 3 && cp == 0x2019);
	CHECK(utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
	CHECK(utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp) == 0);     /* overlong */
	CHECK(utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 0); /* surrogate */
	CHECK(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp) == 0);
	CHECK(utf8_decode((const unsigned char *)"\xE2\x80", 2, &cp) == 0);     /* truncated */
}

static int count_reports(void *ud, qasid_diag_kind kind, size_t s, size_t e)
{
	(void)kind;
	(void)s;
	(void)e;
	(*(int *)ud)++;
	return 0;
}

static void utf8_repairing(void)
{
	buf b = {0};
	int n = 0;

	CHECK(utf8_repair(&b, "ok\xFF\xFEok\xE2\x80 x\0y", 12, count_reports, &n) == QASID_OK);
	CHECK_STR(b.data, "ok\xEF\xBF\xBDok\xEF\xBF\xBD x y");
	CHECK(n == 3);
	buf_fini(&b);
}

static void strerror_names_codes(void)
{
	CHECK_STR(qasid_strerror(QASID_ENOMEM), "out of memory");
	CHECK_STR(qasid_strerror(12345), "unknown error");
}

const t_case t_core_cases[] = {
	{"arena_alloc_reset", arena_alloc_reset},
	{"buf_grows", buf_grows},
	{"utf8_decoding", utf8_decoding},
	{"utf8_repairing", utf8_repairing},
	{"strerror_names_codes", strerror_names_codes},
	{NULL, NULL}};
