/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include "t_event_util.h"

/* The places named at token i of text: "kind:name:country:admin1;..." or "-". */
static const char *places(const qasid_gazetteer *g, const char *text, size_t i, size_t *len)
{
	static char b[1024];
	static const char *const kinds[] = {"", "country", "region", "city"};
	qasid_place p[4];
	t_words w = t_words_of(text);
	size_t n = qasid_gazetteer_lookup(g, (const char *const *)w.w, w.n, i, len, p, 4), k;

	b[0] = '\0';
	for (k = 0; k < n && k < 4; k++)
		snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s:%s:%s:%s", k ? ";" : "",
		         kinds[p[k].kind], p[k].name, p[k].country, p[k].admin1);
	if (!n)
		strcpy(b, "-");
	t_words_free(&w);
	return b;
}

static void builtin(void)
{
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};
	size_t len;

	CHECK(qasid_gazetteer_new(&g, &err) == QASID_OK);
	CHECK(qasid_gazetteer_size(g) > 249 + 3000);
	CHECK_STR(places(g, "Pakistan said", 0, &len), "country:Pakistan:PAK:");
	CHECK(len == 1);
	CHECK_STR(places(g, "in the United States of America", 2, &len),
	          "country:United States:USA:");
	CHECK(len == 4);
	CHECK_STR(places(g, "Khyber Pakhtunkhwa province", 0, &len),
	          "region:Khyber Pakhtunkhwa:PAK:PK-KP");
	CHECK(len == 2);
	CHECK_STR(places(g, "Balochistan", 0, &len), "region:Balochistan:PAK:PK-BA");
	CHECK_STR(places(g, "Gilgit-Baltistan", 0, &len), "region:Gilgit-Baltistan:PAK:PK-GB");
	CHECK(len == 3);
	CHECK_STR(places(g, "Iran", 0, &len), "country:Iran:IRN:");
	CHECK_STR(places(g, "pakistan", 0, &len), "-"); /* names are capitalised */
	CHECK_STR(places(g, "South", 0, &len), "-");    /* too common a word for a region */
	CHECK_STR(places(g, "Waziristan", 0, &len), "-");
	CHECK(len == 0);
	qasid_gazetteer_free(g);
}

static void geonames(void)
{
	const char *cities = t_shared("gazetteer/cities15000.txt.gz");
	char admin1[4096];
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};
	qasid_place p[4];
	t_words w;
	size_t len, n;

	if (!cities) {
		t_skip("../shared/data absent");
		return;
	}
	snprintf(admin1, sizeof admin1, "%s", t_shared("gazetteer/admin1CodesASCII.tsv"));
	cities = strdup(t_shared("gazetteer/cities15000.txt.gz"));
	CHECK(qasid_gazetteer_new(&g, &err) == QASID_OK);
	if (qasid_gazetteer_add_geonames(g, cities, admin1, &err)) {
		free((char *)cities);
		qasid_gazetteer_free(g);
		CHECK_MSG(0, "%s", err.msg);
	}
	free((char *)cities);
	CHECK(qasid_gazetteer_size(g) > 30000);
	w = t_words_of("clashes near Peshawar on Sunday");
	n = qasid_gazetteer_lookup(g, (const char *const *)w.w, w.n, 2, &len, p, 4);
	t_words_free(&w);
	CHECK(n >= 1 && len == 1);
	CHECK(p[0].kind == QASID_CITY);
	CHECK_STR(p[0].country, "PAK");
	CHECK_STR(p[0].admin1_name, "Khyber Pakhtunkhwa");
	CHECK(p[0].lat > 33.9 && p[0].lat < 34.1 && p[0].lon > 71.4 && p[0].lon < 71.7);
	CHECK(p[0].population > 1000000);
	/* A country comes before a city of the same name. */
	CHECK_STR(places(g, "Kuwait", 0, &len), "country:Kuwait:KWT:;city:Kuwait City:KWT:KW.02");
	qasid_gazetteer_free(g);
}

static void bad_files(void)
{
	qasid_gazetteer *g = NULL;
	qasid_err err = {0};
	const char *path = "build/t_places_bad.txt";
	FILE *f = fopen(path, "w");

	CHECK(f);
	fputs("# comment\nnot\ta\tgeonames\ttable\n", f);
	fclose(f);
	CHECK(qasid_gazetteer_new(&g, &err) == QASID_OK);
	CHECK(qasid_gazetteer_add_geonames(g, path, NULL, &err) == QASID_EFORMAT);
	CHECK(strstr(err.msg, "build/t_places_bad.txt:2: not a GeoNames table"));
	CHECK(err.line == 2);
	CHECK(qasid_gazetteer_add_geonames(g, "/nonexistent/cities.txt", NULL, &err) == QASID_EIO);
	CHECK(qasid_gazetteer_size(g) > 3000); /* the built-in places stay */
	qasid_gazetteer_free(g);
	remove(path);
}

/* Damaged GeoNames tables: random bytes changed, loaded from a file (ASan finds overruns). */
static void damaged(void)
{
	static const char sample[] =
		"1168197\tPeshawar\tPeshawar\tPesavar,Peshavar,Pishawar\t34.008\t71.57849\tP\tPPLA\tPK\t\t03"
		"\t\t\t\t4758762\t\t331\tAsia/Karachi\t2024-02-01\n"
		"1138958\tKabul\tKabul\tCabul,Kaboul\t34.52813\t69.17233\tP\tPPLC\tAF\t\t13\t\t\t\t"
		"4434550\t\t1808\tAsia/Kabul\t2024-01-01\n";
	static const char alphabet[] = "\t\n,.-0A \0";
	const char *path = "build/t_places_damaged.txt";
	uint32_t seed = 777;
	int round;

	for (round = 0; round < 300; round++) {
		char b[sizeof sample];
		qasid_gazetteer *g = NULL;
		qasid_err err = {0};
		qasid_place p[4];
		const char *w[] = {"Kabul", "Peshawar", "Pishawar"};
		size_t k, len, cut;
		FILE *f;
		int rc;

		memcpy(b, sample, sizeof sample);
		for (k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % (sizeof sample - 1)] = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
		}
		seed = seed * 1103515245u + 12345u;
		cut = round % 5 ? sizeof sample - 1 : (seed >> 8) % (sizeof sample - 1);
		f = fopen(path, "wb");
		CHECK(f);
		fwrite(b, 1, cut, f);
		fclose(f);
		CHECK(qasid_gazetteer_new(&g, &err) == QASID_OK);
		rc = qasid_gazetteer_add_geonames(g, path, NULL, &err);
		for (k = 0; k < 3; k++)
			qasid_gazetteer_lookup(g, w, 3, k, &len, p, 4);
		qasid_gazetteer_free(g);
		CHECK_MSG(rc == QASID_OK || rc == QASID_EFORMAT, "round %d: rc %d", round, rc);
	}
	remove(path);
}

const t_case t_places_cases[] = {
	{"damaged", damaged},
	{"builtin", builtin},
	{"geonames", geonames},
	{"bad_files", bad_files},
	{NULL, NULL},
};
