/* SPDX-License-Identifier: MIT */
/*
 * Golden files, jq.test-style: blocks of input, a line "---", the expected
 * output, a line "===". Lines starting with '#' between blocks are comments.
 * With QASID_REGEN=1 in the environment, the expected parts are rewritten
 * from the actual output instead of compared (`make regen`; review the diff).
 */
#include <stdlib.h>

#include "test.h"

typedef struct gbuf {
	char *p;
	size_t n, cap;
} gbuf;

static void gput(gbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

int t_golden(const char *path, char *(*fn)(const char *input))
{
	size_t len;
	char *text = t_read_file(path, &len), *p, *end;
	int regen = getenv("QASID_REGEN") != NULL, fails = 0, cases = 0;
	gbuf out = {0};

	if (!text) {
		t_fail(__FILE__, __LINE__, "cannot read %s", path);
		return -1;
	}
	p = text;
	end = text + len;
	while (p < end) {
		char *sep, *stop, *input, *want, *got;
		size_t in_len, want_len;

		/* Comments and blank lines between blocks. */
		while (p < end && (*p == '#' || *p == '\n')) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

			gput(&out, p, n);
			p += n;
		}
		if (p >= end)
			break;
		sep = strstr(p, "\n---\n");
		stop = sep ? strstr(sep + 4, "\n===\n") : NULL; /* sep + 4: "---" then "===" is empty */
		if (!sep || !stop) {
			t_fail(__FILE__, __LINE__, "%s: block without ---/=== near byte %ld", path,
			       (long)(p - text));
			fails++;
			break;
		}
		in_len = (size_t)(sep - p);
		want_len = stop > sep + 5 ? (size_t)(stop - (sep + 5)) : 0;
		input = malloc(in_len + 1);
		want = malloc(want_len + 1);
		memcpy(input, p, in_len);
		input[in_len] = '\0';
		memcpy(want, sep + 5, want_len);
		want[want_len] = '\0';
		got = fn(input);
		cases++;
		if (!got) {
			t_fail(__FILE__, __LINE__, "%s: case %d failed to run", path, cases);
			fails++;
		} else if (!regen && strcmp(got, want)) {
			t_fail(__FILE__, __LINE__, "%s case %d:\n    input: %s\n    want:  %s\n    got:   %s",
			       path, cases, input, want, got);
			fails++;
		}
		gput(&out, p, in_len);
		gput(&out, "\n---\n", 5);
		gput(&out, got ? got : want, strlen(got ? got : want));
		gput(&out, "\n===\n", 5);
		free(got);
		free(input);
		free(want);
		p = stop + 5;
	}
	if (regen && out.p) {
		FILE *f = fopen(path, "wb");

		if (f) {
			fwrite(out.p, 1, out.n, f);
			fclose(f);
		}
	}
	free(out.p);
	free(text);
	return fails ? -1 : cases;
}
