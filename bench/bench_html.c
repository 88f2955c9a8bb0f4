/* SPDX-License-Identifier: MIT */
/*
 * Throughput of HTML main-text extraction (qasid_doc_from_html: charset
 * conversion, parsing with libxml2, extraction, metadata) on one core, over
 * the pages of the article-extraction benchmark, read into memory first.
 *
 *   bench_html DIR [ROUNDS]     DIR holds *.html.gz (../shared/data/article-extraction/html)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "qasid.h"

typedef struct page {
	char *html;
	size_t len;
} page;

static char *gunzip(const char *path, size_t *len)
{
	gzFile g = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	char *p = malloc(cap);
	int k;

	if (!g || !p) {
		free(p);
		if (g)
			gzclose(g);
		return NULL;
	}
	while ((k = gzread(g, p + n, (unsigned)(cap - n))) > 0) {
		n += (size_t)k;
		if (n == cap) {
			char *q = realloc(p, cap *= 2);

			if (!q) {
				free(p);
				gzclose(g);
				return NULL;
			}
			p = q;
		}
	}
	gzclose(g);
	*len = n;
	return p;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	DIR *d;
	struct dirent *e;
	char *names[4096], path[8192];
	page *pages;
	size_t n = 0, i, bytes = 0, chars = 0;
	int rounds = argc > 2 ? atoi(argv[2]) : 3, r, failed = 0;
	struct timespec t0, t1;
	double secs;
	qasid_doc *doc;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_html DIR [ROUNDS]\n");
		return 2;
	}
	if (!(d = opendir(argv[1]))) {
		printf("skip: %s absent\n", argv[1]);
		return 0;
	}
	while ((e = readdir(d)) && n < 4096)
		if (strstr(e->d_name, ".html"))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof names[0], cmp);
	pages = calloc(n ? n : 1, sizeof *pages);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", argv[1], names[i]);
		pages[i].html = gunzip(path, &pages[i].len);
		bytes += pages[i].len;
		free(names[i]);
	}
	if (qasid_doc_new(&doc))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < n; i++) {
			if (!pages[i].html)
				continue;
			if (qasid_doc_from_html(doc, pages[i].html, pages[i].len, NULL, NULL, NULL)) {
				failed += r == 0;
				continue;
			}
			if (r == 0)
				chars += strlen(qasid_doc_input(doc, NULL));
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("html extraction (qasid): %zu pages, %.1f MB of HTML x %d rounds in %.2f s: "
	       "%.1f MB/s, %.0f pages/s on one core (%d without article text; %.1f MB of text out)\n",
	       n, (double)bytes / 1e6, rounds, secs, (double)bytes * rounds / 1e6 / secs,
	       (double)n * rounds / secs, failed, (double)chars / 1e6);
	qasid_doc_free(doc);
	for (i = 0; i < n; i++)
		free(pages[i].html);
	free(pages);
	return 0;
}
